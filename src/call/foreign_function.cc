// See foreign_function.h.
#include "call/foreign_function.h"

#include "util/js_errors.h"

namespace zerocall {

namespace {
// Arguments up to this count are converted into stack storage: no allocation per call.
constexpr size_t kInlineArgs = 16;

bool ReadTypeCode(v8::Local<v8::Context> context, v8::Local<v8::Value> value, NativeType* out) {
  if (!value->IsUint32()) return false;
  return NativeTypeFromCode(value.As<v8::Uint32>()->Value(), out);
}
}  // namespace

ForeignFunction::~ForeignFunction() {
  addon_->functions.erase(this);
  function_.Reset();
}

void ForeignFunction::OnCollected(const v8::WeakCallbackInfo<ForeignFunction>& info) {
  delete info.GetParameter();
}

void ForeignFunction::Make(const v8::FunctionCallbackInfo<v8::Value>& info) {
  AddonData* addon = AddonData::From(info);
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();

  std::unique_ptr<ForeignFunction> fn(new ForeignFunction());
  fn->addon_ = addon;
  v8::String::Utf8Value key(isolate, info[0]);
  fn->key_ = *key ? *key : "?";
  if (!info[1]->IsExternal() || !ReadTypeCode(context, info[2], &fn->signature_.result) ||
      !info[3]->IsArray()) {
    ThrowTypeError(isolate, "makeFunction: malformed arguments");
    return;
  }
  fn->address_ = info[1].As<v8::External>()->Value();
  auto codes = info[3].As<v8::Array>();
  for (uint32_t i = 0; i < codes->Length(); i++) {
    NativeType type;
    if (!ReadTypeCode(context, codes->Get(context, i).ToLocalChecked(), &type) ||
        type == NativeType::kVoid) {
      ThrowTypeError(isolate, "makeFunction: malformed parameter code");
      return;
    }
    fn->signature_.params.push_back(type);
  }
  if (!info[4]->IsUndefined()) {
    fn->library_ = LibraryHandle::StateOf(addon, info[4]);
    if (!fn->library_) {
      ThrowTypeError(isolate, "makeFunction: malformed library handle");
      return;
    }
  }
  uint32_t flags = info[5]->IsUint32() ? info[5].As<v8::Uint32>()->Value() : 0;
  fn->ffi_ = FfiCallInterface::Prepare(fn->signature_);
  if (!fn->ffi_) {
    ThrowTypeError(isolate, "Invalid definition of '" + fn->key_ + "': libffi rejected the signature");
    return;
  }
  fn->fast_ = FastBinding::Create(&addon->arena, fn->signature_, fn->address_,
                                  (flags & kFlagMayCallBack) != 0, fn->library_ != nullptr,
                                  &fn->key_, &fn->fast_blocker_);
  if (fn->fast_ && fn->library_) fn->library_->close_patches.push_back(fn->fast_->close_patch());

  v8::Local<v8::FunctionTemplate> tmpl = v8::FunctionTemplate::New(
      isolate, GeneralCall, v8::External::New(isolate, fn.get()), v8::Local<v8::Signature>(),
      static_cast<int>(fn->signature_.params.size()), v8::ConstructorBehavior::kThrow,
      v8::SideEffectType::kHasSideEffect, fn->fast_ ? fn->fast_->cfunction() : nullptr);
  v8::Local<v8::Function> function;
  if (!tmpl->GetFunction(context).ToLocal(&function)) return;
  function->SetName(NewString(isolate, fn->key_));
  fn->function_.Reset(isolate, function);
  fn->function_.SetWeak(fn.get(), OnCollected, v8::WeakCallbackType::kParameter);
  addon->functions.insert(fn.get());
  fn.release();
  info.GetReturnValue().Set(function);
}

void ForeignFunction::CallPath(const v8::FunctionCallbackInfo<v8::Value>& info) {
  AddonData* addon = AddonData::From(info);
  v8::Isolate* isolate = info.GetIsolate();
  for (ForeignFunction* fn : addon->functions) {
    if (fn->function_ == info[0]) {
      info.GetReturnValue().Set(NewString(isolate, fn->fast_ ? "fast" : fn->fast_blocker_));
      return;
    }
  }
  ThrowTypeError(isolate, "callPath: not a zerocall function");
}

void ForeignFunction::ThrowArgumentError(v8::Isolate* isolate, size_t index,
                                         v8::Local<v8::Value> value) const {
  ThrowTypeError(isolate, key_ + ": parameter " + std::to_string(index) + " expects " +
                              ExpectedArgument(signature_.params[index]) + ", got " +
                              DescribeValue(isolate, value));
}

void ForeignFunction::GeneralCall(const v8::FunctionCallbackInfo<v8::Value>& info) {
  auto* fn = static_cast<ForeignFunction*>(info.Data().As<v8::External>()->Value());
  v8::Isolate* isolate = info.GetIsolate();
  fn->addon_->general_calls++;
  if (fn->library_ && fn->library_->closed) {
    ThrowError(isolate, fn->key_ + ": library is closed");
    return;
  }
  const size_t count = fn->signature_.params.size();
  NativeValue inline_values[kInlineArgs];
  void* inline_pointers[kInlineArgs];
  std::unique_ptr<NativeValue[]> heap_values;
  std::unique_ptr<void*[]> heap_pointers;
  NativeValue* values = inline_values;
  void** pointers = inline_pointers;
  if (count > kInlineArgs) {
    heap_values.reset(new NativeValue[count]);
    heap_pointers.reset(new void*[count]);
    values = heap_values.get();
    pointers = heap_pointers.get();
  }
  for (size_t i = 0; i < count; i++) {
    v8::Local<v8::Value> arg = info[static_cast<int>(i)];
    if (!ArgumentFromJs(isolate, arg, fn->signature_.params[i], &values[i])) {
      fn->ThrowArgumentError(isolate, i, arg);
      return;
    }
    pointers[i] = &values[i];
  }
  NativeValue result;
  result.raw = 0;
  fn->ffi_->Call(fn->address_, &result, pointers);
  if (fn->signature_.result != NativeType::kVoid) {
    info.GetReturnValue().Set(ResultToJs(isolate, fn->signature_.result, result));
  }
}

}  // namespace zerocall

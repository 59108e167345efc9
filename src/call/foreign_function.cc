// See foreign_function.h.
#include "util/v8_compat.h"
#include "call/foreign_function.h"

#include "call/c_string.h"
#include "call/fast_trace.h"
#include "call/nonblocking_call.h"
#include "callback/callback_exception.h"
#include "types/type_from_js.h"
#include "util/js_errors.h"

#include <cerrno>
#include <cstring>

#include <algorithm>

namespace zerocall {

namespace {
// Arguments up to this count are converted into stack storage: no allocation per call.
constexpr size_t kInlineArgs = 16;

}  // namespace

ForeignFunction::~ForeignFunction() {
  addon_->functions.erase(this);
  addon_->function_pool.Forget(pool_key_, this);
  if (library_) std::erase_if(library_->functions, [this](const PooledFunction& entry) { return entry.second == this; });
  function_.Reset();
}

void ForeignFunction::OnCollected(const v8::WeakCallbackInfo<ForeignFunction>& info) {
  delete info.GetParameter();
}

namespace {

// One property of makeFunction's options object (undefined when absent).
v8::Local<v8::Value> Option(AddonData* addon, v8::Local<v8::Context> context,
                            v8::Local<v8::Object> options, const char* name) {
  v8::Local<v8::Value> value;
  if (!options->Get(context, addon->Name(name)).ToLocal(&value)) return v8::Undefined(addon->isolate);
  return value;
}

}  // namespace

void ForeignFunction::Make(const v8::FunctionCallbackInfo<v8::Value>& info) {
  AddonData* addon = AddonData::From(info);
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  if (!info[0]->IsObject()) {
    ThrowTypeError(isolate, "makeFunction: malformed arguments");
    return;
  }
  v8::Local<v8::Object> options = info[0].As<v8::Object>();
  v8::String::Utf8Value key(isolate, Option(addon, context, options, "key"));
  v8::Local<v8::Value> address_value = Option(addon, context, options, "address");
  Signature signature;
  if (!address_value->IsExternal() ||
      !SignatureFromJs(context, Option(addon, context, options, "result"), Option(addon, context, options, "parameters"),
                       &signature)) {
    ThrowTypeError(isolate, "makeFunction: malformed arguments");
    return;
  }
  v8::Local<v8::Value> fixed_value = Option(addon, context, options, "fixedParameters");
  if (!fixed_value->IsUndefined()) {
    if (!fixed_value->IsUint32() || fixed_value.As<v8::Uint32>()->Value() >= signature.params.size()) {
      ThrowTypeError(isolate, "makeFunction: malformed arguments");
      return;
    }
    signature.fixed_params = fixed_value.As<v8::Uint32>()->Value();
  }
  void* address = ExternalValue(address_value);
  std::shared_ptr<LibraryState> library;
  v8::Local<v8::Value> library_value = Option(addon, context, options, "library");
  if (!library_value->IsUndefined()) {
    library = LibraryHandle::StateOf(addon, library_value);
    if (!library) {
      ThrowTypeError(isolate, "makeFunction: malformed library handle");
      return;
    }
  }
  uint32_t flags = 0;
  if (Option(addon, context, options, "callback")->IsTrue()) flags |= kFlagMayCallBack;
  if (Option(addon, context, options, "nonblocking")->IsTrue()) flags |= kFlagNonblocking;
  if (Option(addon, context, options, "errno")->IsTrue()) flags |= kFlagSavesErrno;
  // A struct result's bytes go into a buffer lib/internal/wrap.js passes last.
  if (signature.result.is_struct() && (flags & kFlagNonblocking) == 0 &&
      Option(addon, context, options, "resultBuffer")->IsTrue()) {
    flags |= kFlagResultBuffer;
  }
  v8::String::Utf8Value c_name(isolate, Option(addon, context, options, "name"));
  std::string pool_key = PoolKey(*key ? *key : "?", library ? library->path : "", *c_name ? *c_name : "",
                                 signature, flags, library ? nullptr : address);

  // V8 keeps every function made from a FunctionTemplate for the life of the
  // context (its template instantiation cache), so a function is never collected.
  // Reuse one instead of making another: a closed library's function for the same
  // symbol of a reopened library, or the same function for the same raw pointer.
  ForeignFunction* fn = library ? addon->function_pool.TakeParked(pool_key)
                                : addon->function_pool.FindShared(pool_key);
  if (fn != nullptr) {
    if (library && !fn->Rebind(address, library)) {
      ThrowError(isolate, fn->key_ + ": cannot rewrite its fast-call stub");
      return;
    }
    info.GetReturnValue().Set(fn->function_.Get(isolate));
    return;
  }

  std::unique_ptr<ForeignFunction> created(new ForeignFunction());
  fn = created.get();
  fn->addon_ = addon;
  fn->key_ = *key ? *key : "?";
  fn->pool_key_ = std::move(pool_key);
  fn->address_ = address;
  fn->signature_ = std::move(signature);
  fn->ffi_ = FfiCallInterface::Prepare(fn->signature_);
  fn->register_call_ = PlanRegisterCall(fn->signature_);
  if (!fn->ffi_) {
    ThrowTypeError(isolate, "Invalid definition of '" + fn->key_ + "': libffi rejected the signature");
    return;
  }
  fn->nonblocking_ = (flags & kFlagNonblocking) != 0;
  fn->saves_errno_ = (flags & kFlagSavesErrno) != 0;
  fn->result_buffer_ = (flags & kFlagResultBuffer) != 0;
  if (fn->nonblocking_) {
    fn->fast_blocker_ = "nonblocking calls return a Promise";
  } else {
    const FastCallOptions fast_options{(flags & kFlagMayCallBack) != 0,
                                       fn->saves_errno_ ? &addon->saved_errno : nullptr, fn->result_buffer_};
    fn->fast_ = FastBinding::Create(&addon->arena, fn->signature_, fn->address_, fast_options,
                                    library != nullptr, &fn->key_, &fn->fast_blocker_);
    if (fn->fast_ && addon->open_callbacks > 0 && !fn->fast_->SetDeferred(&addon->arena, true)) {
      ThrowError(isolate, fn->key_ + ": cannot rewrite its fast-call stub");
      return;
    }
  }

  v8::Local<v8::FunctionTemplate> tmpl = v8::FunctionTemplate::New(
      isolate, GeneralCall, NewExternal(isolate, fn), v8::Local<v8::Signature>(),
      static_cast<int>(fn->signature_.params.size() + (fn->result_buffer_ ? 1 : 0)), v8::ConstructorBehavior::kThrow,
      v8::SideEffectType::kHasSideEffect, fn->fast_ ? fn->fast_->cfunction() : nullptr);
  v8::Local<v8::Function> function;
  if (!tmpl->GetFunction(context).ToLocal(&function)) return;
  function->SetName(NewString(isolate, fn->key_));
  fn->function_.Reset(isolate, function);
  fn->function_.SetWeak(fn, OnCollected, v8::WeakCallbackType::kParameter);
  addon->functions.insert(created.release());
  if (library) {
    fn->AttachTo(std::move(library));
  } else {
    addon->function_pool.Share(fn->pool_key_, fn);
  }
  info.GetReturnValue().Set(function);
}

std::string ForeignFunction::PoolKey(const std::string& key, const std::string& library_path,
                                     const std::string& c_name, const Signature& signature,
                                     uint32_t flags, const void* raw_address) {
  std::string pool_key = key + '\0' + library_path + '\0' + c_name + '\0' +
                         std::to_string(flags) + ':' +
                         std::to_string(reinterpret_cast<uintptr_t>(raw_address)) + ':';
  if (signature.variadic()) pool_key += "..." + std::to_string(*signature.fixed_params) + ':';
  pool_key += signature.result.Describe();
  for (const Type& param : signature.params) pool_key += ',' + param.Describe();
  return pool_key;
}

void ForeignFunction::AttachTo(std::shared_ptr<LibraryState> library) {
  library_ = std::move(library);
  library_->functions.emplace_back(pool_key_, this);
  if (fast_) library_->close_patches.push_back(fast_->close_patch());
}

bool ForeignFunction::Rebind(void* address, std::shared_ptr<LibraryState> library) {
  address_ = address;
  if (fast_ && !fast_->Retarget(&addon_->arena, address, addon_->open_callbacks > 0)) return false;
  AttachTo(std::move(library));
  return true;
}

void ForeignFunction::OpenCallbacksChanged(AddonData* addon) {
  const bool deferred = addon->open_callbacks > 0;
  for (ForeignFunction* fn : addon->functions) {
    if (!fn->fast_ || (fn->library_ && fn->library_->closed)) continue;
    // Only a refused mprotect fails here, which the arena's every write would hit.
    fn->fast_->SetDeferred(&addon->arena, deferred);
  }
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
  // Past the parameters: a struct result's buffer (result_buffer_).
  const Type& type = index < signature_.params.size() ? signature_.params[index] : signature_.result;
  ThrowTypeError(isolate, key_ + ": parameter " + std::to_string(index) + " expects " +
                              ExpectedArgument(type) + ", got " +
                              DescribeRefusedArgument(isolate, type.kind, value));
}

bool ForeignFunction::ArgumentAt(v8::Isolate* isolate, size_t index, v8::Local<v8::Value> value,
                                 NativeValue* out, CStringCopies* strings) const {
  const Type& type = signature_.params[index];
  if (IsStringKind(type.kind) && value->IsString()) {
    out->raw = 0;
    return CStringFromJs(isolate, value.As<v8::String>(), type.kind, strings, &out->ptr);
  }
  if (type.is_struct()) {
    out->raw = 0;
    return StructArgumentFromJs(value, *type.layout, &out->ptr);
  }
  return ArgumentFromJs(isolate, value, type.kind, out);
}

size_t ForeignFunction::ResultBytes() const {
  const size_t size = signature_.result.size();
  return size > sizeof(NativeValue) ? size : sizeof(NativeValue);
}

v8::Local<v8::Value> ForeignFunction::ResultValue(v8::Isolate* isolate, const void* result) const {
  if (signature_.result.is_struct()) return StructToJs(isolate, *signature_.result.layout, result);
  NativeValue value;
  std::memcpy(&value, result, sizeof value);
  return ResultToJs(isolate, signature_.result.kind, value);
}

void ForeignFunction::Invoke(NativeValue* values, void* result, uint64_t* saved_errno) const {
  CallTarget(values, result);
  // Nothing has run since C returned that could set errno.
  if (saves_errno_) *saved_errno = static_cast<uint32_t>(errno);
}

void ForeignFunction::CallTarget(NativeValue* values, void* result) const {
  if (register_call_) {
    RegisterCall(*register_call_, address_, values, static_cast<NativeValue*>(result));
    return;
  }
  // libffi reads an argument from where pointers[i] points: a struct from its bytes.
  const size_t count = signature_.params.size();
  void* inline_pointers[kInlineArgs];
  std::unique_ptr<void*[]> heap_pointers(count > kInlineArgs ? new void*[count] : nullptr);
  void** pointers = heap_pointers ? heap_pointers.get() : inline_pointers;
  for (size_t i = 0; i < count; i++) {
    pointers[i] = signature_.params[i].is_struct() ? values[i].ptr : &values[i];
  }
  ffi_->Call(address_, result, pointers);
}

std::shared_ptr<LibraryState> ForeignFunction::CallStarted() {
  if (library_) library_->calls_in_flight++;
  return library_;
}

void ForeignFunction::CallFinished(const std::shared_ptr<LibraryState>& library) {
  if (library && --library->calls_in_flight == 0) UnloadIfClosed(*library);
}

void ForeignFunction::GeneralCall(const v8::FunctionCallbackInfo<v8::Value>& info) {
  auto* fn = static_cast<ForeignFunction*>(ExternalValue(info.Data()));
  v8::Isolate* isolate = info.GetIsolate();
  fn->addon_->general_calls++;
  ForgetFallenBackCall(fn->key_, fn->library_ != nullptr);
  if (fn->library_ && fn->library_->closed) {
    ThrowError(isolate, fn->key_ + ": library is closed");
    return;
  }
  const size_t count = fn->signature_.params.size();
  NativeValue inline_values[kInlineArgs];
  std::unique_ptr<NativeValue[]> heap_values(count > kInlineArgs ? new NativeValue[count] : nullptr);
  NativeValue* values = heap_values ? heap_values.get() : inline_values;
  CStringCopies strings(fn->nonblocking_);  // nonblocking: the job keeps them
  for (size_t i = 0; i < count; i++) {
    v8::Local<v8::Value> arg = info[static_cast<int>(i)];
    if (!fn->ArgumentAt(isolate, i, arg, &values[i], &strings)) {
      fn->ThrowArgumentError(isolate, i, arg);
      return;
    }
  }
  if (fn->nonblocking_) {
    info.GetReturnValue().Set(StartNonblockingCall(info, fn, values, strings.TakeOwned()));
    return;
  }
  void* result_buffer = nullptr;
  if (fn->result_buffer_) {
    v8::Local<v8::Value> arg = info[static_cast<int>(count)];
    if (!StructArgumentFromJs(arg, *fn->signature_.result.layout, &result_buffer)) {
      fn->ThrowArgumentError(isolate, count, arg);
      return;
    }
  }
  // Room for the result: a register's worth, or a struct returned by value.
  alignas(16) uint8_t inline_result[256];  // not cleared: every path writes what is read
  std::memset(inline_result, 0, sizeof(NativeValue));
  std::unique_ptr<uint8_t[]> heap_result;
  void* result = inline_result;
  if (fn->ResultBytes() > sizeof inline_result) {
    heap_result.reset(new uint8_t[fn->ResultBytes()]());
    result = heap_result.get();
  }
  {
    ForeignCallScope scope(fn->addon_);
    fn->Invoke(values, result, &fn->addon_->saved_errno);
    if (scope.RethrowKeptException()) return;
  }
  if (result_buffer != nullptr) {
    // As the fast path does: the bytes into the caller's buffer, undefined to JS.
    std::memcpy(result_buffer, result, fn->signature_.result.size());
  } else if (fn->signature_.result.kind != NativeType::kVoid) {
    info.GetReturnValue().Set(fn->ResultValue(isolate, result));
  }
}

}  // namespace zerocall

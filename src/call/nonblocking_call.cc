// See nonblocking_call.h.
#include "call/nonblocking_call.h"

#include <node.h>
#include <uv.h>

#include <memory>
#include <vector>

#include "call/foreign_function.h"

namespace zerocall {

namespace {

struct NonblockingJob {
  uv_work_t work;
  ForeignFunction* fn;  // Safety: AddonData outlives its in-flight calls (addon.cc)
  // The library the call started in: fn may be rebound to a reopened one meanwhile.
  std::shared_ptr<LibraryState> library;
  std::vector<NativeValue> values;
  std::vector<uint8_t> result;  // ForeignFunction::ResultBytes()
  uint64_t saved_errno = 0;     // `errno: true`: the pool thread's errno after the call
  v8::Global<v8::Promise::Resolver> resolver;
  v8::Global<v8::Context> context;
  // Safety: C may write through buffer arguments until it returns, even if JS
  // detaches or drops the buffers meanwhile.
  std::vector<std::shared_ptr<v8::BackingStore>> buffers;
  std::vector<std::unique_ptr<char[]>> strings;  // cstring arguments' copies
};

std::shared_ptr<v8::BackingStore> BackingStoreOf(v8::Local<v8::Value> value) {
  if (value->IsArrayBufferView()) return value.As<v8::ArrayBufferView>()->Buffer()->GetBackingStore();
  if (value->IsArrayBuffer()) return value.As<v8::ArrayBuffer>()->GetBackingStore();
  if (value->IsSharedArrayBuffer()) return value.As<v8::SharedArrayBuffer>()->GetBackingStore();
  return nullptr;
}

void RunOnThreadPool(uv_work_t* work) {
  auto* job = static_cast<NonblockingJob*>(work->data);
  job->fn->Invoke(job->values.data(), job->result.data(), &job->saved_errno);
}

// What the Promise resolves to: the result, or for `errno: true` { value, errno }.
v8::Local<v8::Value> Settlement(v8::Isolate* isolate, v8::Local<v8::Context> context, const NonblockingJob& job) {
  v8::Local<v8::Value> value = job.fn->ResultValue(isolate, job.result.data());
  if (!job.fn->saves_errno()) return value;
  v8::Local<v8::Object> settled = v8::Object::New(isolate);
  settled->CreateDataProperty(context, v8::String::NewFromUtf8Literal(isolate, "value"), value).Check();
  settled->CreateDataProperty(context, v8::String::NewFromUtf8Literal(isolate, "errno"),
                              v8::Integer::New(isolate, static_cast<int32_t>(job.saved_errno)))
      .Check();
  return settled;
}

void SettleOnJsThread(uv_work_t* work, int status) {
  std::unique_ptr<NonblockingJob> job(static_cast<NonblockingJob*>(work->data));
  ForeignFunction* fn = job->fn;
  AddonData* addon = fn->addon();
  ForeignFunction::CallFinished(job->library);
  if (!addon->closing) {
    v8::Isolate* isolate = addon->isolate;
    v8::HandleScope scope(isolate);
    v8::Local<v8::Context> context = job->context.Get(isolate);
    v8::Context::Scope context_scope(context);
    // Like any top-level call into JS from the event loop: the scope runs the
    // microtasks (the awaiting code) when it closes.
    node::CallbackScope callback_scope(isolate, v8::Object::New(isolate), {0, 0});
    v8::Local<v8::Promise::Resolver> resolver = job->resolver.Get(isolate);
    if (status == 0) {
      resolver->Resolve(context, Settlement(isolate, context, *job)).Check();
    } else {
      resolver->Reject(context, v8::Exception::Error(v8::String::NewFromUtf8Literal(
                                    isolate, "nonblocking call cancelled")))
          .Check();
    }
  }
  job.reset();
  addon->NonblockingCallEnded();
}

}  // namespace

v8::Local<v8::Promise> StartNonblockingCall(const v8::FunctionCallbackInfo<v8::Value>& info,
                                            ForeignFunction* fn, const NativeValue* values,
                                            std::vector<std::unique_ptr<char[]>> strings) {
  v8::Isolate* isolate = info.GetIsolate();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  auto job = std::make_unique<NonblockingJob>();
  job->fn = fn;
  const Signature& signature = fn->signature();
  job->values.assign(values, values + signature.params.size());
  job->strings = std::move(strings);
  job->result.assign(fn->ResultBytes(), 0);
  v8::Local<v8::Promise::Resolver> resolver = v8::Promise::Resolver::New(context).ToLocalChecked();
  for (size_t i = 0; i < signature.params.size(); i++) {
    const NativeType kind = signature.params[i].kind;
    if (kind != NativeType::kBuffer && kind != NativeType::kStruct && kind != NativeType::kCString &&
        kind != NativeType::kCString16) {
      continue;
    }
    std::shared_ptr<v8::BackingStore> store = BackingStoreOf(info[static_cast<int>(i)]);
    if (!store) continue;
    // Safety: JS may shrink or grow such memory (and move or decommit it) while
    // C runs on another thread; Deno refuses them, and so does zerocall.
    if (store->IsResizableByUserJavaScript()) {
      resolver->Reject(context, v8::Exception::TypeError(v8::String::NewFromUtf8Literal(
                                    isolate, "Resizable backing stores are not supported for "
                                             "nonblocking FFI calls")))
          .Check();
      return resolver->GetPromise();
    }
    job->buffers.push_back(std::move(store));
  }
  job->resolver.Reset(isolate, resolver);
  job->context.Reset(isolate, context);
  job->work.data = job.get();
  fn->addon()->NonblockingCallStarted();
  job->library = fn->CallStarted();
  int status = uv_queue_work(node::GetCurrentEventLoop(isolate), &job->work, RunOnThreadPool,
                             SettleOnJsThread);
  if (status != 0) {
    SettleOnJsThread(&job.release()->work, status);
  } else {
    job.release();
  }
  return resolver->GetPromise();
}

}  // namespace zerocall

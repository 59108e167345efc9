// See buffer_argument.h. Runs inside a V8 fast call: allowed to make handles and to
// throw since V8 12.6, and only used from V8 13 on.
#include "call/buffer_argument.h"

#include <cstring>
#include <v8.h>

#include "call/marshal.h"
#include "util/js_errors.h"

namespace zerocall {

namespace {

#if V8_MAJOR_VERSION >= 13
// The address of a buffer argument's first byte. Check order: null, then views
// (the common case), then whole ArrayBuffers; anything else throws the general
// path's TypeError.
jit::ResolveResult ResolveBufferArgument(uint64_t value, const jit::ResolveContext* base) {
  const auto* context = reinterpret_cast<const BufferArgumentContext*>(base);
  v8::Local<v8::Value> local;
  static_assert(sizeof local == sizeof value);
  std::memcpy(static_cast<void*>(&local), &value, sizeof value);
  if (local->IsNull()) return {0, 0};
  if (local->IsArrayBufferView()) {
    auto view = local.As<v8::ArrayBufferView>();
    if (!view->HasBuffer()) {
      // A small typed array lives on the V8 heap; Buffer() moves its bytes
      // off-heap once, so C gets a stable address (as on the general path).
      v8::HandleScope scope(v8::Isolate::GetCurrent());
      view->Buffer();
    }
    v8::MemorySpan<uint8_t> contents = view->GetContents({});
    return {reinterpret_cast<uint64_t>(contents.data()), 0};
  }
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  v8::HandleScope scope(isolate);
  void* address;
  if (BufferAddress(local, &address, nullptr)) return {reinterpret_cast<uint64_t>(address), 0};
  ThrowTypeError(isolate, *context->key + ": parameter " + std::to_string(context->index) +
                              " expects " + ExpectedArgument(NativeType::kBuffer) + ", got " +
                              DescribeValue(isolate, local));
  return {0, 1};
}
#else
jit::ResolveResult ResolveBufferArgument(uint64_t, const jit::ResolveContext*) { return {0, 1}; }
#endif

}  // namespace

BufferArgumentContext MakeBufferArgumentContext(const std::string* key, uint32_t index) {
  BufferArgumentContext context{};
  context.base.resolve = &ResolveBufferArgument;
  context.key = key;
  context.index = index;
  return context;
}

}  // namespace zerocall

// A bound C function: its signature, address, prepared libffi interface and the
// V8 function that calls it. The V8 function is what `symbols.<key>` holds; its
// callback is the general path (GeneralCall).
#pragma once
#include <memory>
#include <string>
#include <v8.h>

#include "addon_data.h"
#include "call/fast_call.h"
#include "call/libffi_call.h"
#include "call/register_call.h"
#include "library/library.h"
#include "types/native_type.h"

namespace zerocall {

class CStringCopies;

class ForeignFunction {
 public:
  ~ForeignFunction();

  // makeFunction({ key, address, result, parameters, library?, callback?, nonblocking?,
  //                name?, fixedParameters?, errno?, resultBuffer? }) -> a JS function
  // calling `address` with that signature (result and parameters: type codes; library:
  // a handle, absent for raw pointers; callback: the definition's `callback: true`; name:
  // the C name, for reuse; fixedParameters: a variadic function's fixed count; errno:
  // save errno; resultBuffer: see kFlagResultBuffer).
  static void Make(const v8::FunctionCallbackInfo<v8::Value>& info);
  // callPath(fn) -> "fast" or why the function stays on the general path.
  static void CallPath(const v8::FunctionCallbackInfo<v8::Value>& info);
  static constexpr uint32_t kFlagMayCallBack = 1;
  static constexpr uint32_t kFlagNonblocking = 2;  // returns a Promise (nonblocking_call.h)
  static constexpr uint32_t kFlagSavesErrno = 4;   // `errno: true`
  // A struct result is written into a buffer passed after the parameters (the
  // option `resultBuffer`), and the call returns undefined.
  static constexpr uint32_t kFlagResultBuffer = 8;

  // Calls the C function with converted arguments (any thread); `result` has
  // ResultBytes() of room. For an `errno: true` function `saved_errno` (else
  // ignored) gets that thread's errno right after the call: the one place the
  // general and nonblocking paths save it.
  void Invoke(NativeValue* values, void* result, uint64_t* saved_errno) const;
  bool saves_errno() const { return saves_errno_; }
  // Converts argument `index` (structs included; a string's copy goes to
  // `strings`); false: not acceptable.
  bool ArgumentAt(v8::Isolate* isolate, size_t index, v8::Local<v8::Value> value,
                  NativeValue* out, CStringCopies* strings) const;
  size_t ResultBytes() const;
  // The JS value of a result Invoke wrote.
  v8::Local<v8::Value> ResultValue(v8::Isolate* isolate, const void* result) const;
  AddonData* addon() const { return addon_; }
  const Signature& signature() const { return signature_; }
  NativeType result_type() const { return signature_.result.kind; }
  // A nonblocking call runs: the library it started in (null for UnsafeFnPointer)
  // stays loaded until the call hands it back to CallFinished, even if this
  // function is rebound to a reopened library meanwhile.
  std::shared_ptr<LibraryState> CallStarted();
  static void CallFinished(const std::shared_ptr<LibraryState>& library);

  const std::string& pool_key() const { return pool_key_; }
  // AddonData::open_callbacks went from 0 to 1 or back: defer or restore every
  // fast stub of the isolate (FastBinding::SetDeferred).
  static void OpenCallbacksChanged(AddonData* addon);

 private:
  ForeignFunction() = default;
  static void GeneralCall(const v8::FunctionCallbackInfo<v8::Value>& info);
  static void OnCollected(const v8::WeakCallbackInfo<ForeignFunction>& info);
  // The identity under which a function may be reused (see Make).
  static std::string PoolKey(const std::string& key, const std::string& library_path,
                             const std::string& c_name, const Signature& signature,
                             uint32_t flags, const void* raw_address);
  void AttachTo(std::shared_ptr<LibraryState> library);
  bool Rebind(void* address, std::shared_ptr<LibraryState> library);
  void CallTarget(NativeValue* values, void* result) const;  // Invoke without errno
  void ThrowArgumentError(v8::Isolate* isolate, size_t index, v8::Local<v8::Value> value) const;

  AddonData* addon_ = nullptr;
  std::string key_;  // the name errors use (the symbols key)
  std::string pool_key_;
  void* address_ = nullptr;
  Signature signature_;
  std::unique_ptr<FfiCallInterface> ffi_;              // any signature
  std::optional<RegisterCallPlan> register_call_;       // signatures without stack arguments
  std::shared_ptr<LibraryState> library_;  // null for UnsafeFnPointer
  std::unique_ptr<FastBinding> fast_;       // null: general path only
  std::string fast_blocker_;                // why fast_ is null
  bool nonblocking_ = false;
  bool saves_errno_ = false;
  bool result_buffer_ = false;              // kFlagResultBuffer
  v8::Global<v8::Function> function_;       // weak: collected -> this is deleted
};

}  // namespace zerocall

// A synchronous callback's exception: where it goes on this V8 (the one home of the
// rule, for the callback's invoke and the general call alike).
//
// V8 13+: no TryCatch. The exception stays pending and V8 throws it where the
// innermost foreign call returns to JS, fast call or general call alike; a pending
// exception tells later callbacks of that call not to run JS.
// V8 11/12: no such query, and only the general path calls back there. A TryCatch
// catches the exception; the first one of a general call is kept and rethrown when
// C returns (ForeignCallScope), or rethrown at once outside any general call.
#pragma once
#include <v8.h>

#include "addon_data.h"
#include "util/v8_compat.h"

namespace zerocall {

// Whether a callback of the foreign call in progress has thrown: then the call's
// later callbacks return zero to C without running JS, and its caller gets the
// first exception.
inline bool EarlierCallbackThrew(AddonData* addon) {
  if constexpr (kCallbackExceptionStaysPending) {
    return HasPendingException(addon->isolate);
  } else {
    return addon->foreign_call_depth > 0 && !addon->deferred_exception.IsEmpty();
  }
}

// V8 11/12: files the exception `try_catch` caught for the caller (see above).
void KeepCallbackException(AddonData* addon, v8::TryCatch& try_catch);

// Runs `body` (the JS function and its result's conversion; false when either threw)
// so that an exception goes where this V8 wants it, counted as a running synchronous
// callback meanwhile. Returns body's answer.
template <typename Body>
bool RunSynchronousCallback(AddonData* addon, Body&& body) {
  struct Running {
    explicit Running(AddonData* addon) : addon(addon) { addon->synchronous_callbacks++; }
    ~Running() { addon->synchronous_callbacks--; }
    AddonData* addon;
  } running(addon);
  if constexpr (kCallbackExceptionStaysPending) {
    return body();
  } else {
    v8::TryCatch try_catch(addon->isolate);
    if (body()) return true;
    KeepCallbackException(addon, try_catch);
    return false;
  }
}

// Brackets a general-path call into C, which may run synchronous callbacks.
class ForeignCallScope {
 public:
  explicit ForeignCallScope(AddonData* addon) : addon_(addon) { addon_->foreign_call_depth++; }
  ~ForeignCallScope() { addon_->foreign_call_depth--; }
  ForeignCallScope(const ForeignCallScope&) = delete;
  ForeignCallScope& operator=(const ForeignCallScope&) = delete;

  // After C returned: throws a kept callback exception to the caller (V8 11/12; C got
  // a zero result). True if it did.
  bool RethrowKeptException();

 private:
  AddonData* addon_;
};

}  // namespace zerocall

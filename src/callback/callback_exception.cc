// See callback_exception.h.
#include "callback/callback_exception.h"

namespace zerocall {

void KeepCallbackException(AddonData* addon, v8::TryCatch& try_catch) {
  if (!try_catch.HasCaught() || !try_catch.CanContinue()) return;
  if (addon->foreign_call_depth == 0) {
    try_catch.ReThrow();
  } else if (addon->deferred_exception.IsEmpty()) {
    addon->deferred_exception.Reset(addon->isolate, try_catch.Exception());
  }
}

bool ForeignCallScope::RethrowKeptException() {
  if (addon_->deferred_exception.IsEmpty()) return false;
  v8::Isolate* isolate = addon_->isolate;
  isolate->ThrowException(addon_->deferred_exception.Get(isolate));
  addon_->deferred_exception.Reset();
  return true;
}

}  // namespace zerocall

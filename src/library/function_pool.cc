// See function_pool.h.
#include "library/function_pool.h"

namespace zerocall {

void FunctionPool::Park(const std::vector<PooledFunction>& functions) {
  for (const PooledFunction& entry : functions) parked_.emplace(entry.first, entry.second);
}

ForeignFunction* FunctionPool::TakeParked(const std::string& key) {
  auto it = parked_.find(key);
  if (it == parked_.end()) return nullptr;
  ForeignFunction* fn = it->second;
  parked_.erase(it);
  return fn;
}

void FunctionPool::Share(const std::string& key, ForeignFunction* fn) { shared_.emplace(key, fn); }

ForeignFunction* FunctionPool::FindShared(const std::string& key) const {
  auto it = shared_.find(key);
  return it == shared_.end() ? nullptr : it->second;
}

void FunctionPool::Forget(const std::string& key, ForeignFunction* fn) {
  auto range = parked_.equal_range(key);
  for (auto it = range.first; it != range.second; ++it) {
    if (it->second == fn) {
      parked_.erase(it);
      break;
    }
  }
  auto shared = shared_.find(key);
  if (shared != shared_.end() && shared->second == fn) shared_.erase(shared);
}

}  // namespace zerocall

// function_pool.h: the one home of function reuse. V8 keeps every function made
// from a FunctionTemplate for the context's life, so zerocall makes each distinct
// binding once: a closed library's functions wait here ("parked") to be rebound
// when the same file, key, name and signature are bound again, and UnsafeFnPointer
// functions are shared per pointer and signature. Keys come from ForeignFunction's
// PoolKey; the pool never looks inside the functions.
#pragma once
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace zerocall {

class ForeignFunction;

// A function bound to a library, under its pool key.
using PooledFunction = std::pair<std::string, ForeignFunction*>;

class FunctionPool {
 public:
  // A library closed: its functions wait to be rebound.
  void Park(const std::vector<PooledFunction>& functions);
  // A parked function for `key`, taken out of the pool; null if none.
  ForeignFunction* TakeParked(const std::string& key);
  void Share(const std::string& key, ForeignFunction* fn);
  ForeignFunction* FindShared(const std::string& key) const;
  // `fn` is being collected: drop it wherever it waits.
  void Forget(const std::string& key, ForeignFunction* fn);

 private:
  std::unordered_multimap<std::string, ForeignFunction*> parked_;
  std::unordered_map<std::string, ForeignFunction*> shared_;
};

}  // namespace zerocall

// The calls of a nonblocking UnsafeCallback (fire-and-forget): the C caller's
// arguments are copied into one block per call, which waits in the callback's queue
// until the JS thread runs it; the caller has returned long before.
#pragma once
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "types/native_type.h"

namespace zerocall {

class PostedCallLayout {
 public:
  // Each parameter gets an 8-byte aligned slot: 8 bytes (a scalar, as callers leave
  // it in a register or stack slot), or its size for a struct.
  explicit PostedCallLayout(const Signature& signature) {
    for (const Type& type : signature.params) {
      const size_t size = type.is_struct() ? type.size() : 8;
      offsets_.push_back(bytes_);
      sizes_.push_back(size);
      bytes_ += (size + 7) & ~size_t{7};
    }
  }

  // A copy of one call's arguments (args[i] points at parameter i).
  std::unique_ptr<uint64_t[]> Copy(void* const* args) const {
    std::unique_ptr<uint64_t[]> block(new uint64_t[bytes_ / 8 + 1]);
    auto* bytes = reinterpret_cast<uint8_t*>(block.get());
    for (size_t i = 0; i < offsets_.size(); i++) std::memcpy(bytes + offsets_[i], args[i], sizes_[i]);
    return block;
  }

  // Where each argument of a copied block is, as the C entry would point at it.
  void Point(uint64_t* block, void** args) const {
    auto* bytes = reinterpret_cast<uint8_t*>(block);
    for (size_t i = 0; i < offsets_.size(); i++) args[i] = bytes + offsets_[i];
  }

  size_t count() const { return offsets_.size(); }

 private:
  std::vector<size_t> offsets_;
  std::vector<size_t> sizes_;
  size_t bytes_ = 0;
};

}  // namespace zerocall

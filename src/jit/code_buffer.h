// code_buffer.h: the growable little-endian byte sink the assemblers write into.
// Pure data: no executable memory here (exec_memory.* places finished bytes).

#ifndef ZEROCALL_JIT_CODE_BUFFER_H_
#define ZEROCALL_JIT_CODE_BUFFER_H_

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace zerocall::jit {

// Bytes of machine code in emission order. Multi-byte values are stored
// little-endian, which is the byte order of both x86-64 and AArch64 code.
class CodeBuffer {
 public:
  void Emit8(uint8_t v) { bytes_.push_back(v); }
  void Emit32(uint32_t v) {
    for (int i = 0; i < 4; ++i) Emit8(static_cast<uint8_t>(v >> (8 * i)));
  }
  void Emit64(uint64_t v) {
    for (int i = 0; i < 8; ++i) Emit8(static_cast<uint8_t>(v >> (8 * i)));
  }
  // Appends bytes emitted elsewhere (position-independent code only).
  void EmitBytes(const std::vector<uint8_t>& bytes) {
    bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
  }

  // Offset of the next byte to be written.
  size_t size() const { return bytes_.size(); }
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  std::vector<uint8_t> Take() { return std::move(bytes_); }

 private:
  std::vector<uint8_t> bytes_;
};

}  // namespace zerocall::jit

#endif  // ZEROCALL_JIT_CODE_BUFFER_H_

// code_buffer.h: the growable little-endian byte sink the assemblers write into,
// with labels: a branch names a Label before its position is known, and Finish
// patches every such reference once all labels are bound.
// Pure data: no executable memory here (exec_memory.* places finished bytes).

#ifndef ZEROCALL_JIT_CODE_BUFFER_H_
#define ZEROCALL_JIT_CODE_BUFFER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace zerocall::jit {

// A position in one CodeBuffer (made by its NewLabel), bound once, referred to
// any number of times before or after that.
class Label {
 public:
  Label() = default;  // refers to nothing; binding or using it is a bug

 private:
  friend class CodeBuffer;
  explicit Label(uint32_t id) : id_(id) {}
  uint32_t id_ = UINT32_MAX;
};

// How a reference to a label is encoded: which bits it patches and what it
// counts from.
enum class Fixup : uint8_t {
  kRel8,   // x86-64: the instruction's last byte, signed, from the instruction's end
  kRel32,  // x86-64: its last 4 bytes, signed, from the instruction's end
  kImm19,  // AArch64: bits 23:5, words from the instruction (b.cond, cbz/cbnz, ldr literal)
  kImm26,  // AArch64: bits 25:0, words from the instruction (b, bl)
  kImm14,  // AArch64: bits 18:5, words from the instruction (tbz, tbnz)
  kAdr21,  // AArch64: adr's immhi (23:5) and immlo (30:29), bytes from the instruction
};

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

  Label NewLabel() {
    positions_.push_back(kUnbound);
    return Label(static_cast<uint32_t>(positions_.size() - 1));
  }
  // Binds `label` to the next byte to be written.
  void Bind(Label label) { BindAt(label, size()); }
  // Binds `label` to any offset, also past the code: data a fixed distance away.
  void BindAt(Label label, size_t offset) { positions_.at(label.id_) = offset; }
  // The instruction just emitted refers to `label` through the field `kind`
  // names, emitted as zero bits.
  void ReferTo(Label label, Fixup kind) {
    const size_t width = kind == Fixup::kRel8 ? 1 : 4;
    references_.push_back(Reference{label.id_, kind, size() - width});
  }

  // Patches every reference and hands the bytes over; nothing if a label is
  // unbound or a reference cannot encode its distance (too far, misaligned).
  std::optional<std::vector<uint8_t>> Finish();

  // Offset of the next byte to be written.
  size_t size() const { return bytes_.size(); }
  // The bytes so far, references not yet patched.
  const std::vector<uint8_t>& bytes() const { return bytes_; }

 private:
  static constexpr size_t kUnbound = SIZE_MAX;
  struct Reference {
    uint32_t label;
    Fixup kind;
    size_t at;  // offset of the patched field (the instruction word on AArch64)
  };
  bool Patch(const Reference& reference);

  std::vector<uint8_t> bytes_;
  std::vector<size_t> positions_;  // by label id
  std::vector<Reference> references_;
};

inline std::optional<std::vector<uint8_t>> CodeBuffer::Finish() {
  for (const Reference& reference : references_) {
    if (!Patch(reference)) return std::nullopt;
  }
  references_.clear();
  return std::move(bytes_);
}

inline bool CodeBuffer::Patch(const Reference& reference) {
  const size_t target = positions_.at(reference.label);
  if (target == kUnbound) return false;
  const int64_t distance = static_cast<int64_t>(target) - static_cast<int64_t>(reference.at);
  const auto fits = [](int64_t value, int bits) {
    return value >= -(int64_t{1} << (bits - 1)) && value < (int64_t{1} << (bits - 1));
  };
  uint8_t* field = bytes_.data() + reference.at;
  uint32_t word = 0;
  for (int i = 0; i < 4 && reference.kind != Fixup::kRel8; ++i) word |= uint32_t{field[i]} << (8 * i);
  // An AArch64 word offset into `bits` bits from bit `shift`.
  const auto word_offset = [&](int bits, int shift) {
    if (distance % 4 != 0 || !fits(distance / 4, bits)) return false;
    word |= (static_cast<uint32_t>(distance / 4) & ((uint32_t{1} << bits) - 1)) << shift;
    return true;
  };
  bool ok = false;
  switch (reference.kind) {
    case Fixup::kRel8:
      if (!fits(distance - 1, 8)) return false;
      field[0] = static_cast<uint8_t>(distance - 1);
      return true;
    case Fixup::kRel32:
      ok = fits(distance - 4, 32);
      word = static_cast<uint32_t>(distance - 4);
      break;
    case Fixup::kImm19: ok = word_offset(19, 5); break;
    case Fixup::kImm26: ok = word_offset(26, 0); break;
    case Fixup::kImm14: ok = word_offset(14, 5); break;
    case Fixup::kAdr21: {
      ok = fits(distance, 21);
      const auto imm = static_cast<uint32_t>(distance) & 0x1FFFFF;
      word |= (imm & 3) << 29 | (imm >> 2) << 5;
      break;
    }
  }
  if (!ok) return false;
  for (int i = 0; i < 4; ++i) field[i] = static_cast<uint8_t>(word >> (8 * i));
  return true;
}

}  // namespace zerocall::jit

#endif  // ZEROCALL_JIT_CODE_BUFFER_H_

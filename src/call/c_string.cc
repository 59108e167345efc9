// See c_string.h.
#include "call/c_string.h"

#include <cstring>

#include "util/js_errors.h"

namespace zerocall {

__thread CStringScratch* tls_cstring_scratch __attribute__((tls_model("initial-exec"))) = nullptr;

namespace {

using Scratch = CStringScratch;

Scratch* NewThreadScratch() {
  thread_local std::unique_ptr<Scratch> owner;  // freed when the thread ends
  owner = std::make_unique<Scratch>();
  return owner.get();
}

// Every fast call with a string reaches this twice: an initial-exec pointer is one
// load, where a thread_local object in a shared library costs a __tls_get_addr call
// and an initialisation check each time (a sixth of strlen_string's time).
[[gnu::always_inline]] inline Scratch& ThreadScratch() {
  if (tls_cstring_scratch == nullptr) [[unlikely]] tls_cstring_scratch = NewThreadScratch();
  return *tls_cstring_scratch;
}

size_t Utf8Length(v8::Isolate* isolate, v8::Local<v8::String> value) {
#if V8_MAJOR_VERSION >= 13
  return value->Utf8LengthV2(isolate);
#else
  return static_cast<size_t>(value->Utf8Length(isolate));
#endif
}

// Writes the whole string and a NUL into `buffer` (room enough); lone surrogates
// become U+FFFD. Returns the bytes written, the NUL included.
size_t WriteUtf8(v8::Isolate* isolate, v8::Local<v8::String> value, char* buffer, size_t capacity) {
#if V8_MAJOR_VERSION >= 13
  return value->WriteUtf8V2(isolate, buffer, capacity,
                            v8::String::WriteFlags::kNullTerminate | v8::String::WriteFlags::kReplaceInvalidUtf8);
#else
  return static_cast<size_t>(value->WriteUtf8(isolate, buffer, static_cast<int>(capacity), nullptr,
                                              v8::String::REPLACE_INVALID_UTF8));
#endif
}

// Latin-1 `chars` as NUL-terminated UTF-8 in `bytes` (room for 2 * count + 1), copied
// and checked for NUL and non-ASCII in one pass, then widened if needed (a character
// of 0x80 and up becomes two bytes). `bytes` may start in the same buffer at least
// count + 1 bytes below `chars`: no write reaches a character not yet read. False for
// a string with U+0000.
bool Latin1ToCString(const uint8_t* chars, size_t count, uint8_t* bytes) {
  uint8_t any = 0;
  bool nul = false;
  for (size_t i = 0; i < count; i++) {
    const uint8_t c = chars[i];
    bytes[i] = c;
    any |= c;
    nul |= c == 0;
  }
  if (nul) return false;
  if (any >= 0x80) {
    for (size_t i = 0; i < count; i++) {
      const uint8_t c = chars[i];
      if (c < 0x80) {
        *bytes++ = c;
      } else {
        *bytes++ = static_cast<uint8_t>(0xc0 | (c >> 6));
        *bytes++ = static_cast<uint8_t>(0x80 | (c & 0x3f));
      }
    }
    *bytes = 0;
  } else {
    bytes[count] = 0;
  }
  return true;
}

void WriteUtf16(v8::Isolate* isolate, v8::Local<v8::String> value, uint16_t* buffer) {
#if V8_MAJOR_VERSION >= 13
  value->WriteV2(isolate, 0, static_cast<uint32_t>(value->Length()), buffer,
                 v8::String::WriteFlags::kNullTerminate);
#else
  value->Write(isolate, buffer, 0, -1);
#endif
}

// Encodes with `allocate(bytes)` providing the room; false for a string with U+0000.
template <typename Allocate>
bool Encode(v8::Isolate* isolate, v8::Local<v8::String> value, NativeType type, Allocate allocate,
            void** out) {
  if (type == NativeType::kCString16) {
    const size_t length = static_cast<size_t>(value->Length());
    auto* units = reinterpret_cast<uint16_t*>(allocate((length + 1) * sizeof(uint16_t)));
    WriteUtf16(isolate, value, units);
    for (size_t i = 0; i < length; i++) {
      if (units[i] == 0) return false;
    }
    *out = units;
    return true;
  }
  // A one-byte string is Latin-1, at most 2 UTF-8 bytes a character (converting it
  // here is cheaper than V8's UTF-8 writer for the usual ASCII string).
#if V8_MAJOR_VERSION >= 13
  {
    v8::String::ValueView view(isolate, value);  // its own bytes, read where they are
    if (view.is_one_byte()) {
      const size_t count = static_cast<size_t>(view.length());
      auto* bytes = reinterpret_cast<uint8_t*>(allocate(2 * count + 1));
      if (!Latin1ToCString(view.data8(), count, bytes)) return false;
      *out = bytes;
      return true;
    }
  }
  const size_t length = static_cast<size_t>(value->Length());
#else
  const size_t length = static_cast<size_t>(value->Length());
  if (value->IsOneByte()) {
    // No ValueView before V8 13: V8 copies the characters into the upper half first.
    auto* bytes = reinterpret_cast<uint8_t*>(allocate(2 * length + 2));
    value->WriteOneByte(isolate, bytes + length + 1, 0, -1);
    if (!Latin1ToCString(bytes + length + 1, length, bytes)) return false;
    *out = bytes;
    return true;
  }
#endif
  // A UTF-16 unit takes at most 3 UTF-8 bytes (a surrogate pair 4 for 2 units):
  // short strings skip the counting pass.
  const size_t bound = length * 3 + 1;
  const size_t capacity = bound > 1024 ? Utf8Length(isolate, value) + 1 : bound;
  char* bytes = allocate(capacity);
  const size_t written = WriteUtf8(isolate, value, bytes, capacity);
  if (written == 0 || std::memchr(bytes, 0, written - 1) != nullptr) return false;
  *out = bytes;
  return true;
}

}  // namespace

CStringCopies::CStringCopies(bool owned) : is_owned_(owned) {
  if (owned) return;
  Scratch& scratch = ThreadScratch();
  mark_ = scratch.top;
  spills_mark_ = scratch.spills.size();
}

CStringCopies::~CStringCopies() {
  if (!is_owned_) ThreadScratch().ReleaseTo(mark_, spills_mark_);
}

char* CStringCopies::Allocate(size_t bytes) {
  if (!is_owned_) return ThreadScratch().Allocate(bytes);
  owned_.emplace_back(new char[bytes]);
  return owned_.back().get();
}

void CStringCallbackBase::Enter() {
  Scratch& scratch = *scratch_;
  saved_base_ = scratch.base;
  saved_spills_base_ = scratch.spills_base;
  scratch.base = scratch.top;
  scratch.spills_base = scratch.spills.size();
}

void CStringCallbackBase::Leave() {
  Scratch& scratch = *scratch_;
  scratch.ReleaseTo(scratch.base, scratch.spills_base);
  scratch.base = saved_base_;
  scratch.spills_base = saved_spills_base_;
}

void ReleaseFastCallCStrings() {
  Scratch& scratch = ThreadScratch();
  scratch.ReleaseTo(scratch.base, scratch.spills_base);
}

bool CStringFromJs(v8::Isolate* isolate, v8::Local<v8::String> value, NativeType type,
                   CStringCopies* copies, void** out) {
  return Encode(isolate, value, type, [copies](size_t bytes) { return copies->Allocate(bytes); }, out);
}

bool CStringFromJsForFastCall(v8::Isolate* isolate, v8::Local<v8::String> value, NativeType type,
                              void** out) {
  Scratch& scratch = ThreadScratch();
  return Encode(isolate, value, type, [&scratch](size_t bytes) { return scratch.Allocate(bytes); }, out);
}

v8::Local<v8::Value> CStringToJs(v8::Isolate* isolate, NativeType type, const void* address) {
  if (address == nullptr) return v8::Null(isolate);
  v8::MaybeLocal<v8::String> text;
  size_t length = 0;
  if (type == NativeType::kCString16) {
    const auto* units = static_cast<const uint16_t*>(address);
    while (units[length] != 0) length++;
    if (length <= static_cast<size_t>(v8::String::kMaxLength)) {
      text = v8::String::NewFromTwoByte(isolate, units, v8::NewStringType::kNormal, static_cast<int>(length));
    }
  } else {
    const auto* bytes = static_cast<const char*>(address);
    length = std::strlen(bytes);
    if (length <= static_cast<size_t>(v8::String::kMaxLength)) {
      text = v8::String::NewFromUtf8(isolate, bytes, v8::NewStringType::kNormal, static_cast<int>(length));
    }
  }
  v8::Local<v8::String> result;
  if (!text.ToLocal(&result)) {
    ThrowError(isolate, std::string(NativeTypeName(type)) + " result: string too long");
    return {};
  }
  return result;
}

}  // namespace zerocall

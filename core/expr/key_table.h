// The object keys a compiled pack knows (the schema's field names and the
// names its expressions and selectors select), each with a small id. A plan's
// member keys are looked up here once per plan (EvalContext), so that field
// access compares ids instead of strings.
#ifndef PLANLINT_CORE_EXPR_KEY_TABLE_H_
#define PLANLINT_CORE_EXPR_KEY_TABLE_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace planlint::expr {

using KeyId = uint16_t;
// A key the table does not know.
inline constexpr KeyId kUnknownKey = 0;

// A field name as a compiled step holds it: the text, and its id in the
// pack's KeyTable when the compiler had one (else resolved at run time).
struct KeyRef {
  std::string_view name;
  int32_t id = -1;  // -1: not resolved; kUnknownKey: not in the table
};

class KeyTable {
 public:
  KeyTable() = default;
  KeyTable(const KeyTable&) = delete;
  KeyTable& operator=(const KeyTable&) = delete;

  // The id of `name`, added if new. After Finish() nothing is added: a new
  // name gets kUnknownKey (the plan's keys were looked up without it too).
  KeyId Intern(std::string_view name);
  // Freezes the table and builds the look-up Find uses.
  void Finish();

  // The id of `name`, or kUnknownKey. Call after Finish(). Inline: every
  // member key of every plan is looked up here.
  KeyId Find(std::string_view name) const {
    uint64_t head, tail;
    Words(name, &head, &tail);
    return FindWords(name, head, tail);
  }
  // A name Find answered, remembered so that the same name asked again
  // is answered without hashing: the typed view asks for the keys of many
  // objects of one type, which mostly come in the same order.
  struct Hint {
    uint64_t head = 0;
    uint64_t tail = 0;
    uint32_t length = UINT32_MAX;  // no name: nothing remembered
    KeyId id = kUnknownKey;
  };
  // Find(name), through `hint`: its id when `hint` holds `name`, else
  // Find's answer, then remembered in `hint` (names of up to 16 bytes,
  // which the two words hold whole).
  KeyId Find(std::string_view name, Hint* hint) const {
    uint64_t head, tail;
    Words(name, &head, &tail);
    if (hint->length == name.size() && hint->head == head && hint->tail == tail) return hint->id;
    const KeyId id = FindWords(name, head, tail);
    if (name.size() <= 16) *hint = {head, tail, static_cast<uint32_t>(name.size()), id};
    return id;
  }
  // Ids are 1..size().
  size_t size() const { return names_.size(); }
  bool finished() const { return finished_; }

 private:
  // Find, given the two words of `name` (Words).
  KeyId FindWords(std::string_view name, uint64_t head, uint64_t tail) const {
    for (size_t at = Mix(head, tail, name.size()) >> shift_;; at = (at + 1) & mask_) {
      const Slot& slot = slots_[at];
      if (slot.id == kUnknownKey) return kUnknownKey;
      if (slot.length == name.size() && slot.head == head && slot.tail == tail &&
          (name.size() <= 16 || names_[slot.id - 1] == name)) {
        return slot.id;
      }
    }
  }
  // A name is found by its length and two words that, for names of up to 16
  // bytes, hold all its bytes; longer names are compared in full.
  struct Slot {
    uint64_t head = 0;
    uint64_t tail = 0;
    uint32_t length = 0;
    KeyId id = kUnknownKey;  // kUnknownKey: empty slot
  };
  static uint64_t Mix(uint64_t head, uint64_t tail, uint64_t length) {
    const uint64_t h = (head ^ (tail * 0x9E3779B97F4A7C15ull) ^ length) * 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 31);
  }
  static void Words(std::string_view s, uint64_t* head, uint64_t* tail) {
    const char* p = s.data();
    const size_t n = s.size();
    if (n >= 8) {
      std::memcpy(head, p, 8);
      std::memcpy(tail, p + n - 8, 8);
    } else if (n >= 4) {
      uint32_t a, b;
      std::memcpy(&a, p, 4);
      std::memcpy(&b, p + n - 4, 4);
      *head = a;
      *tail = b;
    } else if (n > 0) {
      *head = uint64_t{static_cast<unsigned char>(p[0])} |
              uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 |
              uint64_t{static_cast<unsigned char>(p[n - 1])} << 16;
      *tail = 0;
    } else {
      *head = 0;
      *tail = 0;
    }
  }

  std::vector<std::string> names_;  // id - 1 -> name
  absl::flat_hash_map<std::string, KeyId> ids_;
  // Before Finish(): two empty slots, so that Find needs no test for an
  // empty table (a shift of 63 leaves one bit of the hash).
  std::vector<Slot> slots_ = std::vector<Slot>(2);
  size_t mask_ = 1;
  int shift_ = 63;
  bool finished_ = false;
};

}  // namespace planlint::expr

#endif  // PLANLINT_CORE_EXPR_KEY_TABLE_H_

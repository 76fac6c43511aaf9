#include "core/expr/key_table.h"

#include <cstring>

#include "core/util/strings.h"

namespace planlint::expr {

namespace {

// Ids are 16 bits; the top one is kept out (EvalContext marks shadowed
// members with it).
constexpr size_t kMaxKeys = 0xFFFE;

uint64_t Mix(uint64_t head, uint64_t tail, uint64_t length) {
  uint64_t h = (head ^ (tail * 0x9E3779B97F4A7C15ull) ^ length) * 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 31);
}

}  // namespace

KeyId KeyTable::Intern(std::string_view name) {
  auto it = ids_.find(Sv(name));
  if (it != ids_.end()) return it->second;
  if (finished_ || names_.size() >= kMaxKeys) return kUnknownKey;
  names_.emplace_back(name);
  const KeyId id = static_cast<KeyId>(names_.size());
  ids_.emplace(std::string(name), id);
  return id;
}

void KeyTable::Finish() {
  finished_ = true;
  // Open addressing at a load of at most 1/4.
  size_t capacity = 16;
  shift_ = 60;
  while (capacity < 4 * names_.size()) {
    capacity *= 2;
    --shift_;
  }
  slots_.assign(capacity, Slot{});
  for (size_t i = 0; i < names_.size(); ++i) {
    Slot slot;
    Words(names_[i], &slot.head, &slot.tail);
    slot.length = static_cast<uint32_t>(names_[i].size());
    slot.id = static_cast<KeyId>(i + 1);
    size_t at = Mix(slot.head, slot.tail, slot.length) >> shift_;
    while (slots_[at].id != kUnknownKey) at = (at + 1) & (capacity - 1);
    slots_[at] = slot;
  }
}

KeyId KeyTable::Find(std::string_view name) const {
  if (slots_.empty()) return kUnknownKey;
  uint64_t head, tail;
  Words(name, &head, &tail);
  const size_t mask = slots_.size() - 1;
  for (size_t at = Mix(head, tail, name.size()) >> shift_;; at = (at + 1) & mask) {
    const Slot& slot = slots_[at];
    if (slot.id == kUnknownKey) return kUnknownKey;
    if (slot.length == name.size() && slot.head == head && slot.tail == tail &&
        (name.size() <= 16 || names_[slot.id - 1] == name)) {
      return slot.id;
    }
  }
}

}  // namespace planlint::expr

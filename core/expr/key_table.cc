#include "core/expr/key_table.h"

#include <cstring>

#include "core/util/strings.h"

namespace planlint::expr {

namespace {

// Ids are 16 bits; the top one is kept out (EvalContext marks shadowed
// members with it).
constexpr size_t kMaxKeys = 0xFFFE;

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
  mask_ = capacity - 1;
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

}  // namespace planlint::expr

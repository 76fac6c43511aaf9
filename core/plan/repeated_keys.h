// Finds the members of an object whose key repeats an earlier key of the
// same object, as members are added one by one in document order (DOC007;
// the later ones are shadowed). Shared by PlanBuilder and the JSON parser's
// tape builder, which keep keys in different places.
#ifndef PLANLINT_CORE_PLAN_REPEATED_KEYS_H_
#define PLANLINT_CORE_PLAN_REPEATED_KEYS_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash.h"
#include "core/plan/node_id.h"

namespace planlint {

class RepeatedKeys {
 public:
  // Whether `key`, the key of member `next` about to join `object`, repeats
  // the key of one of `members` (the object's members so far); `key_of(m)`
  // gives member m's key. Small objects compare keys one by one; from
  // kHashedMembers members on, the object's keys are indexed by hash.
  template <typename KeyOf>
  bool Repeats(NodeId object, std::span<const NodeId> members, NodeId next, std::string_view key,
               KeyOf key_of) {
    auto linear = [&] {
      for (NodeId m : members) {
        if (key_of(m) == key) return true;
      }
      return false;
    };
    if (members.size() < kHashedMembers) return linear();
    if (members.size() == kHashedMembers) {
      // The object just became big: index the keys it has so far.
      for (NodeId m : members) index_.try_emplace({object, absl::HashOf(key_of(m))}, m);
    }
    auto [it, inserted] = index_.try_emplace({object, absl::HashOf(key)}, next);
    if (inserted) return false;
    if (key_of(it->second) == key) return true;
    return linear();  // two keys with one hash: compare them all
  }

  // Forgets every object (for the next document).
  void Clear() { index_.clear(); }

 private:
  static constexpr size_t kHashedMembers = 16;
  // (object, hash of key) -> first member with that key, for objects with
  // at least kHashedMembers members.
  absl::flat_hash_map<std::pair<NodeId, size_t>, NodeId> index_;
};

}  // namespace planlint

#endif  // PLANLINT_CORE_PLAN_REPEATED_KEYS_H_

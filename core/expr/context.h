// Everything one evaluation over one plan needs and may remember: the plan
// and its typed view, an arena for the values it makes, caches (lists of
// node-backed arrays, the fused string scan, hoisted bindings), and the cost
// meter that stops a runaway rule. One per plan per thread; never shared.
#ifndef PLANLINT_CORE_EXPR_CONTEXT_H_
#define PLANLINT_CORE_EXPR_CONTEXT_H_

#include <bit>
#include <cstdint>
#include <memory>
#include <memory_resource>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "core/expr/key_table.h"
#include "core/expr/pattern_set.h"
#include "core/expr/schema.h"
#include "core/expr/value.h"
#include "core/plan/plan.h"

namespace planlint::expr {

class EvalContext {
 public:
  // `plan` may be null (constant folding, `planlint eval` without a plan).
  // `keys` (the pack's, finished) lets field access compare key ids; the
  // steps evaluated must come from the same pack.
  EvalContext(const Plan* plan, const Schema* schema, const PatternSet* patterns,
              const KeyTable* keys = nullptr);
  EvalContext(const EvalContext&) = delete;
  EvalContext& operator=(const EvalContext&) = delete;

  const Plan* plan() const { return plan_; }
  const Schema* schema() const { return schema_; }
  const TypedView& typed_view() const { return view_; }
  text::DayNumber as_of = 0;

  // --- Plan values ---------------------------------------------------------
  // The value of node `n` (raw: without the typed view).
  Value NodeValue(NodeId n, bool raw) const {
    Value v;
    NodeValueInto(n, raw, &v);
    return v;
  }
  // Items of a list value: node-backed arrays give their visible items.
  // Inline for the lists the evaluation built (most calls).
  std::span<const Value> Items(const Value& list) {
    if (list.kind != ValueKind::kList) return {};
    if (list.list != nullptr) return {list.list->items, list.list->size};
    return NodeItems(list);
  }
  // Member `key` of a map value; nullopt when missing. A wrong-typed member
  // (typed view) is seen as null.
  std::optional<Value> Member(const Value& map, const KeyRef& key);
  std::optional<Value> Member(const Value& map, std::string_view key) {
    return Member(map, KeyRef{key});
  }
  // The fast path of Member for the evaluator: writes the member into
  // *out, false when there is none (see NodeValueInto).
  inline bool MemberInto(const Value& map, const KeyRef& key, Value* out);
  // The visible (not shadowed) member `key` of object node `object`, or
  // kNoNode; what Plan::FindMember answers, by key id when it can.
  NodeId FindMember(NodeId object, const KeyRef& key) const {
    // The common case inline: a key the compiler resolved to an id.
    if (key.id <= kUnknownKey || member_ids_.empty()) return FindMemberSlow(object, key);
    if (plan_->kind(object) != JsonKind::kObject) return kNoNode;
    return MemberById(plan_->container_children(object), static_cast<KeyId>(key.id));
  }
  // The KeyRef of a field name that is a string value (m[k]): its KeyTable
  // id remembered by where its text is, as the same few names
  // (`['planned_start', 'planned_finish'].filter(f, self[f])`) are looked up
  // node after node. Only for the text of a Value: that stays put and
  // unchanged while the context lives (the plan's, the pack's, the
  // arena's), so the same address and length are the same name.
  KeyRef ValueKey(std::string_view name) {
    if (member_ids_.empty() || name.empty()) return KeyRef{name};
    const uintptr_t address = reinterpret_cast<uintptr_t>(name.data());
    KeyIdEntry& entry =
        key_ids_[((address >> 3) ^ (address >> 11) ^ name.size()) & (kKeyIdCacheSize - 1)];
    if (entry.data != name.data() || entry.size != name.size()) {
      entry = {name.data(), static_cast<uint32_t>(name.size()), keys_->Find(name)};
    }
    return KeyRef{name, entry.id};
  }
  // Entries of a map value (node-backed: visible members, in order).
  void Entries(const Value& map, std::vector<std::pair<Value, Value>>* out);
  size_t Size(const Value& v);
  // Calls visit(n) for `root` and its visible descendants in pre-order
  // (shadowed members and their subtrees are skipped); returns how many.
  template <typename Visit>
  uint64_t ForEachVisible(NodeId root, Visit visit);
  // ForEachVisible charging one cost unit per node visited. False when the
  // cost limit stops it; the meter then reads what charging one unit before
  // each node would have left.
  template <typename Visit>
  bool WalkVisible(NodeId root, Visit visit) {
    return ChargeEach(ForEachVisible(root, visit));
  }
  // One past the last node of `n`'s subtree (nodes are numbered in
  // pre-order, so a subtree is a range of ids).
  NodeId SubtreeEnd(NodeId n) const { return plan_->subtree_end(n); }
  // The KeyTable id of member node `n`'s key (kUnknownKey when the table
  // does not know it, or without a table); keys() is that table.
  KeyId MemberKeyId(NodeId n) const;
  // The KeyTable ids of object node `object`'s members, in member order
  // (what MemberKeyId gives each; shadowed members have an id no table
  // gives); nullptr without a table.
  const KeyId* MemberKeyIds(NodeId object) const {
    return member_ids_.empty() ? nullptr : MemberIds(plan_->children(object));
  }
  const KeyTable* keys() const { return member_ids_.empty() ? nullptr : keys_; }
  // MemberKeyIds of every object at once: the id of each entry of
  // Plan::all_children() (kUnknownKey for array items, kShadowedKey for
  // shadowed members); empty without a table.
  std::span<const KeyId> AllMemberKeyIds() const {
    if (member_ids_.empty()) return {};
    return {member_ids_.data(), plan_->all_children().size()};
  }
  // text::ParseDate of a string value into *day, false when it is no date;
  // for a string of the plan, parsed once per node (isDate(x) and date(x)
  // read the same fields rule after rule).
  // Inline for the common case: a string of the plan parsed before.
  bool ParseDate(const Value& s, text::DayNumber* day) {
    if (s.node < dates_.size()) {
      const int32_t known = dates_[s.node];
      // Only a string node of the plan has an answer (so the node is one,
      // and the plan is there): `s` is its text when it points at it.
      if (known != kDateNotParsed && plan_->string(s.node).data() == s.str.data &&
          plan_->string(s.node).size() == s.str.size) {
        if (known == kNotADate) return false;
        *day = known;
        return true;
      }
    }
    return ParseDateSlow(s, day);
  }
  // ParseDate's cached answer for member `key` of `map` when the member is
  // a string node of the plan parsed before, without making its value: 1
  // (a date, in *day) or 0 (no date); -1 for anything else (a map not
  // backed by a node, a missing or masked member, one not parsed yet), which
  // the caller reads as usual. Inline: isDate(x.f) and date(x.f) of fields
  // seen by earlier rules.
  int KnownMemberDate(const Value& map, const KeyRef& key, text::DayNumber* day) const {
    if (map.kind != ValueKind::kMap || map.map != nullptr || key.id <= kUnknownKey ||
        member_ids_.empty() || dates_.empty()) {
      return -1;
    }
    const NodeId member =
        MemberById(plan_->container_children(map.node), static_cast<KeyId>(key.id));
    if (member == kNoNode || (!map.raw && view_.masked(member))) return -1;
    // An answer is a string node's (see ParseDate), and the member's value
    // would be its text.
    const int32_t known = dates_[member];
    if (known == kDateNotParsed) return -1;
    if (known == kNotADate) return 0;
    *day = known;
    return 1;
  }
  // JSON Pointer of node `n`, computed once per node and kept in the arena.
  std::string_view PointerOf(NodeId n);
  // Bitset of the pack's scan patterns matching string node `n`. The first
  // call scans every string of the plan.
  uint64_t ScanBits(NodeId n) {
    if (!scanned_) ScanPlan();
    return scan_bits_ == nullptr ? 0 : scan_bits_[n];
  }
  // What WalkVisible(root) testing ScanBits(n) bit `bit` of every string
  // node finds, in document order, appended to *out as raw values, at the
  // same cost; but it reads only the strings any scan pattern matched.
  bool ScanMatches(NodeId root, int bit, std::vector<Value>* out);
  // The outermost shadowed members below `root` (members that repeat an
  // earlier key, not inside another one), in document order, appended to
  // *out (when not null); returns how many nodes WalkVisible(root) visits. Reads the list of
  // the plan's shadowed nodes, made once per context, so that it costs a
  // search and not a walk of the subtree.
  uint64_t OutermostShadowed(NodeId root, std::vector<NodeId>* out);

  // A compiled regular expression: the pack's own, or compiled once per
  // context for patterns computed at run time. Error value when invalid.
  const RE2* Regex(std::string_view pattern, std::string* error);
  // Number of findings each suppression entry (by node) waived; set by the
  // engine before `stage: after-suppressions` rules run.
  const absl::flat_hash_map<NodeId, int>* suppressed_counts = nullptr;
  // Ids and names of every rule of the loaded packs (for isRule()).
  const absl::flat_hash_set<std::string>* known_rules = nullptr;

  // --- Making values ---------------------------------------------------------
  std::string_view Copy(std::string_view s);
  Value MakeString(std::string_view s) { return Value::String(Copy(s)); }
  Value MakeList(std::span<const Value> items);
  // Keys must be distinct (the caller checks).
  Value MakeMap(std::span<const Value> keys, std::span<const Value> values);
  // set() of strings: a map from each distinct string of `items` (all
  // strings; the first occurrence of each, in order) to true, as MakeMap
  // would build it, deduplicated with the map's own hash table.
  Value MakeStringSet(std::span<const Value> items);
  Value MakeError(std::string_view message) { return Value::Error(Copy(message)); }
  std::pmr::memory_resource* arena() { return &arena_; }
  // A buffer a function may build a string in before copying it to the
  // arena, so that it allocates nothing per call. Not for a function that
  // evaluates other steps while it holds the buffer.
  std::string* text_buffer() { return &text_buffer_; }

  // --- Cost ------------------------------------------------------------------
  // Adds `units` to the meter; false once the limit is passed.
  bool Charge(uint64_t units) {
    cost_ += units;
    return cost_ <= cost_limit_;
  }
  // Charges `units` (at least 1) as a loop charging one unit per step and
  // stopping at the first refusal would: the same answer, the same meter.
  bool ChargeEach(uint64_t units) {
    if (cost_ > cost_limit_) {
      cost_ += 1;
      return false;
    }
    if (units <= cost_limit_ - cost_) {
      cost_ += units;
      return true;
    }
    cost_ = cost_limit_ + 1;
    return false;
  }
  void ResetCost(uint64_t limit) {
    cost_ = 0;
    cost_limit_ = limit;
  }
  bool over_limit() const { return cost_ > cost_limit_; }
  // Whether Charge(units) would stay within the limit.
  bool CanCharge(uint64_t units) const {
    return cost_ <= cost_limit_ && units <= cost_limit_ - cost_;
  }
  uint64_t cost() const { return cost_; }

  // --- Caches keyed by the compiler ------------------------------------------
  // A slot per hoisted (plan-invariant) binding; the compiler hands out ids.
  std::vector<std::optional<Value>>& hoisted() { return hoisted_; }
  absl::flat_hash_map<uint64_t, Value>& memo() { return memo_; }
  // Values of plan-invariant sub-expressions (InvariantStep), two per id
  // (normal and lenient evaluation), with the cost their evaluation charged.
  struct CachedValue {
    Value value;
    uint64_t cost = 0;
    bool known = false;
  };
  std::vector<CachedValue>& invariants() { return invariants_; }

 private:
  // A zeroed open-addressing table of map key positions (1-based; 0 is an
  // empty slot) for `n` keys: at least 16 slots and twice `n`, a power of
  // two; *mask is its size minus one. In the arena.
  uint32_t* NewMapIndex(size_t n, uint32_t* mask);
  // NodeValue written field by field into the caller's value. A Value that
  // is copied soon after it was written in pieces stalls the copy's wide
  // loads (store forwarding), so the hot paths write values where they end
  // up instead of returning them through temporaries.
  void NodeValueInto(NodeId n, bool raw, Value* v) const;

  // ParseDate for a string not parsed yet, or not the plan's own text.
  bool ParseDateSlow(const Value& s, text::DayNumber* day);
  // Whether string value `s` is the text of its node (not a string computed
  // from it).
  bool IsNodeText(const Value& s) const {
    if (s.node == kNoNode || plan_ == nullptr || plan_->kind(s.node) != JsonKind::kString) {
      return false;
    }
    const std::string_view text = plan_->string(s.node);
    return text.data() == s.str.data && text.size() == s.str.size;
  }

  // Items of a node-backed list (made once per node and view).
  std::span<const Value> NodeItems(const Value& list);

  // MemberInto for maps the evaluation built (not backed by a node).
  static bool ArenaMemberInto(const MapRep& rep, std::string_view key, Value* out);
  // FindMember for keys without an id yet, unknown to the table, or
  // without a table.
  NodeId FindMemberSlow(NodeId object, const KeyRef& key) const;

  // The member of `members` (an object's) whose key has table id `id`, or
  // kNoNode; a shadowed member's id is never a table id.
  NodeId MemberById(std::span<const NodeId> members, KeyId id) const {
    const size_t at = FindId(MemberIds(members), members.size(), id);
    return at < members.size() ? members[at] : kNoNode;
  }

  // Marks shadowed members in member_ids_ (never a KeyTable id).
  static constexpr KeyId kShadowedKey = 0xFFFF;
  // The first of ids[0, n) equal to `id`, or n (or more) when none is. May
  // read up to kIdPadding ids past the end: member_ids_ has that many more.
  static size_t FindId(const KeyId* ids, size_t n, KeyId id) {
#if defined(__SSE2__)
    // Eight ids at a time; a match past n (the next objects' ids, or the
    // padding) only says that there is none before it.
    const __m128i want = _mm_set1_epi16(static_cast<int16_t>(id));
    for (size_t i = 0; i < n; i += 8) {
      const __m128i got = _mm_loadu_si128(reinterpret_cast<const __m128i*>(ids + i));
      const uint32_t bits = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi16(got, want)));
      if (bits != 0) return i + (std::countr_zero(bits) >> 1);
    }
    return n;
#else
    size_t i = 0;
    while (i < n && ids[i] != id) ++i;
    return i;
#endif
  }
  static constexpr size_t kIdPadding = 8;
  // The ids of object `object`'s members, in member order.
  const KeyId* MemberIds(std::span<const NodeId> members) const {
    return member_ids_.data() + (members.data() - plan_->all_children().data());
  }

  const Plan* plan_;
  const Schema* schema_;
  const PatternSet* patterns_;
  const KeyTable* keys_;
  // Beside Plan::all_children(): the key id of each member of an object
  // (kShadowedKey for shadowed members; kUnknownKey for array items). One
  // object's ids are contiguous, so a look-up scans 2 bytes per member
  // (eight at a time: kIdPadding more entries follow). Empty without keys_
  // (or without members).
  std::vector<KeyId> member_ids_;
  // ValueKey's cache (direct-mapped by address).
  struct KeyIdEntry {
    const char* data = nullptr;
    uint32_t size = 0;
    KeyId id = kUnknownKey;
  };
  static constexpr size_t kKeyIdCacheSize = 64;
  KeyIdEntry key_ids_[kKeyIdCacheSize];
  // ParseDate's answer per string node (kDateNotParsed until asked).
  static constexpr int32_t kDateNotParsed = INT32_MIN;
  static constexpr int32_t kNotADate = INT32_MIN + 1;
  std::vector<int32_t> dates_;
  TypedView view_;
  std::pmr::monotonic_buffer_resource arena_;
  std::string text_buffer_;
  // Items' lists of node-backed arrays, two per node (seen through the
  // typed view, raw), made on first use and kept in an open-addressing
  // table by ListKey: few of a plan's arrays are ever listed, so a table
  // with an entry for every node would mostly be zeroed for nothing.
  struct ListSlot {
    uint64_t key = 0;  // ListKey; 0: an empty slot
    const ListRep* rep = nullptr;
  };
  std::vector<ListSlot> list_slots_;  // a power of two, or empty
  int list_shift_ = 64;               // 64 - log2(list_slots_.size())
  size_t list_count_ = 0;             // slots in use
  // The key of a node-backed array value in list_slots_ (never 0).
  // (64 bits: a node id shifted left does not fit 32 of them when the plan
  // has 2^31 nodes or more.)
  static uint64_t ListKey(const Value& list) {
    return ((uint64_t{list.node} << 1) | (list.raw ? 1 : 0)) + 1;
  }
  // The slot of `key` in list_slots_ (not empty): the one that holds it, or
  // the empty one where it would go.
  ListSlot& FindListSlot(uint64_t key) {
    const size_t mask = list_slots_.size() - 1;
    for (size_t at = (key * 0x9E3779B97F4A7C15ull) >> list_shift_;; at = (at + 1) & mask) {
      ListSlot& slot = list_slots_[at];
      if (slot.key == key || slot.key == 0) return slot;
    }
  }
  // Doubles list_slots_ (or makes its first slots), keeping every list.
  void GrowListSlots();
  // How many of an array's `children` its list holds: all raw, else those
  // the typed view does not mask.
  uint32_t CountItems(std::span<const NodeId> children, bool raw) const {
    if (raw) return static_cast<uint32_t>(children.size());
    uint32_t n = 0;
    for (NodeId child : children) n += view_.masked(child) ? 0 : 1;
    return n;
  }
  void ScanPlan();
  // The scan's bits of each node (null without scan patterns).
  std::unique_ptr<uint64_t[]> scan_bits_;
  // Filled by ScanPlan, in document order: the string nodes with any scan
  // bit, and the shadowed nodes (whose subtrees WalkVisible skips).
  std::vector<NodeId> scan_hits_;
  std::vector<NodeId> shadowed_;
  // Whether shadowed_ is filled (by ScanPlan, or by ListShadowed alone).
  bool shadowed_listed_ = false;
  void ListShadowed();
  PatternSet::ScanScratch scan_scratch_;
  bool scanned_ = false;
  std::vector<std::optional<Value>> hoisted_;
  absl::flat_hash_map<uint64_t, Value> memo_;
  std::vector<CachedValue> invariants_;
  absl::flat_hash_map<NodeId, std::string_view> pointers_;
  absl::flat_hash_map<std::string, std::unique_ptr<RE2>> regex_cache_;
  uint64_t cost_ = 0;
  uint64_t cost_limit_ = UINT64_MAX;
};

inline void EvalContext::NodeValueInto(NodeId n, bool raw, Value* v) const {
  const JsonKind kind = plan_->kind(n);
  if (kind == JsonKind::kString) [[likely]] {
    // The commonest kind of a member, first.
    const std::string_view s = plan_->string(n);
    v->kind = ValueKind::kString;
    v->str.data = s.data();
    v->str.size = static_cast<uint32_t>(s.size());
    v->node = n;
    v->raw = raw;
    return;
  }
  switch (kind) {
    case JsonKind::kNull:
      v->kind = ValueKind::kNull;
      v->i = 0;
      break;
    case JsonKind::kBool:
      v->kind = ValueKind::kBool;
      v->i = 0;
      v->b = plan_->boolean(n);
      break;
    case JsonKind::kInt:
    case JsonKind::kUint:
    case JsonKind::kDouble:
      v->kind = ValueKind::kDouble;
      v->d = plan_->number(n);
      break;
    case JsonKind::kString: {
      const std::string_view s = plan_->string(n);
      v->kind = ValueKind::kString;
      v->str.data = s.data();
      v->str.size = static_cast<uint32_t>(s.size());
      break;
    }
    case JsonKind::kArray:
      v->kind = ValueKind::kList;
      v->list = nullptr;
      break;
    case JsonKind::kObject:
      v->kind = ValueKind::kMap;
      v->map = nullptr;
      break;
    default:
      __builtin_unreachable();  // JsonKind has no other value
  }
  v->node = n;
  v->raw = raw;
}

inline bool EvalContext::MemberInto(const Value& map, const KeyRef& key, Value* out) {
  if (map.kind != ValueKind::kMap) return false;
  if (map.map != nullptr) return ArenaMemberInto(*map.map, key.name, out);
  // FindMember's common case, by id. A map backed by a node is an object
  // node (NodeValueInto makes no other), so its kind is not tested again.
  NodeId member;
  if (key.id > kUnknownKey && !member_ids_.empty()) [[likely]] {
    member = MemberById(plan_->container_children(map.node), static_cast<KeyId>(key.id));
  } else {
    member = FindMemberSlow(map.node, key);
  }
  if (member == kNoNode) return false;
  if (!map.raw && view_.masked(member)) {
    *out = Value::Null(member);
  } else {
    NodeValueInto(member, map.raw, out);
  }
  return true;
}

template <typename Visit>
uint64_t EvalContext::ForEachVisible(NodeId root, Visit visit) {
  const NodeId end = SubtreeEnd(root);
  uint64_t visited = 0;
  for (NodeId n = root; n < end;) {
    if (n != root && plan_->shadowed(n)) {
      n = SubtreeEnd(n);
      continue;
    }
    ++visited;
    visit(n);
    ++n;
  }
  return visited;
}

}  // namespace planlint::expr

#endif  // PLANLINT_CORE_EXPR_CONTEXT_H_

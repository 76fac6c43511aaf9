#include "core/expr/context.h"

#include "core/util/strings.h"

#include <algorithm>
#include <cstring>

#include "absl/numeric/int128.h"

namespace planlint::expr {

namespace {
// Eight bytes of `p`, in the machine's order.
uint64_t Load64(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, sizeof(w));
  return w;
}
uint64_t Load32(const char* p) {
  uint32_t w;
  std::memcpy(&w, p, sizeof(w));
  return w;
}
// `word` folded into hash `h`: the two halves of a 128-bit product, so that
// every bit of the word reaches the low bits (MapRep::index_mask keeps those).
uint64_t MixWord(uint64_t h, uint64_t word) {
  const absl::uint128 product = absl::uint128(h ^ word) * 0x9E3779B97F4A7C15ull;
  return absl::Uint128Low64(product) ^ absl::Uint128High64(product);
}
// The hash of an arena map's string keys (MapRep::index): inline and a
// few instructions for the short keys maps hold (ids, names), where a
// general-purpose hash costs a call and tens of instructions per look-up.
// Every byte counts (the tail is read with loads that may overlap).
[[gnu::always_inline]] inline size_t HashText(std::string_view s) {
  const char* p = s.data();
  const size_t n = s.size();
  uint64_t h = n;
  if (n >= 8) {
    for (size_t i = 0; i + 8 < n; i += 8) h = MixWord(h, Load64(p + i));
    h = MixWord(h, Load64(p + n - 8));
  } else if (n >= 4) {
    h = MixWord(h, Load32(p) << 32 | Load32(p + n - 4));
  } else if (n > 0) {
    h = MixWord(h, uint64_t{static_cast<uint8_t>(p[0])} << 16 |
                       uint64_t{static_cast<uint8_t>(p[n / 2])} << 8 |
                       static_cast<uint8_t>(p[n - 1]));
  }
  return static_cast<size_t>(h);
}

// A list of `count` items in the arena, header and items in one block;
// *items (nullptr when count is 0) is where the caller writes them.
ListRep* NewListRep(std::pmr::monotonic_buffer_resource& arena, size_t count, Value** items) {
  static_assert(sizeof(ListRep) % alignof(Value) == 0 && alignof(ListRep) >= alignof(Value));
  auto* rep = static_cast<ListRep*>(
      arena.allocate(sizeof(ListRep) + sizeof(Value) * count, alignof(ListRep)));
  *items = count > 0 ? reinterpret_cast<Value*>(rep + 1) : nullptr;
  rep->size = static_cast<uint32_t>(count);
  rep->items = *items;
  return rep;
}
// text::ParseDate's day, or `not_a_date`; out of line, so that a date
// ParseDate has cached is answered without a frame for parsing one.
[[gnu::noinline]] int32_t ParseDateText(std::string_view text, int32_t not_a_date) {
  return text::ParseDate(text).value_or(not_a_date);
}
}  // namespace

EvalContext::EvalContext(const Plan* plan, const Schema* schema, const PatternSet* patterns,
                         const KeyTable* keys)
    : plan_(plan), schema_(schema), patterns_(patterns), keys_(keys), arena_(64 * 1024) {
  if (plan_ == nullptr) return;
  KeyId* ids = nullptr;
  if (keys_ != nullptr && keys_->finished()) {
    // Array items keep kUnknownKey; every member's id is written below.
    const size_t children = plan_->all_children().size();
    if (children > 0) member_ids_.assign(children + kIdPadding, kUnknownKey);
    ids = member_ids_.data();
  }
  if (schema_ != nullptr || ids != nullptr) {
    // The typed view and the members' key ids in one pass over the plan
    // (only the ids without a schema).
    static const Schema kNoSchema;
    view_ = TypedView(*plan_, schema_ != nullptr ? *schema_ : kNoSchema,
                      ids != nullptr ? keys_ : nullptr, ids, kShadowedKey);
  }
}

KeyId EvalContext::MemberKeyId(NodeId n) const {
  if (member_ids_.empty()) return kUnknownKey;
  const NodeId parent = plan_->parent(n);
  if (parent == kNoNode || plan_->kind(parent) != JsonKind::kObject) return kUnknownKey;
  return MemberIds(plan_->children(parent))[plan_->index_in_parent(n)];
}

NodeId EvalContext::FindMemberSlow(NodeId object, const KeyRef& key) const {
  if (member_ids_.empty()) return plan_->FindMember(object, key.name);
  if (plan_->kind(object) != JsonKind::kObject) return kNoNode;
  const std::span<const NodeId> members = plan_->children(object);
  const KeyId* ids = MemberIds(members);
  const int32_t id = key.id >= 0 ? key.id : keys_->Find(key.name);
  if (id != kUnknownKey) {
    const size_t at = FindId(ids, members.size(), static_cast<KeyId>(id));
    return at < members.size() ? members[at] : kNoNode;
  }
  // A name the table does not know can only be one of the keys it did not
  // know either.
  for (size_t i = 0; i < members.size(); ++i) {
    if (ids[i] == kUnknownKey && plan_->key(members[i]) == key.name) return members[i];
  }
  return kNoNode;
}

std::span<const Value> EvalContext::NodeItems(const Value& list) {
  const uint64_t key = ListKey(list);
  if (list_slots_.empty()) GrowListSlots();
  ListSlot* slot = &FindListSlot(key);
  if (slot->key == 0) {
    // At most three quarters of the slots in use, so that probes stay short.
    if (4 * (list_count_ + 1) > 3 * list_slots_.size()) {
      GrowListSlots();
      slot = &FindListSlot(key);
    }
    // The visible items, written straight into the arena.
    const std::span<const NodeId> children = plan_->children(list.node);
    const uint32_t count = CountItems(children, list.raw);
    Value* items = nullptr;
    ListRep* rep = NewListRep(arena_, count, &items);
    uint32_t i = 0;
    for (NodeId child : children) {
      if (!list.raw && view_.masked(child)) continue;
      new (&items[i++]) Value();
      NodeValueInto(child, list.raw, &items[i - 1]);
    }
    slot->key = key;
    slot->rep = rep;
    ++list_count_;
  }
  return {slot->rep->items, slot->rep->size};
}

void EvalContext::GrowListSlots() {
  // 128 slots first (2 KB): more than most plans list.
  const size_t size = list_slots_.empty() ? 128 : 2 * list_slots_.size();
  std::vector<ListSlot> old(size);
  old.swap(list_slots_);
  list_shift_ = 64 - std::countr_zero(size);
  for (const ListSlot& slot : old) {
    if (slot.key != 0) FindListSlot(slot.key) = slot;
  }
}

std::optional<Value> EvalContext::Member(const Value& map, const KeyRef& key) {
  Value v;
  if (!MemberInto(map, key, &v)) return std::nullopt;
  return v;
}

bool EvalContext::ArenaMemberInto(const MapRep& rep, std::string_view key, Value* out) {
  if (rep.index != nullptr) {
    for (size_t at = HashText(key) & rep.index_mask;; at = (at + 1) & rep.index_mask) {
      const uint32_t slot = rep.index[at];
      if (slot == 0) return false;
      if (rep.keys[slot - 1].string() == key) {
        *out = rep.values[slot - 1];
        return true;
      }
    }
  }
  for (uint32_t i = 0; i < rep.size; ++i) {
    if (rep.keys[i].kind == ValueKind::kString && rep.keys[i].string() == key) {
      *out = rep.values[i];
      return true;
    }
  }
  return false;
}

void EvalContext::Entries(const Value& map, std::vector<std::pair<Value, Value>>* out) {
  out->clear();
  if (map.kind != ValueKind::kMap) return;
  if (map.map == nullptr) {
    for (NodeId child : plan_->children(map.node)) {
      if (plan_->shadowed(child)) continue;
      Value value =
          (!map.raw && view_.masked(child)) ? Value::Null(child) : NodeValue(child, map.raw);
      out->emplace_back(Value::String(plan_->key(child)), value);
    }
    return;
  }
  for (uint32_t i = 0; i < map.map->size; ++i)
    out->emplace_back(map.map->keys[i], map.map->values[i]);
}

size_t EvalContext::Size(const Value& v) {
  switch (v.kind) {
    case ValueKind::kList: {
      if (v.list != nullptr) return v.list->size;
      // A node-backed array: its visible items counted, without making the
      // list (NodeItems) when no one has needed it yet.
      if (!list_slots_.empty()) {
        const ListSlot& slot = FindListSlot(ListKey(v));
        if (slot.key != 0) return slot.rep->size;
      }
      return CountItems(plan_->children(v.node), v.raw);
    }
    case ValueKind::kMap: {
      if (v.map != nullptr) return v.map->size;
      size_t n = 0;
      for (NodeId child : plan_->children(v.node)) n += plan_->shadowed(child) ? 0 : 1;
      return n;
    }
    default:
      return 0;
  }
}

bool EvalContext::ParseDateSlow(const Value& s, text::DayNumber* day) {
  const std::string_view text = s.string();
  int32_t parsed;
  // Only the plan's own text is cached: a value with a node may also be a
  // string computed from it.
  if (!IsNodeText(s)) {
    parsed = ParseDateText(text, kNotADate);
  } else {
    if (dates_.empty()) dates_.assign(plan_->node_count(), kDateNotParsed);
    int32_t& entry = dates_[s.node];
    if (entry == kDateNotParsed) entry = ParseDateText(text, kNotADate);
    parsed = entry;
  }
  if (parsed == kNotADate) return false;
  *day = parsed;
  return true;
}

std::string_view EvalContext::PointerOf(NodeId n) {
  auto it = pointers_.find(n);
  if (it != pointers_.end()) return it->second;
  plan_->Pointer(n, &text_buffer_);
  std::string_view p = Copy(text_buffer_);
  pointers_.emplace(n, p);
  return p;
}

void EvalContext::ScanPlan() {
  scanned_ = true;
  if (plan_ == nullptr) return;
  if (!shadowed_listed_) ListShadowed();
  if (patterns_ == nullptr || !patterns_->has_scan()) return;
  const NodeId count = static_cast<NodeId>(plan_->node_count());
  // Every entry is written below, once.
  scan_bits_ = std::make_unique_for_overwrite<uint64_t[]>(count);
  // Most strings hold no atom: told by the pair automaton, its tables in
  // locals, and only the others scanned in full.
  const AtomFinder::PairTables no_match = patterns_->NoMatchTables();
  const Plan& plan = *plan_;
  uint64_t* const scan_bits = scan_bits_.get();
  if (no_match.next == nullptr) {
    for (NodeId i = 0; i < count; ++i) {
      uint64_t bits = 0;
      if (plan.kind(i) == JsonKind::kString) {
        bits = patterns_->Scan(plan.string(i), &scan_scratch_);
        if (bits != 0) scan_hits_.push_back(i);
      }
      scan_bits[i] = bits;
    }
    return;
  }
  // The quick test first, over every string, with no call in the loop (so
  // that its tables and the loop's state stay in registers): the strings it
  // passes, in node order, into `candidates`; then those scanned in full.
  const auto candidates = std::make_unique_for_overwrite<NodeId[]>(count);
  NodeId candidate_count = 0;
  for (NodeId i = 0; i < count; ++i) {
    scan_bits[i] = 0;
    if (plan.kind(i) == JsonKind::kString && no_match.MayHaveAtoms(plan.string(i))) {
      candidates[candidate_count++] = i;
    }
  }
  for (NodeId c = 0; c < candidate_count; ++c) {
    const NodeId i = candidates[c];
    const uint64_t bits = patterns_->Scan(plan.string(i), &scan_scratch_);
    if (bits != 0) scan_hits_.push_back(i);
    scan_bits[i] = bits;
  }
}

void EvalContext::ListShadowed() {
  shadowed_listed_ = true;
  if (member_ids_.empty()) {
    const NodeId count = static_cast<NodeId>(plan_->node_count());
    for (NodeId i = 0; i < count; ++i) {
      if (plan_->shadowed(i)) shadowed_.push_back(i);
    }
    return;
  }
  // Only members are shadowed, and member_ids_ marks each: FindId over the
  // whole table finds them, eight ids at a time. The table follows
  // Plan::all_children(), object by object in the order the objects open,
  // which is not document order when objects nest: sorted after (there are
  // seldom any).
  const NodeId* const all = plan_->all_children().data();
  const size_t size = plan_->all_children().size();
  for (size_t at = FindId(member_ids_.data(), size, kShadowedKey); at < size;
       at += 1 + FindId(member_ids_.data() + at + 1, size - at - 1, kShadowedKey)) {
    shadowed_.push_back(all[at]);
  }
  if (!std::is_sorted(shadowed_.begin(), shadowed_.end())) {
    std::sort(shadowed_.begin(), shadowed_.end());
  }
}

uint64_t EvalContext::OutermostShadowed(NodeId root, std::vector<NodeId>* out) {
  if (!shadowed_listed_) ListShadowed();
  const NodeId end = SubtreeEnd(root);
  uint64_t count = end - root;
  // Less the outermost shadowed subtrees below the root.
  auto it = std::upper_bound(shadowed_.begin(), shadowed_.end(), root);
  while (it != shadowed_.end() && *it < end) {
    const NodeId skip_end = SubtreeEnd(*it);
    if (out != nullptr) out->push_back(*it);
    count -= skip_end - *it;
    it = std::lower_bound(it, shadowed_.end(), skip_end);
  }
  return count;
}

bool EvalContext::ScanMatches(NodeId root, int bit, std::vector<Value>* out) {
  if (!scanned_) ScanPlan();
  const NodeId end = SubtreeEnd(root);
  auto shadow = std::upper_bound(shadowed_.begin(), shadowed_.end(), root);
  NodeId hidden_end = 0;  // the end of the shadowed subtree last passed
  for (auto hit = std::lower_bound(scan_hits_.begin(), scan_hits_.end(), root);
       hit != scan_hits_.end() && *hit < end; ++hit) {
    for (; shadow != shadowed_.end() && *shadow <= *hit; ++shadow) {
      hidden_end = std::max(hidden_end, SubtreeEnd(*shadow));
    }
    if (*hit < hidden_end || ((scan_bits_[*hit] >> bit) & 1) == 0) continue;
    out->push_back(NodeValue(*hit, true));
  }
  return ChargeEach(OutermostShadowed(root, nullptr));
}

const RE2* EvalContext::Regex(std::string_view pattern, std::string* error) {
  if (patterns_ != nullptr) {
    if (const RE2* re = patterns_->Find(pattern)) return re;
  }
  auto it = regex_cache_.find(Sv(pattern));
  if (it == regex_cache_.end()) {
    RE2::Options options;
    options.set_log_errors(false);
    auto re = std::make_unique<RE2>(pattern, options);
    it = regex_cache_.emplace(std::string(pattern), std::move(re)).first;
  }
  if (!it->second->ok()) {
    *error = it->second->error();
    return nullptr;
  }
  return it->second.get();
}

std::string_view EvalContext::Copy(std::string_view s) {
  if (s.empty()) return {};
  char* data = static_cast<char*>(arena_.allocate(s.size(), 1));
  std::memcpy(data, s.data(), s.size());
  return {data, s.size()};
}

Value EvalContext::MakeList(std::span<const Value> items) {
  // Most lists a check makes are empty (a rule's findings, a filter that
  // keeps nothing): they share one, as nothing writes to a list once made.
  static constexpr ListRep kEmpty{0, nullptr};
  if (items.empty()) return Value::List(&kEmpty);
  Value* data = nullptr;
  ListRep* rep = NewListRep(arena_, items.size(), &data);
  // The short lists most steps make are copied inline: a call to memmove
  // costs more than they do.
  switch (items.size()) {
    case 4:
      data[3] = items[3];
      [[fallthrough]];
    case 3:
      data[2] = items[2];
      [[fallthrough]];
    case 2:
      data[1] = items[1];
      [[fallthrough]];
    case 1:
      data[0] = items[0];
      break;
    default:
      std::copy(items.begin(), items.end(), data);
  }
  return Value::List(rep);
}

uint32_t* EvalContext::NewMapIndex(size_t n, uint32_t* mask) {
  size_t slots = 16;
  while (slots < 2 * n) slots *= 2;
  *mask = static_cast<uint32_t>(slots - 1);
  auto* index =
      static_cast<uint32_t*>(arena_.allocate(sizeof(uint32_t) * slots, alignof(uint32_t)));
  std::fill(index, index + slots, 0u);
  return index;
}

Value EvalContext::MakeStringSet(std::span<const Value> items) {
  const size_t n = items.size();
  auto* rep = static_cast<MapRep*>(arena_.allocate(sizeof(MapRep), alignof(MapRep)));
  Value* k = nullptr;
  uint32_t* index = nullptr;
  uint32_t mask = 0;
  uint32_t count = 0;
  if (n > 0) k = static_cast<Value*>(arena_.allocate(sizeof(Value) * n, alignof(Value)));
  if (n > 8) {
    // MakeMap's table, sized for every item, filled as the keys are kept.
    index = NewMapIndex(n, &mask);
    for (const Value& item : items) {
      size_t at = HashText(item.string()) & mask;
      bool seen = false;
      for (; index[at] != 0; at = (at + 1) & mask) {
        if (k[index[at] - 1].string() == item.string()) {
          seen = true;
          break;
        }
      }
      if (seen) continue;
      k[count++] = item;
      index[at] = count;
    }
  } else {
    for (const Value& item : items) {
      bool seen = false;
      for (uint32_t i = 0; i < count && !seen; ++i) seen = k[i].string() == item.string();
      if (!seen) k[count++] = item;
    }
  }
  Value* v = nullptr;
  if (count > 0) {
    v = static_cast<Value*>(arena_.allocate(sizeof(Value) * count, alignof(Value)));
    std::fill(v, v + count, Value::Bool(true));
  }
  rep->size = count;
  rep->index_mask = mask;
  rep->keys = k;
  rep->values = v;
  rep->index = index;
  return Value::Map(rep);
}

Value EvalContext::MakeMap(std::span<const Value> keys, std::span<const Value> values) {
  auto* rep = static_cast<MapRep*>(arena_.allocate(sizeof(MapRep), alignof(MapRep)));
  size_t n = keys.size();
  Value* k = nullptr;
  Value* v = nullptr;
  uint32_t* index = nullptr;
  uint32_t mask = 0;
  if (n > 0) {
    k = static_cast<Value*>(arena_.allocate(sizeof(Value) * n, alignof(Value)));
    v = static_cast<Value*>(arena_.allocate(sizeof(Value) * n, alignof(Value)));
    std::copy(keys.begin(), keys.end(), k);
    std::copy(values.begin(), values.end(), v);
  }
  if (n > 8) {
    // Keys are distinct.
    index = NewMapIndex(n, &mask);
    for (uint32_t i = 0; i < n; ++i) {
      if (k[i].kind != ValueKind::kString) continue;
      size_t at = HashText(k[i].string()) & mask;
      while (index[at] != 0) at = (at + 1) & mask;
      index[at] = i + 1;
    }
  }
  rep->size = static_cast<uint32_t>(n);
  rep->index_mask = mask;
  rep->keys = k;
  rep->values = v;
  rep->index = index;
  return Value::Map(rep);
}

}  // namespace planlint::expr

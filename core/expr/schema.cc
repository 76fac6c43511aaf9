#include "core/expr/schema.h"
#include "core/util/strings.h"

#include <algorithm>
#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace planlint::expr {

using Kind = SchemaType::Kind;

absl::StatusOr<SchemaType> Schema::ParseType(std::string_view text) {
  std::string_view t = Sv(absl::StripAsciiWhitespace(Sv(text)));
  // A union splits on top-level '|'.
  int depth = 0;
  std::vector<std::string_view> alternatives;
  size_t start = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '[') ++depth;
    if (t[i] == ']') --depth;
    if (t[i] == '|' && depth == 0) {
      alternatives.push_back(t.substr(start, i - start));
      start = i + 1;
    }
  }
  if (!alternatives.empty()) {
    alternatives.push_back(t.substr(start));
    SchemaType u;
    u.kind = Kind::kUnion;
    for (std::string_view alt : alternatives) {
      absl::StatusOr<SchemaType> part = ParseType(alt);
      if (!part.ok()) return part.status();
      u.parts.push_back(*std::move(part));
    }
    return u;
  }
  if (t.empty()) return absl::InvalidArgumentError("empty type expression");
  if (t.front() == '[') {
    if (t.back() != ']') return absl::InvalidArgumentError(Cat("missing ']' in type '", t, "'"));
    absl::StatusOr<SchemaType> item = ParseType(t.substr(1, t.size() - 2));
    if (!item.ok()) return item.status();
    SchemaType a;
    a.kind = Kind::kArrayOf;
    a.parts.push_back(*std::move(item));
    return a;
  }
  SchemaType s;
  if (t == "string")
    s.kind = Kind::kString;
  else if (t == "number")
    s.kind = Kind::kNumber;
  else if (t == "boolean")
    s.kind = Kind::kBoolean;
  else if (t == "object")
    s.kind = Kind::kObject;
  else if (t == "array")
    s.kind = Kind::kArray;
  else if (t == "any")
    s.kind = Kind::kAny;
  else if (t == "date")
    s.kind = Kind::kDate;
  else {
    for (char c : t) {
      if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') {
        return absl::InvalidArgumentError(Cat("bad type name '", t, "'"));
      }
    }
    s.kind = Kind::kNamed;
    s.name = std::string(t);
  }
  return s;
}

void Schema::AddType(std::string name, FieldMap fields) {
  types_[std::move(name)] = std::move(fields);
}

namespace {
absl::Status CheckNames(const Schema& schema, const SchemaType& t) {
  if (t.kind == Kind::kNamed && schema.Fields(t.name) == nullptr) {
    return absl::InvalidArgumentError(Cat("unknown type '", t.name, "'"));
  }
  for (const SchemaType& p : t.parts) {
    if (absl::Status s = CheckNames(schema, p); !s.ok()) return s;
  }
  return absl::OkStatus();
}
}  // namespace

absl::Status Schema::Validate() {
  if (absl::Status s = CheckNames(*this, root_); !s.ok()) return s;
  for (const auto& [name, fields] : types_) {
    for (const auto& [field, type] : fields) {
      if (absl::Status s = CheckNames(*this, type); !s.ok()) {
        return absl::InvalidArgumentError(Cat(name, ".", field, ": ", s.message()));
      }
    }
  }
  for (auto& [name, fields] : types_) {
    FieldIndex& index = indexes_[name];
    for (auto& [field, type] : fields) index.fields[field] = &type;
  }
  uint32_t ordinal = 0;
  for (auto& [name, index] : indexes_) index.ordinal = ordinal++;
  Link(root_);
  for (auto& [name, fields] : types_) {
    for (auto& [field, type] : fields) Link(type);
  }
  return absl::OkStatus();
}

void Schema::IndexKeys(KeyTable* keys) {
  indexed_keys_ = keys;
  for (auto& [name, fields] : types_) {
    FieldIndex& index = indexes_[name];
    for (auto& [field, type] : fields) {
      const KeyId id = keys->Intern(field);
      if (id == kUnknownKey) continue;
      if (index.by_key.size() <= id) index.by_key.resize(id + 1, nullptr);
      index.by_key[id] = &type;
    }
  }
}

void Schema::Link(SchemaType& type) {
  if (type.kind == Kind::kNamed) {
    auto it = indexes_.find(type.name);
    type.index = it == indexes_.end() ? nullptr : &it->second;
  }
  for (SchemaType& p : type.parts) Link(p);
}

const FieldMap* Schema::Fields(const std::string& name) const {
  auto it = types_.find(name);
  return it == types_.end() ? nullptr : &it->second;
}

const SchemaType* Schema::FieldType(const SchemaType& type, const std::string& field) const {
  if (type.kind == Kind::kNamed) {
    const auto* fields = Fields(type.name);
    if (fields == nullptr) return nullptr;
    auto it = fields->find(field);
    return it == fields->end() ? nullptr : &it->second;
  }
  if (type.kind == Kind::kUnion) {
    for (const SchemaType& p : type.parts) {
      if (const SchemaType* f = FieldType(p, field)) return f;
    }
  }
  return nullptr;
}

const SchemaType* Schema::ItemType(const SchemaType& type) const {
  if (type.kind == Kind::kArrayOf) return &type.parts[0];
  if (type.kind == Kind::kUnion) {
    for (const SchemaType& p : type.parts) {
      if (const SchemaType* f = ItemType(p)) return f;
    }
  }
  return nullptr;
}

std::string Schema::Describe(const SchemaType& type) const {
  switch (type.kind) {
    case Kind::kString:
      return "string";
    case Kind::kNumber:
      return "number";
    case Kind::kBoolean:
      return "boolean";
    case Kind::kObject:
      return "object";
    case Kind::kArray:
      return "array";
    case Kind::kAny:
      return "any value";
    case Kind::kDate:
      return "date";
    case Kind::kNamed:
      return "object";
    case Kind::kArrayOf: {
      const SchemaType& item = type.parts[0];
      std::string inner = Describe(item);
      if (item.kind == Kind::kArrayOf || item.kind == Kind::kUnion)
        return "array of (" + inner + ")";
      return "array of " + inner + "s";
    }
    case Kind::kUnion: {
      std::vector<std::string> parts;
      for (const SchemaType& p : type.parts) parts.push_back(Describe(p));
      return absl::StrJoin(parts, " or ");
    }
  }
  return "?";
}

namespace {

// Whether a value of JSON kind `k` has type kind `t` (not a union): the
// rule KindMatches reads from a table.
constexpr bool KindMatchesByCase(Kind t, JsonKind k) {
  switch (t) {
    case Kind::kString:
      return k == JsonKind::kString;
    case Kind::kNumber:
      return k == JsonKind::kInt || k == JsonKind::kUint || k == JsonKind::kDouble;
    case Kind::kBoolean:
      return k == JsonKind::kBool;
    case Kind::kObject:
    case Kind::kNamed:
      return k == JsonKind::kObject;
    case Kind::kArray:
    case Kind::kArrayOf:
      return k == JsonKind::kArray;
    case Kind::kAny:
    case Kind::kDate:
    case Kind::kUnion:
      return true;
  }
  return true;
}

// Bit k of entry t: KindMatchesByCase(t, k), for every type kind t and
// JSON kind k.
constexpr std::array<uint8_t, 10> kKindAccepts = [] {
  std::array<uint8_t, 10> accepts{};
  for (int t = 0; t <= static_cast<int>(Kind::kNamed); ++t) {
    for (int k = 0; k <= static_cast<int>(JsonKind::kObject); ++k) {
      if (KindMatchesByCase(static_cast<Kind>(t), static_cast<JsonKind>(k))) {
        accepts[t] |= static_cast<uint8_t>(1u << k);
      }
    }
  }
  return accepts;
}();
static_assert(static_cast<int>(Kind::kNamed) == 9 && static_cast<int>(JsonKind::kObject) == 7);

// Whether a value of JSON kind `k` has type kind `t` (not a union), by
// table: the walk asks for every member and item.
inline bool KindMatches(Kind t, JsonKind k) {
  return (kKindAccepts[static_cast<size_t>(t)] >> static_cast<unsigned>(k)) & 1;
}

// Whether a value of JSON kind `k` has type `type`; *chosen is the
// alternative of a union it matched (else `type` itself).
bool MatchesUnion(JsonKind k, const SchemaType& type, const SchemaType** chosen);
inline bool Matches(JsonKind k, const SchemaType& type, const SchemaType** chosen) {
  *chosen = &type;
  // Inline for the common case: a type that is no union.
  if (type.kind != Kind::kUnion) [[likely]]
    return KindMatches(type.kind, k);
  return MatchesUnion(k, type, chosen);
}
bool MatchesUnion(JsonKind k, const SchemaType& type, const SchemaType** chosen) {
  for (const SchemaType& p : type.parts) {
    if (Matches(k, p, chosen)) return true;
  }
  return false;
}

// Nesting deeper than this is not looked into.
constexpr uint32_t kMaxDepth = 2048;

// The type a container matched as `chosen` gives its children, if any.
const SchemaType* LooksInto(const SchemaType& chosen) {
  if (chosen.kind == Kind::kNamed) return chosen.index != nullptr ? &chosen : nullptr;
  if (chosen.kind == Kind::kArrayOf) return &chosen;
  return nullptr;
}

}  // namespace

void TypedView::Mask(const Schema& schema, NodeId n, const SchemaType& type) {
  masked_[n] = 1;
  errors_.push_back({n, schema.Describe(type)});
}

namespace {

// The KeyTable id of each of `members` (an object's), into `out`:
// `shadowed_id` for a shadowed member, kUnknownKey for every member without
// `keys`.
void WriteObjectIds(const Plan& plan, const KeyTable* keys, std::span<const NodeId> members,
                    KeyId* out, KeyId shadowed_id) {
  for (size_t i = 0; i < members.size(); ++i) {
    const NodeId m = members[i];
    if (plan.shadowed(m)) {
      out[i] = shadowed_id;
    } else {
      out[i] = keys != nullptr ? keys->Find(plan.key(m)) : kUnknownKey;
    }
  }
}

// WriteObjectIds for every object among nodes [begin, end) of `plan`, into
// `ids` (indexed as Plan::all_children(); array items are left alone).
void WriteMemberIds(const Plan& plan, const KeyTable* keys, KeyId* ids, KeyId shadowed_id,
                    NodeId begin, NodeId end) {
  const NodeId* const all_children = plan.all_children().data();
  for (NodeId n = begin; n < end; ++n) {
    if (plan.kind(n) != JsonKind::kObject) continue;
    const std::span<const NodeId> members = plan.container_children(n);
    WriteObjectIds(plan, keys, members, ids + (members.data() - all_children), shadowed_id);
  }
}

}  // namespace

// The walk down the schema from the root, without recursion: a list of the
// containers to look into (those that matched a type with fields or
// items), each with its type, worked through in the order they are found.
// With fields by key id, the walk writes the ids of the members of the
// objects it looks into as it reads them, and those of every object in a
// subtree it does not look into with one pass over that subtree (a range of
// node ids): each object once, and no pass over the whole plan.
TypedView::TypedView(const Plan& plan, const Schema& schema, const KeyTable* keys,
                     KeyId* member_ids, KeyId shadowed_id) {
  const NodeId count = static_cast<NodeId>(plan.node_count());
  const bool fields_by_id =
      member_ids != nullptr && keys != nullptr && !schema.empty() && schema.indexed_keys() == keys;
  if (member_ids != nullptr && !fields_by_id) {
    WriteMemberIds(plan, keys, member_ids, shadowed_id, 0, count);
  }
  if (schema.empty()) return;
  masked_.assign(count, 0);
  struct Pending {
    NodeId node;
    uint32_t depth;  // below the root
    const SchemaType* type;
  };
  std::vector<Pending> pending;
  // For each named type (FieldIndex::ordinal), the keys of the first
  // kHinted members of the last object of that type the walk read: objects
  // of one type mostly have the same keys in the same order.
  constexpr size_t kHinted = 16;
  std::vector<KeyTable::Hint> hints;
  if (fields_by_id) hints.resize(schema.index_count() * kHinted);
  // Room for the containers of most plans, so that the list seldom moves.
  pending.reserve(count / 4 + 16);
  // The ids of every object in the subtree of `n`, which the walk does not
  // look into (with fields by id).
  auto skip = [&](NodeId n) {
    if (fields_by_id) {
      WriteMemberIds(plan, keys, member_ids, shadowed_id, n, plan.subtree_end(n));
    }
  };
  const NodeId root = plan.root();
  const JsonKind root_kind = plan.kind(root);
  const SchemaType* root_chosen = nullptr;
  if (root_kind != JsonKind::kNull && !Matches(root_kind, schema.root(), &root_chosen)) {
    Mask(schema, root, schema.root());
    skip(root);
  } else if (const SchemaType* type =
                 root_kind != JsonKind::kNull ? LooksInto(*root_chosen) : nullptr) {
    pending.push_back({root, 0, type});
  } else {
    skip(root);
  }
  // What a child container that matched `chosen` at `depth` has to be
  // looked into for; the ids of its subtree when nothing.
  auto look_into = [&](NodeId child, const SchemaType& chosen, uint32_t depth) {
    if (const SchemaType* type = LooksInto(chosen)) {
      pending.push_back({child, depth, type});
    } else {
      skip(child);
    }
  };
  const NodeId* all_children = plan.all_children().data();
  for (size_t next = 0; next < pending.size(); ++next) {
    const Pending parent = pending[next];
    const std::span<const NodeId> children = plan.container_children(parent.node);
    if (plan.kind(parent.node) == JsonKind::kObject) {
      if (parent.type->kind != Kind::kNamed || parent.depth >= kMaxDepth) {
        skip(parent.node);
        continue;
      }
      const FieldIndex& index = *parent.type->index;
      // In locals: the calls in the loop below (Mask, skip) could change
      // the vector as far as the compiler knows, so it would read it again
      // for every member.
      const SchemaType* const* const by_key = index.by_key.data();
      const size_t by_key_size = index.by_key.size();
      KeyId* const ids = fields_by_id ? member_ids + (children.data() - all_children) : nullptr;
      KeyTable::Hint* const type_hints =
          fields_by_id ? hints.data() + size_t{index.ordinal} * kHinted : nullptr;
      for (size_t i = 0; i < children.size(); ++i) {
        const NodeId child = children[i];
        const JsonKind k = plan.kind(child);
        const SchemaType* field = nullptr;
        if (ids != nullptr) {
          if (plan.shadowed(child)) {
            ids[i] = shadowed_id;
          } else {
            // Names the table does not know are no field of any type.
            const std::string_view key = plan.key(child);
            const KeyId id = i < kHinted ? keys->Find(key, &type_hints[i]) : keys->Find(key);
            ids[i] = id;
            if (id < by_key_size) field = by_key[id];
          }
        } else if (!plan.shadowed(child)) {
          auto it = index.fields.find(Sv(plan.key(child)));
          field = it == index.fields.end() ? nullptr : it->second;
        }
        const bool container = k == JsonKind::kObject || k == JsonKind::kArray;
        // A member of the wrong type is masked; a null member never is.
        const SchemaType* chosen = nullptr;
        if (field == nullptr || k == JsonKind::kNull) {
          if (container) skip(child);
        } else if (!Matches(k, *field, &chosen)) {
          Mask(schema, child, *field);
          if (container) skip(child);
        } else if (container) {
          look_into(child, *chosen, parent.depth + 1);
        }
      }
    } else if (parent.type->kind == Kind::kArrayOf) {
      const SchemaType& item_type = parent.type->parts[0];
      for (const NodeId child : children) {
        const JsonKind k = plan.kind(child);
        const bool container = k == JsonKind::kObject || k == JsonKind::kArray;
        const SchemaType* chosen = nullptr;
        // Unlike a member, a null item is of the wrong type.
        if (k == JsonKind::kNull || !Matches(k, item_type, &chosen)) {
          Mask(schema, child, item_type);
          if (container) skip(child);
        } else if (container && parent.depth < kMaxDepth) {
          look_into(child, *chosen, parent.depth + 1);
        } else if (container) {
          skip(child);
        }
      }
    } else {
      skip(parent.node);
    }
  }
  // Errors in document order, as a walk down the tree meets them (a node is
  // masked once at most, by its parent).
  auto by_node = [](const TypeError& a, const TypeError& b) { return a.node < b.node; };
  if (!std::is_sorted(errors_.begin(), errors_.end(), by_node)) {
    std::sort(errors_.begin(), errors_.end(), by_node);
  }
}

}  // namespace planlint::expr

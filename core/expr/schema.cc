#include "core/expr/schema.h"
#include "core/util/strings.h"

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

TypedView::TypedView(const Plan& plan, const Schema& schema, std::span<const KeyId> member_ids)
    : member_ids_(member_ids) {
  if (schema.empty()) return;
  masked_.assign(plan.node_count(), 0);
  Visit(plan, schema, plan.root(), schema.root(), 0);
  member_ids_ = {};
}

namespace {

// Whether a value of JSON kind `k` has type kind `t` (not a union).
bool KindMatches(Kind t, JsonKind k) {
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

// Types whose values the typed view does not look into.
bool IsLeaf(Kind t) { return t != Kind::kNamed && t != Kind::kArrayOf && t != Kind::kUnion; }

}  // namespace

bool TypedView::Matches(const Plan& plan, const Schema& schema, NodeId n, const SchemaType& type,
                        const SchemaType** chosen) const {
  *chosen = &type;
  if (type.kind != Kind::kUnion) return KindMatches(type.kind, plan.kind(n));
  for (const SchemaType& p : type.parts) {
    if (Matches(plan, schema, n, p, chosen)) return true;
  }
  return false;
}

void TypedView::Visit(const Plan& plan, const Schema& schema, NodeId n, const SchemaType& type,
                      int depth) {
  if (plan.kind(n) == JsonKind::kNull || depth > 2048) return;
  const SchemaType* chosen = nullptr;
  if (!Matches(plan, schema, n, type, &chosen)) {
    masked_[n] = 1;
    errors_.push_back({n, schema.Describe(type)});
    return;
  }
  VisitChildren(plan, schema, n, *chosen, depth);
}

void TypedView::VisitChildren(const Plan& plan, const Schema& schema, NodeId n,
                              const SchemaType& chosen, int depth) {
  if (chosen.kind == Kind::kNamed) {
    if (chosen.index == nullptr) return;
    const FieldIndex& index = *chosen.index;
    const std::span<const NodeId> members = plan.children(n);
    // The members' key ids, when the plan's keys were looked up by id.
    const KeyId* ids = member_ids_.empty()
                           ? nullptr
                           : member_ids_.data() + (members.data() - plan.all_children().data());
    for (size_t i = 0; i < members.size(); ++i) {
      if (plan.shadowed(members[i])) continue;
      const SchemaType* field = nullptr;
      if (ids != nullptr) {
        // Names the table does not know are no field of any type.
        field = ids[i] < index.by_key.size() ? index.by_key[ids[i]] : nullptr;
      } else {
        auto it = index.fields.find(Sv(plan.key(members[i])));
        field = it == index.fields.end() ? nullptr : it->second;
      }
      if (field == nullptr) continue;
      if (IsLeaf(field->kind)) {
        // What Visit would do for a member with nothing to look into.
        const JsonKind k = plan.kind(members[i]);
        if (k != JsonKind::kNull && depth + 1 <= 2048 && !KindMatches(field->kind, k)) {
          masked_[members[i]] = 1;
          errors_.push_back({members[i], schema.Describe(*field)});
        }
        continue;
      }
      Visit(plan, schema, members[i], *field, depth + 1);
    }
  } else if (chosen.kind == Kind::kArrayOf) {
    const SchemaType& item_type = chosen.parts[0];
    for (NodeId child : plan.children(n)) {
      const SchemaType* item_chosen = nullptr;
      if (plan.kind(child) == JsonKind::kNull ||
          !Matches(plan, schema, child, item_type, &item_chosen)) {
        masked_[child] = 1;
        errors_.push_back({child, schema.Describe(item_type)});
        continue;
      }
      // What Visit(child, item_type) would do, without matching again.
      if (depth + 1 <= 2048) VisitChildren(plan, schema, child, *item_chosen, depth + 1);
    }
  }
}

}  // namespace planlint::expr

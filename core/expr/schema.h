// The plan format's types, as a pack declares them (`schema:`), and the
// typed view they give a plan: which values are of the wrong type (DOC006)
// and so are seen as empty by the rules about their key.
#ifndef PLANLINT_CORE_EXPR_SCHEMA_H_
#define PLANLINT_CORE_EXPR_SCHEMA_H_

#include <map>
#include <span>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "core/expr/key_table.h"
#include "core/plan/plan.h"

namespace planlint::expr {

using FieldMap = std::map<std::string, struct SchemaType, std::less<>>;

// One type expression: string | number | boolean | object | array | any |
// date | [T] | T | U | NamedType.
struct SchemaType {
  enum class Kind {
    kString,
    kNumber,
    kBoolean,
    kObject,
    kArray,
    kAny,
    kDate,
    kArrayOf,
    kUnion,
    kNamed
  };
  Kind kind = Kind::kAny;
  std::vector<SchemaType> parts;  // kArrayOf: one item type; kUnion: alternatives
  std::string name;               // kNamed
  // kNamed, after Schema::Validate(): the type's fields, for fast look-up.
  const struct FieldIndex* index = nullptr;
};

// A named type's fields by name (hashing, for the per-member look-ups of the
// typed view), and by KeyTable id once IndexKeys() has run.
struct FieldIndex {
  absl::flat_hash_map<std::string, const SchemaType*> fields;
  std::vector<const SchemaType*> by_key;  // KeyId -> field type, or nullptr
  uint32_t ordinal = 0;                   // 0 .. Schema::index_count() - 1
};

class Schema {
 public:
  // Parses a type expression ("[ScheduleEntry]", "string | [string]").
  static absl::StatusOr<SchemaType> ParseType(std::string_view text);

  // Adds a named object type: field name -> type.
  void AddType(std::string name, FieldMap fields);
  void SetRoot(SchemaType root) { root_ = std::move(root); }
  // Checks that every named type used is defined, and links each named type
  // to its field index; returns the first problem. Call once, after the
  // last AddType.
  absl::Status Validate();
  // Adds every field name to `keys` and indexes each type's fields by key
  // id, for TypedView over a plan whose keys were looked up in `keys`. Call
  // after Validate().
  void IndexKeys(KeyTable* keys);
  // The table IndexKeys() used, or nullptr.
  const KeyTable* indexed_keys() const { return indexed_keys_; }

  const SchemaType& root() const { return root_; }
  // How many named types have a FieldIndex (after Validate()).
  size_t index_count() const { return indexes_.size(); }
  // Fields of a named type (nullptr when unknown).
  const FieldMap* Fields(const std::string& name) const;
  // Type of `field` inside `type` when `type` is (or unions to) a named
  // object type that declares it; nullptr otherwise.
  const SchemaType* FieldType(const SchemaType& type, const std::string& field) const;
  // Item type when `type` is an array type; nullptr otherwise.
  const SchemaType* ItemType(const SchemaType& type) const;

  // "string", "array of strings", "object (ScheduleEntry)", "string or array of strings".
  std::string Describe(const SchemaType& type) const;

  bool empty() const { return types_.empty() && root_.kind == SchemaType::Kind::kAny; }

 private:
  void Link(SchemaType& type);

  SchemaType root_;
  const KeyTable* indexed_keys_ = nullptr;
  std::map<std::string, FieldMap> types_;
  std::map<std::string, FieldIndex> indexes_;
};

// The typed view of one plan: a bit per node saying it is of the wrong type
// where the schema places it, and the list of those nodes (outermost only).
class TypedView {
 public:
  struct TypeError {
    NodeId node;
    std::string expected;
  };
  TypedView() = default;
  // Classifies every node, walking down from the root through the
  // containers the schema gives fields or items. With `member_ids` (room for
  // Plan::all_children(), which EvalContext keeps beside it), it also writes
  // the `keys` id of every member of every object there (`shadowed_id` for
  // a shadowed member; array items are left alone), and, when the schema
  // was indexed with `keys` (Schema::IndexKeys), the walk finds fields by
  // those ids instead of by text, writing them as it goes.
  TypedView(const Plan& plan, const Schema& schema, const KeyTable* keys = nullptr,
            KeyId* member_ids = nullptr, KeyId shadowed_id = 0xFFFF);

  bool masked(NodeId n) const { return !masked_.empty() && masked_[n] != 0; }
  const std::vector<TypeError>& errors() const { return errors_; }

 private:
  void Mask(const Schema& schema, NodeId n, const SchemaType& type);
  std::vector<uint8_t> masked_;
  std::vector<TypeError> errors_;
};

}  // namespace planlint::expr

#endif  // PLANLINT_CORE_EXPR_SCHEMA_H_

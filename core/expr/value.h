// The values CEL expressions compute with. A Value is small and trivially
// copyable; what it points to (strings, lists, maps, error messages) lives in
// the evaluation's arena or in the Plan, and dies with them.
//
// A value that came from the plan remembers its node (`node`), so a finding
// can point at it wherever it travelled: objects and arrays from the plan
// are maps and lists backed by their node (rep == nullptr), strings point
// into the plan, numbers are doubles (CEL's JSON mapping).
#ifndef PLANLINT_CORE_EXPR_VALUE_H_
#define PLANLINT_CORE_EXPR_VALUE_H_

#include <cstdint>
#include <memory_resource>
#include <string>
#include <string_view>

#include "core/plan/plan.h"
#include "core/text/date.h"

namespace planlint::expr {

enum class ValueKind : uint8_t {
  kAbsent,  // a missing field seen through a lenient argument (never a result)
  kNull,
  kBool,
  kInt,
  kUint,
  kDouble,
  kString,
  kList,
  kMap,
  kDate,
  kType,   // a CEL type value (type(x)); str holds its name
  kError,  // an evaluation error; str holds its message
};

struct Value;

// An arena list: n items stored right after the header.
struct ListRep {
  uint32_t size;
  const Value* items;
};

// An arena map. Keys are strings, ints, uints or bools. For maps large
// enough to want one, `index` is a hash table of the string keys (open
// addressing, index_mask + 1 slots, each a key's position + 1 or 0).
struct MapRep {
  uint32_t size;
  uint32_t index_mask;
  const Value* keys;
  const Value* values;
  const uint32_t* index;  // nullptr when not built
};

struct Value {
  ValueKind kind = ValueKind::kNull;
  // Seen without the typed view (raw(x), or reached through `..`).
  bool raw = false;
  // The plan node this value came from, or kNoNode.
  NodeId node = kNoNode;
  union {
    bool b;
    int64_t i;
    uint64_t u;
    double d;
    text::DayNumber date;
    struct {
      const char* data;
      uint32_t size;
    } str;
    const ListRep* list;  // nullptr: backed by `node`
    const MapRep* map;    // nullptr: backed by `node`
  };

  Value() : i(0) {}

  static Value Absent() { return Make(ValueKind::kAbsent); }
  static Value Null(NodeId node = kNoNode) {
    Value v = Make(ValueKind::kNull);
    v.node = node;
    return v;
  }
  static Value Bool(bool b) {
    Value v = Make(ValueKind::kBool);
    v.b = b;
    return v;
  }
  static Value Int(int64_t i) {
    Value v = Make(ValueKind::kInt);
    v.i = i;
    return v;
  }
  static Value Uint(uint64_t u) {
    Value v = Make(ValueKind::kUint);
    v.u = u;
    return v;
  }
  static Value Double(double d) {
    Value v = Make(ValueKind::kDouble);
    v.d = d;
    return v;
  }
  static Value Date(text::DayNumber day) {
    Value v = Make(ValueKind::kDate);
    v.date = day;
    return v;
  }
  // `s` must outlive the value (plan text, arena or a static).
  static Value String(std::string_view s, NodeId node = kNoNode) {
    Value v = Make(ValueKind::kString);
    v.str.data = s.data();
    v.str.size = static_cast<uint32_t>(s.size());
    v.node = node;
    return v;
  }
  static Value Type(std::string_view name) {
    Value v = String(name);
    v.kind = ValueKind::kType;
    return v;
  }
  static Value List(const ListRep* rep) {
    Value v = Make(ValueKind::kList);
    v.list = rep;
    return v;
  }
  static Value Map(const MapRep* rep) {
    Value v = Make(ValueKind::kMap);
    v.map = rep;
    return v;
  }
  // An error whose message outlives the value (arena or static).
  static Value Error(std::string_view message) {
    Value v = String(message);
    v.kind = ValueKind::kError;
    return v;
  }

  bool is_error() const { return kind == ValueKind::kError; }
  bool is_absent() const { return kind == ValueKind::kAbsent; }
  bool is_bool() const { return kind == ValueKind::kBool; }
  bool is_string() const { return kind == ValueKind::kString; }
  bool is_number() const {
    return kind == ValueKind::kInt || kind == ValueKind::kUint || kind == ValueKind::kDouble;
  }
  bool node_backed() const {
    return (kind == ValueKind::kList && list == nullptr) ||
           (kind == ValueKind::kMap && map == nullptr);
  }
  std::string_view string() const { return std::string_view(str.data, str.size); }

 private:
  static Value Make(ValueKind kind) {
    Value v;
    v.kind = kind;
    return v;
  }
};

// CEL's name of a value's type: "int", "uint", "double", "string", "bool",
// "null_type", "list", "map", "type", plus planlint's "date".
std::string_view TypeName(const Value& v);

}  // namespace planlint::expr

#endif  // PLANLINT_CORE_EXPR_VALUE_H_

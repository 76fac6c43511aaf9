// Equality, ordering and rendering of Values, with CEL's semantics
// (heterogeneous numeric equality and ordering; different types are unequal).
#ifndef PLANLINT_CORE_EXPR_VALUE_OPS_H_
#define PLANLINT_CORE_EXPR_VALUE_OPS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/strings/string_view.h"
#include "core/expr/context.h"
#include "core/expr/value.h"

namespace planlint::expr {

// CEL `==`: a bool, or an error when an operand is one.
Value Equal(EvalContext& ctx, const Value& a, const Value& b);
bool EqualBool(EvalContext& ctx, const Value& a, const Value& b);

// CEL ordering: -1, 0, 1; nullopt when the pair has no ordering overload.
std::optional<int> Compare(const Value& a, const Value& b);
// The same as a plain int, kUnordered for nullopt: the evaluator's form (an
// optional<int> returned through memory stalls its reader).
inline constexpr int kUnordered = 2;
int Order(const Value& a, const Value& b);

// A key usable in hash maps for set()/indexBy(): nullopt for values that
// cannot be keys (lists, maps, errors). Equal numbers give equal keys.
std::optional<std::string> HashKey(EvalContext& ctx, const Value& v);

// The same key without building a string, for the hash sets and maps of
// set(), distinct(), indexBy(), duplicatesBy(), distinctBy() and groupBy():
// two values have equal ValueKeys exactly when their HashKeys are equal.
struct ValueKey {
  enum class Tag : uint8_t { kString, kBool, kNull, kDate, kNumber, kOther };
  Tag tag = Tag::kNull;
  int64_t number = 0;     // kBool, kDate, kNumber (an integer that fits int64)
  std::string_view text;  // kString; kOther: the HashKey text (in the arena)

  bool operator==(const ValueKey& o) const {
    return tag == o.tag && number == o.number && text == o.text;
  }
  // One field hashed, not three: a text key by its text, any other by its
  // number and tag. Equal keys have equal tags, so take the same branch.
  template <typename H>
  friend H AbslHashValue(H h, const ValueKey& k) {
    if (k.tag == Tag::kString || k.tag == Tag::kOther) {
      return H::combine(std::move(h), absl::string_view(k.text.data(), k.text.size()));
    }
    return H::combine(std::move(h),
                      static_cast<uint64_t>(k.number) ^ (static_cast<uint64_t>(k.tag) << 56));
  }
};
std::optional<ValueKey> KeyOf(EvalContext& ctx, const Value& v);

// Text shown in messages: strings as they are, numbers shortest, lists
// joined by ", ", null/absent as "".
std::string Render(EvalContext& ctx, const Value& v);
// Render() for a `{...}` part of a message: cut after kMessagePartLimit code
// points with "…", so that a long value named in many findings (an id of a
// megabyte in each of a thousand findings) cannot blow the report up.
inline constexpr size_t kMessagePartLimit = 200;
std::string RenderForMessage(EvalContext& ctx, const Value& v);
// JSON text of a value (dates as "YYYY-MM-DD" strings, errors as
// {"error": "..."}).
std::string ToJson(EvalContext& ctx, const Value& v);
// Formats a double the shortest way that round-trips ("1", "1.5", "1e+300").
std::string FormatDouble(double d);

}  // namespace planlint::expr

#endif  // PLANLINT_CORE_EXPR_VALUE_OPS_H_

// Equality, ordering and rendering of Values, with CEL's semantics
// (heterogeneous numeric equality and ordering; different types are unequal).
#ifndef PLANLINT_CORE_EXPR_VALUE_OPS_H_
#define PLANLINT_CORE_EXPR_VALUE_OPS_H_

#include <optional>
#include <string>

#include "core/expr/context.h"
#include "core/expr/value.h"

namespace planlint::expr {

// CEL `==`: a bool, or an error when an operand is one.
Value Equal(EvalContext& ctx, const Value& a, const Value& b);
bool EqualBool(EvalContext& ctx, const Value& a, const Value& b);

// CEL ordering: -1, 0, 1; nullopt when the pair has no ordering overload.
std::optional<int> Compare(const Value& a, const Value& b);

// A key usable in hash maps for set()/indexBy(): nullopt for values that
// cannot be keys (lists, maps, errors). Equal numbers give equal keys.
std::optional<std::string> HashKey(EvalContext& ctx, const Value& v);

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

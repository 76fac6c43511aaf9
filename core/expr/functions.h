// The function library: CEL's standard functions for the supported subset and
// the plan-domain extensions (docs/rule-language.md). Each function checks its
// arguments' runtime kinds itself and returns a CEL error value for a missing
// overload. Macros and operators with special evaluation order (&&, ||, ?:,
// has, all/exists/map/filter, indexBy...) are compiled by the compiler, not
// listed here.
#ifndef PLANLINT_CORE_EXPR_FUNCTIONS_H_
#define PLANLINT_CORE_EXPR_FUNCTIONS_H_

#include <cstddef>
#include <string_view>

#include "core/expr/context.h"
#include "core/expr/match_starts.h"
#include "core/expr/value.h"

namespace planlint::expr {

using FunctionImpl = Value (*)(EvalContext& ctx, const Value* args, size_t n);

struct FunctionInfo {
  std::string_view name;
  int min_args;
  int max_args;
  FunctionImpl impl;
  // Arguments evaluated leniently (a missing field is Absent).
  bool lenient = false;
  // Receives error arguments itself instead of propagating the first.
  bool takes_errors = false;
  // Depends only on its arguments (may be folded at compile time).
  bool pure = true;
};

// nullptr when there is no function of that name.
const FunctionInfo* FindFunction(std::string_view name);

// Helper for implementations: "no matching overload for 'f' applied to (int, string)".
Value NoOverload(EvalContext& ctx, std::string_view function, const Value* args, size_t n);

// pointer(x)'s error for a value that does not come from the plan.
Value PointerNotFromPlan(EvalContext& ctx);

// The plan-format "empty" test (plan-format.md, Conventions).
bool IsEmptyValue(EvalContext& ctx, const Value& v);

// findAll's search: every leftmost, non-overlapping match of `re` in `s` (an
// empty list when `s` is not a string), one unit of cost each. RE2 searches
// only from the positions `starts` leaves possible.
Value FindAllMatches(EvalContext& ctx, const Value& s, const RE2& re, const MatchStarts& starts);

}  // namespace planlint::expr

#endif  // PLANLINT_CORE_EXPR_FUNCTIONS_H_

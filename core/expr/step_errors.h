// Errors that many steps return, shared by the files that define steps.
#ifndef PLANLINT_CORE_EXPR_STEP_ERRORS_H_
#define PLANLINT_CORE_EXPR_STEP_ERRORS_H_

#include <string_view>

#include "core/expr/context.h"
#include "core/expr/functions.h"
#include "core/expr/value.h"

namespace planlint::expr {

// "cost limit exceeded". Out of line: the steps that may stop on the cost
// limit then need no frame for building the error on their hot path.
[[gnu::noinline, gnu::cold]] inline Value CostError(EvalContext& ctx) {
  return ctx.MakeError("cost limit exceeded");
}

// The error of operator or macro `op` given `v` where it needs a bool: `v`
// itself when it is an error, else no matching overload. Out of line, as
// CostError.
[[gnu::noinline, gnu::cold]] inline Value NotBool(EvalContext& ctx, std::string_view op,
                                                  const Value& v) {
  if (v.is_error()) return v;
  Value args[] = {v};
  return NoOverload(ctx, op, args, 1);
}

}  // namespace planlint::expr

#endif  // PLANLINT_CORE_EXPR_STEP_ERRORS_H_

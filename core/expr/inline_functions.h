// The one-argument functions the pack calls most on fields and names
// (isDate, date, present, empty, isString, isList...), as inline code. The
// function table (functions.cc) lists each as OneArg<F>, and the fused call
// steps (field_steps.cc) that call one of them call F::Call directly: the
// same code, without the indirect call and the argument passed through
// memory.
#ifndef PLANLINT_CORE_EXPR_INLINE_FUNCTIONS_H_
#define PLANLINT_CORE_EXPR_INLINE_FUNCTIONS_H_

#include <cstddef>

#include "core/expr/context.h"
#include "core/expr/functions.h"
#include "core/expr/value.h"
#include "core/text/date.h"
#include "core/text/unicode.h"

namespace planlint::expr {

// The FunctionImpl of a function F of one argument.
template <typename F>
Value OneArg(EvalContext& ctx, const Value* args, size_t) {
  return F::Call(ctx, args[0]);
}

// date()'s error for a string that is no date (out of line: cold).
Value NotADate(EvalContext& ctx, const Value& v);

// isDate(x).
struct IsDateFunction {
  static Value Call(EvalContext& ctx, const Value& a) {
    if (a.kind == ValueKind::kDate) return Value::Bool(true);
    text::DayNumber day;
    return Value::Bool(a.is_string() && ctx.ParseDate(a, &day));
  }
};

// date(x).
struct DateFunction {
  static Value Call(EvalContext& ctx, const Value& a) {
    if (a.kind == ValueKind::kDate) return a;
    if (!a.is_string()) return NoOverload(ctx, "date", &a, 1);
    text::DayNumber day;
    if (!ctx.ParseDate(a, &day)) return NotADate(ctx, a);
    return Value::Date(day);
  }
};

// empty(x) (kPresent false) and present(x) (true): IsEmptyValue with its
// commonest case, a string, inline (Trim's own fast path then decides most
// strings without a call).
template <bool kPresent>
struct EmptinessFunction {
  static Value Call(EvalContext& ctx, const Value& a) {
    const bool empty =
        a.kind == ValueKind::kString ? text::Trim(a.string()).empty() : IsEmptyValue(ctx, a);
    return Value::Bool(empty != kPresent);
  }
};

// isString(x), isList(x)... (kDouble stands for isNumber: any number).
template <ValueKind kKind>
struct IsKindFunction {
  static Value Call(EvalContext&, const Value& a) {
    if constexpr (kKind == ValueKind::kDouble) return Value::Bool(a.is_number());
    return Value::Bool(a.kind == kKind);
  }
};

}  // namespace planlint::expr

#endif  // PLANLINT_CORE_EXPR_INLINE_FUNCTIONS_H_

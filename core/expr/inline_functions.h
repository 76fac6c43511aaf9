// The one-argument functions the pack calls most (isDate, date, present,
// empty, isString, isList, !), as inline code. The function table
// (functions.cc) lists each as OneArg<F>, and the call steps that call one
// of them (field_steps.cc, FixedCallStep) call F::Call directly (WithCall
// picks it): the same code, without the indirect call.
#ifndef PLANLINT_CORE_EXPR_INLINE_FUNCTIONS_H_
#define PLANLINT_CORE_EXPR_INLINE_FUNCTIONS_H_

#include <cstddef>
#include <optional>
#include <utility>

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
  // Its value for a string whose ParseDate answer is known (`answer`, as
  // EvalContext::KnownMemberDate gives it, 0 or 1): true, as it always
  // has one.
  static bool FromKnownDate(int answer, text::DayNumber, Value* out) {
    *out = Value::Bool(answer == 1);
    return true;
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
  // As IsDateFunction's: false for a string that is no date (the error
  // names the string, so the caller makes it as usual).
  static bool FromKnownDate(int answer, text::DayNumber day, Value* out) {
    if (answer != 1) return false;
    *out = Value::Date(day);
    return true;
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

// !x.
struct NotFunction {
  static Value Call(EvalContext& ctx, const Value& a) {
    if (!a.is_bool()) return NoOverload(ctx, "!_", &a, 1);
    return Value::Bool(!a.b);
  }
};

// _<_, _<=_, _>_ and _>=_ (kWant 0 to 3) of any two values, and `x in c`
// (functions.cc): what CompareFunction and InFunction do beyond their
// inline cases.
Value CompareValues(EvalContext& ctx, const Value* args, int want);
Value InValues(EvalContext& ctx, const Value* args);

// The FunctionImpl of a function F of two arguments.
template <typename F>
Value TwoArgs(EvalContext& ctx, const Value* args, size_t) {
  return F::Call(ctx, args);
}

// _<_, _<=_, _>_, _>=_ (kWant 0 to 3): two dates inline (most comparisons of
// the pack), anything else through CompareValues.
template <int kWant>
struct CompareFunction {
  static Value Call(EvalContext& ctx, const Value* args) {
    if (args[0].kind == ValueKind::kDate && args[1].kind == ValueKind::kDate) {
      const text::DayNumber a = args[0].date, b = args[1].date;
      if constexpr (kWant == 0) return Value::Bool(a < b);
      if constexpr (kWant == 1) return Value::Bool(a <= b);
      if constexpr (kWant == 2) return Value::Bool(a > b);
      return Value::Bool(a >= b);
    }
    return CompareValues(ctx, args, kWant);
  }
};

// `x in c`: a string in a map inline (a look-up of the key), anything else
// through InValues.
struct InFunction {
  static Value Call(EvalContext& ctx, const Value* args) {
    if (args[1].kind == ValueKind::kMap && args[0].kind == ValueKind::kString) {
      Value member;
      return Value::Bool(ctx.MemberInto(args[1], KeyRef{args[0].string()}, &member));
    }
    return InValues(ctx, args);
  }
};

// How a call step calls its function of `n` arguments: through the
// table's pointer, or (CallInline<F>, one argument) F's code inline.
struct CallThrough {
  static Value Call(EvalContext& ctx, const Value* args, size_t n, FunctionImpl impl) {
    return impl(ctx, args, n);
  }
};
template <typename F>
struct CallInline {
  using Function = F;
  static Value Call(EvalContext& ctx, const Value* args, size_t, FunctionImpl) {
    return F::Call(ctx, args[0]);
  }
};

// CallInline for a function of two arguments.
template <typename F>
struct CallInline2 {
  static Value Call(EvalContext& ctx, const Value* args, size_t, FunctionImpl) {
    return F::Call(ctx, args);
  }
};

// How the function table lists a function F of one argument (OneArg<F>)
// or of two (TwoArgs<F>), and the Call that calls F inline.
template <typename F>
struct OneArgCall {
  static constexpr FunctionImpl kImpl = &OneArg<F>;
  using Inline = CallInline<F>;
};
template <typename F>
struct TwoArgsCall {
  static constexpr FunctionImpl kImpl = &TwoArgs<F>;
  using Inline = CallInline2<F>;
};

// make.template operator()<Kind<F>::Inline>() for the first F of `Fs`
// whose Kind<F>::kImpl is `impl`, else make.template
// operator()<CallThrough>(). `make` is called once.
template <template <typename> class Kind, typename... Fs, typename Make>
auto PickCall(FunctionImpl impl, const Make& make) {
  std::optional<decltype(make.template operator()<CallThrough>())> picked;
  (void)((impl == Kind<Fs>::kImpl &&
          (picked.emplace(make.template operator()<typename Kind<Fs>::Inline>()), true)) ||
         ...);
  if (picked) return std::move(*picked);
  return make.template operator()<CallThrough>();
}

// make.template operator()<Call>() with the Call for one-argument function
// `impl`: CallInline<F> when it is OneArg<F> of a function above that
// evaluates its argument leniently (kLenient) or strictly (not kLenient),
// else CallThrough.
template <bool kLenient, typename Make>
auto WithCall(FunctionImpl impl, const Make& make) {
  if constexpr (kLenient) {
    return PickCall<OneArgCall, IsDateFunction, EmptinessFunction<true>, EmptinessFunction<false>,
                    IsKindFunction<ValueKind::kString>, IsKindFunction<ValueKind::kList>>(impl,
                                                                                          make);
  } else {
    return PickCall<OneArgCall, DateFunction, NotFunction>(impl, make);
  }
}

// WithCall for a function of two arguments (all strict): CallInline2<F>
// when `impl` is TwoArgs<F> of a function above.
template <typename Make>
auto WithCall2(FunctionImpl impl, const Make& make) {
  return PickCall<TwoArgsCall, InFunction, CompareFunction<0>, CompareFunction<1>,
                  CompareFunction<2>, CompareFunction<3>>(impl, make);
}

}  // namespace planlint::expr

#endif  // PLANLINT_CORE_EXPR_INLINE_FUNCTIONS_H_

// The comprehension macros' steps: `all`, `exists`, `exists_one`, `map`,
// `filter` and the plan-domain `indexBy`, `duplicatesBy`, `distinctBy` and
// `groupBy` over a list (or a map's keys), with the variable in a slot of
// its own; and the unrolled form of `filter`/`map` over a small constant
// list, whose body is compiled once per item (Compiler::CompileUnrolled).
// The compiler decides which to make; these steps only evaluate.
#ifndef PLANLINT_CORE_EXPR_MACRO_STEPS_H_
#define PLANLINT_CORE_EXPR_MACRO_STEPS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/expr/program.h"
#include "core/expr/value.h"

namespace planlint::expr {

// Which macro a MacroStep evaluates.
enum class MacroKind {
  kAll,
  kExists,
  kExistsOne,
  kMap,
  kFilter,
  kIndexBy,
  kDuplicatesBy,
  kDistinctBy,
  kGroupBy
};

// The macro a method name stands for (`list.all(x, ...)`), if any.
std::optional<MacroKind> MacroNamed(std::string_view name);

// `range.NAME(var, pred)` or `range.NAME(var, transform)`, as `kind` says
// (a three-argument `map` has both: filter by `pred`, then `transform`).
// A filter or distinctBy that keeps every item of a list the evaluation
// made (not one backed by a plan node) may give that list back.
StepPtr MakeMacroStep(uint32_t offset, MacroKind kind, std::string name, StepPtr range,
                      uint32_t var, StepPtr pred, StepPtr transform);

// The general step of every macro (MacroStep), which MakeMacroStep makes
// only for all, exists, exists_one and groupBy: the others have steps of
// their own that compute what it computes. For tests that compare them.
StepPtr MakeGeneralMacroStep(uint32_t offset, MacroKind kind, std::string name, StepPtr range,
                             uint32_t var, StepPtr pred, StepPtr transform);

// A filter (`is_filter`) or map over the constant list `range`, with
// `bodies[i]` compiled for its i-th item: what MakeMacroStep's step computes
// for that range, with the same charges.
StepPtr MakeUnrolledStep(uint32_t offset, bool is_filter, std::string name, Value range,
                         uint32_t var, std::vector<StepPtr> bodies);

}  // namespace planlint::expr

#endif  // PLANLINT_CORE_EXPR_MACRO_STEPS_H_

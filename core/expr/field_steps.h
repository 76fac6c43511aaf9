// Field selection steps (`x.f`): the general one, and fused forms for the
// commonest shapes of the pack, where the target is a name (`self.f`,
// `t.f`) read straight from its slot, and where a one-argument function is
// called on a name or such a field (`isString(d)`, `present(t.f)`,
// `isDate(self.start)`). The fused
// steps compute exactly what the general steps would (values, errors, cost
// charged), without a virtual call and a copy per level.
#ifndef PLANLINT_CORE_EXPR_FIELD_STEPS_H_
#define PLANLINT_CORE_EXPR_FIELD_STEPS_H_

#include <cstdint>
#include <string>

#include "core/expr/functions.h"
#include "core/expr/program.h"

namespace planlint::expr {

// `target.field` (`key_id`: the field's id in the pack's KeyTable, or -1).
StepPtr MakeSelectStep(uint32_t offset, StepPtr target, std::string field, int32_t key_id);

// A call of one-argument function `fn` on `arg` when `arg` is a name or a
// field of a name (made by MakeSelectStep); otherwise nullptr, and `arg` is
// untouched. The caller checks the function's arity.
StepPtr MakeFieldCallStep(uint32_t offset, const FunctionInfo* fn, StepPtr& arg);

// A call of one-argument lenient function `fn` on the value in `slot`,
// read in place (what MakeFieldCallStep makes for a name).
StepPtr MakeLenientSlotCallStep(uint32_t offset, const FunctionInfo* fn, uint32_t slot);

// `cond ? yes : no` when `cond` is a call MakeFieldCallStep made on a field
// of a name and `yes` the step MakeSelectStep made for the same field of
// the same name (`isList(t.f) ? t.f : []`): the field is looked up once;
// otherwise nullptr, and the steps are untouched.
StepPtr MakeFieldConditionalStep(uint32_t offset, StepPtr& cond, StepPtr& yes, StepPtr& no);

}  // namespace planlint::expr

#endif  // PLANLINT_CORE_EXPR_FIELD_STEPS_H_

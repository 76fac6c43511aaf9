#include "core/expr/field_steps.h"

#include <memory>
#include <string>
#include <utility>

#include "core/expr/inline_functions.h"
#include "core/expr/step_errors.h"
#include "core/util/strings.h"

namespace planlint::expr {

namespace {

// The errors of field selection, out of line: the hot paths that inline
// SelectField then need no frame for building a message.
[[gnu::noinline, gnu::cold]] Value NoSuchKey(EvalContext& ctx, const KeyRef& key) {
  return ctx.MakeError(Cat("no such key: '", key.name, "'"));
}
[[gnu::noinline, gnu::cold]] Value NoFieldSelection(EvalContext& ctx, const Value& target,
                                                    const KeyRef& key) {
  return ctx.MakeError(
      Cat("type '", TypeName(target), "' does not support field selection ('.", key.name, "')"));
}

// `target.key`. One result object on every path, so that it is the
// caller's (NRVO) and the member is written where it is used
// (EvalContext::NodeValueInto). Inline: each step below has its own copy.
inline Value SelectField(Frame& f, const Value& target, const KeyRef& key, bool lenient) {
  Value out;
  if (target.kind == ValueKind::kMap) [[likely]] {
    if (!f.ctx->MemberInto(target, key, &out)) {
      out = lenient ? Value::Absent() : NoSuchKey(*f.ctx, key);
    }
  } else if (target.is_error() || target.is_absent()) {
    out = target;
  } else if (lenient) {
    out = Value::Absent();
  } else {
    out = NoFieldSelection(*f.ctx, target, key);
  }
  return out;
}

// `x.field` for any target step.
class SelectStep final : public Step {
 public:
  SelectStep(uint32_t offset, StepPtr target, std::string field, int32_t key_id)
      : Step(offset), target_(std::move(target)), field_(std::move(field)), key_{field_, key_id} {}
  Value Eval(Frame& f) const override { return SelectField(f, target_->Eval(f), key_, false); }
  Value EvalLenient(Frame& f) const override {
    return SelectField(f, target_->EvalLenient(f), key_, true);
  }
  bool cheap() const override { return target_->cheap(); }

 private:
  StepPtr target_;
  std::string field_;
  KeyRef key_;  // names field_
};

// `x.field` where `x` is a name: reads the slot in place.
class SlotSelectStep final : public Step {
 public:
  SlotSelectStep(uint32_t offset, uint32_t slot, std::string field, int32_t key_id)
      : Step(offset), slot_(slot), field_(std::move(field)), key_{field_, key_id} {}
  Value Eval(Frame& f) const override { return SelectField(f, f.slots[slot_], key_, false); }
  Value EvalLenient(Frame& f) const override { return SelectField(f, f.slots[slot_], key_, true); }
  bool cheap() const override { return true; }
  StepPtr CopyFieldRead() const override {
    return std::make_unique<SlotSelectStep>(offset(), slot_, field_, key_.id);
  }

  uint32_t slot() const { return slot_; }
  // Moved out by MakeFieldCallStep, which then drops this step.
  std::string& field() { return field_; }
  int32_t key_id() const { return key_.id; }

 private:
  uint32_t slot_;
  std::string field_;
  KeyRef key_;  // names field_
};

// What a FieldCallStep knows of its call (MakeFieldConditional reads it).
class FieldCallBase : public Step {
 public:
  FieldCallBase(uint32_t offset, const FunctionInfo* fn, uint32_t slot, std::string field,
                int32_t key_id)
      : Step(offset),
        impl_(fn->impl),
        takes_errors_(fn->takes_errors),
        lenient_(fn->lenient),
        slot_(slot),
        field_(std::move(field)),
        key_{field_, key_id} {}

  FunctionImpl impl() const { return impl_; }
  bool takes_errors() const { return takes_errors_; }
  bool lenient() const { return lenient_; }
  uint32_t slot() const { return slot_; }
  const KeyRef& key() const { return key_; }

 protected:
  FunctionImpl impl_;
  bool takes_errors_;
  bool lenient_;
  uint32_t slot_;
  std::string field_;
  KeyRef key_;  // names field_
};

// fn(x.field) where `x` is a name, for a one-argument function: what a call
// step over a SlotSelectStep computes (the cost check, the argument
// evaluated leniently when the function wants it, an error argument passed
// on, an absent one made null), in one step. `Call` calls the function.
template <bool kLenient, typename Call>
class FieldCallStep final : public FieldCallBase {
 public:
  using FieldCallBase::FieldCallBase;
  Value Eval(Frame& f) const override {
    EvalContext& ctx = *f.ctx;
    if (ctx.over_limit()) return CostError(ctx);
    if constexpr (requires { Call::Function::FromKnownDate; }) {
      // isDate or date of a member whose date is known: the answer without
      // making the member's value (the look-up charges nothing).
      text::DayNumber day;
      const int answer = ctx.KnownMemberDate(f.slots[slot_], key_, &day);
      Value out;
      if (answer >= 0 && Call::Function::FromKnownDate(answer, day, &out)) {
        if (!ctx.Charge(1)) return CostError(ctx);
        return out;
      }
    }
    Value arg = SelectField(f, f.slots[slot_], key_, kLenient);
    if (!takes_errors_ && arg.is_error()) return arg;
    if (!kLenient && arg.is_absent()) arg = Value::Null();
    if (!ctx.Charge(1)) return CostError(ctx);
    return Call::Call(ctx, &arg, 1, impl_);
  }
};

// `fn(x.field) ? x.field : no` where `x` is a name (the pack's
// `itemsOf(t.depends_on)` is `isList(t.depends_on) ? t.depends_on : []`):
// what a ConditionalStep over the FieldCallStep and the SlotSelectStep
// computes, with one look-up of the field. When the condition holds and
// the condition's look-up found a value, the branch's look-up would find
// the same one (a strict and a lenient look-up differ only where the
// lenient one gives absent), so it is not done again; otherwise the
// branch is evaluated as it was. Nothing runs between the two look-ups
// but the function, which writes no slot.
template <bool kLenient>
class FieldConditionalStep final : public Step {
 public:
  FieldConditionalStep(uint32_t offset, StepPtr cond, StepPtr yes, StepPtr no)
      : Step(offset), cond_(std::move(cond)), yes_(std::move(yes)), no_(std::move(no)) {
    const auto* call = static_cast<const FieldCallBase*>(cond_.get());
    impl_ = call->impl();
    takes_errors_ = call->takes_errors();
    slot_ = call->slot();
    key_ = call->key();
  }
  Value Eval(Frame& f) const override {
    EvalContext& ctx = *f.ctx;
    // The condition, as FieldCallStep computes it; an error is the
    // conditional's value.
    if (ctx.over_limit()) return CostError(ctx);
    Value arg = SelectField(f, f.slots[slot_], key_, kLenient);
    if (!takes_errors_ && arg.is_error()) return arg;
    const Value selected = arg;
    if (!kLenient && arg.is_absent()) arg = Value::Null();
    if (!ctx.Charge(1)) return CostError(ctx);
    const Value c = impl_(ctx, &arg, 1);
    if (!c.is_bool()) return NotBool(ctx, "_?_:_", c);
    if (!c.b) return no_->Eval(f);
    if (!selected.is_absent()) return selected;
    return yes_->Eval(f);
  }
  // As Eval (a conditional's branches are never lenient).
  Value EvalLenient(Frame& f) const override { return Eval(f); }

 private:
  StepPtr cond_;  // the FieldCallStep (owns the key's text)
  StepPtr yes_;
  StepPtr no_;
  FunctionImpl impl_;
  bool takes_errors_;
  uint32_t slot_;
  KeyRef key_;
};

// fn(x) where `x` is a name, for a one-argument function: what a call
// step over the name's SlotStep computes, reading the slot in place.
// `Call` calls the function.
template <bool kLenient, typename Call>
class SlotCallStep final : public Step {
 public:
  SlotCallStep(uint32_t offset, const FunctionInfo* fn, uint32_t slot)
      : Step(offset), impl_(fn->impl), takes_errors_(fn->takes_errors), slot_(slot) {}
  Value Eval(Frame& f) const override {
    EvalContext& ctx = *f.ctx;
    if (ctx.over_limit()) return CostError(ctx);
    const Value& arg = f.slots[slot_];
    if (!takes_errors_ && arg.is_error()) return arg;
    if (!kLenient && arg.is_absent()) {
      const Value null = Value::Null();
      if (!ctx.Charge(1)) return CostError(ctx);
      return Call::Call(ctx, &null, 1, impl_);
    }
    if (!ctx.Charge(1)) return CostError(ctx);
    return Call::Call(ctx, &arg, 1, impl_);
  }

 private:
  FunctionImpl impl_;
  bool takes_errors_;
  uint32_t slot_;
};

// A call step S<kLenient, Call> (FieldCallStep, SlotCallStep) of `fn`,
// made with `args`, with WithCall's Call.
template <bool kLenient, template <bool, typename> class S, typename... Args>
StepPtr MakeCallStep(const FunctionInfo* fn, Args&&... args) {
  return WithCall<kLenient>(fn->impl, [&]<typename Call>() -> StepPtr {
    return std::make_unique<S<kLenient, Call>>(std::forward<Args>(args)...);
  });
}

template <bool kLenient>
StepPtr MakeFieldConditional(uint32_t offset, StepPtr& cond, StepPtr& yes, StepPtr& no) {
  const auto* call = dynamic_cast<const FieldCallBase*>(cond.get());
  auto* select = dynamic_cast<SlotSelectStep*>(yes.get());
  if (call == nullptr || call->lenient() != kLenient || select == nullptr ||
      call->slot() != select->slot() || call->key().id != select->key_id() ||
      call->key().name != select->field()) {
    return nullptr;
  }
  return std::make_unique<FieldConditionalStep<kLenient>>(offset, std::move(cond), std::move(yes),
                                                          std::move(no));
}

}  // namespace

StepPtr MakeFieldConditionalStep(uint32_t offset, StepPtr& cond, StepPtr& yes, StepPtr& no) {
  if (StepPtr fused = MakeFieldConditional<true>(offset, cond, yes, no)) return fused;
  return MakeFieldConditional<false>(offset, cond, yes, no);
}

StepPtr MakeSelectStep(uint32_t offset, StepPtr target, std::string field, int32_t key_id) {
  const int64_t slot = target->read_slot();
  if (slot >= 0) {
    return std::make_unique<SlotSelectStep>(offset, static_cast<uint32_t>(slot), std::move(field),
                                            key_id);
  }
  return std::make_unique<SelectStep>(offset, std::move(target), std::move(field), key_id);
}

StepPtr MakeLenientSlotCallStep(uint32_t offset, const FunctionInfo* fn, uint32_t slot) {
  return MakeCallStep<true, SlotCallStep>(fn, offset, fn, slot);
}

StepPtr MakeFieldCallStep(uint32_t offset, const FunctionInfo* fn, StepPtr& arg) {
  if (const int64_t slot = arg->read_slot(); slot >= 0) {
    const auto at = static_cast<uint32_t>(slot);
    if (fn->lenient) return MakeCallStep<true, SlotCallStep>(fn, offset, fn, at);
    return MakeCallStep<false, SlotCallStep>(fn, offset, fn, at);
  }
  auto* select = dynamic_cast<SlotSelectStep*>(arg.get());
  if (select == nullptr) return nullptr;
  if (fn->lenient) {
    return MakeCallStep<true, FieldCallStep>(fn, offset, fn, select->slot(),
                                             std::move(select->field()), select->key_id());
  }
  return MakeCallStep<false, FieldCallStep>(fn, offset, fn, select->slot(),
                                            std::move(select->field()), select->key_id());
}

}  // namespace planlint::expr

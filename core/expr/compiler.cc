#include "core/expr/compiler.h"
#include "core/util/strings.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/expr/field_steps.h"
#include "core/expr/functions.h"
#include "core/expr/inline_functions.h"
#include "core/expr/macro_steps.h"
#include "core/expr/selector.h"
#include "core/expr/step_errors.h"
#include "core/expr/value_ops.h"
#include "core/util/status.h"
#include "re2/re2.h"

namespace planlint::expr {

namespace {

absl::Status CompileError(uint32_t offset, std::string_view message) {
  return WithOffset(absl::InvalidArgumentError(std::string(message)), offset);
}

// ----- Leaves ------------------------------------------------------------------

class ConstStep final : public Step {
 public:
  ConstStep(uint32_t offset, Value v) : Step(offset), value_(v) {}
  Value Eval(Frame&) const override { return value_; }
  const Value* constant() const override { return &value_; }
  bool cheap() const override { return true; }

 private:
  Value value_;
};

class SlotStep final : public Step {
 public:
  SlotStep(uint32_t offset, uint32_t slot) : Step(offset), slot_(slot) {}
  Value Eval(Frame& f) const override { return f.slots[slot_]; }
  Value EvalLenient(Frame& f) const override { return f.slots[slot_]; }
  bool cheap() const override { return true; }
  int64_t read_slot() const override { return slot_; }

 private:
  uint32_t slot_;
};

// A `let` name: the binding is evaluated the first time a node needs it.
class LazyLetStep final : public Step {
 public:
  LazyLetStep(uint32_t offset, uint32_t slot, const Step* let)
      : Step(offset), slot_(slot), let_(let) {}
  Value Eval(Frame& f) const override {
    Value& v = f.slots[slot_];
    if (IsUnsetLet(v)) {
      // Straight into the slot (a let never reads its own slot).
      new (&v) Value(let_->Eval(f));
      if (v.is_absent()) v = Value::Null();
    }
    return v;
  }
  Value EvalLenient(Frame& f) const override { return Eval(f); }
  bool cheap() const override { return true; }

 private:
  uint32_t slot_;
  const Step* let_;
};

// An inlined pack function's parameter whose argument only reads a field of
// a name (`placeholder(self.start)`), used more than once in the body:
// ArgumentStep reads the field once, leniently, into a slot of its own
// before the body, and each use reads that slot. Where the slot holds
// absent (a missing field, a target that is not a map), a strict use reads
// the field again, for its error: the lenient and strict reads of a field
// differ only there. The read charges nothing and changes nothing, and the
// body cannot write the slots it reads (they are bound outside it), so
// every use sees what evaluating the argument there gives, at the same
// cost.
class ParamUseStep final : public Step {
 public:
  ParamUseStep(uint32_t offset, uint32_t slot, StepPtr arg)
      : Step(offset), slot_(slot), arg_(std::move(arg)) {}
  Value Eval(Frame& f) const override {
    const Value& v = f.slots[slot_];
    if (v.is_absent()) return arg_->Eval(f);
    return v;
  }
  Value EvalLenient(Frame& f) const override { return f.slots[slot_]; }
  bool cheap() const override { return true; }
  uint32_t slot() const { return slot_; }

 private:
  uint32_t slot_;
  StepPtr arg_;  // a copy of the argument, for a strict use of absent
};

// fn(p) where `p` is a ParamUseStep, for a strict one-argument function:
// what the call step over the ParamUseStep computes, reading the slot in
// place. (A lenient function reads the slot as it is, as for any name:
// MakeLenientSlotCallStep.)
class ParamCallStep final : public Step {
 public:
  ParamCallStep(uint32_t offset, FunctionImpl impl, bool takes_errors, StepPtr use)
      : Step(offset),
        impl_(impl),
        takes_errors_(takes_errors),
        use_(static_cast<const ParamUseStep*>(use.get())),
        owned_(std::move(use)) {}
  Value Eval(Frame& f) const override {
    EvalContext& ctx = *f.ctx;
    if (ctx.over_limit()) return CostError(ctx);
    Value arg = use_->Eval(f);
    if (!takes_errors_ && arg.is_error()) return arg;
    if (arg.is_absent()) arg = Value::Null();
    if (!ctx.Charge(1)) return CostError(ctx);
    return impl_(ctx, &arg, 1);
  }
  Value EvalLenient(Frame& f) const override { return Eval(f); }

 private:
  FunctionImpl impl_;
  bool takes_errors_;
  const ParamUseStep* use_;
  StepPtr owned_;  // use_
};

// The body of an inlined pack function with an argument read once (see
// ParamUseStep): the argument is read, leniently, into its slot, then the
// body is evaluated.
class ArgumentStep final : public Step {
 public:
  ArgumentStep(uint32_t offset, uint32_t slot, StepPtr arg, StepPtr body)
      : Step(offset), slot_(slot), arg_(std::move(arg)), body_(std::move(body)) {}
  Value Eval(Frame& f) const override {
    new (&f.slots[slot_]) Value(arg_->EvalLenient(f));
    return body_->Eval(f);
  }
  Value EvalLenient(Frame& f) const override {
    new (&f.slots[slot_]) Value(arg_->EvalLenient(f));
    return body_->EvalLenient(f);
  }

 private:
  uint32_t slot_;
  StepPtr arg_;
  StepPtr body_;
};

// A binding that does not depend on the selected node: computed once per
// plan, then remembered in the context. Bindings of the same text in rules
// with the same options (Compiler::Hoist's share key) also share one value
// per plan: the first rule to need it computes it, and each other rule's
// first use charges the cost meter what computing it again would have
// (computing it for real when that would pass the limit), as InvariantStep
// does, so cost limits stop rules where they did without the sharing.
class HoistedStep final : public Step {
 public:
  HoistedStep(StepPtr inner, uint32_t id, uint32_t group, bool shared)
      : Step(inner->offset()), inner_(std::move(inner)), id_(id), group_(group), shared_(shared) {}
  Value Eval(Frame& f) const override {
    auto& cache = f.ctx->hoisted();
    if (cache.size() <= id_) cache.resize(id_ + 1);
    if (!cache[id_]) cache[id_] = shared_ ? Shared(f) : inner_->Eval(f);
    return *cache[id_];
  }
  bool cheap() const override { return true; }

 private:
  // The group's value, kept beside the invariants (at the group's first
  // id, whose invariant slots no InvariantStep uses).
  Value Shared(Frame& f) const {
    EvalContext& ctx = *f.ctx;
    auto& values = ctx.invariants();
    const size_t at = 2 * size_t{group_};
    if (values.size() <= at) values.resize(at + 1);
    if (values[at].known && ctx.CanCharge(values[at].cost)) {
      ctx.Charge(values[at].cost);
      return values[at].value;
    }
    const uint64_t before = ctx.cost();
    Value v = inner_->Eval(f);
    if (!ctx.over_limit()) ctx.invariants()[at] = {v, ctx.cost() - before, true};
    return v;
  }

  StepPtr inner_;
  uint32_t id_;
  uint32_t group_;
  bool shared_;
};

// A sub-expression that reads no slot varying within one rule's run on one
// plan (Compiler::CacheInvariants): computed once per plan, then reused.
// Each reuse charges the cost meter what computing it again would have, and
// when that would pass the limit it is computed again for real, so that
// cost limits stop a rule exactly where they did without the cache.
class InvariantStep final : public Step {
 public:
  InvariantStep(StepPtr inner, uint32_t id)
      : Step(inner->offset()), inner_(std::move(inner)), id_(id) {}
  Value Eval(Frame& f) const override { return Cached(f, false); }
  Value EvalLenient(Frame& f) const override { return Cached(f, true); }

 private:
  Value Cached(Frame& f, bool lenient) const {
    EvalContext& ctx = *f.ctx;
    auto& cache = ctx.invariants();
    const size_t at = 2 * size_t{id_} + (lenient ? 1 : 0);
    if (cache.size() <= at) cache.resize(at + 1);
    if (cache[at].known && ctx.CanCharge(cache[at].cost)) {
      ctx.Charge(cache[at].cost);
      return cache[at].value;
    }
    const uint64_t before = ctx.cost();
    Value v = lenient ? inner_->EvalLenient(f) : inner_->Eval(f);
    if (!ctx.over_limit()) ctx.invariants()[at] = {v, ctx.cost() - before, true};
    return v;
  }

  StepPtr inner_;
  uint32_t id_;
};

// ----- Field selection and indexing -------------------------------------------

// The key id of a field name, when the compiler has the pack's KeyTable.
int32_t KeyIdOf(KeyTable* keys, std::string_view name) {
  return keys == nullptr ? -1 : keys->Intern(name);
}

// m[k]: one result object on every path (see SelectField).
Value MapIndex(EvalContext& ctx, const Value& target, const Value& index, bool lenient) {
  Value out;
  bool found = false;
  if (index.is_string()) {
    // A map the evaluation made is searched by the key's text: its id
    // (ValueKey, a look-up of its own for a key read from the plan) would
    // not be used.
    const KeyRef key =
        target.map != nullptr ? KeyRef{index.string()} : ctx.ValueKey(index.string());
    found = ctx.MemberInto(target, key, &out);
  } else {
    std::vector<std::pair<Value, Value>> entries;
    ctx.Entries(target, &entries);
    for (const auto& [k, v] : entries) {
      if (EqualBool(ctx, k, index)) {
        out = v;
        found = true;
        break;
      }
    }
  }
  if (!found)
    out = lenient ? Value::Absent() : ctx.MakeError(Cat("no such key: ", ToJson(ctx, index)));
  return out;
}

Value IndexValue(Frame& f, const Value& target, const Value& index, bool lenient) {
  EvalContext& ctx = *f.ctx;
  if (target.is_error()) return target;
  if (index.is_error()) return index;
  if (target.is_absent()) return target;
  if (target.kind == ValueKind::kList) {
    int64_t i = 0;
    if (index.kind == ValueKind::kInt) {
      i = index.i;
    } else if (index.kind == ValueKind::kUint) {
      i = index.u > INT64_MAX ? INT64_MAX : static_cast<int64_t>(index.u);
    } else if (index.kind == ValueKind::kDouble &&
               index.d == static_cast<double>(static_cast<int64_t>(index.d))) {
      i = static_cast<int64_t>(index.d);
    } else {
      if (lenient) return Value::Absent();
      Value args[] = {target, index};
      return NoOverload(ctx, "_[_]", args, 2);
    }
    auto items = ctx.Items(target);
    if (i < 0 || i >= static_cast<int64_t>(items.size())) {
      if (lenient) return Value::Absent();
      return ctx.MakeError(Cat("index out of range: ", i));
    }
    return items[i];
  }
  if (target.kind == ValueKind::kMap) return MapIndex(ctx, target, index, lenient);
  if (lenient) return Value::Absent();
  Value args[] = {target, index};
  return NoOverload(ctx, "_[_]", args, 2);
}

class IndexStep final : public Step {
 public:
  IndexStep(uint32_t offset, StepPtr target, StepPtr index)
      : Step(offset), target_(std::move(target)), index_(std::move(index)) {}
  Value Eval(Frame& f) const override {
    Value t = target_->Eval(f);
    return IndexValue(f, t, index_->Eval(f), false);
  }
  Value EvalLenient(Frame& f) const override {
    Value t = target_->EvalLenient(f);
    return IndexValue(f, t, index_->Eval(f), true);
  }

 private:
  StepPtr target_;
  StepPtr index_;
};

// m[k] where `m` is a name: the slot is read without a step of its own
// (copied before the index is evaluated, as IndexStep's target is).
class SlotIndexStep final : public Step {
 public:
  SlotIndexStep(uint32_t offset, uint32_t slot, StepPtr index)
      : Step(offset), slot_(slot), index_(std::move(index)) {}
  Value Eval(Frame& f) const override {
    Value t = f.slots[slot_];
    return IndexValue(f, t, index_->Eval(f), false);
  }
  Value EvalLenient(Frame& f) const override {
    Value t = f.slots[slot_];
    return IndexValue(f, t, index_->Eval(f), true);
  }

 private:
  uint32_t slot_;
  StepPtr index_;
};

// m['k'] where `m` is a name and 'k' a constant string: a map answers by
// the key's id, found once here instead of by ValueKey per call; anything
// else (a list, a missing key, an error) goes through IndexValue.
class SlotConstKeyIndexStep final : public Step {
 public:
  SlotConstKeyIndexStep(uint32_t offset, uint32_t slot, StepPtr index, int32_t key_id)
      : Step(offset),
        slot_(slot),
        index_(std::move(index)),
        key_{index_->constant()->string(), key_id} {}
  Value Eval(Frame& f) const override { return Index(f, false); }
  Value EvalLenient(Frame& f) const override { return Index(f, true); }
  StepPtr CopyFieldRead() const override {
    return std::make_unique<SlotConstKeyIndexStep>(
        offset(), slot_, std::make_unique<ConstStep>(index_->offset(), *index_->constant()),
        key_.id);
  }

 private:
  Value Index(Frame& f, bool lenient) const {
    const Value& t = f.slots[slot_];
    Value out;
    if (t.kind == ValueKind::kMap && f.ctx->MemberInto(t, key_, &out)) return out;
    out = IndexValue(f, t, *index_->constant(), lenient);
    return out;
  }

  uint32_t slot_;
  StepPtr index_;
  KeyRef key_;  // names index_'s string
};

// m[c] where `m` is a name and `c` a constant SlotConstKeyIndexStep does not
// take (a number: `deps[0]`): the constant is read without a call of its
// step, and an int within a list's items answers without IndexValue's
// tests; anything else goes through IndexValue, as SlotIndexStep's would.
class SlotConstIndexStep final : public Step {
 public:
  SlotConstIndexStep(uint32_t offset, uint32_t slot, StepPtr index)
      : Step(offset), slot_(slot), index_(std::move(index)), constant_(*index_->constant()) {}
  Value Eval(Frame& f) const override { return Index(f, false); }
  Value EvalLenient(Frame& f) const override { return Index(f, true); }

 private:
  Value Index(Frame& f, bool lenient) const {
    const Value t = f.slots[slot_];
    if (t.kind == ValueKind::kList && constant_.kind == ValueKind::kInt && constant_.i >= 0) {
      const std::span<const Value> items = f.ctx->Items(t);
      if (static_cast<uint64_t>(constant_.i) < items.size()) return items[constant_.i];
    }
    return IndexValue(f, t, constant_, lenient);
  }

  uint32_t slot_;
  StepPtr index_;   // owns what constant_ may point to
  Value constant_;  // index_'s value
};

StepPtr MakeIndexStep(uint32_t offset, StepPtr target, StepPtr index, KeyTable* keys) {
  const int64_t slot = target->read_slot();
  if (slot >= 0 && keys != nullptr && index->constant() != nullptr &&
      index->constant()->is_string() && !index->constant()->string().empty()) {
    const int32_t id = keys->Intern(index->constant()->string());
    return std::make_unique<SlotConstKeyIndexStep>(offset, static_cast<uint32_t>(slot),
                                                   std::move(index), id);
  }
  if (slot >= 0 && index->constant() != nullptr) {
    return std::make_unique<SlotConstIndexStep>(offset, static_cast<uint32_t>(slot),
                                                std::move(index));
  }
  if (slot >= 0)
    return std::make_unique<SlotIndexStep>(offset, static_cast<uint32_t>(slot), std::move(index));
  return std::make_unique<IndexStep>(offset, std::move(target), std::move(index));
}

class HasStep final : public Step {
 public:
  HasStep(uint32_t offset, StepPtr target, std::string field, int32_t key_id)
      : Step(offset), target_(std::move(target)), field_(std::move(field)), key_id_(key_id) {}
  Value Eval(Frame& f) const override {
    Value t = target_->Eval(f);
    if (t.is_error()) return t;
    if (t.kind != ValueKind::kMap) {
      return f.ctx->MakeError(Cat("has() does not apply to a ", TypeName(t)));
    }
    return Value::Bool(f.ctx->Member(t, KeyRef{field_, key_id_}).has_value());
  }
  bool cheap() const override { return target_->cheap(); }

 private:
  StepPtr target_;
  std::string field_;
  int32_t key_id_;
};

// ----- Logic ---------------------------------------------------------------------

// CEL's commutative && and ||: a deciding operand wins over an error on the
// other side, in either order.
template <bool kIsAnd>
class LogicStep final : public Step {
 public:
  LogicStep(uint32_t offset, StepPtr left, StepPtr right)
      : Step(offset), left_(std::move(left)), right_(std::move(right)) {}
  Value Eval(Frame& f) const override {
    // Each side is evaluated into the result itself (no copy of a value
    // just written: see EvalContext::NodeValueInto); the left one is kept
    // aside only when it is not a bool, for the error.
    Value out = left_->Eval(f);
    if (out.is_bool() && out.b != kIsAnd) return out;  // false && _, true || _
    const bool left_bool = out.is_bool();
    Value left;
    if (!left_bool) left = out;
    out.~Value();
    new (&out) Value(right_->Eval(f));
    if (out.is_bool() && out.b != kIsAnd) return out;
    if (!left_bool) {
      out = NotBool(*f.ctx, kIsAnd ? "_&&_" : "_||_", left);
    } else if (!out.is_bool()) {
      out = NotBool(*f.ctx, kIsAnd ? "_&&_" : "_||_", out);
    } else {
      new (&out) Value(Value::Bool(kIsAnd));
    }
    return out;
  }

 private:
  StepPtr left_;
  StepPtr right_;
};

class ConditionalStep final : public Step {
 public:
  ConditionalStep(uint32_t offset, StepPtr cond, StepPtr yes, StepPtr no)
      : Step(offset), cond_(std::move(cond)), yes_(std::move(yes)), no_(std::move(no)) {}
  Value Eval(Frame& f) const override {
    Value c = cond_->Eval(f);
    if (!c.is_bool()) return NotBool(*f.ctx, "_?_:_", c);
    return c.b ? yes_->Eval(f) : no_->Eval(f);
  }
  // As Eval (a conditional's branches are never lenient); without the
  // extra call through Step::EvalLenient.
  Value EvalLenient(Frame& f) const override { return Eval(f); }

 private:
  StepPtr cond_;
  StepPtr yes_;
  StepPtr no_;
};

// ----- Calls -----------------------------------------------------------------------

// A call with any number of arguments.
class CallStep final : public Step {
 public:
  CallStep(uint32_t offset, const FunctionInfo* fn, std::vector<StepPtr> args)
      : Step(offset), fn_(fn), args_(std::move(args)) {}
  Value Eval(Frame& f) const override {
    // Past the limit nothing more is computed: the rule is being stopped.
    if (f.ctx->over_limit()) return CostError(*f.ctx);
    Value values[4];
    size_t n = args_.size();
    for (size_t i = 0; i < n; ++i) {
      values[i] = fn_->lenient ? args_[i]->EvalLenient(f) : args_[i]->Eval(f);
      if (!fn_->takes_errors && values[i].is_error()) return values[i];
      if (!fn_->lenient && values[i].is_absent()) values[i] = Value::Null();
    }
    if (!f.ctx->Charge(1)) return CostError(*f.ctx);
    return fn_->impl(*f.ctx, values, n);
  }

 private:
  const FunctionInfo* fn_;
  std::vector<StepPtr> args_;
};

// The same for the common arities, with the function's flags fixed: no
// loop over a vector of arguments and no look-ups through FunctionInfo on
// the most frequent step of the pack. `Call` calls the function
// (inline_functions.h: inline for the commonest of one argument).
template <size_t kArity, bool kLenient, typename Call = CallThrough>
class FixedCallStep final : public Step {
 public:
  FixedCallStep(uint32_t offset, const FunctionInfo* fn, std::vector<StepPtr> args)
      : Step(offset), impl_(fn->impl), takes_errors_(fn->takes_errors) {
    for (size_t i = 0; i < kArity; ++i) args_[i] = std::move(args[i]);
  }
  Value Eval(Frame& f) const override {
    EvalContext& ctx = *f.ctx;
    if (ctx.over_limit()) return CostError(ctx);
    // The arguments are evaluated straight into place (no temporary to
    // copy: see EvalContext::NodeValueInto).
    alignas(Value) unsigned char storage[sizeof(Value) * kArity];
    Value* values = reinterpret_cast<Value*>(storage);
    for (size_t i = 0; i < kArity; ++i) {
      if constexpr (kLenient) {
        new (&values[i]) Value(args_[i]->EvalLenient(f));
      } else {
        new (&values[i]) Value(args_[i]->Eval(f));
      }
      if (!takes_errors_ && values[i].is_error()) return values[i];
      if (!kLenient && values[i].is_absent()) values[i] = Value::Null();
    }
    if (!ctx.Charge(1)) return CostError(ctx);
    return Call::Call(ctx, values, kArity, impl_);
  }
  Value EvalLenient(Frame& f) const override { return Eval(f); }

 private:
  FunctionImpl impl_;
  bool takes_errors_;
  StepPtr args_[kArity];
};

template <size_t kArity>
StepPtr MakeFixedCall(uint32_t offset, const FunctionInfo* fn, std::vector<StepPtr> args) {
  if constexpr (kArity == 1) {
    const auto make = [&]<bool kLenient>() {
      return WithCall<kLenient>(fn->impl, [&]<typename Call>() -> StepPtr {
        return std::make_unique<FixedCallStep<1, kLenient, Call>>(offset, fn, std::move(args));
      });
    };
    if (fn->lenient) return make.template operator()<true>();
    return make.template operator()<false>();
  }
  if (fn->lenient)
    return std::make_unique<FixedCallStep<kArity, true>>(offset, fn, std::move(args));
  if constexpr (kArity == 2) {
    return WithCall2(fn->impl, [&]<typename Call>() -> StepPtr {
      return std::make_unique<FixedCallStep<2, false, Call>>(offset, fn, std::move(args));
    });
  }
  return std::make_unique<FixedCallStep<kArity, false>>(offset, fn, std::move(args));
}

StepPtr MakeCall(uint32_t offset, const FunctionInfo* fn, std::vector<StepPtr> args) {
  switch (args.size()) {
    case 1:
      if (StepPtr fused = MakeFieldCallStep(offset, fn, args[0])) return fused;
      if (const auto* use = dynamic_cast<const ParamUseStep*>(args[0].get())) {
        if (fn->lenient) return MakeLenientSlotCallStep(offset, fn, use->slot());
        return std::make_unique<ParamCallStep>(offset, fn->impl, fn->takes_errors,
                                               std::move(args[0]));
      }
      return MakeFixedCall<1>(offset, fn, std::move(args));
    case 2:
      return MakeFixedCall<2>(offset, fn, std::move(args));
    case 3:
      return MakeFixedCall<3>(offset, fn, std::move(args));
    default:
      return std::make_unique<CallStep>(offset, fn, std::move(args));
  }
}

// pointer(x) == pointer(y), and != (Compiler::CompilePointerCompare): what
// the call of the operator on two pointer() calls computes (the same
// checks of the cost limit, charges, errors and order of evaluation), but
// it compares the nodes' paths instead of building and comparing their
// JSON Pointer strings.
class PointerCompareStep final : public Step {
 public:
  PointerCompareStep(uint32_t offset, StepPtr x, StepPtr y, bool negate)
      : Step(offset), x_(std::move(x)), y_(std::move(y)), negate_(negate) {}
  Value Eval(Frame& f) const override {
    EvalContext& ctx = *f.ctx;
    if (ctx.over_limit()) return CostError(ctx);  // the operator's call
    NodeId a, b;
    Value error;
    if (!Node(f, *x_, &a, &error) || !Node(f, *y_, &b, &error)) return error;
    if (!ctx.Charge(1)) return CostError(ctx);  // the operator's
    return Value::Bool(ctx.plan()->SamePointer(a, b) != negate_);
  }
  Value EvalLenient(Frame& f) const override { return Eval(f); }

 private:
  // What the call pointer(x) does short of building the string: its node,
  // or false with the error it returns.
  static bool Node(Frame& f, const Step& x, NodeId* node, Value* error) {
    EvalContext& ctx = *f.ctx;
    if (ctx.over_limit()) {
      *error = CostError(ctx);
      return false;
    }
    Value v = x.Eval(f);
    if (v.is_error()) {
      *error = v;
      return false;
    }
    if (!ctx.Charge(1)) {
      *error = CostError(ctx);
      return false;
    }
    // An absent argument is passed on as null, which no node holds.
    if (v.is_absent() || v.node == kNoNode || ctx.plan() == nullptr) {
      *error = PointerNotFromPlan(ctx);
      return false;
    }
    *node = v.node;
    return true;
  }

  StepPtr x_;
  StepPtr y_;
  bool negate_;
};

// s.matches(CONSTANT): plan strings answer from the fused scan.
class MatchesConstStep final : public Step {
 public:
  MatchesConstStep(uint32_t offset, StepPtr target, const RE2* re, const PatternSet* patterns)
      : Step(offset),
        target_(std::move(target)),
        target_slot_(target_->read_slot()),
        re_(re),
        patterns_(patterns) {}
  Value Eval(Frame& f) const override {
    if (f.ctx->over_limit()) return CostError(*f.ctx);
    // A name's value is read from its slot without a call.
    Value s = target_slot_ >= 0 ? f.slots[target_slot_] : target_->Eval(f);
    if (s.is_error()) return s;
    if (!s.is_string()) return NotAString(*f.ctx, s);
    if (!f.ctx->Charge(1)) return CostError(*f.ctx);
    const Plan* plan = f.ctx->plan();
    if (s.node != kNoNode && plan != nullptr && plan->kind(s.node) == JsonKind::kString &&
        plan->string(s.node).data() == s.str.data) {
      const int bit = ScanBit();
      if (bit >= 0) return Value::Bool((f.ctx->ScanBits(s.node) >> bit) & 1);
    }
    if (!f.ctx->Charge(s.str.size / 16)) return CostError(*f.ctx);
    return Value::Bool(RE2::PartialMatch(s.string(), *re_));
  }

 private:
  [[gnu::noinline, gnu::cold]] Value NotAString(EvalContext& ctx, const Value& s) const {
    Value args[] = {s, Value::String(re_->pattern())};
    return NoOverload(ctx, "matches", args, 2);
  }

  static constexpr int kBitUnknown = -2;
  // The pattern's bit in the fused scan (-1: not in it). The scan's patterns
  // are known only once the whole pack is compiled, so the bit is looked up
  // at run time, and kept once the scan is frozen. Steps are shared by
  // threads; each finds the same bit, so a relaxed atomic suffices.
  int ScanBit() const {
    int bit = bit_.load(std::memory_order_relaxed);
    if (bit != kBitUnknown) return bit;
    bit = patterns_->ScanBit(re_);
    if (patterns_->finished()) bit_.store(bit, std::memory_order_relaxed);
    return bit;
  }

  StepPtr target_;
  int64_t target_slot_;  // target_'s slot when it only reads one, else -1
  const RE2* re_;
  const PatternSet* patterns_;
  mutable std::atomic<int> bit_{kBitUnknown};
};

// findStrings(x, CONSTANT): every plan string below x whose scan bit is set.
// findAll(s, CONSTANT): the pattern's RE2 and the positions where its
// matches can start (MatchStarts) are found once, at compile time. Evaluates
// and charges as the general two-argument call does.
class FindAllConstStep final : public Step {
 public:
  FindAllConstStep(uint32_t offset, StepPtr target, const RE2* re)
      : Step(offset), target_(std::move(target)), re_(re), starts_(MatchStarts::For(*re)) {}
  Value Eval(Frame& f) const override {
    EvalContext& ctx = *f.ctx;
    if (ctx.over_limit()) return CostError(ctx);
    const Value s = target_->Eval(f);
    if (s.is_error()) return s;
    if (!ctx.Charge(1)) return CostError(ctx);
    return FindAllMatches(ctx, s, *re_, starts_);
  }
  Value EvalLenient(Frame& f) const override { return Eval(f); }

 private:
  StepPtr target_;
  const RE2* re_;
  MatchStarts starts_;
};

class FindStringsConstStep final : public Step {
 public:
  FindStringsConstStep(uint32_t offset, StepPtr target, const RE2* re, int scan_bit)
      : Step(offset), target_(std::move(target)), re_(re), scan_bit_(scan_bit) {}
  Value Eval(Frame& f) const override {
    if (f.ctx->over_limit()) return CostError(*f.ctx);
    Value x = target_->Eval(f);
    if (x.is_error()) return x;
    EvalContext& ctx = *f.ctx;
    std::vector<Value> out;
    const Plan* plan = ctx.plan();
    if (x.node != kNoNode && plan != nullptr && plan->kind(x.node) != JsonKind::kString) {
      // A unit per node visited: the walk is what costs.
      bool done = scan_bit_ >= 0 ? ctx.ScanMatches(x.node, scan_bit_, &out)
                                 : ctx.WalkVisible(x.node, [&](NodeId n) {
                                     if (plan->kind(n) == JsonKind::kString &&
                                         RE2::PartialMatch(plan->string(n), *re_)) {
                                       out.push_back(ctx.NodeValue(n, true));
                                     }
                                   });
      if (!done) return CostError(ctx);
    } else if (x.is_string() && RE2::PartialMatch(x.string(), *re_)) {
      out.push_back(x);
    }
    if (!ctx.Charge(out.size() + 1)) return CostError(ctx);
    return ctx.MakeList(out);
  }

 private:
  StepPtr target_;
  const RE2* re_;
  int scan_bit_;
};

class SelectConstStep final : public Step {
 public:
  SelectConstStep(uint32_t offset, StepPtr target, Selector selector)
      : Step(offset), target_(std::move(target)), selector_(std::move(selector)) {}
  Value Eval(Frame& f) const override {
    if (f.ctx->over_limit()) return CostError(*f.ctx);
    Value x = target_->Eval(f);
    if (x.is_error()) return x;
    std::vector<Value> out;
    uint64_t visited = 0;
    if (x.node != kNoNode && f.ctx->plan() != nullptr) out = selector_.Select(*f.ctx, x, &visited);
    if (!f.ctx->Charge(visited + 1)) return CostError(*f.ctx);
    return f.ctx->MakeList(out);
  }

 private:
  StepPtr target_;
  Selector selector_;
};

// ----- Literals ---------------------------------------------------------------------

class ListStep final : public Step {
 public:
  ListStep(uint32_t offset, std::vector<StepPtr> items) : Step(offset), items_(std::move(items)) {}
  Value Eval(Frame& f) const override {
    absl::InlinedVector<Value, 8> values;
    for (const StepPtr& item : items_) {
      Value v = item->Eval(f);
      if (v.is_error()) return v;
      values.push_back(v);
    }
    return f.ctx->MakeList(values);
  }

 private:
  std::vector<StepPtr> items_;
};

class MapStep final : public Step {
 public:
  MapStep(uint32_t offset, std::vector<StepPtr> keys, std::vector<StepPtr> values)
      : Step(offset), keys_(std::move(keys)), values_(std::move(values)) {}
  Value Eval(Frame& f) const override {
    EvalContext& ctx = *f.ctx;
    absl::InlinedVector<Value, 8> keys, values;
    for (size_t i = 0; i < keys_.size(); ++i) {
      Value k = keys_[i]->Eval(f);
      if (k.is_error()) return k;
      if (k.kind != ValueKind::kString && k.kind != ValueKind::kInt && k.kind != ValueKind::kUint &&
          k.kind != ValueKind::kBool) {
        return ctx.MakeError(Cat("unsupported key type: ", TypeName(k)));
      }
      for (const Value& seen : keys) {
        if (EqualBool(ctx, seen, k))
          return ctx.MakeError(Cat("repeated key in map literal: ", Render(ctx, k)));
      }
      Value v = values_[i]->Eval(f);
      if (v.is_error()) return v;
      keys.push_back(k);
      values.push_back(v);
    }
    return ctx.MakeMap(keys, values);
  }

 private:
  std::vector<StepPtr> keys_;
  std::vector<StepPtr> values_;
};

const Value* ConstOf(const Compiled& c) { return c.step->constant(); }

}  // namespace

Value Evaluate(const Step& step, EvalContext& ctx, Value* slots) {
  Frame frame{&ctx, slots};
  Value v = step.Eval(frame);
  if (v.is_absent()) return Value::Null();
  return v;
}

Compiler::Compiler(CompileEnv env) : env_(std::move(env)) {}

StepPtr Compiler::Hoist(StepPtr step, std::string_view share_key) {
  if (step->constant() != nullptr) return step;
  uint32_t id = (*env_.next_hoisted)++;
  if (share_key.empty() || env_.shared_hoisted == nullptr) {
    return std::make_unique<HoistedStep>(std::move(step), id, id, false);
  }
  const uint32_t group = env_.shared_hoisted->try_emplace(std::string(share_key), id).first->second;
  return std::make_unique<HoistedStep>(std::move(step), id, group, true);
}

StepPtr Compiler::Child(Compiled& child, uint64_t parent_free) {
  if (!Invariant(child) || (parent_free & varying_) == 0) return std::move(child.step);
  return std::make_unique<InvariantStep>(std::move(child.step), (*env_.next_hoisted)++);
}

StepPtr Compiler::Root(Compiled c) {
  if (!Invariant(c)) return std::move(c.step);
  return std::make_unique<InvariantStep>(std::move(c.step), (*env_.next_hoisted)++);
}

absl::StatusOr<Compiled> Compiler::Fold(Compiled c, uint32_t offset) {
  if (c.free_slots != 0 || c.step->constant() != nullptr) return c;
  // The step reads no bound slot, but its macros write their variables':
  // room for every slot handed out so far (on the stack up to 16: Fold runs
  // for every constant sub-expression).
  absl::InlinedVector<Value, 16> slots(std::max<uint32_t>(next_slot_, kFirstFreeSlot));
  Frame frame{env_.constants, slots.data()};
  Value v = c.step->Eval(frame);
  // Errors a type checker sees are refused. Others stay errors of the value,
  // as in CEL, where `{}['x']` and `{'a': 1, 'a': 2}` fail when evaluated and
  // `true || {}['x'] == 1` is true.
  if (v.is_error()) {
    std::string_view message = v.string();
    if (message.starts_with("no matching overload") ||
        message.starts_with("invalid regular expression") ||
        message.starts_with("unsupported key")) {
      return CompileError(offset, message);
    }
  }
  if (v.is_absent()) v = Value::Null();
  c.step = std::make_unique<ConstStep>(offset, v);
  return c;
}

absl::StatusOr<Compiled> Compiler::Compile(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kConst: {
      Value v;
      if (std::holds_alternative<NullConst>(e.constant)) {
        v = Value::Null();
      } else if (const bool* b = std::get_if<bool>(&e.constant)) {
        v = Value::Bool(*b);
      } else if (const int64_t* i = std::get_if<int64_t>(&e.constant)) {
        v = Value::Int(*i);
      } else if (const uint64_t* u = std::get_if<uint64_t>(&e.constant)) {
        v = Value::Uint(*u);
      } else if (const double* d = std::get_if<double>(&e.constant)) {
        v = Value::Double(*d);
      } else {
        v = env_.constants->MakeString(std::get<std::string>(e.constant));
      }
      return Compiled{std::make_unique<ConstStep>(e.offset, v), 0};
    }
    case ExprKind::kIdent:
      return CompileIdent(e);
    case ExprKind::kSelect:
      return CompileSelect(e);
    case ExprKind::kCall:
      return CompileCall(e);
    case ExprKind::kList:
      return CompileList(e);
    case ExprKind::kMap:
      return CompileMap(e);
  }
  return CompileError(e.offset, "unknown expression");
}

absl::StatusOr<Compiled> Compiler::CompileIdent(const Expr& e) {
  for (size_t i = scope_.size(); i-- > 0;) {
    const Binding& b = scope_[i];
    if (b.name != e.name) continue;
    if (b.read_once != nullptr) {
      // A parameter whose argument is read once: a copy of the read, for
      // a strict use of absent.
      return Compiled{std::make_unique<ParamUseStep>(b.read_once->step->offset(), b.slot,
                                                     b.read_once->step->CopyFieldRead()),
                      b.read_once->free_slots};
    }
    if (b.arg != nullptr) {
      // A pack function's parameter: compile the caller's argument in the
      // caller's scope.
      const Expr* arg = b.arg;
      std::vector<Binding> saved(std::make_move_iterator(scope_.begin() + b.arg_scope),
                                 std::make_move_iterator(scope_.end()));
      scope_.resize(b.arg_scope);
      absl::StatusOr<Compiled> c = Compile(*arg);
      scope_.insert(scope_.end(), std::make_move_iterator(saved.begin()),
                    std::make_move_iterator(saved.end()));
      return c;
    }
    if (b.let != nullptr) {
      return Compiled{std::make_unique<LazyLetStep>(e.offset, b.slot, b.let), SlotBit(b.slot)};
    }
    if (b.constant != nullptr)
      return Compiled{std::make_unique<ConstStep>(e.offset, *b.constant), 0};
    return Compiled{std::make_unique<SlotStep>(e.offset, b.slot), SlotBit(b.slot)};
  }
  if (e.name == "options") return Compiled{std::make_unique<ConstStep>(e.offset, env_.options), 0};
  // A type's name: a static string, since a value must not point into the
  // tree (`planlint eval` frees its tree once compiled).
  static constexpr std::string_view kTypeNames[] = {"null_type", "int",  "uint", "double", "string",
                                                    "bool",      "list", "map",  "type",   "date"};
  for (std::string_view type_name : kTypeNames) {
    if (e.name == type_name)
      return Compiled{std::make_unique<ConstStep>(e.offset, Value::Type(type_name)), 0};
  }
  return CompileError(e.offset, Cat("undeclared reference to '", e.name, "'"));
}

absl::StatusOr<Compiled> Compiler::CompileSelect(const Expr& e) {
  absl::StatusOr<Compiled> target = Compile(*e.target);
  if (!target.ok()) return target.status();
  const bool of_options =
      e.target->kind == ExprKind::kIdent && e.target->name == "options" && !InScope("options");
  Compiled c{MakeSelectStep(e.offset, Child(*target, target->free_slots), e.name,
                            KeyIdOf(env_.keys, e.name)),
             target->free_slots};
  absl::StatusOr<Compiled> folded = Fold(std::move(c), e.offset);
  // The rule's options are declared: naming one it does not have is a
  // mistake in the pack, like an undefined field of a declared type in CEL.
  if (of_options && folded.ok() && ConstOf(*folded) != nullptr && ConstOf(*folded)->is_error() &&
      ConstOf(*folded)->string().starts_with("no such key")) {
    return CompileError(e.offset, Cat("unknown option '", e.name, "'"));
  }
  return folded;
}

absl::StatusOr<Compiled> Compiler::CompileList(const Expr& e) {
  std::vector<Compiled> compiled;
  uint64_t free = 0;
  for (const ExprPtr& arg : e.args) {
    absl::StatusOr<Compiled> c = Compile(*arg);
    if (!c.ok()) return c.status();
    free |= c->free_slots;
    compiled.push_back(*std::move(c));
  }
  std::vector<StepPtr> items;
  for (Compiled& c : compiled) items.push_back(Child(c, free));
  return Fold(Compiled{std::make_unique<ListStep>(e.offset, std::move(items)), free}, e.offset);
}

absl::StatusOr<Compiled> Compiler::CompileMap(const Expr& e) {
  std::vector<Compiled> compiled_keys, compiled_values;
  uint64_t free = 0;
  for (size_t i = 0; i + 1 < e.args.size(); i += 2) {
    absl::StatusOr<Compiled> k = Compile(*e.args[i]);
    if (!k.ok()) return k.status();
    absl::StatusOr<Compiled> v = Compile(*e.args[i + 1]);
    if (!v.ok()) return v.status();
    free |= k->free_slots | v->free_slots;
    compiled_keys.push_back(*std::move(k));
    compiled_values.push_back(*std::move(v));
  }
  std::vector<StepPtr> keys, values;
  for (size_t i = 0; i < compiled_keys.size(); ++i) {
    keys.push_back(Child(compiled_keys[i], free));
    values.push_back(Child(compiled_values[i], free));
  }
  return Fold(
      Compiled{std::make_unique<MapStep>(e.offset, std::move(keys), std::move(values)), free},
      e.offset);
}

absl::StatusOr<Compiled> Compiler::CompileMacro(const Expr& e, const Expr& target,
                                                std::string_view name) {
  const MacroKind kind = *MacroNamed(name);  // the caller checked
  size_t want = (kind == MacroKind::kMap && e.args.size() == 3) ? 3 : 2;
  if (e.args.size() != want) {
    return CompileError(e.offset,
                        Cat(name, "() takes a variable and ",
                            kind == MacroKind::kMap ? "one or two expressions" : "an expression"));
  }
  if (e.args[0]->kind != ExprKind::kIdent) {
    return CompileError(e.args[0]->offset,
                        Cat("the first argument of ", name, "() must be a variable name"));
  }
  absl::StatusOr<Compiled> range = Compile(target);
  if (!range.ok()) return range.status();
  uint32_t var = NewSlot();
  varying_ |= SlotBit(var);
  scope_.push_back({e.args[0]->name, var, nullptr, 0, nullptr});
  absl::StatusOr<Compiled> first = Compile(*e.args[1]);
  absl::StatusOr<Compiled> second =
      want == 3 ? Compile(*e.args[2]) : absl::StatusOr<Compiled>(Compiled{});
  scope_.pop_back();
  if (!first.ok()) return first.status();
  if (!second.ok()) return second.status();
  uint64_t free = range->free_slots | ((first->free_slots | second->free_slots) & ~SlotBit(var));
  if (var >= 63) free |= SlotBit(63);  // conservative: bit 63 is shared
  // Over a constant list, a macro that reads the plan or a varying name
  // is compiled again, once per item (one that reads neither is folded
  // into a constant below anyway, so it is not worth a second compile).
  if (free != 0 && want == 2 && (kind == MacroKind::kFilter || kind == MacroKind::kMap) &&
      unrolling_ == 0 && unroll_budget_ > 0 && ConstOf(*range) != nullptr) {
    std::optional<Compiled> unrolled =
        CompileUnrolled(e, *ConstOf(*range), var, kind == MacroKind::kFilter, e.offset);
    if (unrolled) return Fold(*std::move(unrolled), e.offset);
  }
  // The body varies with the variable: what it does not read of it is
  // cached like any invariant part of a varying expression.
  const uint64_t body_free = free | SlotBit(var);
  StepPtr pred, transform;
  switch (kind) {
    case MacroKind::kMap:
      if (want == 3) {
        pred = Child(*first, body_free);
        transform = Child(*second, body_free);
      } else {
        transform = Child(*first, body_free);
      }
      break;
    case MacroKind::kIndexBy:
    case MacroKind::kDuplicatesBy:
    case MacroKind::kDistinctBy:
    case MacroKind::kGroupBy:
      transform = Child(*first, body_free);
      break;
    default:
      pred = Child(*first, body_free);
      break;
  }
  Compiled c{MakeMacroStep(e.offset, kind, std::string(name), Child(*range, free), var,
                           std::move(pred), std::move(transform)),
             free};
  return Fold(std::move(c), e.offset);
}

std::optional<Compiled> Compiler::CompileUnrolled(const Expr& e, const Value& range, uint32_t var,
                                                  bool is_filter, uint32_t offset) {
  constexpr size_t kMaxItems = 16;
  if (range.kind != ValueKind::kList || range.list == nullptr || range.list->size == 0 ||
      range.list->size > kMaxItems) {
    return std::nullopt;
  }
  --unroll_budget_;
  const std::span<const Value> items(range.list->items, range.list->size);
  std::vector<Compiled> bodies;
  bodies.reserve(items.size());
  uint64_t free = 0;
  for (const Value& item : items) {
    Binding b{e.args[0]->name, var, nullptr, 0, nullptr};
    b.constant = &item;
    scope_.push_back(std::move(b));
    // Macros inside an unrolled body are not unrolled again: nested, each
    // level would multiply the compiles by its items (16^depth).
    ++unrolling_;
    absl::StatusOr<Compiled> body = Compile(*e.args[1]);
    --unrolling_;
    scope_.pop_back();
    // Whatever does not compile with the item bound compiles (or fails)
    // as it did, in the general macro.
    if (!body.ok()) return std::nullopt;
    free |= body->free_slots;
    bodies.push_back(*std::move(body));
  }
  std::vector<StepPtr> steps;
  steps.reserve(bodies.size());
  for (Compiled& body : bodies) steps.push_back(Child(body, free | SlotBit(var)));
  return Compiled{
      MakeUnrolledStep(offset, is_filter, std::string(e.name), range, var, std::move(steps)), free};
}

absl::StatusOr<Compiled> Compiler::CompilePackFunction(const Expr& e, const PackFunction& f) {
  std::vector<const Expr*> args;
  if (e.target) args.push_back(e.target.get());
  for (const ExprPtr& a : e.args) args.push_back(a.get());
  if (args.size() != f.params.size()) {
    return CompileError(e.offset, Cat("function '", f.name, "' takes ", f.params.size(),
                                      " argument(s), not ", args.size()));
  }
  for (const std::string& active : inlining_) {
    if (active == f.name)
      return CompileError(e.offset, Cat("function '", f.name, "' calls itself"));
  }
  size_t depth = scope_.size();
  // Arguments that read a field of a name, used more than once: read once
  // into a slot (ArgumentStep, ParamUseStep), compiled once here and copied
  // for each use.
  struct ReadOnce {
    uint32_t slot;
    Compiled arg;
  };
  absl::InlinedVector<ReadOnce, 2> read_once;
  absl::InlinedVector<int, 4> read_once_of(args.size(), -1);
  for (size_t i = 0; i < args.size(); ++i) {
    if (i >= f.reused.size() || !f.reused[i] || !ReadsField(*args[i])) continue;
    absl::StatusOr<Compiled> arg = Compile(*args[i]);
    if (!arg.ok() || arg->step->CopyFieldRead() == nullptr) continue;
    read_once_of[i] = static_cast<int>(read_once.size());
    read_once.push_back({NewSlot(), *std::move(arg)});
  }
  for (size_t i = 0; i < args.size(); ++i) {
    Binding b{f.params[i], 0, args[i], depth, nullptr};
    if (read_once_of[i] >= 0) {
      b.slot = read_once[read_once_of[i]].slot;
      b.read_once = &read_once[read_once_of[i]].arg;
    }
    scope_.push_back(std::move(b));
  }
  inlining_.push_back(f.name);
  absl::StatusOr<Compiled> body = Compile(*f.body);
  inlining_.pop_back();
  scope_.resize(depth);
  if (!body.ok()) {
    // Report at the call: the function's own text is elsewhere in the pack.
    return CompileError(e.offset, Cat("in function '", f.name, "': ", body.status().message()));
  }
  // Innermost first, so that the arguments are read in parameter order.
  for (size_t i = read_once.size(); i-- > 0;) {
    body->free_slots |= read_once[i].arg.free_slots;
    body->step = std::make_unique<ArgumentStep>(
        e.offset, read_once[i].slot, std::move(read_once[i].arg.step), std::move(body->step));
  }
  return body;
}

bool Compiler::ReadsField(const Expr& e) {
  if (e.kind == ExprKind::kSelect) return e.target->kind == ExprKind::kIdent;
  // The key: a string, or a name (a constant one when the compiled step
  // reads a field, as for an unrolled macro's variable).
  return e.kind == ExprKind::kCall && e.name == kIndex && !e.target && e.args.size() == 2 &&
         e.args[0]->kind == ExprKind::kIdent &&
         (e.args[1]->kind == ExprKind::kIdent ||
          (e.args[1]->kind == ExprKind::kConst &&
           std::holds_alternative<std::string>(e.args[1]->constant)));
}

std::vector<bool> ReusedParams(const Expr& body, const std::vector<std::string>& params) {
  std::vector<int> uses(params.size(), 0);
  // An explicit stack: a hostile body may nest deeper than the C++ stack.
  std::vector<const Expr*> stack{&body};
  while (!stack.empty()) {
    const Expr* x = stack.back();
    stack.pop_back();
    if (x->kind == ExprKind::kIdent) {
      for (size_t i = 0; i < params.size(); ++i) uses[i] += x->name == params[i] ? 1 : 0;
    }
    if (x->target) stack.push_back(x->target.get());
    for (const ExprPtr& a : x->args) stack.push_back(a.get());
  }
  std::vector<bool> reused(params.size());
  for (size_t i = 0; i < params.size(); ++i) reused[i] = uses[i] >= 2;
  return reused;
}

absl::StatusOr<Compiled> Compiler::CompilePureCall(uint32_t offset, const FunctionInfo* fn,
                                                   std::vector<Compiled> args) {
  uint64_t free = 0;
  for (const Compiled& c : args) free |= c.free_slots;
  std::vector<StepPtr> steps;
  steps.reserve(args.size());
  for (Compiled& c : args) steps.push_back(Child(c, free));
  return Fold(Compiled{MakeCall(offset, fn, std::move(steps)), free}, offset);
}

const Expr* Compiler::PointerArgument(const Expr& e) const {
  if (e.kind != ExprKind::kCall || e.name != "pointer") return nullptr;
  if (env_.functions != nullptr && env_.functions->contains("pointer")) return nullptr;
  if (e.target) return e.args.empty() ? e.target.get() : nullptr;
  return e.args.size() == 1 ? e.args[0].get() : nullptr;
}

absl::StatusOr<Compiled> Compiler::CompilePointerCompare(const Expr& e, const Expr& x,
                                                         const Expr& y, bool negate) {
  static const FunctionInfo* const kPointer = FindFunction("pointer");
  const FunctionInfo* const op = FindFunction(negate ? kNe : kEq);
  // Each pointer() call as CompileCall compiles it, up to the step: its
  // argument, then its fold when that argument is a constant.
  std::vector<Compiled> sides;
  bool constant_side = false;
  for (size_t i = 0; i < 2; ++i) {
    absl::StatusOr<Compiled> c = Compile(i == 0 ? x : y);
    if (!c.ok()) return c.status();
    if (c->free_slots == 0) {
      std::vector<Compiled> call_args;
      call_args.push_back(*std::move(c));
      c = CompilePureCall(e.args[i]->offset, kPointer, std::move(call_args));
      if (!c.ok()) return c.status();
      constant_side = true;
    }
    sides.push_back(*std::move(c));
  }
  const uint64_t free = sides[0].free_slots | sides[1].free_slots;
  // A side that is a constant, or that the operator's call would cache as
  // an invariant of a varying comparison (InvariantStep), is compiled as
  // the general call, so that it costs what it did.
  const auto cached = [&](const Compiled& side) {
    return cache_invariants_ && (side.free_slots & varying_) == 0 && (free & varying_) != 0;
  };
  if (constant_side || cached(sides[0]) || cached(sides[1])) {
    std::vector<Compiled> calls;
    for (size_t i = 0; i < 2; ++i) {
      if (sides[i].step->constant() != nullptr) {
        calls.push_back(std::move(sides[i]));
        continue;
      }
      std::vector<Compiled> call_args;
      call_args.push_back(std::move(sides[i]));
      absl::StatusOr<Compiled> call =
          CompilePureCall(e.args[i]->offset, kPointer, std::move(call_args));
      if (!call.ok()) return call.status();
      calls.push_back(*std::move(call));
    }
    return CompilePureCall(e.offset, op, std::move(calls));
  }
  return Compiled{std::make_unique<PointerCompareStep>(e.offset, std::move(sides[0].step),
                                                       std::move(sides[1].step), negate),
                  free};
}

absl::StatusOr<Compiled> Compiler::CompileCall(const Expr& e) {
  const std::string_view name = e.name;
  // Special forms first.
  if (name == kAnd || name == kOr) {
    absl::StatusOr<Compiled> l = Compile(*e.args[0]);
    if (!l.ok()) return l.status();
    absl::StatusOr<Compiled> r = Compile(*e.args[1]);
    if (!r.ok()) return r.status();
    const uint64_t free = l->free_slots | r->free_slots;
    StepPtr left = Child(*l, free);
    StepPtr right = Child(*r, free);
    StepPtr step = name == kAnd ? StepPtr(std::make_unique<LogicStep<true>>(
                                      e.offset, std::move(left), std::move(right)))
                                : StepPtr(std::make_unique<LogicStep<false>>(
                                      e.offset, std::move(left), std::move(right)));
    return Fold(Compiled{std::move(step), free}, e.offset);
  }
  if (name == kConditional) {
    absl::StatusOr<Compiled> c = Compile(*e.args[0]);
    if (!c.ok()) return c.status();
    absl::StatusOr<Compiled> y = Compile(*e.args[1]);
    if (!y.ok()) return y.status();
    absl::StatusOr<Compiled> n = Compile(*e.args[2]);
    if (!n.ok()) return n.status();
    uint64_t free = c->free_slots | y->free_slots | n->free_slots;
    StepPtr cond = Child(*c, free);
    StepPtr yes = Child(*y, free);
    StepPtr no = Child(*n, free);
    StepPtr step = MakeFieldConditionalStep(e.offset, cond, yes, no);
    if (!step) {
      step = std::make_unique<ConditionalStep>(e.offset, std::move(cond), std::move(yes),
                                               std::move(no));
    }
    return Fold(Compiled{std::move(step), free}, e.offset);
  }
  if (name == kIndex) {
    absl::StatusOr<Compiled> t = Compile(*e.args[0]);
    if (!t.ok()) return t.status();
    absl::StatusOr<Compiled> i = Compile(*e.args[1]);
    if (!i.ok()) return i.status();
    uint64_t free = t->free_slots | i->free_slots;
    return Fold(
        Compiled{MakeIndexStep(e.offset, Child(*t, free), Child(*i, free), env_.keys), free},
        e.offset);
  }
  if (name == "has" && !e.target) {
    if (e.args.size() != 1 || e.args[0]->kind != ExprKind::kSelect) {
      return CompileError(e.offset, "has() takes one field selection, as in has(a.b)");
    }
    absl::StatusOr<Compiled> t = Compile(*e.args[0]->target);
    if (!t.ok()) return t.status();
    const std::string& field = e.args[0]->name;
    return Fold(Compiled{std::make_unique<HasStep>(e.offset, Child(*t, t->free_slots), field,
                                                   KeyIdOf(env_.keys, field)),
                         t->free_slots},
                e.offset);
  }
  if ((name == kEq || name == kNe) && !e.target && e.args.size() == 2) {
    const Expr* x = PointerArgument(*e.args[0]);
    const Expr* y = PointerArgument(*e.args[1]);
    if (x != nullptr && y != nullptr) return CompilePointerCompare(e, *x, *y, name == kNe);
  }
  if (e.target && MacroNamed(name)) return CompileMacro(e, *e.target, name);
  if (env_.functions != nullptr) {
    auto it = env_.functions->find(Sv(name));
    if (it != env_.functions->end()) return CompilePackFunction(e, it->second);
  }
  const FunctionInfo* fn = FindFunction(name);
  if (fn == nullptr) return CompileError(e.offset, Cat("unknown function '", name, "'"));
  absl::InlinedVector<const Expr*, 4> arg_exprs;
  if (e.target) arg_exprs.push_back(e.target.get());
  for (const ExprPtr& a : e.args) arg_exprs.push_back(a.get());
  int n = static_cast<int>(arg_exprs.size());
  if (n < fn->min_args || n > fn->max_args) {
    return CompileError(e.offset,
                        fn->min_args == fn->max_args
                            ? Cat("'", name, "' takes ", fn->min_args, " argument(s), not ", n)
                            : Cat("'", name, "' takes ", fn->min_args, " to ", fn->max_args,
                                  " arguments, not ", n));
  }
  std::vector<Compiled> args;
  args.reserve(arg_exprs.size());
  uint64_t free = 0;
  for (const Expr* a : arg_exprs) {
    absl::StatusOr<Compiled> c = Compile(*a);
    if (!c.ok()) return c.status();
    free |= c->free_slots;
    args.push_back(*std::move(c));
  }
  // Constant patterns and selectors are compiled once, here.
  if ((name == "matches" || name == "findStrings" || name == "findAll" || name == "reReplace") &&
      ConstOf(args[1]) != nullptr && ConstOf(args[1])->is_string()) {
    const std::string_view pattern = ConstOf(args[1])->string();
    absl::StatusOr<const RE2*> re = name == "findStrings" ? env_.patterns->InternForScan(pattern)
                                                          : env_.patterns->Intern(pattern);
    if (!re.ok()) return CompileError(arg_exprs[1]->offset, Sv(re.status().message()));
    if (name == "findStrings") {
      int bit = env_.patterns->AddToScan(*re);
      return Compiled{
          std::make_unique<FindStringsConstStep>(e.offset, Child(args[0], free), *re, bit), free};
    }
    if (name == "findAll") {
      return Fold(
          Compiled{std::make_unique<FindAllConstStep>(e.offset, Child(args[0], free), *re), free},
          e.offset);
    }
    if (name == "matches") {
      return Fold(Compiled{std::make_unique<MatchesConstStep>(e.offset, Child(args[0], free), *re,
                                                              env_.patterns),
                           free},
                  e.offset);
    }
  }
  if (name == "select" && ConstOf(args[1]) != nullptr && ConstOf(args[1])->is_string()) {
    absl::StatusOr<Selector> sel = Selector::Parse(ConstOf(args[1])->string());
    if (!sel.ok()) return CompileError(arg_exprs[1]->offset, Sv(sel.status().message()));
    if (env_.keys != nullptr) sel->ResolveKeys(env_.keys);
    return Compiled{
        std::make_unique<SelectConstStep>(e.offset, Child(args[0], free), *std::move(sel)), free};
  }
  // A call of an impure function reads the plan (see below).
  const uint64_t call_free = fn->pure ? free : free | SlotBit(kSlotPlan);
  std::vector<StepPtr> steps;
  steps.reserve(args.size());
  for (Compiled& c : args) steps.push_back(Child(c, call_free));
  Compiled call{MakeCall(e.offset, fn, std::move(steps)), free};
  if (!fn->pure) {
    // Its value depends on the run (the plan, the loaded rules, the
    // suppressions), so neither it nor an expression around it is a
    // constant: count it as reading the plan's slot.
    call.free_slots |= SlotBit(kSlotPlan);
    return call;
  }
  return Fold(std::move(call), e.offset);
}

}  // namespace planlint::expr

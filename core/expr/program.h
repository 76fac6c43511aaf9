// Compiled expressions (stage 3 of parse -> check/plan -> evaluate): a tree
// of Steps in which names are resolved to slots, functions to code, pack
// functions inlined, constant sub-expressions folded and regular expressions
// compiled. Steps are immutable and shared by every thread; all mutable state
// lives in the Frame's EvalContext and slots.
#ifndef PLANLINT_CORE_EXPR_PROGRAM_H_
#define PLANLINT_CORE_EXPR_PROGRAM_H_

#include <cstdint>
#include <memory>

#include "core/expr/context.h"
#include "core/expr/value.h"

namespace planlint::expr {

// The variables of one evaluation: slot i holds the value of the i-th name
// the compiler bound (self, plan, path, as_of, item, let bindings, macro
// variables).
struct Frame {
  EvalContext* ctx;
  Value* slots;
};

// Fixed slots every rule has.
enum FixedSlot : uint32_t {
  kSlotSelf = 0,
  kSlotPlan = 1,
  kSlotPath = 2,
  kSlotAsOf = 3,
  kSlotItem = 4,
  kFirstFreeSlot = 5,
};

// The value a `let` slot holds until its binding is first used for a node.
inline Value UnsetLet() {
  Value v = Value::Absent();
  v.node = kNoNode - 1;
  return v;
}
inline bool IsUnsetLet(const Value& v) { return v.is_absent() && v.node == kNoNode - 1; }

class Step {
 public:
  explicit Step(uint32_t offset) : offset_(offset) {}
  virtual ~Step() = default;
  Step(const Step&) = delete;
  Step& operator=(const Step&) = delete;

  virtual Value Eval(Frame& frame) const = 0;
  // Evaluation inside a lenient argument: a missing field is Absent, not an
  // error. Only field selection and indexing differ.
  virtual Value EvalLenient(Frame& frame) const { return Eval(frame); }
  // The value, when the step is a constant.
  virtual const Value* constant() const { return nullptr; }
  // Whether evaluating the step costs no more than reading a slot
  // (constants, names, fields of those): not worth caching.
  virtual bool cheap() const { return false; }
  // The slot, when evaluating the step does nothing but read one (a name
  // bound to a value); -1 otherwise.
  virtual int64_t read_slot() const { return -1; }
  // For a step that only reads a field or a constant key of a name (`x.f`,
  // `x['k']`), which charges nothing, changes nothing, and evaluated again
  // with the same slots gives the same value: a copy of it. nullptr for
  // any other step.
  virtual std::unique_ptr<Step> CopyFieldRead() const { return nullptr; }

  // Byte offset in the expression's source, for diagnostics.
  uint32_t offset() const { return offset_; }

 private:
  uint32_t offset_;
};

using StepPtr = std::unique_ptr<Step>;

}  // namespace planlint::expr

#endif  // PLANLINT_CORE_EXPR_PROGRAM_H_

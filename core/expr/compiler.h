// The checker/planner (stage 2 of parse -> check/plan -> evaluate): turns a
// parsed Expr into a Step tree. It resolves names to slots, checks function
// names and argument counts, inlines pack functions, folds constant
// sub-expressions (so `options` and patterns built from them are constants),
// compiles constant regular expressions and selectors once, and reports
// every problem with the byte offset it is at.
#ifndef PLANLINT_CORE_EXPR_COMPILER_H_
#define PLANLINT_CORE_EXPR_COMPILER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "core/expr/ast.h"
#include "core/expr/context.h"
#include "core/expr/pattern_set.h"
#include "core/expr/program.h"

namespace planlint::expr {

struct FunctionInfo;

// A pack-level helper function: parameters and a body, inlined at each call.
struct PackFunction {
  std::string name;
  std::vector<std::string> params;
  const Expr* body = nullptr;
  // Per parameter: whether the body names it more than once (ReusedParams,
  // computed when the pack is built).
  std::vector<bool> reused;
};

// For each of `params`, whether `body` names it more than once (names a
// macro rebinds are counted too).
std::vector<bool> ReusedParams(const Expr& body, const std::vector<std::string>& params);

// What the compiler needs to know about the pack and the rule.
struct CompileEnv {
  // Constant value of `options` (a map), living in `constants`.
  Value options;
  const absl::flat_hash_map<std::string, PackFunction>* functions = nullptr;
  // Where constant patterns are interned (owned by the compiled pack).
  PatternSet* patterns = nullptr;
  // Where field names get their key ids (owned by the compiled pack); null:
  // resolved at run time.
  KeyTable* keys = nullptr;
  // Owns constant values (folded results, literals); lives as long as the
  // compiled pack.
  EvalContext* constants = nullptr;
  // Counter for hoisted bindings (EvalContext::hoisted slots), shared by the
  // whole pack.
  uint32_t* next_hoisted = nullptr;
  // Hoisted bindings that compute the same value, by share key (see
  // Compiler::Hoist), to the id of the first; null: none shared.
  absl::flat_hash_map<std::string, uint32_t>* shared_hoisted = nullptr;
};

// A compiled expression and the slots it reads (bit i = slot i; bit 63 stands
// for every slot >= 63).
struct Compiled {
  StepPtr step;
  uint64_t free_slots = 0;
};

class Compiler {
 public:
  explicit Compiler(CompileEnv env);

  // Binds a name to a slot for the expressions compiled next.
  void Bind(const std::string& name, uint32_t slot) {
    scope_.push_back({name, slot, nullptr, 0, nullptr});
  }
  // Binds a `let` name: evaluated on first use for each node (the engine
  // resets the slot to UnsetLet() per node), then read from its slot.
  void BindLazy(const std::string& name, uint32_t slot, const Step* step) {
    scope_.push_back({name, slot, nullptr, 0, step});
  }
  // Whether `name` is bound in the current scope.
  bool IsBound(const std::string& name) const {
    for (const Binding& b : scope_) {
      if (b.name == name) return true;
    }
    return false;
  }
  // A slot for a new binding (let, item, macro variables).
  uint32_t NewSlot() { return next_slot_++; }
  uint32_t slot_count() const { return next_slot_; }

  // Compiles one expression. Errors carry the offset (WithOffset).
  absl::StatusOr<Compiled> Compile(const Expr& expr);

  // Wraps a compiled binding so it is evaluated once per plan. Bindings
  // hoisted with the same non-empty `share_key` (the caller's promise that
  // they compute the same value, at the same cost, from the plan alone)
  // share that value within a plan.
  StepPtr Hoist(StepPtr step, std::string_view share_key = {});

  // From now on, sub-expressions that read none of the `varying` slots
  // (those that change while one rule runs on one plan: self, path, item,
  // per-node lets; macro variables are added as they are made) are
  // computed once per plan and reused (InvariantStep), inside expressions
  // that do vary. Call again when the set grows.
  void CacheInvariants(uint64_t varying) {
    cache_invariants_ = true;
    varying_ = varying;
  }
  // `c`'s step, cached as above when the whole expression is invariant
  // (for the roots of a rule's expressions).
  StepPtr Root(Compiled c);

  static uint64_t SlotBit(uint32_t slot) { return uint64_t{1} << (slot < 63 ? slot : 63); }

 private:
  struct Binding {
    std::string name;
    uint32_t slot;
    // For an inlined pack function's parameter: the argument expression and
    // the scope depth it must be compiled in.
    const Expr* arg;
    size_t arg_scope;
    // For a lazy `let`: the binding's step.
    const Step* let = nullptr;
    // For a macro variable over a constant list, unrolled: its value.
    const Value* constant = nullptr;
    // For a parameter whose argument is read once into `slot`
    // (ArgumentStep): the argument, compiled.
    const Compiled* read_once = nullptr;
  };
  // Whether `e` may read a field or a constant key of a name (`x.f`,
  // `x['k']`, `x[k]`); its compiled step tells (Step::CopyFieldRead).
  static bool ReadsField(const Expr& e);
  // A 2-argument filter or map over a constant list of a few items,
  // compiled once per item with the variable bound to that item (so that
  // what the item makes constant is folded: `self[f]`, `select(plan, p)`);
  // nullopt when the macro is not of that shape or an item's body does not
  // compile, and the caller compiles it as usual.
  std::optional<Compiled> CompileUnrolled(const Expr& e, const Value& range, uint32_t var,
                                          bool is_filter, uint32_t offset);

  absl::StatusOr<Compiled> CompileIdent(const Expr& e);
  absl::StatusOr<Compiled> CompileSelect(const Expr& e);
  absl::StatusOr<Compiled> CompileCall(const Expr& e);
  // A call of pure function `fn` on compiled arguments, as CompileCall
  // makes it (for functions it has no special form for).
  absl::StatusOr<Compiled> CompilePureCall(uint32_t offset, const FunctionInfo* fn,
                                           std::vector<Compiled> args);
  // The argument of `e` when `e` calls the built-in pointer() with one
  // argument (pointer(x) or x.pointer()); else nullptr.
  const Expr* PointerArgument(const Expr& e) const;
  // pointer(x) == pointer(y) (or !=, `negate`): compared by the nodes'
  // paths (PointerCompareStep) when both sides vary, else as the calls.
  absl::StatusOr<Compiled> CompilePointerCompare(const Expr& e, const Expr& x, const Expr& y,
                                                 bool negate);
  absl::StatusOr<Compiled> CompileMacro(const Expr& e, const Expr& target, std::string_view kind);
  absl::StatusOr<Compiled> CompilePackFunction(const Expr& e, const PackFunction& f);
  absl::StatusOr<Compiled> CompileList(const Expr& e);
  absl::StatusOr<Compiled> CompileMap(const Expr& e);
  // Whether `name` is bound here (a macro variable, `let` or parameter),
  // hiding the binding of the same name the environment gives.
  bool InScope(std::string_view name) const {
    for (const Binding& b : scope_) {
      if (b.name == name) return true;
    }
    return false;
  }
  // Folds a step without free slots into a constant; reports the CEL type
  // errors the fold finds (other errors stay the constant's value).
  absl::StatusOr<Compiled> Fold(Compiled c, uint32_t offset);
  // `child`'s step for a parent reading `parent_free`: wrapped in an
  // InvariantStep when the parent varies and the child does not.
  StepPtr Child(Compiled& child, uint64_t parent_free);
  bool Invariant(const Compiled& c) const {
    return cache_invariants_ && (c.free_slots & varying_) == 0 && !c.step->cheap();
  }

  CompileEnv env_;
  std::vector<Binding> scope_;
  uint32_t next_slot_ = kFirstFreeSlot;
  std::vector<std::string> inlining_;
  // How many unrolled macro bodies are being compiled (CompileUnrolled).
  int unrolling_ = 0;
  // How many more macros this compiler may unroll: each unrolled macro
  // compiles its body once per item on top of the general compile, so
  // without a bound a chain of nested macros (each unrolled inside the
  // general compile of the one around it) costs its depth squared times
  // the items.
  int unroll_budget_ = 8;
  bool cache_invariants_ = false;
  uint64_t varying_ = ~uint64_t{0};
};

// Evaluates a compiled expression with the given slots (used by the engine and
// by `planlint eval`).
Value Evaluate(const Step& step, EvalContext& ctx, Value* slots);

}  // namespace planlint::expr

#endif  // PLANLINT_CORE_EXPR_COMPILER_H_

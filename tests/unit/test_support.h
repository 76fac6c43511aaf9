// Helpers shared by the unit tests: evaluating a free-standing expression the
// way `planlint eval` does (against a compiled pack, a plan and an as_of),
// reading files, and running the real `planlint` binary.
#ifndef PLANLINT_TESTS_UNIT_TEST_SUPPORT_H_
#define PLANLINT_TESTS_UNIT_TEST_SUPPORT_H_

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "core/engine/checker.h"
#include "core/expr/compiler.h"
#include "core/expr/value_ops.h"
#include "core/pack/rule_pack.h"
#include "core/plan/plan_parser.h"
#include "core/text/date.h"
#include "core/util/status.h"
#include "core/util/strings.h"
#include "gtest/gtest.h"

namespace planlint::testing {

inline std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void WriteFile(const std::filesystem::path& p, std::string_view text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

inline std::filesystem::path SourceDir() { return std::filesystem::path(PLANLINT_SOURCE_DIR); }

inline text::DayNumber Day(std::string_view iso) { return text::ParseDate(iso).value(); }

// The built-in pack, which must load.
inline std::shared_ptr<const RulePack> BuiltinPack() {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::Builtin();
  if (!pack.ok()) return nullptr;
  return *pack;
}

// Evaluates expressions against a pack (its functions, options and schema),
// with `plan` and `self` bound to the root of a plan, as `planlint eval` does.
//
// Results are rendered as text so that a test can compare them:
//   a value        -> its JSON (expr::ToJson): 3, 1.5, "s", [1, 2], {"a": 1}
//   a runtime error -> "error: MESSAGE"
//   refused         -> "compile error at OFFSET: MESSAGE"
//   a bad plan      -> "plan error: MESSAGE"
class Evaluator {
 public:
  explicit Evaluator(std::shared_ptr<const RulePack> pack = BuiltinPack())
      : pack_(std::move(pack)) {}

  std::string Eval(std::string_view expression, std::string_view plan_json = "{}",
                   std::string_view as_of = "2027-01-15") const {
    return EvalWithCost(expression, plan_json, CheckOptions{}.rule_cost_limit, as_of).first;
  }

  // As Eval, under cost limit `limit`, with the cost the evaluation charged.
  std::pair<std::string, uint64_t> EvalWithCost(std::string_view expression,
                                                std::string_view plan_json, uint64_t limit,
                                                std::string_view as_of = "2027-01-15") const {
    uint32_t slot_count = 0;
    absl::StatusOr<expr::StepPtr> step =
        pack_->CompileExpression(std::string(expression), &slot_count);
    if (!step.ok()) {
      return {Cat("compile error at ", OffsetOf(step.status()).value_or(UINT32_MAX), ": ",
                  step.status().message()),
              0};
    }
    PlanParser parser;
    absl::StatusOr<Plan> plan = parser.Parse("plan.json", std::string(plan_json));
    if (!plan.ok()) return {Cat("plan error: ", plan.status().message()), 0};
    expr::EvalContext ctx(&*plan, &pack_->schema(), &pack_->patterns(), &pack_->keys());
    ctx.as_of = Day(as_of);
    ctx.known_rules = &pack_->known_rules();
    ctx.hoisted().resize(pack_->hoisted_count() + 64);
    ctx.ResetCost(limit);
    std::vector<expr::Value> slots(std::max<uint32_t>(slot_count, expr::kFirstFreeSlot));
    slots[expr::kSlotPlan] = ctx.NodeValue(plan->root(), false);
    slots[expr::kSlotSelf] = slots[expr::kSlotPlan];
    slots[expr::kSlotPath] = expr::Value::String("");
    slots[expr::kSlotAsOf] = expr::Value::Date(ctx.as_of);
    expr::Value v = expr::Evaluate(**step, ctx, slots.data());
    return {v.is_error() ? Cat("error: ", v.string()) : expr::ToJson(ctx, v), ctx.cost()};
  }

  const RulePack& pack() const { return *pack_; }

 private:
  std::shared_ptr<const RulePack> pack_;
};

// For an optimised form `fast` of the general expression `general`: under
// every cost limit from 0 to one past the general form's whole cost, both
// give the same value or error and charge the same cost. `general_plan` is
// the plan `general` reads when it differs from `plan`.
inline void ExpectSameAtEveryLimit(const Evaluator& ev, std::string_view fast,
                                   std::string_view general, std::string_view plan,
                                   std::optional<std::string_view> general_plan = std::nullopt) {
  const std::string_view other = general_plan.value_or(plan);
  const uint64_t full = ev.EvalWithCost(general, other, UINT64_MAX).second;
  for (uint64_t limit = 0; limit <= full + 1; ++limit) {
    EXPECT_EQ(ev.EvalWithCost(fast, plan, limit), ev.EvalWithCost(general, other, limit))
        << fast << " with limit " << limit;
  }
}

// The result of running the real CLI.
struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

}  // namespace planlint::testing

#endif  // PLANLINT_TESTS_UNIT_TEST_SUPPORT_H_

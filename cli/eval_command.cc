// `planlint eval EXPR [PLAN]`: the rule author's playground. Compiles an
// expression against the built-in pack (its functions and options) and
// prints the value as JSON, or the CEL error.
#include <algorithm>
#include <iostream>
#include <vector>

#include "cli/commands.h"
#include "core/engine/checker.h"
#include "core/expr/compiler.h"
#include "core/expr/value_ops.h"
#include "core/plan/plan_parser.h"
#include "core/util/status.h"

namespace planlint::cli {
namespace {

int RunEval(const std::string& expression, const std::string& plan_path, const std::string& as_of) {
  bool ok = true;
  std::optional<text::DayNumber> day = ParseAsOf(as_of, &ok);
  if (!ok) return kExitUsage;
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::Builtin();
  if (!pack.ok()) {
    std::cerr << "planlint: " << pack.status().message() << "\n";
    return kExitUsage;
  }
  uint32_t slot_count = 0;
  absl::StatusOr<expr::StepPtr> step = (*pack)->CompileExpression(expression, &slot_count);
  if (!step.ok()) {
    uint32_t offset = OffsetOf(step.status()).value_or(0);
    std::cerr << "<expr>:1:" << offset + 1 << ": " << step.status().message() << "\n";
    return kExitUsage;
  }
  PlanParser parser;
  absl::StatusOr<Plan> plan =
      plan_path.empty() ? parser.Parse("<empty>", "{}") : ReadPlanFile(parser, plan_path);
  if (!plan.ok()) {
    std::cerr << plan.status().message() << "\n";
    return kExitUsage;
  }
  expr::EvalContext ctx(&*plan, &(*pack)->schema(), &(*pack)->patterns(), &(*pack)->keys());
  ctx.as_of = day.value_or(Today());
  ctx.known_rules = &(*pack)->known_rules();
  ctx.hoisted().resize((*pack)->hoisted_count() + 64);
  ctx.ResetCost(CheckOptions{}.rule_cost_limit);
  std::vector<expr::Value> slots(std::max<uint32_t>(slot_count, expr::kFirstFreeSlot));
  slots[expr::kSlotPlan] = ctx.NodeValue(plan->root(), false);
  slots[expr::kSlotSelf] = slots[expr::kSlotPlan];
  slots[expr::kSlotPath] = expr::Value::String("");
  slots[expr::kSlotAsOf] = expr::Value::Date(ctx.as_of);
  expr::Value v = expr::Evaluate(**step, ctx, slots.data());
  if (v.is_error()) {
    std::cout << "error: " << v.string() << "\n";
    return kExitFindings;
  }
  std::cout << expr::ToJson(ctx, v) << "\n";
  return kExitClean;
}

}  // namespace

void AddEvalCommand(CLI::App& app, int* exit_code) {
  auto expression = std::make_shared<std::string>();
  auto plan = std::make_shared<std::string>();
  auto as_of = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("eval", "Evaluate a CEL expression against a plan");
  cmd->add_option("expression", *expression, "The expression")->required();
  cmd->add_option("plan", *plan, "Plan JSON file (default: an empty object)");
  cmd->add_option("--as-of", *as_of, "Reference date for as_of");
  cmd->final_callback([=] { *exit_code = RunEval(*expression, *plan, *as_of); });
}

}  // namespace planlint::cli

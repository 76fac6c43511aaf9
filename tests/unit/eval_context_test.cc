// EvalContext's fast paths against the plain forms they replace.
#include "core/expr/context.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "core/plan/plan_parser.h"

namespace planlint::expr {
namespace {

Plan Parse(const std::string& json) {
  PlanParser parser;
  absl::StatusOr<Plan> plan = parser.Parse("plan.json", json);
  EXPECT_TRUE(plan.ok()) << plan.status();
  return *std::move(plan);
}

// The walk the engine used before: a stack, children pushed in reverse,
// shadowed members skipped.
std::vector<NodeId> StackWalk(const Plan& plan, NodeId root) {
  std::vector<NodeId> out, stack{root};
  while (!stack.empty()) {
    NodeId n = stack.back();
    stack.pop_back();
    out.push_back(n);
    auto kids = plan.children(n);
    for (size_t i = kids.size(); i-- > 0;) {
      if (!plan.shadowed(kids[i])) stack.push_back(kids[i]);
    }
  }
  return out;
}

TEST(EvalContextTest, WalkVisibleIsThePreOrderWalkWithoutShadowedSubtrees) {
  Plan plan = Parse(R"({"a": {"x": [1, {"y": 2}], "x": {"hidden": [3]}, "z": "s"},
                        "b": [[], {}, [4, [5]]], "a": {"also": "hidden"}, "c": null})");
  EvalContext ctx(&plan, nullptr, nullptr);
  for (NodeId root = 0; root < plan.node_count(); ++root) {
    SCOPED_TRACE(root);
    std::vector<NodeId> seen;
    ctx.ResetCost(UINT64_MAX - 1);
    EXPECT_TRUE(ctx.WalkVisible(root, [&](NodeId n) { seen.push_back(n); }));
    EXPECT_EQ(seen, StackWalk(plan, root));
    EXPECT_EQ(ctx.cost(), seen.size());
  }
}

// ChargeEach(n) must leave the meter where n calls of Charge(1), stopping
// at the first refusal, leave it.
TEST(EvalContextTest, ChargeEachMatchesAUnitPerStepLoop) {
  EvalContext loop(nullptr, nullptr, nullptr);
  EvalContext bulk(nullptr, nullptr, nullptr);
  for (uint64_t limit : {0u, 1u, 5u, 10u}) {
    for (uint64_t start : {0u, 3u, 5u, 6u, 12u}) {
      for (uint64_t units : {1u, 2u, 5u, 7u}) {
        SCOPED_TRACE(testing::Message() << limit << " " << start << " " << units);
        loop.ResetCost(limit);
        bulk.ResetCost(limit);
        loop.Charge(start);
        bulk.Charge(start);
        bool ok = true;
        for (uint64_t i = 0; i < units && ok; ++i) ok = loop.Charge(1);
        EXPECT_EQ(bulk.ChargeEach(units), ok);
        EXPECT_EQ(bulk.cost(), loop.cost());
      }
    }
  }
}

// Dates of plan strings are parsed once per node; other strings each time.
TEST(EvalContextTest, ParseDateAnswersAsTextParseDate) {
  Plan plan = Parse(R"({"a": "2027-02-28", "b": "2027-02-30", "c": "02/28/2027", "d": 5})");
  EvalContext ctx(&plan, nullptr, nullptr);
  for (int round = 0; round < 2; ++round) {
    for (NodeId n : plan.children(plan.root())) {
      if (plan.kind(n) != JsonKind::kString) continue;
      Value v = ctx.NodeValue(n, false);
      text::DayNumber day = -1;
      std::optional<text::DayNumber> want = text::ParseDate(plan.string(n));
      EXPECT_EQ(ctx.ParseDate(v, &day), want.has_value()) << plan.string(n);
      if (want) {
        EXPECT_EQ(day, *want);
      }
    }
  }
  // A computed string that carries a plan node is not the node's text.
  Value computed = ctx.MakeString("2030-01-01");
  computed.node = plan.FindMember(plan.root(), "b");
  text::DayNumber day = -1;
  EXPECT_TRUE(ctx.ParseDate(computed, &day));
  EXPECT_EQ(day, *text::ParseDate("2030-01-01"));
  EXPECT_FALSE(ctx.ParseDate(Value::String("not a date"), &day));
}

}  // namespace
}  // namespace planlint::expr

// `pointer(x) == pointer(y)` and `!=` compile to one step that compares the
// nodes' paths (Plan::SamePointer) instead of building two JSON Pointer
// strings. It must give what the operator's call on the two pointer()
// calls gives (spelled `[pointer(x)][0] == pointer(y)`, which the rewrite
// does not recognise): values, errors (values that do not come from the
// plan, missing fields, errors of either side, in order) and the cost
// charged, so that a cost limit stops a rule at the same point.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/plan/plan.h"
#include "core/plan/plan_parser.h"
#include "gtest/gtest.h"
#include "tests/unit/test_support.h"

namespace planlint {
namespace {

using testing::Evaluator;

constexpr std::string_view kPlan = R"({
  "items": [{"id": "a"}, {"id": "b", "x": {"0": 1}}, 7, null, "s", {"id": "a"}],
  "l": [1, 2], "m": {"0": [5], "k": {"0": 1}}, "s": "abc"
})";

// Each pair: an expression the rewrite compiles, and the same through the
// general calls.
const std::vector<std::pair<std::string, std::string>>& Pairs() {
  static const auto* pairs = new std::vector<std::pair<std::string, std::string>>{
      {"plan.items.map(i, pointer(i) == pointer(plan.items[0]))",
       "plan.items.map(i, [pointer(i)][0] == pointer(plan.items[0]))"},
      {"plan.items.map(i, pointer(i) != pointer(plan.items[5]))",
       "plan.items.map(i, [pointer(i)][0] != pointer(plan.items[5]))"},
      {"plan.items.map(i, plan.items.filter(j, pointer(j) != pointer(i)).size())",
       "plan.items.map(i, plan.items.filter(j, [pointer(j)][0] != pointer(i)).size())"},
      // Method form, and fields of a name.
      {"plan.items.map(i, i.pointer() == plan.items[0].pointer())",
       "plan.items.map(i, [i.pointer()][0] == plan.items[0].pointer())"},
      {"plan.items.map(i, isMap(i) && pointer(i.id) == pointer(plan.items[0].id))",
       "plan.items.map(i, isMap(i) && [pointer(i.id)][0] == pointer(plan.items[0].id))"},
      // Errors: a missing field on either side, a non-map, a value made by
      // the evaluation (no node), an error in both (the first wins).
      {"plan.items.map(i, pointer(i.id) == pointer(i))",
       "plan.items.map(i, [pointer(i.id)][0] == pointer(i))"},
      {"plan.items.map(i, pointer(i) == pointer(i.x))",
       "plan.items.map(i, [pointer(i)][0] == pointer(i.x))"},
      {"plan.l.map(x, pointer(x + 1.0) == pointer(plan))",
       "plan.l.map(x, [pointer(x + 1.0)][0] == pointer(plan))"},
      {"plan.l.map(x, pointer(plan) != pointer([x][0] * 2.0))",
       "plan.l.map(x, [pointer(plan)][0] != pointer([x][0] * 2.0))"},
      {"plan.items.map(i, pointer(i.nope) == pointer(i.other))",
       "plan.items.map(i, [pointer(i.nope)][0] == pointer(i.other))"},
      {"plan.l.map(x, pointer(1) == pointer(plan.l))",
       "plan.l.map(x, [pointer(1)][0] == pointer(plan.l))"},
      {"plan.l.map(x, pointer(plan.l) == pointer(1))",
       "plan.l.map(x, [pointer(plan.l)][0] == pointer(1))"},
      // Sides that do not vary with the macro's variable.
      {"plan.l.map(x, pointer(plan.m) == pointer(plan.m))",
       "plan.l.map(x, [pointer(plan.m)][0] == pointer(plan.m))"},
      {"pointer(plan.m['0']) != pointer(plan.m.k)",
       "[pointer(plan.m['0'])][0] != pointer(plan.m.k)"},
      {"pointer(plan) == pointer(plan)", "[pointer(plan)][0] == pointer(plan)"},
      {"pointer(null) == pointer(plan)", "[pointer(null)][0] == pointer(plan)"},
      // Lenient context: a missing field is still an error of pointer().
      {"present(pointer(plan.nope) == pointer(plan))",
       "present([pointer(plan.nope)][0] == pointer(plan))"},
      {"plan.items.exists(i, pointer(i) == pointer(plan.items[2]) || pointer(i.id) == 'x')",
       "plan.items.exists(i, [pointer(i)][0] == pointer(plan.items[2]) || pointer(i.id) == 'x')"},
  };
  return *pairs;
}

TEST(PointerCompareTest, ComputesWhatTheCallsCompute) {
  Evaluator ev;
  for (const auto& [rewritten, general] : Pairs()) {
    EXPECT_EQ(ev.Eval(rewritten, kPlan), ev.Eval(general, kPlan)) << rewritten;
  }
  // A few answers spelled out, so that both paths are not wrong together.
  EXPECT_EQ(ev.Eval("plan.items.map(i, pointer(i) == pointer(plan.items[0]))", kPlan),
            "[true, false, false, false, false, false]");
  EXPECT_EQ(ev.Eval("plan.l.map(x, pointer(x + 1.0) == pointer(plan))", kPlan),
            "error: pointer: the value does not come from the plan");
  EXPECT_EQ(ev.Eval("plan.items.map(i, pointer(i.nope) == pointer(i.other))", kPlan),
            "error: no such key: 'nope'");
  EXPECT_EQ(ev.Eval("pointer(plan) != pointer(plan.s)", kPlan), "true");
}

TEST(PointerCompareTest, ChargesWhatTheCallsCharge) {
  Evaluator ev;
  for (const auto& [rewritten, general] : Pairs()) {
    testing::ExpectSameAtEveryLimit(ev, rewritten, general, kPlan);
  }
}

// Plan::SamePointer against the strings Plan::Pointer builds, for every pair
// of nodes of plans with repeated keys (a shadowed member has the pointer
// of the member it repeats, and so do their descendants), keys that are an
// array index's digits, keys that need escaping, and an id past the last
// node (whose pointer Plan::Pointer gives as the root's).
TEST(PointerCompareTest, SamePointerIsPointerEquality) {
  const std::string plans[] = {
      R"({"a": {"x": [1, {"y": 2}]}, "a": {"x": [3, {"y": 4}], "z": 5}, "b": [[0], {"0": [0]}]})",
      R"({"0": {"0": 1}, "l": [{"0": 1}, [1]], "~": {"/": 1}, "~0": 2, "~1": 3, "/": 4})",
      R"({"r": [{"k": 1, "k": 2, "k": {"k": [1, 2]}}, {"k": 1}, [], {}, "", null]})",
      R"({"s": {"t": 1}, "s": {"t": 2, "t": 3}, "s": [1]})",
  };
  for (const std::string& text : plans) {
    PlanParser parser;
    absl::StatusOr<Plan> plan = parser.Parse("plan.json", text);
    ASSERT_TRUE(plan.ok()) << plan.status();
    const NodeId count = static_cast<NodeId>(plan->node_count());
    int same = 0;
    for (NodeId a = 0; a <= count; ++a) {
      for (NodeId b = 0; b <= count; ++b) {
        const bool want = plan->Pointer(a) == plan->Pointer(b);
        EXPECT_EQ(plan->SamePointer(a, b), want) << text << ": " << a << ", " << b;
        same += want && a != b ? 1 : 0;
      }
    }
    EXPECT_GT(same, 0) << text;  // an id past the end has the root's pointer
  }
}

}  // namespace
}  // namespace planlint

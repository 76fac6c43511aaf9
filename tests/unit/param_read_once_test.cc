// An inlined pack function whose argument reads a field of a name and is
// used more than once reads the field once (ArgumentStep, ParamUseStep,
// ParamCallStep in core/expr/compiler.cc). It must give what compiling the
// argument at every use gives; the same call with the argument spelled
// `[x][0].f` (which is not a read of a name's field) is compiled that way.
// Values, errors (missing fields, targets that are not maps, strict uses
// of a missing field) and the cost at every limit must agree.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "tests/unit/test_support.h"

namespace planlint {
namespace {

using testing::Evaluator;

constexpr std::string_view kPlan = R"json({
  "s": "abc", "blank": "  ", "phone": "+1 555 010 0199 (desk)", "short": "12", "n": 4,
  "m": {"id": "T1", "e": "Yes"},
  "items": [{"a": "x", "p": "555-010-0199"}, {"a": " "}, {"b": 2}, 7, null, "s", {"a": ["l"]}],
  "keys": ["a", "p"]
})json";

// Each pair: a call whose argument is read once, and the same call with
// the argument compiled at every use.
const std::vector<std::pair<std::string, std::string>>& Pairs() {
  static const auto* pairs = new std::vector<std::pair<std::string, std::string>>{
      {"presentId(plan.s)", "presentId([plan][0].s)"},
      {"presentId(plan.blank)", "presentId([plan][0].blank)"},
      {"presentId(plan.nope)", "presentId([plan][0].nope)"},
      {"presentId(plan.m.id)", "presentId([plan.m][0].id)"},
      {"plan.items.map(i, presentId(i.a))", "plan.items.map(i, presentId([i][0].a))"},
      {"plan.items.map(i, presentId(i['a']))", "plan.items.map(i, presentId([i][0]['a']))"},
      {"plan.items.map(i, isEnum(i.a, ['x', 'y']))",
       "plan.items.map(i, isEnum([i][0].a, ['x', 'y']))"},
      {"isEnum(plan.m.e, ['yes'])", "isEnum([plan.m][0].e, ['yes'])"},
      // Strict uses (trimmed, reReplace, digits) of a missing field or of a
      // value that is not a string.
      {"validPhone(plan.phone)", "validPhone([plan][0].phone)"},
      {"validPhone(plan.short)", "validPhone([plan][0].short)"},
      {"validPhone(plan.nope)", "validPhone([plan][0].nope)"},
      {"validPhone(plan.n)", "validPhone([plan][0].n)"},
      {"plan.items.map(i, validPhone(i.p))", "plan.items.map(i, validPhone([i][0].p))"},
      {"plan.items.filter(i, isMap(i) && has(i.p)).map(i, validPhone(i.p))",
       "plan.items.filter(i, isMap(i) && has(i.p)).map(i, validPhone([i][0].p))"},
      {"plan.items.map(i, placeholder(i.a))", "plan.items.map(i, placeholder([i][0].a))"},
      // A key that is an unrolled macro's variable.
      {"['a', 'p'].map(k, plan.items.map(i, presentId(i[k])))",
       "plan.keys.map(k, plan.items.map(i, presentId(i[k])))"},
      {"['a', 'p'].filter(k, placeholder(plan.m[k]))",
       "plan.keys.filter(k, placeholder([plan.m][0][k]))"},
      // Nested: itemsOf of a read-once parameter's field.
      {"plan.items.map(i, itemsOf(i.a).size())", "plan.items.map(i, itemsOf([i][0].a).size())"},
  };
  return *pairs;
}

TEST(ParamReadOnceTest, ComputesWhatEveryUseComputes) {
  Evaluator ev;
  for (const auto& [once, every] : Pairs()) {
    EXPECT_EQ(ev.Eval(once, kPlan), ev.Eval(every, kPlan)) << once;
  }
  // A few answers spelled out, so that both paths are not wrong together.
  EXPECT_EQ(ev.Eval("plan.items.map(i, presentId(i.a))", kPlan),
            R"(["x", null, null, null, null, null, null])");
  EXPECT_EQ(ev.Eval("validPhone(plan.nope)", kPlan), "error: no such key: 'nope'");
  EXPECT_EQ(ev.Eval("validPhone(plan.phone)", kPlan), "true");
}

TEST(ParamReadOnceTest, ChargesWhatEveryUseCharges) {
  Evaluator ev;
  for (const auto& [once, every] : Pairs()) {
    testing::ExpectSameAtEveryLimit(ev, once, every, kPlan);
  }
}

}  // namespace
}  // namespace planlint

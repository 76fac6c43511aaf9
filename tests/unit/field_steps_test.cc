// The fused steps of field access (core/expr/field_steps.h, SlotIndexStep):
// `x.f` and `x[k]` read straight from a name's slot, and a one-argument call
// on a name or a field of one, must give what the general steps give (a
// target that is not a name: `[x][0].f`), values and
// errors alike, and charge the cost meter the same, so that a cost limit
// stops a rule at the same point either way.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "tests/unit/test_support.h"

namespace planlint {
namespace {

using testing::Evaluator;

constexpr std::string_view kPlan = R"({
  "s": "abc", "blank": "  ", "d": "2027-03-01", "bad_d": "2027-02-30", "n": 1, "nul": null,
  "l": [1, 2], "m": {"a": 1, "d": "2027-03-01", "e": ""},
  "items": [{"a": "x", "d": "2027-01-02"}, {"b": 2}, 7, null, "s"],
  "k1": ["l"], "k2": ["s", "nope", "blank", "l"], "k3": ["s", "n", "nope"], "k4": ["s", "n"],
  "k5": ["a", "b"], "t": true, "f": false
})";

// Each pair: an expression the fused steps compile, and the same through
// the general ones.
const std::vector<std::pair<std::string, std::string>>& Pairs() {
  static const auto* pairs = new std::vector<std::pair<std::string, std::string>>{
      // Field of a name.
      {"plan.s", "[plan][0].s"},
      {"plan.m.a", "[plan][0].m.a"},
      {"plan.nope", "[plan][0].nope"},
      {"plan.s.x", "[plan][0].s.x"},
      {"plan.items.map(i, i.a)", "plan.items.map(i, [i][0].a)"},
      // One-argument calls: lenient ones (a missing field is absent) ...
      {"present(plan.s)", "present([plan][0].s)"},
      {"present(plan.blank)", "present([plan][0].blank)"},
      {"present(plan.nope)", "present([plan][0].nope)"},
      {"isDate(plan.d)", "isDate([plan][0].d)"},
      {"isDate(plan.bad_d)", "isDate([plan][0].bad_d)"},
      {"isDate(plan.nope)", "isDate([plan][0].nope)"},
      {"jsonType(plan.nul)", "jsonType([plan][0].nul)"},
      {"empty(plan.m.e)", "empty([plan][0].m.e)"},
      {"plan.items.filter(i, isMap(i) && present(i.a))",
       "plan.items.filter(i, isMap(i) && present([i][0].a))"},
      {"plan.items.map(i, isString(i.a))", "plan.items.map(i, isString([i][0].a))"},
      // ... and strict ones (a missing field or a non-map is an error).
      {"date(plan.d)", "date([plan][0].d)"},
      {"date(plan.nope)", "date([plan][0].nope)"},
      {"size(plan.l)", "size([plan][0].l)"},
      {"size(plan.nul)", "size([plan][0].nul)"},
      {"plan.items.map(i, size(i.a))", "plan.items.map(i, size([i][0].a))"},
      {"plan.items.map(i, type(i.a))", "plan.items.map(i, type([i][0].a))"},
      {"plan.items.exists(i, !i.a)", "plan.items.exists(i, ![i][0].a)"},
      // Calls on a name itself.
      {"size(plan)", "size([plan][0])"},
      {"isMap(plan)", "isMap([plan][0])"},
      {"plan.items.map(i, isString(i))", "plan.items.map(i, isString([i][0]))"},
      {"plan.items.map(i, present(i))", "plan.items.map(i, present([i][0]))"},
      {"plan.items.map(i, size(i))", "plan.items.map(i, size([i][0]))"},
      {"plan.items.map(i, type(i))", "plan.items.map(i, type([i][0]))"},
      // The functions fused steps call inline (inline_functions.h), on a
      // name and on a field of one.
      {"plan.items.map(i, isList(i))", "plan.items.map(i, isList([i][0]))"},
      {"plan.items.map(i, empty(i))", "plan.items.map(i, empty([i][0]))"},
      {"plan.items.map(i, isDate(i.d))", "plan.items.map(i, isDate([i][0].d))"},
      {"plan.items.map(i, date(i))", "plan.items.map(i, date([i][0]))"},
      {"plan.items.map(i, date(i.d))", "plan.items.map(i, date([i][0].d))"},
      {"[plan.d, plan.bad_d, plan.n].map(x, date(x))",
       "[plan.d, plan.bad_d, plan.n].map(x, date([x][0]))"},
      {"[plan.d, plan.bad_d, plan.n].map(x, isDate(x))",
       "[plan.d, plan.bad_d, plan.n].map(x, isDate([x][0]))"},
      {"date(plan.bad_d)", "date([plan][0].bad_d)"},
      {"[plan.t, plan.n, plan.s].map(x, !x)", "[plan.t, plan.n, plan.s].map(x, ![x][0])"},
      {"plan.items.map(i, !isMap(i))", "plan.items.map(i, ![isMap(i)][0])"},
      {"plan.items.map(i, !i.a)", "plan.items.map(i, ![i][0].a)"},
      {"plan.items.map(i, present(i.b))", "plan.items.map(i, present([i][0].b))"},
      {"plan.items.map(i, isList(i.a))", "plan.items.map(i, isList([i][0].a))"},
      // Indexing a name.
      {"plan['s']", "[plan][0]['s']"},
      {"plan['nope']", "[plan][0]['nope']"},
      {"present(plan['nope'])", "present([plan][0]['nope'])"},
      {"plan.l.map(x, plan.l[x / 10.0 - 1.0])", "plan.l.map(x, [plan.l][0][x / 10.0 - 1.0])"},
      {"['s', 'n', 'x'].map(k, has(plan.m.a) ? plan[k] : 0)",
       "['s', 'n', 'x'].map(k, has(plan.m.a) ? [plan][0][k] : 0)"},
      {"plan.items.map(i, present(i['a']))", "plan.items.map(i, present([i][0]['a']))"},
      // ... by a constant that is not a field name (SlotConstIndexStep).
      {"[plan.l, plan.k2].map(x, x[1])", "[plan.l, plan.k2].map(x, [x][0][1])"},
      {"[plan.l, plan.k2, [], plan.m, plan.s, plan.nul].map(x, present(x[0]))",
       "[plan.l, plan.k2, [], plan.m, plan.s, plan.nul].map(x, present([x][0][0]))"},
      {"[plan.l, plan.k2].map(x, x[2])", "[plan.l, plan.k2].map(x, [x][0][2])"},
      {"[plan.l].map(x, x[-1])", "[plan.l].map(x, [x][0][-1])"},
      {"[plan.l].map(x, [x[1.0], x[1u]])", "[plan.l].map(x, [[x][0][1.0], [x][0][1u]])"},
      {"[plan.l].map(x, x[1.5])", "[plan.l].map(x, [x][0][1.5])"},
      {"[plan.l].map(x, x[true])", "[plan.l].map(x, [x][0][true])"},
      {"[plan.m].map(x, x[0])", "[plan.m].map(x, [x][0][0])"},
      {"[plan.s].map(x, x[0])", "[plan.s].map(x, [x][0][0])"},
      {"plan.items.map(i, present(i['']))", "plan.items.map(i, present([i][0]['']))"},
      {"plan[0]", "[plan][0][0]"},
      // A constant pattern matched against a name.
      {"plan.items.map(i, isString(i) && i.matches('^s'))",
       "plan.items.map(i, isString(i) && [i][0].matches('^s'))"},
      {"plan.items.map(i, i.matches('x'))", "plan.items.map(i, [i][0].matches('x'))"},
      {"plan.items.map(i, i[''])", "plan.items.map(i, [i][0][''])"},
      {"['l'].map(k, plan[k])", "plan.k1.map(k, plan[k])"},
      // A filter or map over a constant list, unrolled (CompileUnrolled),
      // against the same macro over the same list read from the plan.
      {"['s', 'nope', 'blank', 'l'].filter(k, present(plan[k]))",
       "plan.k2.filter(k, present(plan[k]))"},
      {"['s', 'n', 'nope'].map(k, plan[k])", "plan.k3.map(k, plan[k])"},
      {"['s', 'n'].filter(k, plan[k])", "plan.k4.filter(k, plan[k])"},
      {"['a', 'b'].map(k, plan.items.map(i, isMap(i) && has(i.a) ? i[k] : k))",
       "plan.k5.map(k, plan.items.map(i, isMap(i) && has(i.a) ? i[k] : k))"},
      {"['a', 'b'].map(k, plan.k5.filter(j, j != k))", "plan.k5.map(k, plan.k5.filter(j, j != k))"},
      // A conditional on a call on a field, choosing that field
      // (FieldConditionalStep), against the same with the branch's field
      // read through a general step.
      {"isList(plan.l) ? plan.l : []", "isList(plan.l) ? [plan][0].l : []"},
      {"isList(plan.s) ? plan.s : []", "isList(plan.s) ? [plan][0].s : []"},
      {"isList(plan.nope) ? plan.nope : []", "isList(plan.nope) ? [plan][0].nope : []"},
      {"isNull(plan.nul) ? plan.nul : 1", "isNull(plan.nul) ? [plan][0].nul : 1"},
      {"plan.items.map(i, isString(i.a) ? i.a : 'none')",
       "plan.items.map(i, isString(i.a) ? [i][0].a : 'none')"},
      {"plan.items.map(i, present(i.a) ? i.a : i)",
       "plan.items.map(i, present(i.a) ? [i][0].a : i)"},
      {"plan.items.map(i, empty(i.b) ? i.b : 0)", "plan.items.map(i, empty(i.b) ? [i][0].b : 0)"},
      {"plan.items.map(i, isMap(i) && present(i.a) ? i.a : plan.nope)",
       "plan.items.map(i, isMap(i) && present(i.a) ? [i][0].a : plan.nope)"},
      // ... strict calls, conditions that are not bools, and errors.
      {"!plan.t ? plan.t : 1", "!plan.t ? [plan][0].t : 1"},
      {"!plan.f ? plan.f : 1", "!plan.f ? [plan][0].f : 1"},
      {"!plan.nope ? plan.nope : 1", "!plan.nope ? [plan][0].nope : 1"},
      {"size(plan.l) ? plan.l : 0", "size(plan.l) ? [plan][0].l : 0"},
      {"date(plan.s) ? plan.s : 0", "date(plan.s) ? [plan][0].s : 0"},
      {"plan.items.map(i, bool(i.a) ? i.a : 0)", "plan.items.map(i, bool(i.a) ? [i][0].a : 0)"},
      {"plan.l.map(x, isList(plan.l) ? plan.l : x)",
       "plan.l.map(x, isList(plan.l) ? [plan][0].l : x)"},
  };
  return *pairs;
}

TEST(FieldStepsTest, FusedStepsComputeWhatTheGeneralOnesDo) {
  Evaluator ev;
  for (const auto& [fused, general] : Pairs()) {
    EXPECT_EQ(ev.Eval(fused, kPlan), ev.Eval(general, kPlan)) << fused;
  }
  // A few answers spelled out, so that both paths are not wrong together.
  EXPECT_EQ(ev.Eval("plan.nope", kPlan), "error: no such key: 'nope'");
  EXPECT_EQ(ev.Eval("plan.s.x", kPlan),
            "error: type 'string' does not support field selection ('.x')");
  EXPECT_EQ(ev.Eval("present(plan.nope)", kPlan), "false");
  EXPECT_EQ(ev.Eval("isDate(plan.d)", kPlan), "true");
  EXPECT_EQ(ev.Eval("date(plan.nope)", kPlan), "error: no such key: 'nope'");
  EXPECT_EQ(ev.Eval("plan.items.map(i, isString(i.a))", kPlan),
            "[true, false, false, false, false]");
  EXPECT_EQ(ev.Eval("plan.items.map(i, isString(i.a) ? i.a : 'none')", kPlan),
            R"(["x", "none", "none", "none", "none"])");
  EXPECT_EQ(ev.Eval("isList(plan.nope) ? plan.nope : []", kPlan), "[]");
  EXPECT_EQ(ev.Eval("[plan.l, plan.k2].map(x, x[1])", kPlan), R"([2, "nope"])");
  EXPECT_EQ(ev.Eval("[plan.l, plan.k2].map(x, x[2])", kPlan), "error: index out of range: 2");
  // A map the evaluation made, indexed by a key read from the plan.
  EXPECT_EQ(ev.Eval("plan.k4.map(k, {'s': 1, 'n': 2}[k])", kPlan), "[1, 2]");
  EXPECT_EQ(ev.Eval("plan.k3.map(k, {'s': 1, 'n': 2}[k])", kPlan), "error: no such key: \"nope\"");
  EXPECT_EQ(ev.Eval("plan.items.map(i, bool(i.a) ? i.a : 0)", kPlan),
            "error: cannot convert string to bool");
}

// isDate(x.f) and date(x.f) called again on a member whose date an earlier
// call parsed (in a rule, whose field names have key ids, the answer then
// comes from EvalContext::KnownMemberDate, which eval_context_test checks):
// the same answers, also for a member the typed view masks (seen as null)
// and one read raw.
constexpr std::string_view kDatePlan = R"({"format": "imp/1", "schedule": [
  {"id": "T1", "planned_start": "2027-03-01", "planned_finish": "2027-02-30",
   "depends_on": "2027-03-02"}]})";

const std::vector<std::pair<std::string, std::string>>& DatePairs() {
  static const auto* pairs = new std::vector<std::pair<std::string, std::string>>{
      {"plan.schedule.map(e, [isDate(e.planned_start), isDate(e.planned_start), "
       "date(e.planned_start), date(e.planned_start)])",
       "plan.schedule.map(e, [isDate([e][0].planned_start), isDate([e][0].planned_start), "
       "date([e][0].planned_start), date([e][0].planned_start)])"},
      {"plan.schedule.map(e, [isDate(e.planned_finish), isDate(e.planned_finish)])",
       "plan.schedule.map(e, [isDate([e][0].planned_finish), isDate([e][0].planned_finish)])"},
      {"plan.schedule.map(e, [isDate(e.planned_finish), date(e.planned_finish)])",
       "plan.schedule.map(e, [isDate([e][0].planned_finish), date([e][0].planned_finish)])"},
      {"plan.schedule.map(e, [isDate(raw(e).depends_on), isDate(e.depends_on), "
       "isDate(raw(e).depends_on)])",
       "plan.schedule.map(e, [isDate([raw(e)][0].depends_on), isDate([e][0].depends_on), "
       "isDate([raw(e)][0].depends_on)])"},
      {"plan.schedule.map(e, [isDate(raw(e).depends_on), date(e.depends_on)])",
       "plan.schedule.map(e, [isDate([raw(e)][0].depends_on), date([e][0].depends_on)])"},
      {"plan.schedule.map(e, [isDate(e.planned_start), isDate(raw(e).planned_start)])",
       "plan.schedule.map(e, [isDate([e][0].planned_start), isDate([raw(e)][0].planned_start)])"},
  };
  return *pairs;
}

TEST(FieldStepsTest, KnownDatesAreWhatTheGeneralStepsGive) {
  Evaluator ev;
  for (const auto& [fused, general] : DatePairs()) {
    EXPECT_EQ(ev.Eval(fused, kDatePlan), ev.Eval(general, kDatePlan)) << fused;
    testing::ExpectSameAtEveryLimit(ev, fused, general, kDatePlan);
  }
  EXPECT_EQ(ev.Eval(DatePairs()[0].first, kDatePlan),
            R"([[true, true, "2027-03-01", "2027-03-01"]])");
  EXPECT_EQ(ev.Eval(DatePairs()[3].first, kDatePlan), "[[true, false, true]]");
  EXPECT_EQ(ev.Eval(DatePairs()[4].first, kDatePlan),
            "error: no matching overload for 'date' applied to (null_type)");
}

TEST(FieldStepsTest, FusedStepsChargeWhatTheGeneralOnesCharge) {
  Evaluator ev;
  for (const auto& [fused, general] : Pairs()) {
    // Every limit up to past the whole cost: stopped at the same point.
    testing::ExpectSameAtEveryLimit(ev, fused, general, kPlan);
  }
}

}  // namespace
}  // namespace planlint

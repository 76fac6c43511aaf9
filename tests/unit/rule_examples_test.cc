// Every rule of the built-in pack carries `examples: {fail, pass}` (shown by
// `planlint explain`): the fail example must trip the rule and the pass
// example must not, on any as_of (the examples avoid dates near today).
// Portfolio-scope rules (PRT) need several plans to trip, which one example
// plan cannot show: their trip and near-miss portfolios are the golden
// fixtures in tests/fixtures/portfolio/<ID>/, which the fixture meta-test
// requires.
#include <string>
#include <vector>

#include "core/engine/checker.h"
#include "core/pack/rule_pack.h"
#include "core/plan/plan_parser.h"
#include "core/text/date.h"
#include "gtest/gtest.h"

namespace planlint {
namespace {

struct Count {
  int reported = 0;  // findings of the rule that are not waived
  bool input_error = false;
  std::string error;
};

Count CheckExample(const Checker& checker, const std::string& rule, const std::string& json) {
  PlanParser parser;
  PlanReport report = checker.CheckText(parser, "<example of " + rule + ">", json);
  Count c;
  c.input_error = report.input_error;
  c.error = report.error;
  for (const Finding& f : report.findings) c.reported += f.rule == rule && !f.waived;
  return c;
}

TEST(RuleExamples, EveryRuleHasBothExamples) {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::Builtin();
  ASSERT_TRUE(pack.ok()) << pack.status().message();
  ASSERT_EQ((*pack)->rules().size(), 74u);
  int plan_rules = 0;
  for (const CompiledRule& r : (*pack)->rules()) {
    if (r.info.portfolio) continue;
    ++plan_rules;
    EXPECT_FALSE(r.info.example_fail.empty()) << r.info.id << " has no fail example";
    EXPECT_FALSE(r.info.example_pass.empty()) << r.info.id << " has no pass example";
  }
  EXPECT_EQ(plan_rules, 70);
}

TEST(RuleExamples, FailTripsAndPassDoesNot) {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::Builtin();
  ASSERT_TRUE(pack.ok()) << pack.status().message();
  for (const char* day : {"2027-01-15", "2031-06-01"}) {
    CheckOptions options;
    options.as_of = text::ParseDate(day);
    Checker checker(*pack, options);
    for (const CompiledRule& r : (*pack)->rules()) {
      if (r.info.portfolio) continue;
      const std::string& id = r.info.id;
      Count fail = CheckExample(checker, id, r.info.example_fail);
      EXPECT_FALSE(fail.input_error) << id << " fail example: " << fail.error;
      EXPECT_GT(fail.reported, 0) << id << "'s fail example does not trip it (as_of " << day << ")";
      Count pass = CheckExample(checker, id, r.info.example_pass);
      EXPECT_FALSE(pass.input_error) << id << " pass example: " << pass.error;
      EXPECT_EQ(pass.reported, 0) << id << "'s pass example trips it (as_of " << day << ")";
    }
  }
}

TEST(RuleExamples, TodayToo) {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::Builtin();
  ASSERT_TRUE(pack.ok());
  Checker checker(*pack);  // as_of: today, as `planlint explain` runs them
  for (const CompiledRule& r : (*pack)->rules()) {
    if (r.info.portfolio) continue;
    EXPECT_GT(CheckExample(checker, r.info.id, r.info.example_fail).reported, 0) << r.info.id;
    EXPECT_EQ(CheckExample(checker, r.info.id, r.info.example_pass).reported, 0) << r.info.id;
  }
}

}  // namespace
}  // namespace planlint

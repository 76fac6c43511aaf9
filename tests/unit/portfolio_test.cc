// Portfolio scope: golden fixtures for every cross-plan rule, and the
// engine pieces under them (pack keys, keep, records outliving their plans,
// locating, waivers, limits, the functions cross-plan rules need).
//
// Fixture layout: tests/fixtures/portfolio/<ID>/{trip/*.json,
// near_miss/*.json, expected.json}. Each folder is one small portfolio;
// expected.json lists the findings of rule <ID> as "FILE#POINTER" (FILE
// relative to the folder). PLANLINT_UPDATE_GOLDEN=1 rewrites expected.json.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/audit/audit.h"
#include "core/engine/checker.h"
#include "core/engine/portfolio.h"
#include "core/expr/program.h"
#include "core/expr/value_ops.h"
#include "core/pack/rule_pack.h"
#include "core/plan/plan_parser.h"
#include "gtest/gtest.h"

namespace planlint {
namespace {

namespace fs = std::filesystem;

fs::path PortfolioRoot() {
  return fs::path(PLANLINT_SOURCE_DIR) / "tests" / "fixtures" / "portfolio";
}

std::vector<std::string> JsonFiles(const fs::path& dir) {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::shared_ptr<const RulePack> Builtin() {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::Builtin();
  EXPECT_TRUE(pack.ok()) << pack.status().message();
  return *pack;
}

// Runs the audit over one folder; the findings of `rule` as FILE#POINTER.
std::vector<std::string> FindingsOf(const std::string& rule, const fs::path& dir,
                                    text::DayNumber as_of,
                                    const std::shared_ptr<const RulePack>& pack) {
  audit::AuditOptions options;
  options.as_of = as_of;
  options.jobs = 2;
  audit::AuditResult result = audit::RunAudit(pack, JsonFiles(dir), {}, options);
  std::vector<std::string> out;
  for (const audit::PlanAudit& p : result.plans) {
    EXPECT_FALSE(p.input_error) << p.error;
    for (const audit::AuditFinding& f : p.findings) {
      const RuleInfo& info = pack->rules()[f.rule].info;
      if (info.id != rule) continue;
      EXPECT_GT(f.line, 0) << p.file << f.pointer;
      out.push_back(fs::path(p.file).filename().string() + "#" + f.pointer);
    }
  }
  for (const Diagnostic& d : result.diagnostics) {
    if (d.rule == rule)
      ADD_FAILURE() << dir << ": " << d.rule << " could not be evaluated: " << d.message;
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct Expected {
  std::string rule;  // the rule the folder is for (also its name)
  std::string as_of;
  std::vector<std::string> trip, near_miss;
};

Expected ReadExpected(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream text;
  text << in.rdbuf();
  PlanParser parser;
  absl::StatusOr<Plan> doc = parser.Parse(p.string(), text.str());
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  Expected e;
  if (!doc.ok()) return e;
  NodeId rule = doc->FindMember(doc->root(), "rule");
  if (rule != kNoNode) e.rule = std::string(doc->string(rule));
  NodeId as_of = doc->FindMember(doc->root(), "as_of");
  if (as_of != kNoNode) e.as_of = std::string(doc->string(as_of));
  for (const char* key : {"trip", "near_miss"}) {
    NodeId list = doc->FindMember(doc->root(), key);
    if (list == kNoNode) continue;
    for (NodeId item : doc->children(list)) {
      (std::string(key) == "trip" ? e.trip : e.near_miss).push_back(std::string(doc->string(item)));
    }
  }
  return e;
}

void WriteExpected(const fs::path& p, const Expected& e) {
  auto list = [](const std::vector<std::string>& v) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ",\n    \"" : "\n    \"") + v[i] + "\"";
    return out + (v.empty() ? "]" : "\n  ]");
  };
  std::ofstream out(p, std::ios::binary);
  out << "{\n  \"rule\": \"" << e.rule << "\",\n  \"as_of\": \"" << e.as_of
      << "\",\n  \"trip\": " << list(e.trip) << ",\n  \"near_miss\": " << list(e.near_miss)
      << "\n}\n";
}

std::vector<std::string> FixtureIds() {
  std::vector<std::string> ids;
  for (const auto& entry : fs::directory_iterator(PortfolioRoot())) {
    if (entry.is_directory()) ids.push_back(entry.path().filename().string());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

class PortfolioFixtureTest : public testing::TestWithParam<std::string> {};

TEST_P(PortfolioFixtureTest, TripsAndNearMissAsExpected) {
  const std::string& id = GetParam();
  fs::path dir = PortfolioRoot() / id;
  Expected expected = ReadExpected(dir / "expected.json");
  std::optional<text::DayNumber> as_of = text::ParseDate(expected.as_of);
  ASSERT_TRUE(as_of.has_value()) << dir << ": expected.json needs an as_of date";
  std::shared_ptr<const RulePack> pack = Builtin();
  ASSERT_NE(pack->FindRule(id), nullptr) << id;
  EXPECT_TRUE(pack->FindRule(id)->portfolio) << id << " is not a portfolio rule";
  std::vector<std::string> trip = FindingsOf(id, dir / "trip", *as_of, pack);
  std::vector<std::string> near = FindingsOf(id, dir / "near_miss", *as_of, pack);
  const char* update = std::getenv("PLANLINT_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    WriteExpected(dir / "expected.json", Expected{id, expected.as_of, trip, near});
    return;
  }
  EXPECT_EQ(expected.rule, id) << dir << ": expected.json names another rule";
  std::sort(expected.trip.begin(), expected.trip.end());
  EXPECT_FALSE(trip.empty()) << id << ": trip/ must trip the rule";
  EXPECT_EQ(trip, expected.trip) << id << " on trip/";
  EXPECT_TRUE(near.empty()) << id << ": near_miss/ must not trip the rule";
  EXPECT_EQ(near, expected.near_miss);
}

INSTANTIATE_TEST_SUITE_P(Portfolio, PortfolioFixtureTest, testing::ValuesIn(FixtureIds()),
                         [](const testing::TestParamInfo<std::string>& p) { return p.param; });

// `check` looks at one plan at a time: portfolio rules never run there.
TEST(PortfolioScope, CheckerSkipsPortfolioRules) {
  std::shared_ptr<const RulePack> pack = Builtin();
  Checker checker(pack);
  PlanParser parser;
  for (const std::string& file : JsonFiles(PortfolioRoot() / "PRT003" / "trip")) {
    PlanReport report = checker.CheckFile(parser, file);
    for (const Finding& f : report.findings) EXPECT_NE(f.rule.substr(0, 3), "PRT") << f.rule;
  }
}

absl::StatusOr<std::shared_ptr<const RulePack>> Pack(const std::string& rules) {
  // The imp pack's schema and functions, and only the test's X rules.
  PackSettings settings;
  settings.select = {"X"};
  return RulePack::FromYaml("pack: test\nextends: imp\nrules:\n" + rules, "test.yaml", settings);
}

TEST(PortfolioScope, PackRefusesMalformedPortfolioRules) {
  struct Case {
    std::string rule;
    std::string error;
  };
  const std::string head =
      "  - id: X001\n    name: x\n    severity: error\n    summary: s\n    message: m\n";
  std::vector<Case> cases = {
      {head + "    scope: portfolio\n    each: records\n", "a portfolio rule needs 'keep'"},
      {head + "    scope: portfolio\n    for: $\n    keep: '[]'\n    each: records\n",
       "test.yaml:10:10: rule X001: a portfolio rule has no 'for'"},
      {head + "    scope: portfolio\n    keep: '[]'\n    each: plan.schedule\n",
       "undeclared reference to 'plan'"},
      {head + "    scope: portfolio\n    keep: 'self.'\n    each: records\n", "test.yaml:"},
      {head + "    for: $\n    keep: '[]'\n    assert: 'true'\n",
       "'keep' goes with 'scope: portfolio'"},
      {head + "    for: $\n    scope: everything\n    assert: 'true'\n",
       "scope must be 'plan' or 'portfolio'"},
      {head + "    scope: portfolio\n    keep: '[]'\n    stage: after-suppressions\n    each: "
              "records\n",
       "a portfolio rule has no 'stage'"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<std::shared_ptr<const RulePack>> pack = Pack(c.rule);
    ASSERT_FALSE(pack.ok()) << c.rule;
    EXPECT_NE(std::string(pack.status().message()).find(c.error), std::string::npos)
        << pack.status().message() << "\nwanted: " << c.error;
  }
}

// Records are copied out of the plan: they are read after every plan (and
// its evaluation arena) is gone. Under ASan a dangling record would fail.
TEST(PortfolioScope, RecordsOutliveTheirPlans) {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = Pack(R"(
  - id: X001
    name: same-title
    severity: warning
    summary: Titles repeat.
    scope: portfolio
    keep: "[{'title': plan.document.title, 'pointer': pointer(plan.document.title),
             'nested': {'list': [plan.document.title, 1.5, true, null]}}]"
    let:
      byTitle: records.groupBy(r, r.title)
    each: records.filter(r, size(byTitle[r.title]) > 1)
    message: "{item.title} ({item.nested.list[0]}) is also in {size(byTitle[item.title]) - 1} other plan(s); {item.file}"
)");
  ASSERT_TRUE(pack.ok()) << pack.status().message();
  Portfolio portfolio(*pack, PortfolioOptions{});
  Checker checker(*pack);
  PortfolioSink* sink = portfolio.NewSink();
  {
    PlanParser parser;
    const char* texts[] = {R"({"document": {"title": "Same"}})",
                           R"({"document": {"title": "Other"}})",
                           "{\n  \"document\": {\"title\": \"Same\"}}"};
    for (uint32_t i = 0; i < 3; ++i) {
      std::string file = "plan" + std::to_string(i) + ".json";
      absl::StatusOr<Plan> plan = parser.Parse(file, texts[i]);
      ASSERT_TRUE(plan.ok());
      sink->BeginPlan(i, file);
      PlanReport report = checker.CheckWithRecords(*plan, sink);
      EXPECT_TRUE(report.findings.empty());
      EXPECT_TRUE(report.diagnostics.empty());
    }
  }
  Portfolio::Result result = portfolio.Evaluate();
  EXPECT_EQ(result.records, 3u);
  ASSERT_EQ(result.findings.size(), 2u);
  EXPECT_EQ(result.findings[0].file, "plan0.json");
  EXPECT_EQ(result.findings[0].pointer, "/document/title");
  EXPECT_EQ(result.findings[0].line, 1);
  EXPECT_EQ(result.findings[0].column, 24);
  EXPECT_EQ(result.findings[0].message, "Same (Same) is also in 1 other plan(s); plan0.json");
  EXPECT_EQ(result.findings[1].file, "plan2.json");
  EXPECT_EQ(result.findings[1].line, 2);
  EXPECT_EQ(result.findings[1].column, 25);
}

fs::path TempDir(const std::string& name) {
  fs::path dir =
      fs::temp_directory_path() / ("planlint_portfolio_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void WriteText(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// `at` may compute a pointer no record kept: the finding is located by
// reading its plan again. An `assert` finding belongs to the portfolio.
// A plan's waiver of a portfolio rule waives its findings in that plan.
TEST(PortfolioScope, AtAssertAndWaivers) {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack =
      RulePack::FromYaml(R"(
pack: test
extends: imp
rules:
  - id: X001
    name: shared-owner
    severity: warning
    section: document
    summary: Owners repeat.
    scope: portfolio
    keep: "[{'owner': plan.document.owner}]"
    each: records.filter(r, records.filter(o, o.owner == r.owner).size() > 1)
    at: "{'file': item.file, 'pointer': '/document/owner'}"
    message: "Owner {item.owner} owns other plans."
  - id: X002
    name: too-few-plans
    severity: info
    summary: A portfolio needs five plans.
    scope: portfolio
    keep: "{'one': 1}"
    assert: size(records) >= 5
    message: "Only {size(records)} plans."
)",
                         "test.yaml", PackSettings{.select = {"X"}});
  ASSERT_TRUE(pack.ok()) << pack.status().message();
  fs::path dir = TempDir("at");
  WriteText(dir / "a.json", "{\"document\": {\"title\": \"A\",\n \"owner\": \"Kim\"}}");
  WriteText(dir / "b.json",
            "{\"document\": {\"owner\": \"Kim\"}, \"waivers\": [{\"rule\": \"X001\", \"path\": "
            "\"/document\","
            " \"reason\": \"Kim owns both\", \"approved_by\": \"Lee\"}]}");
  audit::AuditOptions options;
  options.as_of = text::ParseDate("2027-01-15");
  audit::AuditResult result = audit::RunAudit(*pack, JsonFiles(dir), {}, options);
  ASSERT_EQ(result.plans.size(), 2u);
  std::vector<const audit::AuditFinding*> x001;
  for (const audit::PlanAudit& p : result.plans) {
    for (const audit::AuditFinding& f : p.findings) {
      if ((*pack)->rules()[f.rule].info.id == "X001") x001.push_back(&f);
    }
  }
  ASSERT_EQ(x001.size(), 2u);
  EXPECT_EQ(x001[0]->pointer, "/document/owner");
  EXPECT_EQ(x001[0]->line, 2);
  EXPECT_EQ(x001[0]->column, 11);
  EXPECT_FALSE(x001[0]->waived);
  EXPECT_TRUE(x001[1]->waived);
  EXPECT_EQ(result.plans[1].waived, 1u);
  ASSERT_EQ(result.portfolio_wide.size(), 1u);
  EXPECT_EQ(result.portfolio_wide[0].rule, "X002");
  EXPECT_EQ(result.portfolio_wide[0].message, "Only 2 plans.");
  fs::remove_all(dir);
}

// A keep that yields too much, or the wrong thing, is a diagnostic naming
// the rule and the plan; the other records stay.
TEST(PortfolioScope, KeepLimitsAndTypes) {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = Pack(R"(
  - id: X001
    name: big
    severity: info
    summary: s
    scope: portfolio
    keep: "[{'all': strings(plan)}]"
    each: records
    message: m
  - id: X002
    name: wrong
    severity: info
    summary: s
    scope: portfolio
    keep: "[1, {'ok': true}]"
    each: records
    message: m
  - id: X003
    name: error
    severity: info
    summary: s
    scope: portfolio
    keep: "[{'x': 1 / 0}]"
    each: records
    message: m
)");
  ASSERT_TRUE(pack.ok()) << pack.status().message();
  PortfolioOptions options;
  options.keep_value_limit = 50;
  Portfolio portfolio(*pack, options);
  Checker checker(*pack);
  PortfolioSink* sink = portfolio.NewSink();
  std::string text = "{\"list\": [";
  for (int i = 0; i < 100; ++i) text += (i ? ",\"s" : "\"s") + std::to_string(i) + "\"";
  text += "]}";
  PlanParser parser;
  absl::StatusOr<Plan> plan = parser.Parse("big.json", text);
  ASSERT_TRUE(plan.ok());
  sink->BeginPlan(0, "big.json");
  PlanReport report = checker.CheckWithRecords(*plan, sink);
  std::set<std::string> diagnosed;
  for (const Diagnostic& d : report.diagnostics) {
    diagnosed.insert(d.rule);
    EXPECT_EQ(d.file, "big.json");
  }
  EXPECT_EQ(diagnosed, (std::set<std::string>{"X001", "X002", "X003"}));
  Portfolio::Result result = portfolio.Evaluate();
  // X002 kept its one map record; X001 and X003 kept nothing.
  EXPECT_EQ(result.records, 1u);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].rule, "X002");
}

// The functions cross-plan rules are built from.
expr::Value Eval(const RulePack& pack, expr::EvalContext& ctx, const std::string& text) {
  absl::StatusOr<expr::StepPtr> step = pack.CompileExpression(text);
  EXPECT_TRUE(step.ok()) << text << ": " << step.status().message();
  if (!step.ok()) return expr::Value::Null();
  std::vector<expr::Value> slots(64);
  static std::vector<expr::StepPtr> keep;  // values may point into constants of the step
  expr::Value v = expr::Evaluate(**step, ctx, slots.data());
  keep.push_back(std::move(*step));
  return v;
}

TEST(PortfolioFunctions, GroupByPeakOverlapAddDays) {
  std::shared_ptr<const RulePack> pack = Builtin();
  expr::EvalContext ctx(nullptr, nullptr, nullptr);
  auto json = [&](const std::string& text) { return expr::ToJson(ctx, Eval(*pack, ctx, text)); };
  EXPECT_EQ(json("[1, 2, 3, 4, 5].groupBy(x, x % 2)"), R"({"1": [1, 3, 5], "0": [2, 4]})");
  EXPECT_EQ(json("['a', 'bb', 'c'].groupBy(x, size(x))"), R"({"1": ["a", "c"], "2": ["bb"]})");
  EXPECT_EQ(json("[{'k': null}, {'k': 'a'}].groupBy(x, x.k)"), R"({"a": [{"k": "a"}]})");
  EXPECT_EQ(json("[[1]].groupBy(x, x)"), R"({"error": "groupBy: a list cannot be a key"})");
  // Busiest day 2027-03-10: a, b and d share it; c ends the day before.
  EXPECT_EQ(json("peakOverlap([{'n': 'a', 's': '2027-03-01', 'f': '2027-03-31'},"
                 " {'n': 'b', 's': date('2027-03-10'), 'f': '2027-04-30'},"
                 " {'n': 'c', 's': '2027-02-01', 'f': '2027-03-09'},"
                 " {'n': 'd', 's': '2027-03-10', 'f': '2027-03-10'},"
                 " {'n': 'e', 's': '2027-03-10', 'f': 'XX/XX/XXXX'},"
                 " {'n': 'f', 's': '2027-03-20', 'f': '2027-03-01'}], 's', 'f').map(x, x.n)"),
            R"(["a", "b", "d"])");
  EXPECT_EQ(json("peakOverlap([], 's', 'f')"), "[]");
  EXPECT_EQ(json("peakOverlap([{'s': '2027-01-01', 'f': '2027-01-05'}, {'s': '2027-01-05', "
                 "'f': '2027-01-09'}], 's', 'f').size()"),
            "2");
  EXPECT_EQ(json("string(addDays(date('2027-02-27'), 2))"), "\"2027-03-01\"");
  EXPECT_EQ(json("string(addDays(date('2027-03-01'), -365))"), "\"2026-03-01\"");
  EXPECT_EQ(json("addDays(date('9999-12-31'), 1)"),
            R"({"error": "addDays: the date falls outside years 0001-9999"})");
  // weekStart(): 2027-03-07 is a Sunday, 2027-03-08 a Monday.
  EXPECT_EQ(json("string(addDays(date('0001-01-01'), days(date('0001-01-01'), date('2027-03-07')) "
                 "/ 7 * 7))"),
            "\"2027-03-01\"");
  EXPECT_EQ(json("string(addDays(date('0001-01-01'), days(date('0001-01-01'), date('2027-03-08')) "
                 "/ 7 * 7))"),
            "\"2027-03-08\"");
}

}  // namespace
}  // namespace planlint

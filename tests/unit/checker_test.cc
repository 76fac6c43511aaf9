// The checker (core/engine/checker.h): cost limits that stop a runaway rule
// and let the others run, diagnostics for rules that cannot be evaluated,
// `each` and `at`, suppressions (waivers) with JSON Pointer prefix
// semantics, the waiver rules of the built-in pack, the order of findings,
// their line and column, and the default as_of.
#include "core/engine/checker.h"

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/ascii.h"
#include "gtest/gtest.h"
#include "tests/unit/test_support.h"

namespace planlint {
namespace {

using testing::Day;

std::shared_ptr<const RulePack> MustLoad(const std::string& yaml) {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::FromYaml(yaml, "test.yaml");
  EXPECT_TRUE(pack.ok()) << pack.status().message();
  return pack.ok() ? *pack : nullptr;
}

PlanReport Check(const std::shared_ptr<const RulePack>& pack, const std::string& plan_json,
                 CheckOptions options = {}) {
  if (!options.as_of) options.as_of = Day("2027-01-15");
  Checker checker(pack, options);
  PlanParser parser;
  PlanReport report = checker.CheckText(parser, "plan.json", plan_json);
  EXPECT_FALSE(report.input_error) << report.error;
  return report;
}

// "RULE POINTER LINE:COL message" per finding (waived ones marked).
std::vector<std::string> Findings(const PlanReport& report, std::string_view only_rule = "") {
  std::vector<std::string> out;
  for (const Finding& f : report.findings) {
    if (!only_rule.empty() && f.rule != only_rule) continue;
    out.push_back(Cat(f.rule, " ", f.pointer, " ", f.line, ":", f.column, " ", f.message,
                      f.waived ? " [waived]" : ""));
  }
  return out;
}

std::vector<std::string> Diagnostics(const PlanReport& report) {
  std::vector<std::string> out;
  for (const Diagnostic& d : report.diagnostics)
    out.push_back(Cat(d.rule, " ", d.file, " '", d.pointer, "' ", d.message));
  return out;
}

// A rule in a pack of its own: `body` holds its for/when/assert/each/message.
std::string OneRule(std::string_view id, std::string_view body) {
  std::string name = Cat("rule-", id);
  for (char& c : name) c = static_cast<char>(absl::ascii_tolower(static_cast<unsigned char>(c)));
  return Cat("  - id: ", id, "\n    name: ", name, "\n    severity: error\n    summary: S.\n",
             body);
}

// ----- Cost limits ---------------------------------------------------------------------

TEST(CheckerCostTest, AnExplodingRuleIsStoppedAndTheOthersRun) {
  std::shared_ptr<const RulePack> pack =
      MustLoad(Cat("pack: cost\nrules:\n", OneRule("BOOM001", R"(    for: $
    assert: plan.l.map(a, plan.l.map(b, plan.l.map(c, a + b + c))).size() > 0
    message: never
)"),
                   OneRule("FINE001", R"(    for: $.l[*]
    when: self == 1.0
    assert: "false"
    message: item {self}
)"),
                   OneRule("FINE002", R"(    for: $
    assert: "false"
    message: root
)")));
  ASSERT_NE(pack, nullptr);
  std::string plan = R"({"l": [)";
  for (int i = 0; i < 200; ++i) plan += Cat(i ? "," : "", i);
  plan += "]}";
  CheckOptions options;
  // The limit grows by 64 units per node and 16 per byte of text:
  // 100000 + 64 * 202 nodes + 16 * 698 bytes.
  options.rule_cost_limit = 100'000;  // 200^3 would be 8 million
  PlanReport report = Check(pack, plan, options);
  EXPECT_EQ(Findings(report),
            (std::vector<std::string>{"FINE002  1:1 root", "FINE001 /l/1 1:10 item 1"}));
  EXPECT_EQ(Diagnostics(report),
            std::vector<std::string>{
                "BOOM001 plan.json '' rule stopped: it ran over its cost limit (124096 units) "
                "on this plan; its findings for this plan may be incomplete"});
}

TEST(CheckerCostTest, TheDefaultLimitStopsACubicRuleOnAModestPlan) {
  std::shared_ptr<const RulePack> pack =
      MustLoad(Cat("pack: cost\nrules:\n", OneRule("BOOM001", R"(    for: $.l[*]
    assert: plan.l.all(a, plan.l.all(b, a + b + self >= 0.0))
    message: never
)")));
  ASSERT_NE(pack, nullptr);
  std::string plan = R"({"l": [)";
  for (int i = 0; i < 3000; ++i) plan += Cat(i ? "," : "", i);
  plan += "]}";
  PlanReport report = Check(pack, plan);  // 3000^3 units, far over 5 million
  EXPECT_TRUE(report.findings.empty());
  ASSERT_EQ(report.diagnostics.size(), 1u);
  EXPECT_EQ(report.diagnostics[0].rule, "BOOM001");
  EXPECT_NE(report.diagnostics[0].message.find("cost limit"), std::string::npos);
}

TEST(CheckerCostTest, ThePlanLimitStopsTheRemainingRules) {
  std::shared_ptr<const RulePack> pack = MustLoad(Cat(
      "pack: cost\nrules:\n",
      OneRule("A001", "    for: $.l[*]\n    assert: plan.l.exists(x, x < 0.0)\n    message: a\n"),
      OneRule("B001", "    for: $.l[*]\n    assert: plan.l.exists(x, x < 0.0)\n    message: b\n"),
      OneRule("C001", "    for: $\n    assert: \"false\"\n    message: c\n")));
  ASSERT_NE(pack, nullptr);
  std::string plan = R"({"l": [)";
  for (int i = 0; i < 2000; ++i) plan += Cat(i ? "," : "", i);
  plan += "]}";
  CheckOptions options;
  options.rule_cost_limit = 100'000'000;
  // 15000 + 10 * (64 * 2002 nodes + 16 * 8898 bytes) = 2,719,960 units;
  // A001 alone costs about 2000^2 = 4 million.
  options.plan_cost_limit = 15'000;
  PlanReport report = Check(pack, plan, options);
  // A001 ran in full (2000 findings); B001 and C001 did not run.
  EXPECT_EQ(Findings(report, "A001").size(), 2000u);
  EXPECT_EQ(Findings(report, "B001").size(), 0u);
  EXPECT_EQ(Findings(report, "C001").size(), 0u);
  EXPECT_EQ(Diagnostics(report),
            std::vector<std::string>{
                "A001 plan.json '' checking stopped: the plan's rules ran over the plan cost "
                "limit (2719960 units)"});
}

// Rules that bind the same text in the same setting share its value per
// plan; each rule's first use still charges what computing it would, so
// every cost limit stops the rules where it stops them when nothing is
// shared (the second pack's texts differ by a space, so they are not).
TEST(CheckerCostTest, SharedBindingsChargeEachRuleAsComputingThemWould) {
  auto pack_with = [](std::string_view second_let) {
    std::string yaml = "pack: shared\nrules:\n";
    const std::string_view lets[] = {"plan.l.map(x, plan.l.map(y, x + y))", second_let};
    for (int i = 0; i < 2; ++i) {
      yaml += OneRule(
          Cat("SHR00", i + 1),
          Cat("    for: $.l[*]\n    let:\n      s: \"", lets[i], "\"\n      n: plan.l.size()\n",
              "    assert: \"size(s) == n && self > 0.0\"\n    message: m {self}\n"));
    }
    return MustLoad(yaml);
  };
  std::shared_ptr<const RulePack> shared = pack_with("plan.l.map(x, plan.l.map(y, x + y))");
  std::shared_ptr<const RulePack> apart = pack_with("plan.l.map(x, plan.l.map(y, x  +  y))");
  ASSERT_NE(shared, nullptr);
  ASSERT_NE(apart, nullptr);
  std::string plan = R"({"l": [)";
  for (int i = 0; i < 60; ++i) plan += Cat(i ? "," : "", i % 7 == 0 ? -1 : i + 1);
  plan += "]}";
  int stopped = 0, runs = 0;
  for (uint64_t limit = 0; limit < 9000; limit += 13, ++runs) {
    CheckOptions options;
    options.rule_cost_limit = limit;
    options.plan_cost_limit = 100'000'000;
    PlanReport a = Check(shared, plan, options);
    PlanReport b = Check(apart, plan, options);
    ASSERT_EQ(Findings(a), Findings(b)) << "limit " << limit;
    ASSERT_EQ(Diagnostics(a), Diagnostics(b)) << "limit " << limit;
    stopped += a.diagnostics.empty() ? 0 : 1;
  }
  EXPECT_GT(stopped, 0);
  EXPECT_LT(stopped, runs);
}

TEST(CheckerCostTest, ARuleWithManyComprehensionsLoadsAndRuns) {
  std::string assert_expr;
  for (int i = 0; i < 300; ++i) assert_expr += Cat(i ? ", " : "", "self.l.all(x, x >= 0.0)");
  std::shared_ptr<const RulePack> pack = MustLoad(Cat(
      "pack: wide\nrules:\n",
      OneRule(
          "W001",
          Cat("    for: $\n    when: '[1].map(a, a).size() == 1 && [2].all(b, b > 1)'\n",
              "    assert: '![", assert_expr, "].all(b, b)'\n    message: all non-negative\n"))));
  ASSERT_NE(pack, nullptr);
  EXPECT_EQ(Findings(Check(pack, R"({"l": [1, 2]})")),
            std::vector<std::string>{"W001  1:1 all non-negative"});
}

// A filter or map over a constant list is compiled once per item, but not
// again inside such a body (macros nested ten deep over 16 constants each
// would otherwise be compiled 17^10 times and the pack would never load),
// and at most a few per rule.
TEST(CheckerCostTest, NestedMacrosOverConstantListsLoadAndRun) {
  constexpr std::string_view kSixteen = "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]";
  std::string nested = "plan.l";
  for (int depth = 0; depth < 10; ++depth) {
    nested = Cat(kSixteen, ".map(v", depth, ", ", nested, ")");
  }
  std::shared_ptr<const RulePack> pack =
      MustLoad(Cat("pack: nested\nrules:\n",
                   OneRule("N001", Cat("    for: $\n    assert: 'size(plan.l) == 2 || size(",
                                       nested, ") > 0'\n    message: short list\n"))));
  ASSERT_NE(pack, nullptr);
  EXPECT_EQ(Findings(Check(pack, R"({"l": [1, 2]})")), std::vector<std::string>{});
  // A chain 200 deep: each level is unrolled inside the general compile of
  // the one around it, so only a budget per rule keeps the compile linear.
  std::string chain = "plan.l";
  for (int depth = 0; depth < 200; ++depth)
    chain = Cat(kSixteen, ".map(w", depth, ", ", chain, ")");
  ASSERT_NE(MustLoad(Cat("pack: chain\nrules:\n",
                         OneRule("C001", Cat("    for: $\n    assert: 'true || size(", chain,
                                             ") > 0'\n    message: m\n")))),
            nullptr);
  // Evaluated, the 16^10 items run into the rule's cost limit.
  std::vector<std::string> stopped = Diagnostics(Check(pack, R"({"l": [1]})"));
  ASSERT_EQ(stopped.size(), 1u);
  EXPECT_NE(stopped[0].find("N001 plan.json '' rule stopped: it ran over its cost limit"),
            std::string::npos)
      << stopped[0];
}

// Parts of a rule that do not depend on the node (max(plan.l) below) are
// computed once per plan; they must give every node what computing them
// again would, errors and lenient evaluation in messages included.
TEST(CheckerTest, NodeInvariantPartsGiveTheSameAnswersForEveryNode) {
  std::shared_ptr<const RulePack> pack =
      MustLoad(Cat("pack: inv\nrules:\n", OneRule("INV001", R"(    for: $.l[*]
    assert: self < max(plan.l) && size(plan.l.filter(x, x > 100.0)) == 0
    message: "item {self} of {size(plan.l)}, top {max(plan.l)}, none {plan.none}"
)"),
                   OneRule("INV002", R"(    for: $.l[*]
    when: plan.none == 1.0
    assert: "false"
    message: never
)"),
                   OneRule("INV003", R"(    for: $.l[*]
    assert: "plan.l.exists(x, x == self) && [1, 2].map(y, y + size(plan.l)) == [4, 5]"
    message: "{self} not found"
)")));
  ASSERT_NE(pack, nullptr);
  PlanReport report = Check(pack, R"({"l": [1, 2, 300]})");
  EXPECT_EQ(Findings(report), (std::vector<std::string>{
                                  "INV001 /l/0 1:8 item 1 of 3, top 300, none ",
                                  "INV001 /l/1 1:11 item 2 of 3, top 300, none ",
                                  "INV001 /l/2 1:14 item 300 of 3, top 300, none ",
                              }));
  EXPECT_EQ(Diagnostics(report), (std::vector<std::string>{
                                     "INV002 plan.json '/l/0' when: no such key: 'none'",
                                     "INV002 plan.json '/l/1' when: no such key: 'none'",
                                     "INV002 plan.json '/l/2' when: no such key: 'none'",
                                 }));
}

// Functions whose work grows with the plan or with a list are charged for
// it, so that calling them for every node is stopped like a nested loop.
TEST(CheckerCostTest, WholeDocumentFunctionsAndLinearSearchesAreCharged) {
  const std::vector<std::pair<std::string, std::string>> rules = {
      {"C001", "size(fieldsNamed(plan, ['zz'])) == 0"},
      {"C002", "size(strings(plan)) == 0"},
      {"C003", "size(duplicateKeys(plan)) == 0"},
      {"C004", "size(select(plan, '$..*')) > 0"},
      {"C005", "size(select(plan, '$.l[*]')) > 0"},
      {"C006", "size(findStrings(plan, 'zz')) == 0"},
      {"C007", "self in ls"},
      {"C008", "ls == ls"},
      {"C009", "max(ls) > 0.0"},
      {"C010", "size(distinct(lists)) > 0"},
      {"C011", "size(typeErrors(plan)) == 0"},
  };
  std::string yaml = "pack: charged\nrules:\n";
  for (const auto& [id, expr] : rules) {
    yaml += OneRule(
        id, Cat("    for: $.l[*]\n    let:\n      ls: plan.l\n      lists: plan.l.map(x, [x])\n",
                "    assert: \"", expr, "\"\n    message: m\n"));
  }
  std::shared_ptr<const RulePack> pack = MustLoad(yaml);
  ASSERT_NE(pack, nullptr);
  std::string plan = R"({"l": [)";
  for (int i = 0; i < 2000; ++i) plan += Cat(i ? "," : "", i + 1);
  plan += "]}";
  CheckOptions options;
  options.rule_cost_limit = 200'000;  // each rule would cost 2000 x 2000 units
  options.plan_cost_limit = 100'000'000;
  PlanReport report = Check(pack, plan, options);
  std::vector<std::string> stopped;
  for (const Diagnostic& d : report.diagnostics) {
    if (d.message.starts_with("rule stopped")) stopped.push_back(d.rule);
  }
  std::vector<std::string> all;
  for (const auto& [id, expr] : rules) {
    if (id != "C011") all.push_back(id);
  }
  // typeErrors costs the number of type errors: none here, so C011 runs.
  EXPECT_EQ(stopped, all);
  EXPECT_TRUE(report.findings.empty());
}

// findStrings through the pack's fused scan reads only the strings some
// pattern matched: it must still find what walking the subtree finds (not
// into shadowed members, raw values included, in document order).
TEST(CheckerTest, FindStringsThroughTheFusedScanSkipsShadowedSubtrees) {
  std::shared_ptr<const RulePack> pack =
      MustLoad(Cat("pack: scan\nrules:\n", OneRule("SCN001", R"(    for: $
    each: findStrings(plan, 'zz')
    message: m
)"),
                   OneRule("SCN002", R"(    for: $.d
    each: findStrings(self, 'zz')
    message: m
)")));
  ASSERT_NE(pack, nullptr);
  const std::string plan = R"({"a": "zz1", "d": {"e": "zz2", "e": {"x": "zz hidden"},
    "f": {"g": "zz3", "g": "zz shadowed"}}, "l": ["zz4", {"m": "zz5"}, 7]})";
  PlanReport report = Check(pack, plan, CheckOptions{});
  std::vector<std::string> found;
  for (const Finding& f : report.findings) found.push_back(Cat(f.rule, " ", f.pointer));
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found,
            (std::vector<std::string>{"SCN001 /a", "SCN001 /d/e", "SCN001 /d/f/g", "SCN001 /l/0",
                                      "SCN001 /l/1/m", "SCN002 /d/e", "SCN002 /d/f/g"}));
  EXPECT_TRUE(report.diagnostics.empty());
}

// The built-in pack on a plan far larger than any real one stays within its
// limits: its indexes make every rule linear.
TEST(CheckerCostTest, TheBuiltInPackStaysWithinItsLimitsOnALargePlan) {
  std::string plan =
      R"({"format": "imp/1", "document": {"title": "T", "version": "1.0", "status": "draft"},
    "introduction": "The ABC and DEF systems.", "schedule": [)";
  for (int i = 0; i < 2000; ++i) {
    plan +=
        Cat(i ? "," : "", R"({"id": "T)", i, R"(", "task": "Task )", i,
            R"(", "planned_start": "2027-01-04", "planned_finish": "2027-01-08", "depends_on": [)",
            i ? Cat("\"T", i - 1, "\"") : "", "]}");
  }
  plan += R"(], "points_of_contact": [)";
  for (int i = 0; i < 300; ++i) {
    plan += Cat(i ? "," : "", R"({"role": "Role )", i, R"(", "name": "Person )", i,
                R"(", "email": "p@example.gov", "phone": "916-555-0100"})");
  }
  plan += R"(], "glossary": [)";
  for (int i = 0; i < 300; ++i)
    plan += Cat(i ? "," : "", R"({"term": "TERM)", i, R"(", "definition": "d"})");
  plan += R"(], "major_tasks": [)";
  for (int i = 0; i < 300; ++i) {
    plan += Cat(
        i ? "," : "", R"({"task": "Task )", i,
        R"(", "resources": ["r"], "key_staff": [{"name": "Person 1", "role": "r"}], "success_criteria": "s"})");
  }
  plan += "]}";
  PlanReport report = Check(testing::BuiltinPack(), plan);
  EXPECT_EQ(Diagnostics(report), std::vector<std::string>{});
  EXPECT_FALSE(report.findings.empty());
}

// Every list of the plan format long at once, each item with every field
// (so that every rule's `when` holds): a rule that does plan-wide work per
// item (max() of the schedule per constraint, say) is quadratic and runs out
// of its cost limit, which stops it and, through the plan limit, the rules
// after it.
TEST(CheckerCostTest, EveryBuiltInRuleIsLinearInEveryList) {
  constexpr int n = 2500;
  auto list = [&](std::string_view item, int count = 2500) {
    std::string out = "[";
    for (int i = 0; i < count; ++i) {
      std::string one(item);
      for (size_t at; (at = one.find("#")) != std::string::npos;) one.replace(at, 1, Cat(i));
      out += Cat(i ? ", " : "", one);
    }
    return out + "]";
  };
  const std::string maintenance =
      R"("maintenance": {"contract": "c", "contact": "m", "level": "l", "expiration": "2027-03-01"})";
  std::string plan = Cat(
      R"({"format": "imp/1", "document": {"title": "T", "version": "1.#", "status": "implemented"},
 "version_history": )",
      list(R"({"version": "1.#", "date": "2027-01-04", "author": "a", "description": "d"})"),
      R"(, "introduction": "The ABC and DEF systems.", "assumptions": )",
      list(R"({"assumption": "a#", "description": "GHI#"})"), R"(, "constraints": )",
      list(R"({"constraint": "Time", "description": "JKL", "deadline": "2027-02-01", "budget": 1})",
           3 * n),
      R"(, "system_overview": {"description": "MNO", "version": "1", "business_processes": )",
      list(R"("p#")"), R"(, "interfaces": )", list(R"({"system": "s#", "description": "d"})"),
      R"(}, "system_organization": {"description": "PQR", "layers": )",
      list(Cat(
          R"({"name": "L#", "functions": ["f"], "hardware": [{"manufacturer": "m"}],)",
          R"( "software": [{"publisher": "p"}], "cloud": [{"provider": "p", "service_type": "x"}]})")),
      R"(}, "glossary": )", list(R"({"term": "Z#", "definition": ""})"),
      R"(, "management_overview": "STU", "points_of_contact": )",
      list(
          R"({"role": "Role #", "name": "Person #", "organization": "o", "email": "p@example", "phone": ["1", "2"]})"),
      R"(, "major_tasks": )",
      list(
          R"({"task": "Task #", "resources": ["r"], "key_staff": [{"name": "Staff #", "role": "r"}], "success_criteria": "VWX#"})"),
      R"(, "schedule": )",
      list(
          R"({"id": "T#", "task": "Job #", "planned_start": "2027-01-04", "planned_finish": "2027-12-31", "depends_on": ["T0", "X#"], "percent_complete": 1})"),
      R"(, "security": {"sensitive_data": )", list(R"("PII#")"),
      R"(, "description": "YZA", "controls": []},
 "support": {"hardware": )",
      list(Cat(R"({"id": "H#", "type": "t", )", maintenance, "}")), R"(, "software": )",
      list(Cat(R"({"id": "S#", "origin": "other", )", maintenance, "}")), R"(, "facilities": )",
      list(R"({"purpose": "p", "start": "2027-02-01", "finish": "2027-01-01"})"),
      R"(, "materials": )", list(R"({"item": "i#"})"), R"(, "documentation": )",
      list(R"({"title": "D#"})"), R"(, "personnel": )",
      list(R"({"staffing_type": "s", "fte": 0, "start": "2027-02-01", "finish": "2027-01-01"})"),
      R"(}, "known_issues": )",
      list(R"({"id": "I#", "status": "open", "owner": "Owner #", "logged": false})"),
      R"(, "sites": )",
      list(
          R"({"location": "l", "contact": {"name": "Site #"}, "site_visits": [{"date": "2027-01-04", "purpose": "p"}]})"),
      R"(, "risks": )",
      list(
          R"({"id": "R1", "trigger": "t", "response": [], "owner": "Risk #", "probability": "x"})"),
      R"(, "acceptance": {"process": "BCD", "criteria": )",
      list(R"({"id": "A#", "measure": "m", "status": "pending", "verified_by": "Verifier #"})"),
      R"(}, "waivers": )",
      list(R"({"rule": "SCH008", "path": "/schedule/#", "reason": "r", "expires": "2027-06-30"})"),
      "}");
  PlanReport report = Check(testing::BuiltinPack(), plan);
  EXPECT_EQ(Diagnostics(report), std::vector<std::string>{});
  std::set<std::string> rules;
  for (const Finding& f : report.findings) rules.insert(f.rule);
  for (const char* rule : {"CON002", "SUP002", "SEC002", "ACC004", "SCH008", "GLO001", "POC005"}) {
    EXPECT_TRUE(rules.contains(rule)) << rule;
  }
}

// A very long string is as legitimate as a long list: the cost limits grow
// with the plan's text as well as its node count, so GLO001 goes through
// two million acronyms in one introduction (6 MB) and reports its one
// undefined acronym.
TEST(CheckerCostTest, AVeryLongStringIsNotStopped) {
  std::string intro;
  intro.reserve(6'000'000);
  for (int i = 0; i < 2'000'000; ++i) intro += "AB ";
  PlanReport report = Check(testing::BuiltinPack(),
                            Cat(R"({"format": "imp/1", "introduction": ")", intro, R"("})"));
  EXPECT_EQ(Diagnostics(report), std::vector<std::string>{});
  std::vector<std::string> glo;
  for (const Finding& f : report.findings) {
    if (f.rule == "GLO001") glo.push_back(f.pointer);
  }
  EXPECT_EQ(glo, std::vector<std::string>{"/introduction"});
}

// A date field holding a container is named by its type in DAT001's
// message, not rendered: nested date fields each rendering their subtree
// made the report quadratic in the plan (1 MB of plan, 160 MB of report).
TEST(CheckerCostTest, DateMessagesDoNotRenderContainers) {
  std::string plan = R"({"format": "imp/1", "x": )";
  for (int i = 0; i < 200; ++i)
    plan += Cat(R"({"pad": ")", std::string(1000, 'y'), R"(", "date": )");
  plan += "[5]";
  for (int i = 0; i < 200; ++i) plan += "}";
  plan += R"(, "document": {"date": 20270101}, "y": {"start": "2027-02-30", "finish": true}})";
  PlanReport report = Check(testing::BuiltinPack(), plan);
  std::vector<std::string> messages;
  for (const Finding& f : report.findings) {
    if (f.rule == "DAT001") messages.push_back(f.message);
  }
  ASSERT_EQ(messages.size(), 203u);
  std::sort(messages.begin(), messages.end());
  messages.erase(std::unique(messages.begin(), messages.end()), messages.end());
  EXPECT_EQ(messages, (std::vector<std::string>{
                          "'2027-02-30' is not a valid date (use YYYY-MM-DD or MM/DD/YYYY).",
                          "'20270101' is not a valid date (use YYYY-MM-DD or MM/DD/YYYY).",
                          "'true' is not a valid date (use YYYY-MM-DD or MM/DD/YYYY).",
                          "An array is not a valid date (use YYYY-MM-DD or MM/DD/YYYY).",
                          "An object is not a valid date (use YYYY-MM-DD or MM/DD/YYYY).",
                      }));
}

// A value a message names is cut after 200 code points: a 100 KB task id in
// each of a thousand SCH005 findings made a 100 MB report of a 100 KB plan.
TEST(CheckerCostTest, MessagesCutLongValues) {
  std::string id = std::string(100'000, 'i');
  std::string plan =
      Cat(R"({"format": "imp/1", "schedule": [{"id": ")", id, R"(", "depends_on": [)");
  for (int i = 0; i < 1000; ++i) plan += Cat(i ? ", " : "", "\"x", i, "\"");
  plan += "]}]}";
  PlanReport report = Check(testing::BuiltinPack(), plan);
  size_t sch005 = 0;
  for (const Finding& f : report.findings) {
    EXPECT_LT(f.message.size(), 400u) << f.rule;
    if (f.rule != "SCH005") continue;
    ++sch005;
    if (sch005 == 1) {
      EXPECT_EQ(f.message,
                Cat("Task ", std::string(200, 'i'),
                    "\u2026 depends on 'x0', which is not the id of any schedule entry."));
    }
  }
  EXPECT_EQ(sch005, 1000u);
}

// ----- Diagnostics ------------------------------------------------------------------------

TEST(CheckerDiagnosticsTest, RuntimeErrorsGiveDiagnosticsAndNoFindings) {
  std::shared_ptr<const RulePack> pack = MustLoad(Cat(
      "pack: diag\nrules:\n",
      OneRule("E001", "    for: $.items[*]\n    assert: self.size > 1\n    message: m\n"),
      OneRule("E002",
              "    for: $.items[*]\n    when: self.flag\n    assert: \"false\"\n    message: m\n"),
      OneRule("E003", "    for: $.items[*]\n    assert: self.name\n    message: m\n"),
      OneRule("E004", "    for: $.items[*]\n    each: self.name\n    message: m\n"),
      OneRule("E005",
              "    for: $.items[*]\n    let:\n      half: self.size / 2\n    assert: half > 1.0\n  "
              "  message: m\n"),
      OneRule("E006",
              "    for: $.items[*]\n    assert: \"false\"\n    message: \"size {self.size + 1}, "
              "name {self.name}\"\n")));
  ASSERT_NE(pack, nullptr);
  PlanReport report = Check(
      pack, R"({"items": [{"name": "a", "size": 4, "flag": true}, {"name": "b", "flag": 1}]})");
  EXPECT_EQ(Diagnostics(report), (std::vector<std::string>{
                                     "E001 plan.json '/items/1' assert: no such key: 'size'",
                                     "E002 plan.json '/items/1' when gave a double, not a bool",
                                     "E003 plan.json '/items/0' assert gave a string, not a bool",
                                     "E003 plan.json '/items/1' assert gave a string, not a bool",
                                     "E004 plan.json '/items/0' each gave a string, not a list",
                                     "E004 plan.json '/items/1' each gave a string, not a list",
                                     "E005 plan.json '/items/0' assert: no matching overload for "
                                     "'_/_' applied to (double, int)",
                                     "E005 plan.json '/items/1' assert: no such key: 'size'",
                                     "E006 plan.json '/items/0' message: no matching overload for "
                                     "'_+_' applied to (double, int)",
                                     "E006 plan.json '/items/1' message: no such key: 'size'",
                                 }));
  // E002 on item 0 (flag true) and E006 (whose assert holds nowhere) give
  // findings; an unevaluable message part shows as '?'; a missing field in a
  // message is empty text.
  EXPECT_EQ(Findings(report), (std::vector<std::string>{
                                  "E002 /items/0 1:12 m",
                                  "E006 /items/0 1:12 size ?, name a",
                                  "E006 /items/1 1:52 size ?, name b",
                              }));
}

TEST(CheckerEachTest, EachGivesOneFindingPerItemAtTheItemOrAt) {
  std::shared_ptr<const RulePack> pack = MustLoad(Cat(
      "pack: each\nrules:\n",
      OneRule("EA001",
              "    for: $\n    each: plan.items.filter(i, i.bad)\n    message: bad {item.name}\n"),
      OneRule("EA002",
              "    for: $.items[*]\n    each: \"['x', 'y']\"\n    message: \"{item} of "
              "{self.name}\"\n"),
      OneRule("EA003",
              "    for: $\n    each: plan.items.filter(i, i.bad)\n    at: item.name\n    message: "
              "at {item.name}\n"),
      OneRule("EA004",
              "    for: $\n    each: plan.items\n    at: \"'nowhere'\"\n    message: m\n")));
  ASSERT_NE(pack, nullptr);
  PlanReport report = Check(pack, R"({"items": [
  {"name": "a", "bad": true},
  {"name": "b", "bad": false}
]})");
  // EA004's `at` is not a plan node: its findings stay at the items.
  EXPECT_EQ(Findings(report), (std::vector<std::string>{
                                  "EA001 /items/0 2:3 bad a",
                                  "EA002 /items/0 2:3 x of a",
                                  "EA002 /items/0 2:3 y of a",
                                  "EA004 /items/0 2:3 m",
                                  "EA003 /items/0/name 2:12 at a",
                                  "EA002 /items/1 3:3 x of b",
                                  "EA002 /items/1 3:3 y of b",
                                  "EA004 /items/1 3:3 m",
                              }));
  EXPECT_EQ(Diagnostics(report), (std::vector<std::string>{
                                     "EA004 plan.json '' at: the value does not come from the plan",
                                     "EA004 plan.json '' at: the value does not come from the plan",
                                 }));
}

// ----- Suppressions ----------------------------------------------------------------------

constexpr char kWaiverPack[] = R"yaml(pack: w
suppressions:
  - for: $.waivers[*]
    when: "!has(self.off)"
    rule: self.rule
    path: self.path
rules:
  - id: NODE001
    name: every-node
    severity: error
    summary: Reports every string and object under data.
    for: $.data..*
    when: isString(self) || isMap(self)
    assert: "false"
    message: node
  - id: KEEP001
    name: not-waivable
    severity: warning
    summary: Cannot be waived.
    for: $.data
    waivable: false
    assert: "false"
    message: kept
  - id: USE001
    name: waiver-use
    severity: info
    summary: How many findings each waiver suppressed.
    for: $.waivers[*]
    stage: after-suppressions
    assert: "false"
    message: "{suppressedCount(self)}"
)yaml";

std::string WaiverPlan(std::string_view waivers) {
  return Cat(
      R"({"data": {"s": ["a0", {"x": "a1x"}, "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10"]},
 "waivers": [)",
      waivers, "]}");
}

std::vector<std::string> Waived(const PlanReport& report) {
  std::vector<std::string> out;
  for (const Finding& f : report.findings) {
    if (f.waived) out.push_back(Cat(f.rule, " ", f.pointer));
  }
  return out;
}

TEST(CheckerSuppressionTest, APathCoversItselfAndWhatIsBelowIt) {
  std::shared_ptr<const RulePack> pack = MustLoad(kWaiverPack);
  ASSERT_NE(pack, nullptr);
  PlanReport report = Check(pack, WaiverPlan(R"({"rule": "NODE001", "path": "/data/s/1"})"));
  // Not /data/s/10, whose pointer merely starts with the same characters.
  EXPECT_EQ(Waived(report), (std::vector<std::string>{"NODE001 /data/s/1", "NODE001 /data/s/1/x"}));
  EXPECT_EQ(Findings(report, "USE001"), std::vector<std::string>{"USE001 /waivers/0 2:14 2"});

  report = Check(pack, WaiverPlan(R"({"rule": "every-node", "path": "/data/s/10"})"));
  EXPECT_EQ(Waived(report), std::vector<std::string>{"NODE001 /data/s/10"});
  report = Check(pack, WaiverPlan(R"({"rule": "NODE001", "path": "/data/s/1/"})"));
  EXPECT_EQ(Waived(report), std::vector<std::string>{});
  report = Check(pack, WaiverPlan(R"({"rule": "NODE001", "path": "/data/s/1", "off": true})"));
  EXPECT_EQ(Waived(report), std::vector<std::string>{});
  report = Check(pack, WaiverPlan(R"({"rule": "NODE002", "path": "/data/s/1"})"));
  EXPECT_EQ(Waived(report), std::vector<std::string>{});
}

TEST(CheckerSuppressionTest, KeysThatSortAroundTheSlashAndOverlappingWaivers) {
  // Findings are looked up by pointer range; keys with characters just
  // below and above '/' ('.', '-', ' ', '0', '~' escapes) must not leak in.
  std::shared_ptr<const RulePack> pack = MustLoad(kWaiverPack);
  ASSERT_NE(pack, nullptr);
  std::string plan = R"({"data": {"k": {"y": "in"}, "k.x": "out", "k x": "out", "k0": "out",
 "k-": "out", "k~": {"z": "out"}, "": "root"},
 "waivers": [{"rule": "NODE001", "path": "/data/k"}, {"rule": "every-node", "path": "/data/k/y"},
             {"rule": "NODE001", "path": "/data/k~0"}, {"rule": "NODE001", "path": "/data/"}]})";
  PlanReport report = Check(pack, plan);
  EXPECT_EQ(Waived(report),
            (std::vector<std::string>{"NODE001 /data/k", "NODE001 /data/k/y", "NODE001 /data/k~0",
                                      "NODE001 /data/k~0/z", "NODE001 /data/"}));
  std::vector<std::string> uses = Findings(report, "USE001");
  ASSERT_EQ(uses.size(), 4u);
  EXPECT_TRUE(uses[0].ends_with(" 2")) << uses[0];  // /data/k and /data/k/y
  EXPECT_TRUE(uses[1].ends_with(" 1")) << uses[1];  // overlaps the first
  EXPECT_TRUE(uses[2].ends_with(" 2")) << uses[2];
  EXPECT_TRUE(uses[3].ends_with(" 1")) << uses[3];  // the key "", not all of /data
}

// Neighbours of a path in pointer order (a NUL, '.', '0', '~' after it) are
// not below it; two waivers of one finding both count it.
TEST(CheckerSuppressionTest, OnlyThePathAndItsDescendantsAreCovered) {
  std::shared_ptr<const RulePack> pack = MustLoad(kWaiverPack);
  ASSERT_NE(pack, nullptr);
  PlanReport report = Check(pack, R"({"data": {"a": {"b": "1", "c": {"d": "2"}}, "a\u0000": "3",
 "a.": "4", "a0": "5", "a~": "6", "a/": "7", "": {"e": "8"}},
 "waivers": [{"rule": "NODE001", "path": "/data/a"}, {"rule": "every-node", "path": "/data/a/c"},
             {"rule": "NODE001", "path": "/data/"}]})");
  std::vector<std::string> waived = Waived(report);
  std::sort(waived.begin(), waived.end());
  EXPECT_EQ(waived, (std::vector<std::string>{"NODE001 /data/", "NODE001 /data//e",
                                              "NODE001 /data/a", "NODE001 /data/a/b",
                                              "NODE001 /data/a/c", "NODE001 /data/a/c/d"}));
  EXPECT_EQ(Findings(report, "NODE001").size(), 11u);
  EXPECT_EQ(Findings(report, "USE001"),
            (std::vector<std::string>{"USE001 /waivers/0 3:14 4", "USE001 /waivers/1 3:54 2",
                                      "USE001 /waivers/2 4:14 2"}));
}

TEST(CheckerSuppressionTest, ABlankOrMissingPathCoversTheWholePlan) {
  std::shared_ptr<const RulePack> pack = MustLoad(kWaiverPack);
  ASSERT_NE(pack, nullptr);
  for (std::string_view path :
       {R"("path": "")", R"("path": "  ")", R"("path": null)", R"("x": 1)"}) {
    PlanReport report = Check(pack, WaiverPlan(Cat(R"({"rule": "NODE001", )", path, "}")));
    size_t nodes = Findings(report, "NODE001").size();
    EXPECT_EQ(nodes, 12u) << path;  // /data/s/0..10, /data/s/1/x
    EXPECT_EQ(Waived(report).size(), nodes) << path;
    // Waivable: false keeps its finding.
    EXPECT_EQ(Findings(report, "KEEP001"), std::vector<std::string>{"KEEP001 /data 1:10 kept"})
        << path;
  }
  // A path that is not a string suppresses nothing.
  PlanReport report = Check(pack, WaiverPlan(R"({"rule": "NODE001", "path": 5})"));
  EXPECT_EQ(Waived(report), std::vector<std::string>{});
  // Whole-plan waivers for a rule that cannot be waived suppress nothing.
  report = Check(pack, WaiverPlan(R"({"rule": "KEEP001"})"));
  EXPECT_EQ(Waived(report), std::vector<std::string>{});
  EXPECT_EQ(Findings(report, "USE001"), std::vector<std::string>{"USE001 /waivers/0 2:14 0"});
}

// The built-in pack's waivers (plan-format.md, waivers[]): valid, expired,
// invalid, without a reason, unused.
TEST(CheckerSuppressionTest, BuiltInWaiverRules) {
  std::shared_ptr<const RulePack> pack = testing::BuiltinPack();
  ASSERT_NE(pack, nullptr);
  // Both schedule entries span more than 44 working days (SCH008).
  std::string plan = R"({"format": "imp/1",
"schedule": [
  {"id": "T1", "task": "Build", "planned_start": "2027-01-04", "planned_finish": "2027-03-31", "depends_on": []},
  {"id": "T2", "task": "Test", "planned_start": "2027-04-01", "planned_finish": "2027-06-30", "depends_on": ["T1"]}
],
"waivers": [
  {"rule": "SCH008", "path": "/schedule/0", "reason": "Vendor-run", "approved_by": "PM", "expires": "2027-12-31"},
  {"rule": "long-task", "path": "/schedule/1", "reason": "Old", "approved_by": "PM", "expires": "2026-12-31"},
  {"rule": "NOPE001", "path": "/schedule/1", "reason": "Typo", "approved_by": "PM"},
  {"rule": "SCH002", "path": "/schedule/0", "reason": "Unused", "approved_by": "PM", "expires": "01/15/2027"},
  {"rule": "SCH008", "path": "/schedule/1", "reason": " ", "approved_by": "PM"},
  {"rule": "SCH008", "path": "schedule/1", "reason": "Bad path", "approved_by": "PM"},
  {"rule": "SCH008", "path": "/schedule/1", "reason": "Bad date", "approved_by": "PM", "expires": "2027-13-01"}
]})";
  PlanReport report = Check(pack, plan);  // as_of 2027-01-15
  std::vector<std::string> sch008;
  for (const Finding& f : report.findings) {
    if (f.rule == "SCH008") sch008.push_back(Cat(f.pointer, f.waived ? " waived" : " open"));
  }
  EXPECT_EQ(sch008, (std::vector<std::string>{"/schedule/0 waived", "/schedule/1 open"}));
  std::vector<std::string> wvr;
  for (const Finding& f : report.findings) {
    if (f.rule.starts_with("WVR"))
      wvr.push_back(Cat(f.rule, " ", f.pointer, f.waived ? " waived" : ""));
  }
  EXPECT_EQ(wvr,
            (std::vector<std::string>{
                "WVR001 /waivers/1",  // expired on 2026-12-31
                "WVR004 /waivers/2",  // unknown rule
                "WVR003 /waivers/3",  // valid (holds on its expiry date) but suppresses nothing
                "WVR002 /waivers/4",  // no reason
                "WVR004 /waivers/5",  // path not starting with '/'
                "WVR004 /waivers/6",  // invalid expiry date
            }));
  // The day after its expiry date the third waiver has expired as well.
  CheckOptions later;
  later.as_of = Day("2027-01-16");
  report = Check(pack, plan, later);
  std::vector<std::string> expired;
  for (const Finding& f : report.findings) {
    if (f.rule == "WVR001") expired.push_back(f.pointer);
  }
  EXPECT_EQ(expired, (std::vector<std::string>{"/waivers/1", "/waivers/3"}));
}

// ----- Order, positions, as_of ----------------------------------------------------------

TEST(CheckerTest, FindingsAreOrderedByPositionThenRule) {
  std::shared_ptr<const RulePack> pack = MustLoad(Cat(
      "pack: order\nrules:\n",
      OneRule("Z001",
              "    for: $..*\n    when: isNumber(self)\n    assert: \"false\"\n    message: z\n"),
      OneRule("A001",
              "    for: $..*\n    when: isNumber(self)\n    assert: \"false\"\n    message: a\n"),
      OneRule("M001", "    for: $\n    each: \"[plan.b, plan.a]\"\n    message: m\n")));
  ASSERT_NE(pack, nullptr);
  PlanReport report =
      Check(pack, "{\r\n  \"a\": 1,\r\n  \"\xC3\xA9\xC3\xA9\": [2,\n 3], \"b\": 4}");
  EXPECT_EQ(Findings(report), (std::vector<std::string>{
                                  "A001 /a 2:8 a",
                                  "M001 /a 2:8 m",
                                  "Z001 /a 2:8 z",
                                  "A001 /\xC3\xA9\xC3\xA9/0 3:10 a",  // columns count code points
                                  "Z001 /\xC3\xA9\xC3\xA9/0 3:10 z",
                                  "A001 /\xC3\xA9\xC3\xA9/1 4:2 a",
                                  "Z001 /\xC3\xA9\xC3\xA9/1 4:2 z",
                                  "A001 /b 4:11 a",
                                  "M001 /b 4:11 m",
                                  "Z001 /b 4:11 z",
                              }));
}

TEST(CheckerTest, AsOfDefaultsToTodayInUtc) {
  std::shared_ptr<const RulePack> pack = MustLoad(
      Cat("pack: day\nrules:\n",
          OneRule("DAY001", "    for: $\n    assert: \"false\"\n    message: \"{as_of}\"\n")));
  ASSERT_NE(pack, nullptr);
  Checker checker(pack);
  EXPECT_FALSE(checker.options().as_of.has_value());
  PlanParser parser;
  text::DayNumber before = Today();
  PlanReport report = checker.CheckText(parser, "plan.json", "{}");
  text::DayNumber after = Today();
  ASSERT_EQ(report.findings.size(), 1u);
  // (Midnight may pass between the calls.)
  EXPECT_TRUE(report.findings[0].message == text::FormatDate(before) ||
              report.findings[0].message == text::FormatDate(after))
      << report.findings[0].message;
  CheckOptions fixed;
  fixed.as_of = Day("2030-06-01");
  EXPECT_EQ(Check(pack, "{}", fixed).findings[0].message, "2030-06-01");
}

TEST(CheckerTest, InputErrorsGiveNoFindings) {
  Checker checker(testing::BuiltinPack());
  PlanParser parser;
  PlanReport report = checker.CheckText(parser, "bad.json", "{\n  \"a\": [1, 2,]\n}");
  EXPECT_TRUE(report.input_error);
  EXPECT_TRUE(report.findings.empty());
  EXPECT_EQ(report.error_line, 2);
  EXPECT_TRUE(report.error.starts_with("bad.json:2:")) << report.error;
  report = checker.CheckFile(parser, "/nonexistent/plan.json");
  EXPECT_TRUE(report.input_error);
  EXPECT_TRUE(report.error.starts_with("/nonexistent/plan.json")) << report.error;
}

// SortFindings sorts positions and then moves each finding once, rotating
// the permutation's cycles in place: the result must be what a stable sort
// of the findings themselves gives, ties (equal keys) kept in input order.
TEST(SortFindingsTest, MatchesAStableSortOfTheFindings) {
  std::mt19937 random(7);
  for (int round = 0; round < 50; ++round) {
    std::vector<Finding> findings(random() % 300);
    for (size_t i = 0; i < findings.size(); ++i) {
      Finding& f = findings[i];
      f.file = random() % 2 ? "a.json" : "b.json";
      f.line = static_cast<int>(random() % 4);
      f.column = static_cast<int>(random() % 3);
      f.rule = random() % 2 ? "SCH001" : "POC002";
      f.pointer = random() % 2 ? "/x" : "/y";
      f.message = random() % 2 ? "m" : "n";
      f.fingerprint = std::to_string(i);  // which input it was
    }
    std::vector<Finding> want = findings;
    std::stable_sort(want.begin(), want.end(), [](const Finding& a, const Finding& b) {
      return std::tie(a.file, a.line, a.column, a.rule, a.pointer, a.message) <
             std::tie(b.file, b.line, b.column, b.rule, b.pointer, b.message);
    });
    SortFindings(&findings);
    ASSERT_EQ(findings.size(), want.size());
    for (size_t i = 0; i < want.size(); ++i) {
      ASSERT_EQ(findings[i].fingerprint, want[i].fingerprint) << "round " << round << ", " << i;
      ASSERT_EQ(findings[i].message, want[i].message);
    }
  }
}

}  // namespace
}  // namespace planlint

// Output formats (SARIF, JUnit, GitHub, JSON, text), fingerprints and
// baselines, on real checker output.
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "core/engine/checker.h"
#include "core/engine/fingerprint.h"
#include "core/plan/plan_parser.h"
#include "core/report/baseline.h"
#include "core/report/formats.h"
#include "core/util/strings.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"

namespace planlint {
namespace {

namespace fs = std::filesystem;

// A plan with an error (SCH002), a warning (SCH008, waived) and a note (SCH010).
const char kPlan[] = R"({
  "format": "imp/1",
  "schedule": [
    {"id": "T1", "task": "Build", "planned_start": "2027-06-01", "planned_finish": "2027-03-01", "depends_on": ["T2"]},
    {"id": "T2", "task": "Run & \"test\" <it>", "planned_start": "2027-01-04", "planned_finish": "2027-06-30"}
  ],
  "waivers": [{"rule": "SCH008", "path": "/schedule/1", "reason": "Vendor-led."}]
})";

std::vector<PlanReport> Check(const std::string& file, const std::string& text) {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack =
      RulePack::Builtin(PackSettings{{"SCH", "WVR"}});
  EXPECT_TRUE(pack.ok());
  CheckOptions options;
  options.as_of = text::ParseDate("2027-01-15");
  Checker checker(*pack, options);
  PlanParser parser;
  return {checker.CheckText(parser, file, text)};
}

ReportOptions Options() {
  ReportOptions o;
  absl::StatusOr<std::shared_ptr<const RulePack>> pack =
      RulePack::Builtin(PackSettings{{"SCH", "WVR"}});
  for (const CompiledRule& r : (*pack)->rules()) {
    if (r.info.enabled) o.rules.push_back(r.info);
  }
  return o;
}

const Finding* Find(const std::vector<PlanReport>& reports, const std::string& rule) {
  for (const Finding& f : reports[0].findings) {
    if (f.rule == rule) return &f;
  }
  return nullptr;
}

TEST(Fingerprint, IgnoresPositionAndFollowsValueAndMessage) {
  std::vector<PlanReport> a = Check("p.json", kPlan);
  // The same plan, re-indented and with blank lines: every line moves.
  std::string moved = std::string("\n\n") + kPlan;
  for (size_t i = moved.find("  \"schedule\""); i != std::string::npos;
       i = moved.find("\n  ", i + 1)) {
    moved.insert(i + 1, "    ");
  }
  std::vector<PlanReport> b = Check("p.json", moved);
  ASSERT_EQ(a[0].findings.size(), b[0].findings.size());
  for (size_t i = 0; i < a[0].findings.size(); ++i) {
    EXPECT_NE(a[0].findings[i].line, b[0].findings[i].line);
    EXPECT_EQ(a[0].findings[i].fingerprint, b[0].findings[i].fingerprint) << a[0].findings[i].rule;
    EXPECT_EQ(a[0].findings[i].fingerprint.size(), 16u);
  }
  PlanParser parser;
  absl::StatusOr<Plan> p1 =
      parser.Parse("x", R"({"a": "x", "b": "y", "c": {"d": 1}, "e": {"d": 2}})");
  ASSERT_TRUE(p1.ok());
  NodeId a_node = p1->FindMember(p1->root(), "a"), b_node = p1->FindMember(p1->root(), "b");
  EXPECT_NE(FindingFingerprint(*p1, a_node, "m"), FindingFingerprint(*p1, b_node, "m"));
  EXPECT_NE(FindingFingerprint(*p1, a_node, "m"), FindingFingerprint(*p1, a_node, "n"));
  // Containers: their kind and the message, not their members.
  EXPECT_EQ(FindingFingerprint(*p1, p1->FindMember(p1->root(), "c"), "m"),
            FindingFingerprint(*p1, p1->FindMember(p1->root(), "e"), "m"));
}

// Baselines store fingerprints, so their text must never change: 64-bit
// FNV-1a over the value's state, a 0xFF separator and the message, in
// sixteen lower-case hex digits with leading zeros.
TEST(Fingerprint, IsFnv1aInSixteenHexDigits) {
  EXPECT_EQ(FingerprintFromState(0, ""), "0000ff000001b14d");
  EXPECT_EQ(FingerprintFromState(0xcbf29ce484222325ULL, "m"), "0a993b07b6f55619");
  EXPECT_EQ(FingerprintFromState(0xffffffffffffffffULL, "\xC3\xA9"), "591c48fb1a355dd0");
}

TEST(Baseline, RoundTripMatchesMovedFindingsAndCountsFixed) {
  fs::path dir =
      fs::temp_directory_path() / ("planlint_baseline_test_" + std::to_string(::getpid()));
  fs::create_directories(dir / "plans");
  std::string baseline_file = (dir / "baseline.json").string();
  std::string plan_file = (dir / "plans" / "p.json").string();
  std::vector<PlanReport> today = Check(plan_file, kPlan);
  Baseline b = MakeBaseline(today, baseline_file);
  size_t unwaived = 0;
  for (const Finding& f : today[0].findings) unwaived += !f.waived;
  ASSERT_EQ(b.entries.size(), unwaived);
  EXPECT_EQ(b.entries[0].file, "plans/p.json");
  {
    std::ofstream out(baseline_file);
    out << BaselineToJson(b);
  }
  absl::StatusOr<Baseline> read = ReadBaseline(baseline_file);
  ASSERT_TRUE(read.ok()) << read.status().message();
  ASSERT_EQ(read->entries.size(), b.entries.size());
  EXPECT_EQ(read->entries[0].fingerprint, b.entries[0].fingerprint);

  // Unchanged: nothing new, nothing fixed.
  std::vector<PlanReport> same = Check(plan_file, kPlan);
  BaselineSummary s = ApplyBaseline(*read, baseline_file, &same);
  EXPECT_EQ(s.baselined, unwaived);
  EXPECT_EQ(s.fixed, 0u);
  for (const Finding& f : same[0].findings) EXPECT_TRUE(f.waived) << f.rule;

  // Fix SCH002 (swap the dates) and add a new problem (an unknown
  // dependency): one fixed, one new.
  std::string changed = kPlan;
  changed.replace(changed.find("\"planned_finish\": \"2027-03-01\""), 30,
                  "\"planned_finish\": \"2027-07-01\"");
  changed.replace(changed.find("[\"T2\"]"), 6, "[\"T2\", \"T9\"]");
  std::vector<PlanReport> next = Check(plan_file, changed);
  s = ApplyBaseline(*read, baseline_file, &next);
  EXPECT_EQ(s.fixed, 1u);
  std::vector<std::string> left;
  for (const Finding& f : next[0].findings) {
    if (!f.waived) left.push_back(f.rule);
  }
  EXPECT_EQ(left, std::vector<std::string>{"SCH005"});

  // A finding whose node moved to another pointer (an entry inserted
  // before it) still matches by its fingerprint.
  std::string shifted = kPlan;
  shifted.replace(shifted.find("[\n    {"), 7,
                  "[\n    {\"id\": \"T0\", \"depends_on\": [\"T1\"]},\n    {");
  std::vector<PlanReport> later = Check(plan_file, shifted);
  s = ApplyBaseline(*read, baseline_file, &later);
  EXPECT_EQ(s.fixed, 0u);
  for (const Finding& f : later[0].findings) {
    if (!f.waived) {
      EXPECT_NE(f.rule, "SCH002") << f.pointer;
    }
  }
  fs::remove_all(dir);
}

TEST(Baseline, MalformedFileNamesLineAndColumn) {
  fs::path file =
      fs::temp_directory_path() / ("planlint_bad_baseline_" + std::to_string(::getpid()) + ".json");
  {
    std::ofstream out(file);
    out << "{\"planlint_baseline\": 1,\n \"entries\": [\n  {\"file\": \"a.json\", \"rule\": 5}\n "
           "]}\n";
  }
  absl::StatusOr<Baseline> b = ReadBaseline(file.string());
  ASSERT_FALSE(b.ok());
  std::string m(b.status().message());
  EXPECT_NE(m.find(file.string() + ":3:3: a baseline entry needs \"pointer\""), std::string::npos)
      << m;
  EXPECT_NE(m.find(file.string() + ":3:30: \"rule\" must be a string"), std::string::npos) << m;
  {
    std::ofstream out(file);
    out << "{\"entries\": [}\n";
  }
  b = ReadBaseline(file.string());
  ASSERT_FALSE(b.ok());
  EXPECT_NE(std::string(b.status().message()).find(file.string() + ":1:"), std::string::npos);
  fs::remove(file);
}

TEST(Sarif, StructureRulesResultsAndSuppressions) {
  std::vector<PlanReport> reports = Check("plans/my plan.json", kPlan);
  std::string sarif = FormatSarif(reports, Options());
  rapidjson::Document doc;
  doc.Parse(sarif.c_str());
  ASSERT_FALSE(doc.HasParseError());
  EXPECT_STREQ(doc["version"].GetString(), "2.1.0");
  const rapidjson::Value& run = doc["runs"][0];
  const rapidjson::Value& rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.Size(), 14u);  // SCH001-SCH010, WVR001-WVR004
  const rapidjson::Value* sch002 = nullptr;
  for (const auto& r : rules.GetArray()) {
    if (std::string(r["id"].GetString()) == "SCH002") sch002 = &r;
    EXPECT_TRUE(r.HasMember("shortDescription") && r.HasMember("fullDescription") &&
                r.HasMember("help"));
  }
  ASSERT_NE(sch002, nullptr);
  EXPECT_STREQ((*sch002)["name"].GetString(), "FinishBeforeStart");
  EXPECT_STREQ((*sch002)["defaultConfiguration"]["level"].GetString(), "error");
  EXPECT_NE(std::string((*sch002)["help"]["text"].GetString()).find("Example that trips it"),
            std::string::npos);
  EXPECT_STREQ(run["columnKind"].GetString(), "unicodeCodePoints");
  const rapidjson::Value& results = run["results"];
  ASSERT_EQ(results.Size(), reports[0].findings.size());
  int suppressed = 0;
  for (const auto& res : results.GetArray()) {
    std::string id = res["ruleId"].GetString();
    EXPECT_STREQ(rules[res["ruleIndex"].GetInt()]["id"].GetString(), id.c_str());
    const auto& loc = res["locations"][0]["physicalLocation"];
    EXPECT_STREQ(loc["artifactLocation"]["uri"].GetString(), "plans/my%20plan.json");
    EXPECT_GE(loc["region"]["startLine"].GetInt(), 1);
    EXPECT_GE(loc["region"]["startColumn"].GetInt(), 1);
    if (id == "SCH010") {
      EXPECT_STREQ(res["level"].GetString(), "note");
    }
    if (res.HasMember("suppressions")) {
      ++suppressed;
      EXPECT_EQ(id, "SCH008");
      EXPECT_STREQ(res["suppressions"][0]["kind"].GetString(), "inSource");
    }
  }
  EXPECT_EQ(suppressed, 1);
}

TEST(Junit, OneSuitePerFileFailuresSkippedAndPasses) {
  std::vector<PlanReport> reports = Check("a.json", kPlan);
  PlanReport bad;
  bad.file = "b.json";
  bad.input_error = true;
  bad.error = "b.json:1:2: unexpected <end>";
  reports.push_back(bad);
  std::string xml = FormatJunit(reports, Options());
  EXPECT_TRUE(
      xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"planlint\""));
  size_t failures = 0;
  for (const Finding& f : reports[0].findings) failures += !f.waived;
  // 14 rules: those with findings give one case per finding, the rest one passing case each.
  size_t rules_with_findings = 0;
  {
    std::set<std::string> ids;
    for (const Finding& f : reports[0].findings) ids.insert(f.rule);
    rules_with_findings = ids.size();
  }
  size_t tests = reports[0].findings.size() + (14 - rules_with_findings);
  EXPECT_NE(xml.find(Cat("<testsuite name=\"a.json\" tests=\"", tests, "\" failures=\"", failures,
                         "\" errors=\"0\" skipped=\"1\">")),
            std::string::npos)
      << xml;
  EXPECT_NE(
      xml.find("<testsuite name=\"b.json\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">"),
      std::string::npos);
  EXPECT_NE(xml.find("b.json:1:2: unexpected &lt;end&gt;"), std::string::npos);
  EXPECT_NE(xml.find("<skipped message=\"waived: "), std::string::npos);
  EXPECT_NE(xml.find("<failure type=\"error\" message=\""), std::string::npos);
  EXPECT_NE(xml.find("name=\"SCH003 missing-task-id\" file=\"a.json\"/>"), std::string::npos);
  EXPECT_EQ(xml.find("\"test\""), std::string::npos);  // quotes inside values are escaped
}

TEST(Github, WorkflowCommands) {
  std::vector<PlanReport> reports = Check("./plans/a,b.json", kPlan);
  std::string out = FormatGithub(reports, Options());
  const Finding* f = Find(reports, "SCH002");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(out.find(Cat("::error file=plans/a%2Cb.json,line=", f->line, ",col=", f->column,
                         ",title=SCH002::", f->message, "\n")),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("::notice file=plans/a%2Cb.json,line="), std::string::npos);
  EXPECT_NE(out.find(",title=SCH008 (waived)::"), std::string::npos);
  EXPECT_NE(out.find("; 1 waived"), std::string::npos);
  PlanReport bad;
  bad.file = "c.json";
  bad.input_error = true;
  bad.error = "c.json:3:4: bad\nthing 100%";
  bad.error_line = 3;
  bad.error_column = 4;
  out = FormatGithub({bad}, ReportOptions{});
  EXPECT_TRUE(out.starts_with(
      "::error file=c.json,line=3,col=4,title=input error::c.json:3:4: bad%0Athing 100%25\n"))
      << out;
}

TEST(TextAndJson, WaivedCountedAndBaselineSummarised) {
  std::vector<PlanReport> reports = Check("a.json", kPlan);
  TextOptions text;
  std::string out = FormatText(reports, text);
  EXPECT_EQ(out.find("[waived]"), std::string::npos);
  EXPECT_NE(out.find("; 1 waived"), std::string::npos);
  text.show_waived = true;
  text.baseline = {true, 3, 2};
  out = FormatText(reports, text);
  EXPECT_NE(out.find("SCH008 warning: "), std::string::npos);
  EXPECT_NE(out.find("[waived]"), std::string::npos);
  EXPECT_NE(out.find("; 3 in the baseline, 2 baseline entries fixed"), std::string::npos) << out;
  ReportOptions o;
  o.baseline = {true, 3, 2};
  rapidjson::Document doc;
  std::string json = FormatJson(reports, o);
  doc.Parse(json.c_str());
  ASSERT_FALSE(doc.HasParseError());
  EXPECT_EQ(doc["summary"]["waived"].GetInt(), 1);
  EXPECT_EQ(doc["summary"]["baselined"].GetInt(), 3);
  EXPECT_EQ(doc["summary"]["baseline_fixed"].GetInt(), 2);
  EXPECT_EQ(std::string(doc["findings"][0]["fingerprint"].GetString()).size(), 16u);
}

}  // namespace
}  // namespace planlint

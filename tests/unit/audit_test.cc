// `planlint audit`: weights files, the score formula (docs/audit.md),
// summaries, the JSON/CSV/HTML outputs and the command itself.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/audit/audit.h"
#include "core/engine/inputs.h"
#include "core/plan/plan_parser.h"
#include "gtest/gtest.h"

namespace planlint::audit {
namespace {

namespace fs = std::filesystem;

std::shared_ptr<const RulePack> Builtin() {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::Builtin();
  EXPECT_TRUE(pack.ok()) << pack.status().message();
  return *pack;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

fs::path TempDir(const std::string& name) {
  fs::path dir =
      fs::temp_directory_path() / ("planlint_audit_" + name + "_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(AuditWeights, ParsesAFileAndNamesWhereItIsWrong) {
  absl::StatusOr<Weights> w = ParseWeights(
      "severity: {error: 20, warning: 5}\nsection_cap: 40\nsections:\n  schedule: 2\n"
      "golive_window_days: 30\n",
      "w.yaml");
  ASSERT_TRUE(w.ok()) << w.status().message();
  EXPECT_EQ(w->error, 20);
  EXPECT_EQ(w->warning, 5);
  EXPECT_EQ(w->info, 1);
  EXPECT_EQ(w->section_cap, 40);
  EXPECT_EQ(w->SectionWeight("schedule"), 2);
  EXPECT_EQ(w->SectionWeight("support"), 1);
  EXPECT_EQ(w->golive_window_days, 30);
  EXPECT_TRUE(ParseWeights("", "empty.yaml").ok());

  struct Case {
    std::string text, error;
  };
  for (const Case& c : std::vector<Case>{
           {"severity: {error: -1}\n", "w.yaml:1:19: 'severity.error' must be a number >= 0"},
           {"colour: red\n", "w.yaml:1:1: unknown key 'colour'"},
           {"severity: {fatal: 3}\n", "w.yaml:1:12: unknown severity 'fatal'"},
           {"section_cap: 0\n", "w.yaml:1:14: 'section_cap' must be more than 0"},
           {"sections: [a, b]\n", "w.yaml:1:11: 'sections' maps section names to weights"},
           {"severity: {error: [\n", "w.yaml:2:1: YAML:"},
           {"- 1\n", "w.yaml:1:1: a weights file is a YAML mapping"},
       }) {
    absl::StatusOr<Weights> bad = ParseWeights(c.text, "w.yaml");
    ASSERT_FALSE(bad.ok()) << c.text;
    EXPECT_NE(std::string(bad.status().message()).find(c.error), std::string::npos)
        << bad.status().message() << "\nwanted: " << c.error;
  }
  absl::StatusOr<Weights> missing = ReadWeights("/nonexistent/weights.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "/nonexistent/weights.yaml:0:0: cannot read the weights file: No such file or "
            "directory");
  absl::StatusOr<Weights> folder = ReadWeights(::testing::TempDir());
  ASSERT_FALSE(folder.ok());
  EXPECT_EQ(folder.status().message(),
            ::testing::TempDir() + ":0:0: cannot read the weights file: not a regular file");
}

uint32_t IndexOf(const RulePack& pack, const std::string& id) {
  for (size_t i = 0; i < pack.rules().size(); ++i) {
    if (pack.rules()[i].info.id == id) return static_cast<uint32_t>(i);
  }
  ADD_FAILURE() << "no rule " << id;
  return 0;
}

TEST(AuditScore, FollowsTheDocumentedFormula) {
  AuditResult result;
  result.pack = Builtin();
  const RulePack& pack = *result.pack;
  ASSERT_EQ(pack.FindRule("SCH001")->info.section, "schedule");
  ASSERT_EQ(pack.FindRule("SCH001")->info.severity, Severity::kError);
  ASSERT_EQ(pack.FindRule("SCH007")->info.severity, Severity::kWarning);
  ASSERT_EQ(pack.FindRule("SUP003")->info.section, "support");
  ASSERT_EQ(pack.FindRule("SUP003")->info.severity, Severity::kWarning);
  result.sections = {"schedule", "support"};
  PlanAudit plan;
  plan.file = "a.json";
  plan.findings = {{IndexOf(pack, "SCH001"), false, 1, 1, "/schedule/0", "m"},
                   {IndexOf(pack, "SUP003"), false, 1, 1, "/support", "m"},
                   {IndexOf(pack, "SCH007"), true, 1, 1, "/schedule/1", "waived"}};
  PlanAudit broken;
  broken.file = "b.json";
  broken.input_error = true;
  PlanAudit clean;
  clean.file = "c.json";
  PlanAudit awful;
  awful.file = "d.json";
  for (int i = 0; i < 4; ++i)
    awful.findings.push_back({IndexOf(pack, "SCH001"), false, 1, 1, "", ""});
  result.plans = {plan, broken, clean, awful};
  Score(&result);
  // schedule: one error, 10 points -> 100 - 100 * 10 / 25 = 60; support: one
  // warning, 3 points -> 88; the waived warning costs nothing. Plan: (60 + 88) / 2.
  EXPECT_EQ(result.plans[0].section_scores[0], 60);
  EXPECT_EQ(result.plans[0].section_scores[1], 88);
  EXPECT_EQ(result.plans[0].score, 74);
  EXPECT_EQ(result.plans[0].errors, 1u);
  EXPECT_EQ(result.plans[0].warnings, 1u);
  EXPECT_EQ(result.plans[0].waived, 1u);
  EXPECT_EQ(result.plans[1].score, 0);
  EXPECT_FALSE(result.plans[1].section_scores[0].has_value());
  EXPECT_EQ(result.plans[2].score, 100);
  // Four errors: 40 points, past the cap: the section scores 0, not less.
  EXPECT_EQ(result.plans[3].section_scores[0], 0);
  EXPECT_EQ(result.plans[3].score, 50);

  // Weights change it: schedule counts three times; errors cost 5.
  result.weights.section_weight["schedule"] = 3;
  result.weights.error = 5;
  Score(&result);
  EXPECT_EQ(result.plans[0].section_scores[0], 80);
  EXPECT_EQ(result.plans[0].score, 82);  // (3 * 80 + 88) / 4

  Summary s = Summarize(result);
  EXPECT_EQ(s.plans, 4u);
  EXPECT_EQ(s.input_errors, 1u);
  EXPECT_EQ(s.errors, 5u);
  EXPECT_EQ(s.waived, 1u);
  ASSERT_EQ(s.worst.size(), 3u);
  EXPECT_EQ(result.plans[s.worst[0]].file, "b.json");
  ASSERT_FALSE(s.top_rules.empty());
  EXPECT_EQ(pack.rules()[s.top_rules[0].rule].info.id, "SCH001");
  EXPECT_EQ(s.top_rules[0].findings, 5u);
  EXPECT_EQ(s.top_rules[0].plans, 2u);
  EXPECT_EQ(s.sections[0].section, "schedule");
  EXPECT_EQ(s.histogram[0], 1u);
  EXPECT_EQ(s.histogram[9], 1u);
}

TEST(Audit, ExamplesEndToEnd) {
  fs::path root = PLANLINT_SOURCE_DIR;
  InputFiles inputs = ExpandInputs({(root / "examples").string(), "/nonexistent/plan.json"});
  AuditOptions options;
  options.as_of = text::ParseDate("2027-01-15");
  options.jobs = 2;
  size_t progress_calls = 0;
  options.progress = [&](size_t done, size_t total) {
    ++progress_calls;
    EXPECT_LE(done, total);
  };
  AuditResult result = RunAudit(Builtin(), inputs.files, inputs.missing, options);
  EXPECT_GE(progress_calls, 1u);
  ASSERT_EQ(result.plans.size(), 4u);
  const PlanAudit& clean = result.plans[0];
  EXPECT_NE(clean.file.find("clean/case-management-modernization.json"), std::string::npos);
  EXPECT_EQ(clean.score, 100);
  EXPECT_TRUE(clean.findings.empty());
  EXPECT_EQ(clean.system_name, "CalAPS Connect");
  EXPECT_EQ(clean.status, "implemented");
  ASSERT_TRUE(clean.go_live.has_value());
  EXPECT_EQ(text::FormatDate(*clean.go_live), "2026-10-30");
  const PlanAudit& draft = result.plans[1];
  EXPECT_EQ(draft.waived, 1u);
  EXPECT_GT(draft.errors, 0u);
  EXPECT_LT(draft.score, 100);
  EXPECT_GT(draft.score, result.plans[2].score);  // the skeleton is worse
  EXPECT_TRUE(result.plans[3].input_error);
  EXPECT_EQ(result.plans[3].score, 0);
  EXPECT_TRUE(result.diagnostics.empty());
  // Cross-plan rules ran: every plan with a system name kept a record.
  EXPECT_GT(result.portfolio_records, 0u);

  Summary s = Summarize(result);
  std::string json = FormatAuditJson(result, s);
  PlanParser parser;
  absl::StatusOr<Plan> doc = parser.Parse("audit.json", json);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  NodeId plans = doc->FindMember(doc->root(), "plans");
  ASSERT_NE(plans, kNoNode);
  EXPECT_EQ(doc->children(plans).size(), 4u);
  NodeId summary = doc->FindMember(doc->root(), "summary");
  EXPECT_EQ(doc->number(doc->FindMember(summary, "plans")), 4);
  EXPECT_EQ(doc->number(doc->FindMember(summary, "errors")), static_cast<double>(s.errors));
  EXPECT_EQ(doc->string(doc->FindMember(doc->root(), "as_of")), "2027-01-15");

  std::string csv = FormatAuditCsv(result);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5);
  EXPECT_EQ(csv.rfind("file,title,system_name,status,score,", 0), 0u);
  EXPECT_NE(csv.find("section:schedule"), std::string::npos);
  EXPECT_NE(csv.find(",/nonexistent/plan.json:0:0: no such file or directory,,"), std::string::npos)
      << csv;

  std::string html = FormatAuditHtml(result, s);
  EXPECT_EQ(html.find("__PLANLINT_AUDIT_DATA__"), std::string::npos);
  EXPECT_NE(html.find("\"file\":\"/nonexistent/plan.json\""), std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));  // no network
  EXPECT_EQ(html.find("https://"), std::string::npos);

  std::string text = FormatAuditText(result, s);
  EXPECT_NE(text.find("planlint audit: 4 plans"), std::string::npos) << text;
  EXPECT_NE(text.find("1 plan could not be read"), std::string::npos) << text;
}

// A plan that goes live within the window with errors is at risk; one past
// the window, one without errors and one already live are not.
TEST(Audit, GoLiveAtRisk) {
  fs::path dir = TempDir("golive");
  // Each has a template placeholder (TPL002, an error) in its schedule.
  auto plan = [&](const std::string& name, const std::string& finish) {
    std::ofstream out(dir / name);
    out << "{\"format\": \"imp/1\", \"schedule\": [{\"id\": \"T1\", \"task\": \"Build\","
        << " \"planned_start\": \"2027-01-04\", \"planned_finish\": \"" << finish << "\"},"
        << " {\"id\": \"T2\", \"task\": \"Go\", \"planned_start\": \"2027-01-04\","
        << " \"planned_finish\": \"XX/XX/XXXX\"}]}";
  };
  plan("a.json", "2027-04-15");  // 90 days after 2027-01-15
  plan("b.json", "2027-04-16");  // 91 days
  plan("c.json", "2027-01-10");  // already past
  AuditOptions options;
  options.as_of = text::ParseDate("2027-01-15");
  AuditResult result = RunAudit(Builtin(), ExpandInputs({dir.string()}).files, {}, options);
  ASSERT_EQ(result.plans.size(), 3u);
  for (const PlanAudit& p : result.plans) EXPECT_GT(p.errors, 0u) << p.file;
  Summary s = Summarize(result);
  ASSERT_EQ(s.go_live_at_risk.size(), 1u);
  EXPECT_EQ(fs::path(result.plans[s.go_live_at_risk[0].plan].file).filename(), "a.json");
  EXPECT_EQ(s.go_live_at_risk[0].days, 90);
  result.weights.golive_window_days = 100;
  EXPECT_EQ(Summarize(result).go_live_at_risk.size(), 2u);
  fs::remove_all(dir);
}

int RunShell(const std::string& command, std::string* out, std::string* err, const fs::path& dir) {
  std::string cmd = "cd '" + dir.string() + "' && " + command + " > out.txt 2> err.txt";
  int status = std::system(cmd.c_str());
  *out = ReadFile(dir / "out.txt");
  *err = ReadFile(dir / "err.txt");
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(AuditCommand, WritesReportsAndExitsZero) {
  fs::path dir = TempDir("cli");
  std::string cli = PLANLINT_CLI_PATH;
  std::string examples = (fs::path(PLANLINT_SOURCE_DIR) / "examples").string();
  std::string out, err;
  int code = RunShell(cli + " audit '" + examples +
                          "' --as-of 2027-01-15 --html report.html --json a.json --csv a.csv -j 2",
                      &out, &err, dir);
  EXPECT_EQ(code, 0) << err;
  EXPECT_NE(out.find("planlint audit: 3 plans"), std::string::npos) << out;
  EXPECT_NE(out.find("Worst plans:"), std::string::npos) << out;
  // Standard error is not a terminal here: no progress bar.
  EXPECT_EQ(err, "");
  EXPECT_TRUE(fs::file_size(dir / "report.html") > 10000);
  EXPECT_NE(ReadFile(dir / "a.json").find("\"plans\":["), std::string::npos);
  EXPECT_NE(ReadFile(dir / "a.csv").find("permit-portal-draft.json"), std::string::npos);

  std::ofstream(dir / "bad.yaml") << "severity: {error: lots}\n";
  code = RunShell(cli + " audit '" + examples + "' --weights bad.yaml", &out, &err, dir);
  EXPECT_EQ(code, 2);
  EXPECT_NE(err.find("bad.yaml:1:19: 'severity.error' must be a number >= 0"), std::string::npos)
      << err;
  code = RunShell(cli + " audit '" + examples + "' --as-of 2027-13-01", &out, &err, dir);
  EXPECT_EQ(code, 2);
  code = RunShell(cli + " audit '" + examples + "' -q --json /nonexistent/dir/a.json", &out, &err,
                  dir);
  EXPECT_EQ(code, 2);
  EXPECT_EQ(out, "");
  EXPECT_NE(err.find("cannot write /nonexistent/dir/a.json"), std::string::npos) << err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace planlint::audit

// .planlint.yaml: parsing, every problem at once with FILE:LINE:COL, checks
// against the pack, mapping onto PackSettings, globs, discovery, and the
// pack cache (one compile per distinct configuration).
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/config/config.h"
#include "core/config/run.h"
#include "gtest/gtest.h"

namespace planlint {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> Problems(const std::string& yaml, bool validate = true) {
  std::vector<PackProblem> problems;
  Config config = ParseConfig("cfg.yaml", yaml, &problems);
  if (validate) {
    absl::StatusOr<std::shared_ptr<const RulePack>> base = RulePack::Builtin();
    EXPECT_TRUE(base.ok());
    ValidateConfig(config, **base, &problems);
  }
  std::vector<std::string> out;
  for (const PackProblem& p : problems) out.push_back(p.ToString());
  return out;
}

// A configuration whose aliases never end, or expand without bound, is
// refused with a position instead of being walked.
TEST(Config, AliasCyclesAreRefused) {
  std::vector<std::string> problems = Problems("options:\n  SCH001: &a {x: *a}\n", false);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_TRUE(problems[0].starts_with("cfg.yaml:2:11: YAML: nested deeper than 1024 levels"))
      << problems[0];
}

TEST(Config, EmptyFileIsAllDefaults) {
  std::vector<PackProblem> problems;
  Config c = ParseConfig("cfg.yaml", "", &problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_TRUE(c.select.empty());
  EXPECT_EQ(c.fail_on, Severity::kError);
  EXPECT_FALSE(c.as_of.has_value());
}

TEST(Config, ReadsEveryKey) {
  std::vector<PackProblem> problems;
  Config c = ParseConfig("dir/cfg.yaml",
                         "select: [SCH, POC001]\n"
                         "ignore: GLO, missing-role\n"
                         "per_path_ignores:\n  \"legacy/**\": [SCH008]\n"
                         "severity: {SCH009: error}\n"
                         "options:\n  POC001: {required_roles: [Project Manager]}\n"
                         "pack_options: {role_aliases: {}}\n"
                         "as_of: 2027-01-15\n"
                         "fail_on: warning\n",
                         &problems);
  ASSERT_TRUE(problems.empty()) << problems[0].ToString();
  EXPECT_EQ(c.dir, "dir");
  ASSERT_EQ(c.select.size(), 2u);
  EXPECT_EQ(c.select[1].text, "POC001");
  EXPECT_EQ(c.select[1].mark.line, 1);
  ASSERT_EQ(c.ignore.size(), 2u);  // comma-separated text is split
  EXPECT_EQ(c.ignore[1].text, "missing-role");
  ASSERT_EQ(c.per_path_ignores.size(), 1u);
  EXPECT_EQ(c.per_path_ignores[0].pattern, "legacy/**");
  EXPECT_EQ(c.severity[0].second, Severity::kError);
  EXPECT_EQ(c.as_of, text::ParseDate("2027-01-15"));
  EXPECT_EQ(c.fail_on, Severity::kWarning);
}

TEST(Config, EveryProblemAtOnceWithLineAndColumn) {
  std::vector<std::string> p = Problems(
      "select: [SCH, bogus-name]\n"
      "colour: yes\n"
      "severity: {SCH009: fatal}\n"
      "options:\n"
      "  POC001: {required_role: [x]}\n"
      "  SCH008: {max_workdays: [1, 2]}\n"
      "  NOPE001: {x: 1}\n"
      "per_path_ignores:\n"
      "  \"legacy/**\": [XYZ]\n"
      "as_of: 2027-02-30\n"
      "fail_on: sometimes\n");
  std::vector<std::string> want = {
      "cfg.yaml:2:1: unknown key 'colour' in the configuration (allowed: as_of, extends, fail_on, "
      "ignore, options, pack_options, per_path_ignores, select, severity)",
      "cfg.yaml:3:20: severity 'fatal' must be error, warning or info",
      "cfg.yaml:10:8: as_of '2027-02-30' is not a date (YYYY-MM-DD)",
      "cfg.yaml:11:10: fail_on 'sometimes' must be error, warning or info",
      "cfg.yaml:1:15: 'select' names no rule: 'bogus-name' (give a rule id, an id prefix such as "
      "SCH, "
      "or a rule name)",
      "cfg.yaml:9:17: 'per_path_ignores' for 'legacy/**' names no rule: 'XYZ' (give a rule id, an "
      "id "
      "prefix such as SCH, or a rule name)",
  };
  ASSERT_GE(p.size(), want.size() + 3) << ::testing::PrintToString(p);
  for (const std::string& w : want) {
    EXPECT_NE(std::find(p.begin(), p.end(), w), p.end()) << w << "\n"
                                                         << ::testing::PrintToString(p);
  }
  auto has_prefix = [&](const std::string& prefix) {
    for (const std::string& s : p) {
      if (s.starts_with(prefix)) return true;
    }
    return false;
  };
  EXPECT_TRUE(has_prefix(
      "cfg.yaml:5:12: rule POC001 has no option 'required_role' (options: required_roles"));
  EXPECT_TRUE(has_prefix("cfg.yaml:6:26: option 'max_workdays' of rule SCH008 must be a number"));
  EXPECT_TRUE(has_prefix("cfg.yaml:7:3: 'options' names no rule: 'NOPE001'"));
}

TEST(Config, YamlSyntaxErrorHasPosition) {
  std::vector<std::string> p = Problems("select: [SCH\nignore: x\n", false);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_TRUE(p[0].starts_with("cfg.yaml:")) << p[0];
  EXPECT_NE(p[0].find("YAML:"), std::string::npos) << p[0];
  EXPECT_NE(p[0].substr(9, 1), "0") << p[0];
}

TEST(Config, WrongShapes) {
  std::vector<std::string> p = Problems("- a list\n", false);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0], "cfg.yaml:1:1: the configuration is a YAML mapping (select:, ignore:, ...)");
  p = Problems("severity: [SCH008]\noptions: {POC001: [a]}\n", false);
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0], "cfg.yaml:1:11: 'severity' must map rules to error, warning or info");
  EXPECT_EQ(p[1], "cfg.yaml:2:19: the options of POC001 must be a mapping (option: value)");
}

TEST(Config, SettingsExpandPrefixesAndKeepOptions) {
  std::vector<PackProblem> problems;
  Config c = ParseConfig("cfg.yaml",
                         "select: [SCH]\nseverity: {TSK: info, long-task: error}\n"
                         "options: {missing-role: {required_roles: [Project Manager]}}\n",
                         &problems);
  ASSERT_TRUE(problems.empty());
  absl::StatusOr<std::shared_ptr<const RulePack>> base = RulePack::Builtin();
  ASSERT_TRUE(base.ok());
  PackSettings s = SettingsFor(c, **base);
  EXPECT_EQ(s.select, std::vector<std::string>{"SCH"});
  EXPECT_EQ(s.severity.size(), 5u);  // TSK001-TSK004 and SCH008
  EXPECT_EQ(s.severity.at("TSK003"), Severity::kInfo);
  EXPECT_EQ(s.severity.at("SCH008"), Severity::kError);
  ASSERT_TRUE(s.rule_options.contains("POC001"));
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = LoadConfiguredPack(c, s);
  ASSERT_TRUE(pack.ok()) << pack.status().message();
  EXPECT_EQ((*pack)->FindRule("SCH008")->info.severity, Severity::kError);
  EXPECT_FALSE((*pack)->FindRule("POC001")->info.enabled);
  EXPECT_EQ((*pack)->FindRule("POC001")->info.options_json,
            "{\"required_roles\": [\"Project Manager\"]}");
}

TEST(Config, CommandLineOverridesTheFile) {
  std::vector<PackProblem> problems;
  Config c =
      ParseConfig("cfg.yaml", "select: [SCH]\nfail_on: info\nas_of: 2027-01-15\n", &problems);
  ConfigOverrides o;
  o.select = std::vector<std::string>{"POC"};
  o.fail_on = Severity::kWarning;
  ApplyOverrides(o, &c);
  ASSERT_EQ(c.select.size(), 1u);
  EXPECT_EQ(c.select[0].text, "POC");
  EXPECT_EQ(c.fail_on, Severity::kWarning);
  EXPECT_EQ(c.as_of, text::ParseDate("2027-01-15"));  // not overridden
}

TEST(Glob, Patterns) {
  EXPECT_TRUE(GlobMatch("legacy/**", "legacy/a.json"));
  EXPECT_TRUE(GlobMatch("legacy/**", "legacy/x/y/a.json"));
  EXPECT_FALSE(GlobMatch("legacy/**", "plans/legacy.json"));
  EXPECT_FALSE(GlobMatch("legacy/**", "new/legacy/a.json"));
  EXPECT_TRUE(GlobMatch("legacy/", "legacy/sub/a.json"));
  EXPECT_TRUE(GlobMatch("*.draft.json", "plans/deep/x.draft.json"));  // no '/': any depth
  EXPECT_FALSE(GlobMatch("/*.draft.json", "plans/x.draft.json"));     // leading '/': anchored
  EXPECT_TRUE(GlobMatch("/*.draft.json", "x.draft.json"));
  EXPECT_TRUE(GlobMatch("plans/*/a.json", "plans/2027/a.json"));
  EXPECT_FALSE(GlobMatch("plans/*/a.json", "plans/2027/q1/a.json"));
  EXPECT_TRUE(GlobMatch("plans/**/a.json", "plans/a.json"));
  EXPECT_TRUE(GlobMatch("plans/**/a.json", "plans/2027/q1/a.json"));
  EXPECT_TRUE(GlobMatch("plan-?.json", "plan-7.json"));
  EXPECT_TRUE(GlobMatch("plan-[0-9].json", "plan-7.json"));
  EXPECT_FALSE(GlobMatch("plan-[!0-9].json", "plan-7.json"));
  EXPECT_TRUE(GlobMatch("a+b (1).json", "a+b (1).json"));  // regex characters are literal
  EXPECT_FALSE(GlobMatch("a.json", "abjson"));
  EXPECT_FALSE(GlobMatch("plan-[0-9.json", "plan-7.json"));  // malformed: matches nothing
}

class ConfigFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("planlint_config_test_" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "repo" / ".git");
    fs::create_directories(root_ / "repo" / "plans" / "legacy");
    fs::create_directories(root_ / "repo" / "other");
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(const fs::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
  }
  fs::path root_;
};

TEST_F(ConfigFilesTest, DiscoveryStopsAtTheRepositoryRoot) {
  fs::path repo = root_ / "repo";
  Write(root_ / ".planlint.yaml", "select: [SCH]\n");  // above the repository: never used
  Write(repo / "plans" / "p.json", "{}");
  EXPECT_EQ(FindConfigFile((repo / "plans" / "p.json").string()), "");
  Write(repo / ".planlint.yaml", "select: [POC]\n");
  EXPECT_EQ(fs::weakly_canonical(FindConfigFile((repo / "plans" / "legacy" / "x.json").string())),
            fs::weakly_canonical(repo / ".planlint.yaml"));
  Write(repo / "plans" / ".planlint.yaml", "select: [TSK]\n");  // the nearest wins
  EXPECT_EQ(fs::weakly_canonical(FindConfigFile((repo / "plans" / "legacy" / "x.json").string())),
            fs::weakly_canonical(repo / "plans" / ".planlint.yaml"));
  EXPECT_EQ(fs::weakly_canonical(FindConfigFile((repo / "other").string())),
            fs::weakly_canonical(repo / ".planlint.yaml"));
}

TEST_F(ConfigFilesTest, RunUsesEachPlansConfigurationAndCachesPacks) {
  fs::path repo = root_ / "repo";
  const std::string plan =
      R"({"format": "imp/1", "schedule": [{"id": "T1", "planned_start": "2027-03-01", "planned_finish": "2027-06-30"}]})";
  Write(
      repo / ".planlint.yaml",
      "select: [SCH]\nper_path_ignores:\n  \"plans/legacy/**\": [long-task]\nas_of: 2027-01-15\n");
  Write(repo / "plans" / "a.json", plan);
  Write(repo / "plans" / "b.json", plan);
  Write(repo / "plans" / "legacy" / "old.json", plan);
  Write(repo / "other" / ".planlint.yaml",
        "select: [SCH]\nseverity: {SCH008: error}\nfail_on: error\n");
  Write(repo / "other" / "c.json", plan);
  RunOptions options;
  options.paths = {(repo / "plans").string(), (repo / "other").string()};
  absl::StatusOr<RunResult> result = RunChecks(options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->reports.size(), 4u);
  auto sch008 = [](const PlanReport& r) {
    for (const Finding& f : r.findings) {
      if (f.rule == "SCH008") return std::string(SeverityName(f.severity));
    }
    return std::string("none");
  };
  // Inputs are expanded per path, sorted: plans/a, plans/b, plans/legacy/old, other/c.
  EXPECT_EQ(sch008(result->reports[0]), "warning");
  EXPECT_EQ(sch008(result->reports[1]), "warning");
  EXPECT_EQ(sch008(result->reports[2]), "none");   // ignored under plans/legacy/
  EXPECT_EQ(sch008(result->reports[3]), "error");  // other/.planlint.yaml
  for (const PlanReport& r : result->reports) {
    for (const Finding& f : r.findings) EXPECT_TRUE(f.rule.starts_with("SCH")) << f.rule;
  }
  // Base packs of the two configurations (both the default built-in
  // settings, so one entry) + three distinct settings.
  EXPECT_EQ(result->packs_compiled, 4u);
}

TEST_F(ConfigFilesTest, BadConfigurationFailsTheRunWithAllProblems) {
  fs::path repo = root_ / "repo";
  Write(repo / ".planlint.yaml", "select: [NOPE]\nfail_on: never\n");
  Write(repo / "plans" / "a.json", "{}");
  RunOptions options;
  options.paths = {(repo / "plans" / "a.json").string()};
  absl::StatusOr<RunResult> result = RunChecks(options);
  ASSERT_FALSE(result.ok());
  std::string message(result.status().message());
  EXPECT_NE(message.find("configuration refused (2 problems)"), std::string::npos) << message;
  EXPECT_NE(message.find(".planlint.yaml:1:10: 'select' names no rule: 'NOPE'"), std::string::npos)
      << message;
  EXPECT_NE(message.find(".planlint.yaml:2:10: fail_on 'never'"), std::string::npos) << message;
}

TEST_F(ConfigFilesTest, ExtendsLoadsAPackRelativeToTheConfiguration) {
  fs::path repo = root_ / "repo";
  fs::create_directories(repo / "packs");
  Write(repo / "packs" / "agency.yaml",
        "pack: agency\nextends: imp\nrules:\n"
        "  - id: AGY001\n    name: needs-department\n    severity: error\n    summary: The plan "
        "names no department.\n"
        "    for: $\n    assert: present(plan.document.department)\n    message: No department.\n");
  Write(repo / ".planlint.yaml", "extends: [packs/agency.yaml]\nselect: [AGY001]\n");
  Write(repo / "plans" / "a.json", R"({"format": "imp/1"})");
  RunOptions options;
  options.paths = {(repo / "plans" / "a.json").string()};
  absl::StatusOr<RunResult> result = RunChecks(options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->reports[0].findings.size(), 1u);
  EXPECT_EQ(result->reports[0].findings[0].rule, "AGY001");
  Write(repo / ".planlint.yaml", "extends: [packs/missing.yaml]\n");
  result = RunChecks(options);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(std::string(result.status().message())
                .find("repo/packs/missing.yaml': No such file or directory"),
            std::string::npos)
      << result.status().message();
  EXPECT_NE(
      std::string(result.status().message()).find(".planlint.yaml:1:11: cannot read rule pack '"),
      std::string::npos);
  Write(repo / ".planlint.yaml", "extends: [packs]\n");
  result = RunChecks(options);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(std::string(result.status().message()).find("repo/packs': not a regular file"),
            std::string::npos)
      << result.status().message();
}

TEST_F(ConfigFilesTest, UnreadableConfigurationSaysWhy) {
  std::vector<PackProblem> problems;
  ReadConfigFile((root_ / "none.yaml").string(), &problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message, "cannot read the configuration file: No such file or directory");
  problems.clear();
  ReadConfigFile((root_ / "repo").string(), &problems);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message, "cannot read the configuration file: not a regular file");
}

}  // namespace
}  // namespace planlint

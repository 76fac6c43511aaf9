// The real `planlint` binary (PLANLINT_CLI_PATH), run from the source tree
// on the examples and on bad inputs: text and JSON output, exit codes
// (0 clean, 1 findings at or above --fail-on, 2 usage or input errors), bad
// files checked alongside good ones, --select/--ignore, rules, explain, eval.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/unit/test_support.h"

namespace planlint {
namespace {

namespace fs = std::filesystem;
using testing::CliRun;
using testing::ReadFile;
using testing::WriteFile;

constexpr char kDraft[] = "examples/draft/permit-portal-draft.json";
constexpr char kClean[] = "examples/clean/case-management-modernization.json";
constexpr char kSkeleton[] = "examples/far-from-ready/benefits-system-skeleton.json";

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() / Cat("planlint_cli_test_", getpid()));
    fs::create_directories(*dir_);
    WriteFile(*dir_ / "malformed.json", "{\n  \"a\": 1,\n}");
    std::string deep = "{\"a\": ";
    std::string deep_ok = deep;
    for (int i = 0; i < 1024; ++i) deep += "[";
    for (int i = 0; i < 1024; ++i) deep += "]";
    for (int i = 0; i < 1023; ++i) deep_ok += "[";
    for (int i = 0; i < 1023; ++i) deep_ok += "]";
    WriteFile(*dir_ / "deep.json", deep + "}");
    WriteFile(*dir_ / "deep_ok.json", deep_ok + "}");
    WriteFile(*dir_ / "array.json", "[{\"format\": \"imp/1\"}]");
    WriteFile(*dir_ / "utf8.json", "{\n  \"a\": \"ok\",\n  \"b\": \"\xff\"\n}");
    WriteFile(*dir_ / "pack.yaml", R"yaml(pack: mine
rules:
  - id: MY001
    name: broken-at-runtime
    severity: error
    summary: Cannot be evaluated.
    for: $
    assert: plan.nothing == 1
    message: never
  - id: MY002
    name: always
    severity: info
    summary: Always reports the root.
    for: $
    assert: "false"
    message: hello from my pack
)yaml");
    WriteFile(*dir_ / "bad_pack.yaml",
              "pack: bad\nrules:\n  - id: B001\n    name: b\n    severity: error\n"
              "    summary: S.\n    for: $\n    assert: nope()\n    message: M.\n");
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }

  // Runs planlint with `args` (a shell word list) from the source directory.
  static CliRun Run(const std::string& args) {
    fs::path out = *dir_ / "stdout.txt";
    fs::path err = *dir_ / "stderr.txt";
    std::string command = Cat("cd '", testing::SourceDir().string(), "' && '", PLANLINT_CLI_PATH,
                              "' ", args, " > '", out.string(), "' 2> '", err.string(), "'");
    int status = std::system(command.c_str());
    CliRun run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = ReadFile(out);
    run.err = ReadFile(err);
    return run;
  }

  static std::string Bad(const std::string& name) { return Cat("'", (*dir_ / name).string(), "'"); }

  static std::vector<std::string> Lines(const std::string& text) {
    std::vector<std::string> lines = absl::StrSplit(text, '\n', absl::SkipEmpty());
    return lines;
  }

  static fs::path* dir_;
};

fs::path* CliTest::dir_ = nullptr;

// ----- check: text output and exit codes -------------------------------------------------

TEST_F(CliTest, CleanExampleExitsZero) {
  CliRun run = Run(Cat("check ", kClean, " --as-of 2027-01-15"));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "0 findings (0 errors, 0 warnings, 0 info) in 1 file\n");
  EXPECT_EQ(run.err, "");
}

TEST_F(CliTest, TextOutputIsOneLinePerFindingThenASummary) {
  CliRun run = Run(Cat("check ", kDraft, " --as-of 2027-01-15"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err, "");
  std::vector<std::string> lines = Lines(run.out);
  ASSERT_EQ(lines.size(), 24u) << run.out;
  const std::regex finding(
      R"(examples/draft/permit-portal-draft\.json:[1-9][0-9]*:[1-9][0-9]*: [A-Z]+[0-9]+ (error|warning|info): .+)");
  int previous_line = 0;
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    EXPECT_TRUE(std::regex_match(lines[i], finding)) << lines[i];
    EXPECT_EQ(lines[i].find("\033"), std::string::npos) << "no colour when not a terminal";
    int line = std::stoi(lines[i].substr(lines[i].find(':') + 1));
    EXPECT_GE(line, previous_line) << "findings are in file order";
    previous_line = line;
  }
  EXPECT_EQ(lines.back(), "23 findings (7 errors, 15 warnings, 1 info) in 1 file; 1 waived");
  // Findings the examples' README lists.
  EXPECT_NE(run.out.find("TPL003 warning: Unfinished-work marker (TBD)."), std::string::npos);
  EXPECT_EQ(run.out.find("SCH008"), std::string::npos) << "the waived finding is not shown";

  CliRun waived = Run(Cat("check ", kDraft, " --as-of 2027-01-15 --show-waived"));
  EXPECT_NE(waived.out.find("examples/draft/permit-portal-draft.json:349:5: SCH008 warning: Task "
                            "T4 spans 70 working days "
                            "(more than 44). [waived]\n"),
            std::string::npos)
      << waived.out;
}

TEST_F(CliTest, AWaiverThatHasExpiredNoLongerSuppresses) {
  CliRun run = Run(Cat("check ", kDraft, " --as-of 2028-01-03"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.out.find(": SCH008 warning: Task T4 spans 70 working days (more than 44).\n"),
            std::string::npos);
  EXPECT_NE(run.out.find(": WVR001 warning: "), std::string::npos);
}

TEST_F(CliTest, FailOnDecidesTheExitCode) {
  // TPL003 alone: one warning.
  EXPECT_EQ(Run(Cat("check ", kDraft, " --as-of 2027-01-15 --select TPL003")).exit_code, 0);
  EXPECT_EQ(
      Run(Cat("check ", kDraft, " --as-of 2027-01-15 --select TPL003 --fail-on warning")).exit_code,
      1);
  EXPECT_EQ(
      Run(Cat("check ", kDraft, " --as-of 2027-01-15 --select TPL003 --fail-on info")).exit_code,
      1);
  EXPECT_EQ(
      Run(Cat("check ", kDraft, " --as-of 2027-01-15 --select TPL003 --fail-on error")).exit_code,
      0);
  // A waived finding never fails a run.
  EXPECT_EQ(
      Run(Cat("check ", kDraft, " --as-of 2027-01-15 --select SCH008 --fail-on info")).exit_code,
      0);
}

TEST_F(CliTest, SelectAndIgnore) {
  CliRun run = Run(Cat("check ", kSkeleton, " --as-of 2027-01-15 --select SCH,DOC007"));
  std::vector<std::string> lines = Lines(run.out);
  ASSERT_FALSE(lines.empty());
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    EXPECT_TRUE(lines[i].find(": SCH0") != std::string::npos ||
                lines[i].find(": DOC007 ") != std::string::npos)
        << lines[i];
  }
  EXPECT_EQ(lines.back(), "8 findings (6 errors, 2 warnings, 0 info) in 1 file");

  CliRun ignored = Run(Cat("check ", kSkeleton,
                           " --as-of 2027-01-15 --ignore TPL --ignore template-placeholder,GLO"));
  EXPECT_EQ(ignored.out.find(": TPL0"), std::string::npos);
  EXPECT_EQ(ignored.out.find(": GLO0"), std::string::npos);
  EXPECT_NE(ignored.out.find(": SCH006 "), std::string::npos);
  // 103 findings less 24 TPL001, 29 TPL002, 1 TPL003 and 6 GLO.
  EXPECT_EQ(Lines(ignored.out).back(), "43 findings (22 errors, 21 warnings, 0 info) in 1 file");

  CliRun unknown = Run(Cat("check ", kDraft, " --select NOPE"));
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("select names no rule: 'NOPE'"), std::string::npos) << unknown.err;
  EXPECT_EQ(unknown.out, "");
}

// Each --rules/--select/--ignore takes one value, on every command: a
// repeated --select before the paths must not swallow them (audit and
// baseline once took "examples" as a rule selection).
TEST_F(CliTest, PackOptionsTakeOneValueOnEveryCommand) {
  for (const char* command : {"check", "audit -q", "baseline /dev/null"}) {
    CliRun run = Run(Cat(command, " --as-of 2027-01-15 --select SCH --select POC examples"));
    EXPECT_NE(run.exit_code, 2) << command << ": " << run.err;
    EXPECT_EQ(run.err.find("required"), std::string::npos) << command << ": " << run.err;
  }
}

TEST_F(CliTest, FoldersAreSearchedForJsonFilesInOrder) {
  CliRun run = Run("check examples --as-of 2027-01-15");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(Lines(run.out).back(),
            "126 findings (82 errors, 43 warnings, 1 info) in 3 files; 1 waived");
  size_t draft = run.out.find("examples/draft/");
  size_t skeleton = run.out.find("examples/far-from-ready/");
  ASSERT_NE(draft, std::string::npos);
  ASSERT_NE(skeleton, std::string::npos);
  EXPECT_LT(draft, skeleton);
}

TEST_F(CliTest, ThreadsDoNotChangeTheReport) {
  CliRun one = Run("check examples --as-of 2027-01-15 --format json -j 1");
  CliRun many = Run("check examples examples/draft --as-of 2027-01-15 --format json -j 4");
  EXPECT_EQ(one.exit_code, 1);
  EXPECT_EQ(many.exit_code, 1);
  // The second run checks the draft twice: its report comes after the others'.
  EXPECT_TRUE(many.out.starts_with(one.out.substr(0, one.out.find("],\"errors\""))));
}

// ----- check: input errors -----------------------------------------------------------------

TEST_F(CliTest, BadInputsAreReportedAndTheGoodOnesStillChecked) {
  CliRun run = Run(Cat("check ", kDraft, " ", Bad("malformed.json"), " ", Bad("deep.json"), " ",
                       Bad("array.json"), " ", Bad("utf8.json"), " ", Bad("missing.json"),
                       " --as-of 2027-01-15"));
  EXPECT_EQ(run.exit_code, 2);
  std::string d = dir_->string();
  std::vector<std::string> expected_errors = {
      Cat(d, "/malformed.json:3:1: "),
      Cat(d, "/deep.json:1:1030: nesting deeper than 1024 levels [input error: file not checked]"),
      Cat(d,
          "/array.json:1:1: the top level must be a JSON object, found an array [input error: file "
          "not checked]"),
      Cat(d, "/utf8.json:3:9: invalid UTF-8 byte 0xff [input error: file not checked]"),
      Cat(d, "/missing.json:0:0: no such file or directory [input error: file not checked]"),
  };
  for (const std::string& e : expected_errors)
    EXPECT_NE(run.out.find(e), std::string::npos) << e << "\n" << run.out;
  // The draft's findings are all there.
  EXPECT_NE(run.out.find("examples/draft/permit-portal-draft.json:569:22: TPL003 warning: "
                         "Unfinished-work marker (TBD).\n"),
            std::string::npos);
  EXPECT_EQ(Lines(run.out).back(),
            "23 findings (7 errors, 15 warnings, 1 info) in 6 files; 1 waived; 5 files could not "
            "be checked");
}

TEST_F(CliTest, AFifoOrFolderNamedOnTheCommandLineIsRefusedNotWaitedOn) {
  // Opening a FIFO for reading would wait for a writer forever.
  fs::path fifo = *dir_ / "pipe.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  CliRun run = Run(Cat("check ", Bad("pipe.json"), " ", kDraft, " --as-of 2027-01-15"));
  fs::remove(fifo);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.out.find(Cat(dir_->string(), "/pipe.json:0:0: cannot read: not a regular file")),
            std::string::npos)
      << run.out << run.err;
  EXPECT_NE(run.out.find("permit-portal-draft.json:"), std::string::npos) << run.out;
}

TEST_F(CliTest, EachInputErrorAloneExitsTwo) {
  for (const char* name :
       {"malformed.json", "deep.json", "array.json", "utf8.json", "missing.json"}) {
    CliRun run = Run(Cat("check ", Bad(name), " --as-of 2027-01-15"));
    EXPECT_EQ(run.exit_code, 2) << name;
    EXPECT_NE(run.out.find("[input error: file not checked]"), std::string::npos) << name;
    EXPECT_NE(
        run.out.find(
            "0 findings (0 errors, 0 warnings, 0 info) in 1 file; 1 file could not be checked"),
        std::string::npos)
        << name;
  }
  // 1024 levels are allowed: the file is checked (and has findings).
  CliRun deep_ok = Run(Cat("check ", Bad("deep_ok.json"), " --as-of 2027-01-15"));
  EXPECT_EQ(deep_ok.exit_code, 1);
  EXPECT_EQ(deep_ok.out.find("input error"), std::string::npos);
}

// ----- check: JSON output -------------------------------------------------------------------

TEST_F(CliTest, JsonOutputHasFindingsErrorsDiagnosticsAndSummary) {
  CliRun run =
      Run(Cat("check ", kDraft, " ", Bad("malformed.json"), " --as-of 2027-01-15 --format json"));
  EXPECT_EQ(run.exit_code, 2);
  PlanParser parser;
  absl::StatusOr<Plan> doc = parser.Parse("report.json", run.out);
  ASSERT_TRUE(doc.ok()) << doc.status().message() << "\n" << run.out;
  NodeId root = doc->root();
  NodeId findings = doc->FindMember(root, "findings");
  ASSERT_NE(findings, kNoNode);
  ASSERT_EQ(doc->kind(findings), JsonKind::kArray);
  EXPECT_EQ(doc->children(findings).size(), 24u);  // waived ones included, marked
  int waived = 0;
  for (NodeId f : doc->children(findings)) {
    ASSERT_EQ(doc->kind(f), JsonKind::kObject);
    for (const char* key : {"file", "rule", "name", "severity", "message", "pointer", "section"}) {
      NodeId v = doc->FindMember(f, key);
      ASSERT_NE(v, kNoNode) << key;
      EXPECT_EQ(doc->kind(v), JsonKind::kString) << key;
    }
    for (const char* key : {"line", "column"}) {
      NodeId v = doc->FindMember(f, key);
      ASSERT_NE(v, kNoNode) << key;
      EXPECT_GE(doc->number(v), 1.0) << key;
    }
    EXPECT_EQ(doc->string(doc->FindMember(f, "file")), kDraft);
    EXPECT_EQ(doc->kind(doc->FindMember(f, "waived")), JsonKind::kBool);
    if (doc->boolean(doc->FindMember(f, "waived"))) {
      ++waived;
      EXPECT_EQ(doc->string(doc->FindMember(f, "rule")), "SCH008");
      EXPECT_EQ(doc->string(doc->FindMember(f, "pointer")), "/schedule/3");
    }
  }
  EXPECT_EQ(waived, 1);
  NodeId errors = doc->FindMember(root, "errors");
  ASSERT_EQ(doc->children(errors).size(), 1u);
  NodeId error = doc->children(errors)[0];
  EXPECT_EQ(doc->string(doc->FindMember(error, "file")), (*dir_ / "malformed.json").string());
  EXPECT_EQ(doc->number(doc->FindMember(error, "line")), 3.0);
  EXPECT_EQ(doc->number(doc->FindMember(error, "column")), 1.0);
  NodeId summary = doc->FindMember(root, "summary");
  auto count = [&](const char* key) { return doc->number(doc->FindMember(summary, key)); };
  EXPECT_EQ(count("files"), 2.0);
  EXPECT_EQ(count("findings"), 23.0);
  EXPECT_EQ(count("errors"), 7.0);
  EXPECT_EQ(count("warnings"), 15.0);
  EXPECT_EQ(count("info"), 1.0);
  EXPECT_EQ(count("waived"), 1.0);
  EXPECT_EQ(count("input_errors"), 1.0);
  EXPECT_EQ(count("diagnostics"), 0.0);
  NodeId by_rule = doc->FindMember(summary, "by_rule");
  EXPECT_EQ(doc->number(doc->FindMember(by_rule, "TPL001")), 2.0);
  EXPECT_EQ(doc->FindMember(by_rule, "SCH008"), kNoNode);  // waived
  EXPECT_EQ(doc->kind(doc->FindMember(root, "diagnostics")), JsonKind::kArray);
}

// ----- check: packs of one's own --------------------------------------------------------------

TEST_F(CliTest, OwnPacksAndTheirDiagnostics) {
  CliRun run = Run(Cat("check ", kClean, " --rules ", Bad("pack.yaml"), " --as-of 2027-01-15"));
  EXPECT_EQ(run.exit_code, 0);  // an info finding does not fail the run
  EXPECT_EQ(run.out,
            Cat(kClean, ":1:1: MY002 info: hello from my pack\n",
                "1 finding (0 errors, 0 warnings, 1 info) in 1 file; 1 rule evaluation error\n"));
  EXPECT_EQ(run.err,
            Cat(kClean, ": MY001 could not be evaluated at '': assert: no such key: 'nothing'\n"));

  CliRun json = Run(
      Cat("check ", kClean, " --rules ", Bad("pack.yaml"), " --as-of 2027-01-15 --format json"));
  EXPECT_NE(json.out.find(R"("diagnostics":[{"file":")"), std::string::npos) << json.out;
  EXPECT_NE(
      json.out.find(R"("rule":"MY001","pointer":"","message":"assert: no such key: 'nothing'"})"),
      std::string::npos)
      << json.out;

  CliRun bad = Run(Cat("check ", kClean, " --rules ", Bad("bad_pack.yaml")));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_EQ(bad.out, "");
  EXPECT_EQ(bad.err, Cat("planlint: rule pack refused (1 problem):\n",
                         (*dir_ / "bad_pack.yaml").string(), ":8:13: unknown function 'nope'\n"));
}

// ----- usage errors ---------------------------------------------------------------------------

TEST_F(CliTest, UsageErrorsExitTwo) {
  for (const char* args :
       {"", "bogus", "check", "check examples --format xml", "check examples --fail-on fatal",
        "check examples --as-of 2027-13-01", "check examples --as-of tomorrow",
        "check examples --no-such-option", "explain", "explain NOPE001", "eval"}) {
    CliRun run = Run(args);
    EXPECT_EQ(run.exit_code, 2) << "planlint " << args;
    EXPECT_NE(run.err, "") << "planlint " << args;
  }
  EXPECT_NE(Run("check examples --as-of 2027-13-01").err.find("--as-of '2027-13-01' is not a date"),
            std::string::npos);
}

// ----- rules, explain, eval ---------------------------------------------------------------------

TEST_F(CliTest, RulesListsTheBuiltInPack) {
  CliRun run = Run("rules");
  EXPECT_EQ(run.exit_code, 0);
  std::vector<std::string> lines = Lines(run.out);
  EXPECT_EQ(lines.size(), testing::BuiltinPack()->rules().size());
  EXPECT_EQ(lines.size(), 74u);  // 70 plan rules + PRT001-PRT004 (portfolio scope)
  EXPECT_NE(run.out.find("SCH008  long-task"), std::string::npos);
  const std::regex row(R"([A-Z]+[0-9]+ +[a-z0-9-]+ +(error|warning|info) +\S.*)");
  for (const std::string& line : lines) EXPECT_TRUE(std::regex_match(line, row)) << line;
}

TEST_F(CliTest, RulesAsJsonAndForAnotherPack) {
  CliRun run = Run("rules --format json");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  PlanParser parser;
  absl::StatusOr<Plan> doc = parser.Parse("rules.json", run.out);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  NodeId rules = doc->FindMember(doc->root(), "rules");
  ASSERT_NE(rules, kNoNode);
  ASSERT_EQ(doc->children(rules).size(), testing::BuiltinPack()->rules().size());
  NodeId sch008 = doc->children(
      rules)[testing::BuiltinPack()->FindRule("SCH008") - testing::BuiltinPack()->rules().data()];
  EXPECT_EQ(doc->string(doc->FindMember(sch008, "id")), "SCH008");
  EXPECT_EQ(doc->string(doc->FindMember(sch008, "scope")), "plan");
  NodeId options = doc->FindMember(sch008, "options");
  ASSERT_EQ(doc->kind(options), JsonKind::kObject);
  EXPECT_NE(doc->FindMember(options, "max_workdays"), kNoNode);
  EXPECT_EQ(doc->kind(doc->FindMember(sch008, "example_fail")), JsonKind::kObject);

  CliRun mine = Run(Cat("rules --rules ", Bad("pack.yaml")));
  EXPECT_EQ(mine.exit_code, 0) << mine.err;
  EXPECT_EQ(Lines(mine.out).size(), 2u) << mine.out;
  EXPECT_TRUE(mine.out.starts_with("MY001   broken-at-runtime")) << mine.out;
  EXPECT_EQ(Run(Cat("rules --rules ", Bad("bad_pack.yaml"))).exit_code, 2);
  EXPECT_EQ(Run("rules --format yaml").exit_code, 2);
}

TEST_F(CliTest, ExplainShowsARule) {
  CliRun run = Run("explain SCH008");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_TRUE(
      run.out.starts_with("SCH008 long-task (warning, section schedule)\n\n"
                          "A task spans more working days than the limit.\n"))
      << run.out;
  EXPECT_NE(run.out.find("Checks: $.schedule[*]\n"), std::string::npos);
  EXPECT_NE(run.out.find("Options: {\"max_workdays\": 44}\n"), std::string::npos);
  EXPECT_NE(run.out.find("Defined in rules/imp/schedule.yaml:"), std::string::npos) << run.out;
  // By name too.
  EXPECT_EQ(Run("explain long-task").out, run.out);
  CliRun unknown = Run("explain NOPE001");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err, "planlint: no rule 'NOPE001' (see `planlint rules`)\n");
}

TEST_F(CliTest, Eval) {
  CliRun run = Run("eval '1 + 2 * 3'");
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, "7\n");
  run = Run("eval '[1, \"a\", {\"k\": null}]'");
  EXPECT_EQ(run.out, "[1, \"a\", {\"k\": null}]\n");
  run = Run("eval '1 / 0'");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.out, "error: division by zero\n");
  run = Run("eval '1 + (2'");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "<expr>:1:7: expected ')' after parenthesized expression\n");
  run = Run("eval 'nope(1)'");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "<expr>:1:1: unknown function 'nope'\n");
  run = Run(Cat("eval 'plan.document.status + \" \" + plan.schedule[3].id' ", kDraft));
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_EQ(run.out, "\"draft T4\"\n");
  run = Run(Cat("eval 'pointer(plan.waivers[0])' ", kDraft));
  EXPECT_EQ(run.out, "\"/waivers/0\"\n");
  run = Run("eval 'as_of' --as-of 2027-01-15");
  EXPECT_EQ(run.out, "\"2027-01-15\"\n");
  run = Run("eval 'type(plan)'");
  EXPECT_EQ(run.out, "\"map\"\n");
  // A type name outlives the expression's tree (it once pointed into it).
  run = Run(
      "eval '[type(1) == int, type(\"\") == string, type([]) == list, type(null) == null_type]'");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "[true, true, true, true]\n");
  // Three hundred comprehensions need as many variable slots.
  std::string wide = "size([";
  for (int i = 0; i < 300; ++i) wide += Cat(i ? ", " : "", "[plan.document.status].map(x, x)");
  run = Run(Cat("eval '", wide, "])' ", kDraft));
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "300\n");
  run = Run(Cat("eval '1' ", Bad("malformed.json")));
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("malformed.json:3:1: "), std::string::npos) << run.err;
}

}  // namespace
}  // namespace planlint

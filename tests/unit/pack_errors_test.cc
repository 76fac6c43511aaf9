// Rule packs that must be refused (docs/rule-language.md, "Errors"): every
// problem is listed as FILE:LINE:COLUMN: what is wrong, several at once. And
// the ways a pack is adjusted without copying rules: `extends` with
// `overrides`, `include`, and configuration (PackSettings).
#include <unistd.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/unit/test_support.h"

namespace planlint {
namespace {

namespace fs = std::filesystem;

// The status message of a refused pack, or "loaded".
std::string Refusal(const std::string& yaml, const std::string& file = "p.yaml",
                    const PackSettings& settings = {}) {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::FromYaml(yaml, file, settings);
  if (pack.ok()) return "loaded";
  return std::string(pack.status().message());
}

// The listed problems of a refused pack, one per line, without the header.
std::vector<std::string> Problems(const std::string& yaml, const std::string& file = "p.yaml") {
  std::string message = Refusal(yaml, file);
  std::vector<std::string> lines = absl::StrSplit(message, '\n');
  if (lines.size() > 1) lines.erase(lines.begin());
  return lines;
}

// A rule that loads, to build broken packs around (lines 3-9 of a pack).
constexpr char kGoodRule[] = R"yaml(pack: p
rules:
  - id: T001
    name: good-rule
    severity: error
    summary: A rule that loads.
    for: $
    assert: "true"
    message: Never.
)yaml";

TEST(PackErrorsTest, AGoodPackLoads) {
  EXPECT_EQ(Refusal(kGoodRule), "loaded");
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::FromYaml(kGoodRule, "p.yaml");
  ASSERT_TRUE(pack.ok());
  EXPECT_EQ((*pack)->name(), "p");
  ASSERT_EQ((*pack)->rules().size(), 1u);
  EXPECT_EQ((*pack)->rules()[0].info.file, "p.yaml");
  EXPECT_EQ((*pack)->rules()[0].info.line, 3);
}

TEST(PackErrorsTest, APackThatDoesNotParse) {
  std::vector<std::string> problems =
      Problems("pack: p\nrules:\n  - id: T001\n   name: [unclosed\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_TRUE(problems[0].starts_with("p.yaml:4:")) << problems[0];
  EXPECT_NE(problems[0].find(": YAML: "), std::string::npos) << problems[0];

  EXPECT_EQ(Refusal("- just\n- a list\n"),
            "rule pack refused (1 problem):\np.yaml:1:1: a rule pack is a YAML mapping (pack:, "
            "rules:, ...)");
  EXPECT_EQ(Refusal("rules: []\n"),
            "rule pack refused (1 problem):\np.yaml:1:1: the pack has no 'pack:' name");
  EXPECT_EQ(Refusal("pack: p\nrules: {}\n"),
            "rule pack refused (1 problem):\np.yaml:2:8: 'rules' must be a list");
}

// yaml-cpp stops a document nested past its recursion limit with the
// message "bad file"; the problem says what is wrong instead.
TEST(PackErrorsTest, YamlNestedPastTheReadersLimit) {
  const std::string deep =
      "pack: p\noptions:\n  a: " + std::string(600, '[') + std::string(600, ']') + "\n";
  std::vector<std::string> problems = Problems(deep);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_TRUE(problems[0].starts_with("p.yaml:3:")) << problems[0];
  EXPECT_NE(problems[0].find(": YAML: nested too deeply (the YAML reader stops at 500 levels"),
            std::string::npos)
      << problems[0];
  // Well below the limit, nesting is only data.
  EXPECT_EQ(
      Refusal("pack: p\noptions:\n  a: " + std::string(100, '[') + std::string(100, ']') + "\n"),
      "loaded");
}

// An alias inside the node it names expands forever, and anchors repeated
// within anchors ("billion laughs") to a tree far larger than the file: both
// are refused with a position, not walked (which overflowed the stack or ran
// out of memory).
TEST(PackErrorsTest, AliasCyclesAndAliasBombs) {
  EXPECT_EQ(Refusal("pack: p\noptions:\n  x: &a [1, *a]\n"),
            "rule pack refused (1 problem):\np.yaml:3:6: YAML: nested deeper than 1024 levels "
            "once its aliases are expanded (an alias inside the node it names never ends)");
  std::vector<std::string> cycle = Problems("pack: p\nschema: &s {root: *s}\n");
  ASSERT_EQ(cycle.size(), 1u);
  EXPECT_TRUE(cycle[0].starts_with("p.yaml:2:9: YAML: nested deeper")) << cycle[0];

  std::string bomb = "pack: p\noptions:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    std::string name(1, c), prev(1, static_cast<char>(c - 1));
    bomb += "  " + name + ": &" + name + " [";
    for (int i = 0; i < 10; ++i) bomb += (i ? ", *" : "*") + prev;
    bomb += "]\n";
  }
  std::vector<std::string> problems = Problems(bomb);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_TRUE(problems[0].starts_with("p.yaml:")) << problems[0];
  EXPECT_NE(problems[0].find("YAML: its aliases expand to more than"), std::string::npos)
      << problems[0];

  // Aliases used as they are meant to be still load.
  EXPECT_EQ(Refusal("pack: p\noptions:\n  a: &a [x, y]\n  b: *a\n  c: [*a, *a]\n"), "loaded");
}

// Only regular files are read as packs: a device or FIFO named by --rules,
// `extends:` or `include:` never ends or blocks (reading /dev/zero hung).
TEST(PackErrorsTest, PacksThatAreNotRegularFilesAreNotRead) {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::FromFile("/dev/zero");
  ASSERT_FALSE(pack.ok());
  EXPECT_EQ(pack.status().message(), "/dev/zero: cannot read rule pack: not a regular file");
  pack = RulePack::FromYaml("pack: p\nextends: /dev/zero\n", "/p.yaml");
  ASSERT_FALSE(pack.ok());
  EXPECT_EQ(pack.status().message(),
            "/p.yaml: cannot read extended pack '/dev/zero': not a regular file");
  EXPECT_NE(Refusal("pack: p\ninclude: [/dev/zero]\n", "/p.yaml"), "loaded");
}

// An 'extends' that is not text is one problem; the pack does not go on to
// read its own folder as the pack it extends.
TEST(PackErrorsTest, ExtendsThatIsNotText) {
  EXPECT_EQ(Refusal("pack: p\nextends: [imp]\n", "/tmp/p.yaml"),
            "rule pack refused (1 problem):\n/tmp/p.yaml:2:10: 'extends' must be text");
}

TEST(PackErrorsTest, UnknownFunctionIsReportedAtItsColumn) {
  // Plain scalar: the expression starts at column 13.
  EXPECT_EQ(Problems(R"yaml(pack: p
rules:
  - id: T001
    name: good-rule
    severity: error
    summary: S.
    for: $
    assert: size(self) > 0 && frob(1)
    message: M.
)yaml"),
            std::vector<std::string>{"p.yaml:8:31: unknown function 'frob'"});
  // Double-quoted: one more for the quote.
  EXPECT_EQ(Problems(R"yaml(pack: p
rules:
  - id: T001
    name: good-rule
    severity: error
    summary: S.
    for: $
    assert: "frob(1)"
    message: M.
)yaml"),
            std::vector<std::string>{"p.yaml:8:14: unknown function 'frob'"});
  // A literal block: the line and column inside the block.
  EXPECT_EQ(Problems(R"yaml(pack: p
rules:
  - id: T001
    name: good-rule
    severity: error
    summary: S.
    for: $
    assert: |
      size(self) > 0 &&
        frob(1)
    message: M.
)yaml"),
            std::vector<std::string>{"p.yaml:10:9: unknown function 'frob'"});
  // A folded block: its lines are joined by spaces, yet the position is in the file.
  EXPECT_EQ(Problems(R"yaml(pack: p
rules:
  - id: T001
    name: good-rule
    severity: error
    summary: S.
    for: $
    assert: >-
      size(self) > 0 &&
      frob(1)
    message: M.
)yaml"),
            std::vector<std::string>{"p.yaml:10:7: unknown function 'frob'"});
  // Plain and double-quoted scalars over several lines are folded too.
  EXPECT_EQ(Problems(R"yaml(pack: p
rules:
  - id: T001
    name: good-rule
    severity: error
    summary: S.
    for: $
    assert: size(self) > 0 &&
      frob(1)
    message: M.
)yaml"),
            std::vector<std::string>{"p.yaml:9:7: unknown function 'frob'"});
  EXPECT_EQ(Problems(R"yaml(pack: p
rules:
  - id: T001
    name: good-rule
    severity: error
    summary: S.
    for: $
    assert: "size(self) > 0 &&

        frob(1)"
    message: M.
)yaml"),
            std::vector<std::string>{"p.yaml:10:9: unknown function 'frob'"});
}

TEST(PackErrorsTest, OtherExpressionProblems) {
  EXPECT_EQ(Problems(R"yaml(pack: p
rules:
  - id: T001
    name: good-rule
    severity: error
    summary: S.
    for: $
    when: has(self.x) && self.x.matches('(')
    assert: undeclared > 1
    message: M.
)yaml"),
            (std::vector<std::string>{"p.yaml:8:41: invalid regular expression '(': missing ): (",
                                      "p.yaml:9:13: undeclared reference to 'undeclared'"}));
  EXPECT_EQ(Problems(R"yaml(pack: p
rules:
  - id: T001
    name: good-rule
    severity: error
    summary: S.
    for: $
    let:
      n: size(self, 2)
    assert: 1 + 'a' == n
    message: M.
)yaml"),
            (std::vector<std::string>{
                "p.yaml:9:10: 'size' takes 1 argument(s), not 2",
                "p.yaml:10:15: no matching overload for '_+_' applied to (int, string)"}));
  EXPECT_EQ(Problems(R"yaml(pack: p
rules:
  - id: T001
    name: good-rule
    severity: error
    summary: S.
    for: $
    assert: (1 +
    message: M.
)yaml"),
            std::vector<std::string>{"p.yaml:8:17: unexpected end of expression"});
}

// A one-rule pack with one option line (line 9) and `assert` on line 11.
std::string RuleWithOption(std::string_view option, std::string_view assert_expr) {
  return Cat("pack: p\nrules:\n  - id: T001\n    name: good-rule\n    severity: error\n",
             "    summary: S.\n    for: $\n    options:\n      ", option,
             "\n    assert: >-\n      ", assert_expr, "\n    message: M.\n");
}

TEST(PackErrorsTest, UnknownOptionIsRefusedButAMissingMapKeyIsNot) {
  // A rule's options are declared, so naming one it lacks is refused, as a
  // typo would be; a macro variable or `let` named `options` is a value.
  EXPECT_EQ(
      Problems(RuleWithOption(
          "limit: 3", "size(self) < options.limt && [{'a': 1}].all(options, options.b == 1)")),
      std::vector<std::string>{"p.yaml:11:28: unknown option 'limt'"});
  // A missing key of a constant map is an error only if it is reached (CEL):
  // `||` absorbs it here, and the pack loads.
  EXPECT_EQ(Refusal(RuleWithOption("limits: {low: 1}",
                                   "size(self) >= 0 || options.limits.high == 2 || {}['x'] == 1")),
            "loaded");
}

TEST(PackErrorsTest, BadSelector) {
  EXPECT_EQ(Problems(R"yaml(pack: p
rules:
  - id: T001
    name: good-rule
    severity: error
    summary: S.
    for: $.a[
    assert: "true"
    message: M.
  - id: T002
    name: other-rule
    severity: error
    summary: S.
    for: [$.ok, "$['x"]
    assert: "true"
    message: M.
)yaml"),
            (std::vector<std::string>{"p.yaml:7:14: bad selector: unterminated '['",
                                      "p.yaml:14:22: bad selector: unterminated quoted name"}));
}

TEST(PackErrorsTest, DuplicateIdAndName) {
  EXPECT_EQ(Problems(R"yaml(pack: p
rules:
  - id: T001
    name: good-rule
    severity: error
    summary: S.
    for: $
    assert: "true"
    message: M.
  - id: T001
    name: good-rule
    severity: error
    summary: S.
    for: $
    assert: "true"
    message: M.
)yaml"),
            (std::vector<std::string>{"p.yaml:10:9: duplicate rule id 'T001'",
                                      "p.yaml:11:11: duplicate rule name 'good-rule'"}));
}

TEST(PackErrorsTest, MessageNamingAnUnknownField) {
  constexpr char kSchema[] = R"yaml(pack: p
schema:
  root: Plan
  types:
    Plan:
      items: "[Item]"
    Item:
      id: string
      info: Info
    Info:
      note: string
rules:
  - id: T001
    name: good-rule
    severity: error
    summary: S.
    for: $.items[*]
    assert: "false"
)yaml";
  // {idd} is not a field of Item: the column is that of the name.
  EXPECT_EQ(Problems(Cat(kSchema, "    message: Item {id} has no {idd}.\n")),
            std::vector<std::string>{
                "p.yaml:19:32: message names unknown field 'idd' (Item has no such field)"});
  EXPECT_EQ(Problems(Cat(kSchema, "    message: \"Item {self.info.nope}\"\n")),
            std::vector<std::string>{
                "p.yaml:19:21: message names unknown field 'nope' (Info has no such field)"});
  EXPECT_EQ(Problems(Cat(kSchema, "    message: Item {id} {frob(id)}\n")),
            std::vector<std::string>{"p.yaml:19:25: unknown function 'frob'"});
  EXPECT_EQ(Problems(Cat(kSchema, "    message: Item {id} {1 +}\n")),
            std::vector<std::string>{"p.yaml:19:28: unexpected end of expression"});
  EXPECT_EQ(
      Problems(Cat(kSchema, "    message: Item {id\n")),
      std::vector<std::string>{"p.yaml:19:19: unclosed '{' in message (write '{{' for a brace)"});
  // Known fields, bindings, options and escaped braces are fine.
  EXPECT_EQ(
      Refusal(Cat(kSchema,
                  "    message: \"{{literal}} {id} {info} {self.info.note} {path} {as_of}\"\n")),
      "loaded");
  // Where the selector says nothing about the node, a bare name is refused.
  std::string untyped = Cat(kSchema, "    message: Item {id}\n");
  untyped.replace(untyped.find("for: $.items[*]"), 15, "for: $..items  ");
  EXPECT_EQ(Problems(untyped),
            std::vector<std::string>{"p.yaml:19:20: message names 'id', which is neither a binding "
                                     "nor a known field of the selected node"});
}

// Rule ids are letters then digits ([A-Za-z]+[0-9]+) and names kebab-case
// ([a-z0-9]+(-[a-z0-9]+)*), whole.
TEST(PackErrorsTest, RuleIdAndNameShapes) {
  auto problems = [](const std::string& id, const std::string& name) {
    return Problems(Cat("pack: p\nrules:\n  - id: '", id, "'\n    name: '", name,
                        "'\n    severity: info\n    summary: S.\n    for: $\n"
                        "    assert: \"true\"\n    message: M.\n"));
  };
  for (const std::string id : {"A1", "abc123", "SCH002", "zZ09"}) {
    EXPECT_EQ(problems(id, "a"), std::vector<std::string>{"loaded"}) << id;
  }
  for (const std::string id : {"1A", "A", "12", "A1B2", "A-1", "É1", "A1 ", " A1"}) {
    EXPECT_EQ(problems(id, "a"), std::vector<std::string>{Cat("p.yaml:3:9: rule id '", id,
                                                              "' must be letters then digits")})
        << id;
  }
  for (const std::string name : {"a", "a-b", "finish-before-start", "a1-2b-c3", "9"}) {
    EXPECT_EQ(problems("T1", name), std::vector<std::string>{"loaded"}) << name;
  }
  for (const std::string name : {"-a", "a-", "a--b", "A", "a_b", "a b", "-", "é"}) {
    EXPECT_EQ(problems("T1", name), std::vector<std::string>{Cat("p.yaml:4:11: rule T1: name '",
                                                                 name, "' must be kebab-case")})
        << name;
  }
}

TEST(PackErrorsTest, RuleShapeProblems) {
  EXPECT_EQ(Problems(R"yaml(pack: p
rules:
  - id: T-1
    name: Bad_Name
    severity: fatal
    summary: S.
    for: $
    message: M.
  - id: T002
    name: no-selector
    severity: info
    summary: S.
    assert: "true"
    each: "[]"
    message: M.
  - id: T003
    name: no-message
    severity: warning
    for: $
    assert: "true"
    at: self
    stage: later
)yaml"),
            (std::vector<std::string>{
                "p.yaml:9:5: rule T002 has no 'for' selector",
                "p.yaml:3:9: rule id 'T-1' must be letters then digits",
                "p.yaml:4:11: rule T-1: name 'Bad_Name' must be kebab-case",
                "p.yaml:5:15: rule T-1: severity must be error, warning or info",
                "p.yaml:3:5: rule T-1 needs exactly one of 'assert' and 'each'",
                "p.yaml:9:5: rule T002 needs exactly one of 'assert' and 'each'",
                "p.yaml:16:5: rule T003 has no 'summary'",
                "p.yaml:16:5: rule T003: stage must be 'after-suppressions' when given",
                "p.yaml:16:5: rule T003: 'at' goes with 'each'",
                "p.yaml:16:5: rule T003 has no 'message'",
            }));
}

TEST(PackErrorsTest, UnknownKeys) {
  EXPECT_EQ(
      Problems(R"yaml(pack: p
rulez: []
rules:
  - id: T001
    name: good-rule
    severity: error
    summary: S.
    for: $
    asert: "true"
    message: M.
)yaml"),
      (std::vector<std::string>{
          "p.yaml:2:1: unknown key 'rulez' in a rule pack (allowed: description, extends, "
          "functions, "
          "include, options, overrides, pack, rules, schema, suppressions)",
          "p.yaml:9:5: unknown key 'asert' in a rule (allowed: assert, at, description, "
          "each, examples, "
          "for, id, keep, let, message, name, options, scope, section, severity, stage, summary, "
          "waivable, when)",
          "p.yaml:4:5: rule T001 needs exactly one of 'assert' and 'each'",
      }));
}

TEST(PackErrorsTest, EveryProblemIsListedAtOnce) {
  std::string message = Refusal(R"yaml(pack: p
rules:
  - id: T001
    name: good-rule
    severity: error
    summary: S.
    for: $
    assert: frob(self)
    message: M.
  - id: T002
    name: good-rule
    severity: error
    summary: S.
    for: $..
    assert: "true"
    message: M.
  - id: T003
    name: third-rule
    severity: loud
    summary: S.
    for: $
    assert: self.x.matches('[')
    message: M.
)yaml");
  EXPECT_EQ(message,
            "rule pack refused (5 problems):\n"
            "p.yaml:11:11: duplicate rule name 'good-rule'\n"
            "p.yaml:8:13: unknown function 'frob'\n"
            "p.yaml:14:13: bad selector: expected a name or '*' after '.'\n"
            "p.yaml:19:15: rule T003: severity must be error, warning or info\n"
            "p.yaml:22:28: invalid regular expression '[': missing ]: [");
}

TEST(PackErrorsTest, ReadingAndCompilingProblemsAreListedTogether) {
  // An unknown key is found while reading the file, an unknown function while
  // compiling it: the pack is refused with both.
  EXPECT_EQ(
      Problems(R"yaml(pack: p
rules:
  - id: T001
    name: good-rule
    severity: error
    summary: S.
    sevirity: warning
    for: $
    assert: frob(self)
    message: M.
)yaml"),
      (std::vector<std::string>{
          "p.yaml:7:5: unknown key 'sevirity' in a rule (allowed: assert, at, description, "
          "each, examples, "
          "for, id, keep, let, message, name, options, scope, section, severity, stage, summary, "
          "waivable, when)",
          "p.yaml:9:13: unknown function 'frob'",
      }));
}

TEST(PackErrorsTest, PackFunctions) {
  // One problem per expression: the first one met.
  EXPECT_EQ(Problems(R"yaml(pack: p
functions:
  again(x): again(x)
  broken(x): nothere(x)
  bad head: "1"
rules:
  - id: T001
    name: r-one
    severity: error
    summary: S.
    for: $
    assert: again(1) && ok(self)
    message: M.
  - id: T002
    name: r-two
    severity: error
    summary: S.
    for: $
    assert: "true && broken(1)"
    message: M.
)yaml"),
            (std::vector<std::string>{
                "p.yaml:5:3: a function is declared as 'name(param, ...)', not 'bad head'",
                "p.yaml:12:13: in function 'again': function 'again' calls itself",
                "p.yaml:19:22: in function 'broken': unknown function 'nothere'",
            }));
}

TEST(PackErrorsTest, OverridesNamingUnknownRules) {
  EXPECT_EQ(
      Problems(Cat(kGoodRule,
                   "overrides:\n  T999: { enabled: false }\n  good-rule: { severity: info }\n")),
      std::vector<std::string>{"p.yaml:11:3: override names unknown rule 'T999'"});
  EXPECT_EQ(
      Problems(Cat(kGoodRule, "overrides:\n  T001: { enabled: maybe, colour: red }\n")),
      (std::vector<std::string>{
          "p.yaml:11:27: unknown key 'colour' in an override (allowed: enabled, options, severity)",
          "p.yaml:11:20: 'enabled' must be true or false"}));
  EXPECT_EQ(Problems(Cat(kGoodRule, "overrides:\n  good-rule: { severity: critical }\n")),
            std::vector<std::string>{
                "p.yaml:11:3: override of T001: severity must be error, warning or info"});
}

// ----- Extending and configuring -----------------------------------------------------

// A schedule entry of 35 working days (2027-01-04 .. 2027-02-19): under the
// built-in limit of 44, over 30.
constexpr char kLongTaskPlan[] = R"({"schedule": [
  {"id": "T1", "task": "Build", "planned_start": "2027-01-04", "planned_finish": "2027-02-19", "depends_on": []}
]})";

std::vector<std::string> RuleFindings(const std::shared_ptr<const RulePack>& pack,
                                      std::string_view rule,
                                      const std::string& plan_json = kLongTaskPlan) {
  CheckOptions options;
  options.as_of = testing::Day("2027-01-15");
  Checker checker(pack, options);
  PlanParser parser;
  PlanReport report = checker.CheckText(parser, "plan.json", plan_json);
  std::vector<std::string> out;
  for (const Finding& f : report.findings) {
    if (f.rule == rule)
      out.push_back(Cat(f.pointer, " ", SeverityName(f.severity), ": ", f.message));
  }
  return out;
}

TEST(PackExtendsTest, ExtendingImpWithOverrides) {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::FromYaml(R"yaml(pack: org
extends: imp
rules:
  - id: ORG001
    name: task-has-placeholder
    severity: warning
    summary: A task name is a template placeholder.
    for: $.schedule[*]
    assert: "!placeholder(self.task)"
    message: Task {id} is named {task}.
overrides:
  SCH008: { severity: error, options: { max_workdays: 30 } }
  TSK003: { enabled: false }
  undated-task: { severity: info }
)yaml",
                                                                            "org.yaml");
  ASSERT_TRUE(pack.ok()) << pack.status().message();
  EXPECT_EQ((*pack)->name(), "org");
  const CompiledRule* sch008 = (*pack)->FindRule("SCH008");
  ASSERT_NE(sch008, nullptr);
  EXPECT_EQ(sch008->info.severity, Severity::kError);
  EXPECT_EQ(sch008->info.options_json, "{\"max_workdays\": 30}");
  EXPECT_FALSE((*pack)->FindRule("TSK003")->info.enabled);
  EXPECT_TRUE((*pack)->FindRule("TSK001")->info.enabled);
  EXPECT_EQ((*pack)->FindRule("SCH001")->info.severity, Severity::kInfo);
  ASSERT_NE((*pack)->FindRule("ORG001"), nullptr);
  EXPECT_EQ((*pack)->FindRule("ORG001")->info.file, "org.yaml");
  // The built-in pack is unchanged.
  std::shared_ptr<const RulePack> builtin = testing::BuiltinPack();
  EXPECT_EQ(builtin->FindRule("SCH008")->info.severity, Severity::kWarning);
  EXPECT_TRUE(builtin->FindRule("TSK003")->info.enabled);

  EXPECT_EQ(RuleFindings(builtin, "SCH008"), std::vector<std::string>{});
  EXPECT_EQ(
      RuleFindings(*pack, "SCH008"),
      std::vector<std::string>{"/schedule/0 error: Task T1 spans 35 working days (more than 30)."});
  // The extending pack's own rule uses the built-in pack's functions and schema.
  std::string placeholder_plan = kLongTaskPlan;
  placeholder_plan.replace(placeholder_plan.find("Build"), 5, "[Task Name]");
  EXPECT_EQ(RuleFindings(*pack, "ORG001", placeholder_plan),
            std::vector<std::string>{"/schedule/0 warning: Task T1 is named [Task Name]."});
  EXPECT_EQ(RuleFindings(*pack, "ORG001"), std::vector<std::string>{});
}

TEST(PackExtendsTest, ErrorsInAnExtendingPackNameItsFile) {
  EXPECT_EQ(Refusal(R"yaml(pack: org
extends: imp
rules:
  - id: SCH001
    name: my-own
    severity: error
    summary: S.
    for: $
    assert: "true"
    message: M.
)yaml",
                    "org.yaml"),
            "rule pack refused (1 problem):\norg.yaml:4:9: duplicate rule id 'SCH001'");
  EXPECT_EQ(Refusal("pack: org\nextends: nowhere.yaml\n", "/nonexistent/org.yaml"),
            "/nonexistent/org.yaml: cannot read extended pack '/nonexistent/nowhere.yaml': No "
            "such file or directory");
}

TEST(PackExtendsTest, IncludedFilesAndErrorsInThem) {
  fs::path dir = fs::temp_directory_path() / Cat("planlint_pack_test_", getpid());
  fs::create_directories(dir);
  testing::WriteFile(dir / "main.yaml", "pack: inc\ninclude: [more.yaml]\nrules: []\n");
  testing::WriteFile(dir / "more.yaml", R"yaml(rules:
  - id: INC001
    name: included-rule
    severity: info
    summary: S.
    for: $
    assert: nope()
    message: M.
)yaml");
  absl::StatusOr<std::shared_ptr<const RulePack>> pack =
      RulePack::FromFile((dir / "main.yaml").string());
  ASSERT_FALSE(pack.ok());
  EXPECT_EQ(pack.status().message(),
            Cat("rule pack refused (1 problem):\n", (dir / "more.yaml").string(),
                ":7:13: unknown function 'nope'"));
  testing::WriteFile(dir / "more.yaml", "rules: []\noptions: {x: 1}\n");
  EXPECT_TRUE(RulePack::FromFile((dir / "main.yaml").string()).ok());
  testing::WriteFile(dir / "main.yaml", "pack: inc\ninclude: [missing.yaml]\n");
  pack = RulePack::FromFile((dir / "main.yaml").string());
  ASSERT_FALSE(pack.ok());
  EXPECT_EQ(pack.status().message(),
            Cat("rule pack refused (1 problem):\n", (dir / "main.yaml").string(),
                ":2:11: cannot read included file 'missing.yaml'"));
  fs::remove_all(dir);
}

// An absolute path in `extends:` or `include:` is used as it is, not
// joined to the folder of the pack that names it.
TEST(PackExtendsTest, AbsolutePathsAreNotJoinedToThePacksFolder) {
  fs::path dir = fs::temp_directory_path() / Cat("planlint_pack_abs_test_", getpid());
  fs::create_directories(dir / "base");
  fs::create_directories(dir / "org");
  testing::WriteFile(dir / "base" / "base.yaml", "pack: base\nextends: imp\noptions: {b: 1}\n");
  testing::WriteFile(dir / "base" / "more.yaml", "options: {m: 2}\n");
  testing::WriteFile(dir / "org" / "org.yaml",
                     Cat("pack: org\nextends: ", (dir / "base" / "base.yaml").string(),
                         "\ninclude: [", (dir / "base" / "more.yaml").string(), "]\n"));
  absl::StatusOr<std::shared_ptr<const RulePack>> pack =
      RulePack::FromFile((dir / "org" / "org.yaml").string());
  EXPECT_TRUE(pack.ok()) << pack.status().message();
  fs::remove_all(dir);
}

TEST(PackSettingsTest, ConfigurationOverridesOptionsSeverityAndSelection) {
  PackSettings settings;
  settings.rule_options["SCH008"] = YAML::Load("{max_workdays: 30}");
  settings.severity["long-task"] = Severity::kError;
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::Builtin(settings);
  ASSERT_TRUE(pack.ok()) << pack.status().message();
  EXPECT_EQ((*pack)->FindRule("SCH008")->info.options_json, "{\"max_workdays\": 30}");
  EXPECT_EQ(
      RuleFindings(*pack, "SCH008"),
      std::vector<std::string>{"/schedule/0 error: Task T1 spans 35 working days (more than 30)."});

  PackSettings select;
  select.select = {"SCH", "DOC001"};
  select.ignore = {"SCH008", "undated-task"};
  pack = RulePack::Builtin(select);
  ASSERT_TRUE(pack.ok()) << pack.status().message();
  for (const CompiledRule& r : (*pack)->rules()) {
    bool want = (r.info.id.starts_with("SCH") && r.info.id != "SCH008" && r.info.id != "SCH001") ||
                r.info.id == "DOC001";
    EXPECT_EQ(r.info.enabled, want) << r.info.id;
  }
  // A prefix must end in a letter: "SCH00" is not a prefix of SCH001.
  PackSettings bad;
  bad.select = {"SCH00", "NOPE"};
  EXPECT_EQ(RulePack::Builtin(bad).status().message(),
            "rule pack refused (2 problems):\n<configuration>:0:0: select names no rule: 'SCH00'\n"
            "<configuration>:0:0: select names no rule: 'NOPE'");

  // Pack-wide options: a placeholder word of this organisation.
  PackSettings words;
  words.options = YAML::Load("{placeholder_values: [Widget]}");
  pack = RulePack::Builtin(words);
  ASSERT_TRUE(pack.ok()) << pack.status().message();
  testing::Evaluator ev(*pack);
  EXPECT_EQ(ev.Eval("placeholder('Widget')"), "true");
  EXPECT_EQ(ev.Eval("placeholder('Name')"), "false");
  EXPECT_EQ(testing::Evaluator().Eval("placeholder('Widget')"), "false");
}

}  // namespace
}  // namespace planlint

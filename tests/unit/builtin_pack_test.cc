// The built-in pack is precompiled at build time (core/pack/builtin_pack.h):
// a process decodes a serialized PackSpec instead of reading the embedded
// YAML. These tests prove the two paths equal: the same PackSpec field by
// field (every text, file, line and column, options, schema, functions,
// suppressions), the same compiled rules (every RuleInfo field), and the same
// findings on every golden fixture and example plan. The codec itself must
// also round-trip what the built-in pack does not use, and refuse damage.
#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "core/engine/checker.h"
#include "core/engine/portfolio.h"
#include "core/pack/builtin_pack.h"
#include "core/pack/pack_spec_codec.h"
#include "core/pack/rule_pack.h"
#include "core/plan/plan_parser.h"
#include "core/text/date.h"
#include "core/util/strings.h"
#include "gtest/gtest.h"
#include "tests/unit/test_support.h"

namespace planlint {

// How gtest prints the spec's records when they differ.
void PrintTo(const SpecValue& v, std::ostream* os) {
  *os << "@" << v.line << ":" << v.column << " ";
  if (v.IsNull()) *os << "null";
  if (v.IsScalar()) *os << (v.quoted ? "quoted " : "") << v.scalar;
  if (v.IsList() || v.IsMap()) {
    *os << (v.IsList() ? "[" : "{");
    for (size_t i = 0; i < v.items.size(); ++i) {
      if (v.IsMap()) *os << v.keys[i] << ": ";
      PrintTo(v.items[i], os);
      *os << ", ";
    }
    *os << (v.IsList() ? "]" : "}");
  }
}

void PrintTo(const SourceText& s, std::ostream* os) {
  *os << s.file << ":" << s.line << ":" << s.column << " style " << s.style << " ("
      << (s.lines ? std::to_string(s.lines->size()) + " lines" : std::string("no lines")) << ") "
      << s.text;
}

void PrintTo(const PackProblem& p, std::ostream* os) { *os << p.ToString(); }

namespace {

namespace fs = std::filesystem;

void ExpectSameRule(const RuleSpec& a, const RuleSpec& b) {
  SCOPED_TRACE("rule " + a.id);
  EXPECT_EQ(a.file, b.file);
  EXPECT_EQ(a.line, b.line);
  EXPECT_EQ(a.column, b.column);
  EXPECT_EQ(a.id_line, b.id_line);
  EXPECT_EQ(a.id_column, b.id_column);
  EXPECT_EQ(a.name_line, b.name_line);
  EXPECT_EQ(a.name_column, b.name_column);
  EXPECT_EQ(a.severity_line, b.severity_line);
  EXPECT_EQ(a.severity_column, b.severity_column);
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.severity, b.severity);
  EXPECT_EQ(a.section, b.section);
  EXPECT_EQ(a.summary, b.summary);
  EXPECT_EQ(a.description, b.description);
  EXPECT_EQ(a.stage, b.stage);
  EXPECT_EQ(a.selectors, b.selectors);
  EXPECT_EQ(a.lets, b.lets);
  EXPECT_EQ(a.when, b.when);
  EXPECT_EQ(a.assert_expr, b.assert_expr);
  EXPECT_EQ(a.each, b.each);
  EXPECT_EQ(a.at, b.at);
  EXPECT_EQ(a.message, b.message);
  EXPECT_EQ(a.options, b.options);
  EXPECT_EQ(a.waivable, b.waivable);
  EXPECT_EQ(a.example_fail, b.example_fail);
  EXPECT_EQ(a.example_pass, b.example_pass);
  EXPECT_EQ(a.scope, b.scope);
  EXPECT_EQ(a.keep, b.keep);
}

TEST(BuiltinPackTest, PrecompiledSpecEqualsTheYaml) {
  std::vector<PackProblem> yaml_problems, problems;
  PackSpec yaml = ReadBuiltinPackYaml(&yaml_problems);
  PackSpec spec = DecodeBuiltinPackSpec(&problems);
  EXPECT_TRUE(yaml_problems.empty());
  EXPECT_EQ(problems, yaml_problems);
  ASSERT_GT(yaml.rules.size(), 70u);

  EXPECT_EQ(spec.name, yaml.name);
  EXPECT_EQ(spec.description, yaml.description);
  EXPECT_EQ(spec.file, yaml.file);
  EXPECT_EQ(spec.file, kBuiltinPackFile);
  EXPECT_EQ(spec.extends, yaml.extends);
  EXPECT_EQ(spec.schema, yaml.schema);
  EXPECT_EQ(spec.schema_file, yaml.schema_file);
  EXPECT_EQ(spec.options, yaml.options);
  EXPECT_EQ(spec.functions, yaml.functions);
  EXPECT_EQ(spec.suppressions, yaml.suppressions);
  EXPECT_EQ(spec.overrides, yaml.overrides);
  ASSERT_EQ(spec.rules.size(), yaml.rules.size());
  for (size_t i = 0; i < spec.rules.size(); ++i) ExpectSameRule(spec.rules[i], yaml.rules[i]);
  // Whatever a field added later: PackSpec's operator== compares them all.
  EXPECT_TRUE(spec == yaml);

  // Not vacuous: the pack has what is compared.
  EXPECT_TRUE(yaml.schema.IsMap());
  EXPECT_TRUE(yaml.options.IsMap());
  EXPECT_FALSE(yaml.functions.empty());
  EXPECT_FALSE(yaml.suppressions.empty());
  size_t with_options = 0, with_lines = 0;
  for (const RuleSpec& r : spec.rules) {
    with_options += r.options.IsMap() ? 1 : 0;
    with_lines += r.message && r.message->lines != nullptr ? 1 : 0;
  }
  EXPECT_GT(with_options, 0u);
  EXPECT_EQ(with_lines, spec.rules.size());
  // The texts of a file share its lines, as when read from YAML.
  const RuleSpec& first = spec.rules.at(0);
  ASSERT_FALSE(first.selectors.empty());
  EXPECT_EQ(first.message->lines, first.selectors[0].lines);
}

TEST(BuiltinPackTest, ProcessWideSpecIsTheDecodedOne) {
  std::vector<PackProblem> problems, decoded_problems;
  const PackSpec& spec = BuiltinPackSpec(&problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_TRUE(spec == DecodeBuiltinPackSpec(&decoded_problems));
  EXPECT_EQ(&spec, &BuiltinPackSpec(&problems));
}

std::shared_ptr<const RulePack> PackFromYaml() {
  std::vector<PackProblem> problems;
  PackSpec spec = ReadBuiltinPackYaml(&problems);
  EXPECT_TRUE(problems.empty());
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = CompilePack({spec}, PackSettings());
  EXPECT_TRUE(pack.ok()) << pack.status().message();
  return pack.ok() ? *pack : nullptr;
}

std::shared_ptr<const RulePack> PackPrecompiled() {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::Builtin();
  EXPECT_TRUE(pack.ok()) << pack.status().message();
  return pack.ok() ? *pack : nullptr;
}

TEST(BuiltinPackTest, CompiledRulesEqual) {
  std::shared_ptr<const RulePack> yaml = PackFromYaml();
  std::shared_ptr<const RulePack> pack = PackPrecompiled();
  ASSERT_TRUE(yaml && pack);
  EXPECT_EQ(pack->name(), yaml->name());
  EXPECT_EQ(pack->options_json(), yaml->options_json());
  EXPECT_EQ(pack->known_rules(), yaml->known_rules());
  EXPECT_EQ(pack->hoisted_count(), yaml->hoisted_count());
  ASSERT_EQ(pack->rules().size(), yaml->rules().size());
  for (size_t i = 0; i < pack->rules().size(); ++i) {
    const CompiledRule& a = pack->rules()[i];
    const CompiledRule& b = yaml->rules()[i];
    SCOPED_TRACE("rule " + b.info.id);
    EXPECT_EQ(a.info.id, b.info.id);
    EXPECT_EQ(a.info.name, b.info.name);
    EXPECT_EQ(a.info.severity, b.info.severity);
    EXPECT_EQ(a.info.section, b.info.section);
    EXPECT_EQ(a.info.summary, b.info.summary);
    EXPECT_EQ(a.info.description, b.info.description);
    EXPECT_EQ(a.info.selector, b.info.selector);
    EXPECT_EQ(a.info.example_fail, b.info.example_fail);
    EXPECT_EQ(a.info.example_pass, b.info.example_pass);
    EXPECT_EQ(a.info.options_json, b.info.options_json);
    EXPECT_EQ(a.info.file, b.info.file);
    EXPECT_EQ(a.info.line, b.info.line);
    EXPECT_EQ(a.info.enabled, b.info.enabled);
    EXPECT_EQ(a.info.waivable, b.info.waivable);
    EXPECT_EQ(a.info.portfolio, b.info.portfolio);
    EXPECT_EQ(a.selectors, b.selectors);
    EXPECT_EQ(a.lets.size(), b.lets.size());
    EXPECT_EQ(a.message.size(), b.message.size());
    EXPECT_EQ(a.slot_count, b.slot_count);
    EXPECT_EQ(a.keep_slot_count, b.keep_slot_count);
    EXPECT_EQ(a.uses_path, b.uses_path);
    EXPECT_EQ(a.after_suppressions, b.after_suppressions);
  }
  ASSERT_EQ(pack->selectors().size(), yaml->selectors().size());
  for (size_t i = 0; i < pack->selectors().size(); ++i) {
    EXPECT_EQ(pack->selectors()[i].text(), yaml->selectors()[i].text());
  }
  ASSERT_EQ(pack->suppressions().size(), yaml->suppressions().size());
  for (size_t i = 0; i < pack->suppressions().size(); ++i) {
    EXPECT_EQ(pack->suppressions()[i].selectors, yaml->suppressions()[i].selectors);
    EXPECT_EQ(pack->suppressions()[i].slot_count, yaml->suppressions()[i].slot_count);
  }
  // The schema: every type's fields, described.
  const expr::Schema& s = pack->schema();
  const expr::Schema& t = yaml->schema();
  EXPECT_EQ(s.Describe(s.root()), t.Describe(t.root()));
  std::vector<PackProblem> problems;
  const SpecValue* types = BuiltinPackSpec(&problems).schema.Find("types");
  ASSERT_NE(types, nullptr);
  for (const std::string& type : types->keys) {
    const expr::FieldMap* a = s.Fields(type);
    const expr::FieldMap* b = t.Fields(type);
    ASSERT_TRUE(a != nullptr && b != nullptr) << type;
    ASSERT_EQ(a->size(), b->size()) << type;
    for (const auto& [field, field_type] : *a) {
      ASSERT_TRUE(b->contains(field)) << type << "." << field;
      EXPECT_EQ(s.Describe(field_type), t.Describe(b->at(field))) << type << "." << field;
    }
  }
  // The pack's functions (with its options): the same answers.
  testing::Evaluator a(pack), b(yaml);
  for (const char* e : {"placeholder('Name')", "placeholder('Widget')", "isEnum(' Open', ['open'])",
                        "validPhone('(916) 555-0100')", "phoneBody('555 0100 (desk)')",
                        "itemsOf(3)", "presentId('x')", "weekStart(date('2027-01-15'))",
                        "waiverExpired({'expires': '2020-01-01'})"}) {
    EXPECT_EQ(a.Eval(e), b.Eval(e)) << e;
    EXPECT_FALSE(b.Eval(e).starts_with("compile error")) << e << ": " << b.Eval(e);
  }
}

std::string Describe(const Finding& f) {
  return Cat(f.file, ":", f.line, ":", f.column, " ", f.rule, " ", f.name, " ",
             SeverityName(f.severity), " ", f.pointer, " ", f.section, " ", f.fingerprint,
             f.waived ? " waived " : " ", f.message);
}

std::vector<std::string> Describe(const PlanReport& r) {
  std::vector<std::string> out;
  if (r.input_error) out.push_back("input error: " + r.error);
  for (const Finding& f : r.findings) out.push_back(Describe(f));
  for (const Diagnostic& d : r.diagnostics) {
    out.push_back(Cat("diagnostic ", d.rule, " ", d.file, " ", d.pointer, " ", d.message));
  }
  return out;
}

// Every plan of the golden fixtures and examples, in order.
std::vector<fs::path> PlanFiles() {
  std::vector<fs::path> files;
  for (const char* dir : {"tests/fixtures", "examples"}) {
    for (const auto& e : fs::recursive_directory_iterator(fs::path(PLANLINT_SOURCE_DIR) / dir)) {
      if (e.is_regular_file() && e.path().extension() == ".json" &&
          e.path().filename() != "expected.json") {
        files.push_back(e.path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(BuiltinPackTest, SameFindingsOnEveryFixtureAndExample) {
  std::shared_ptr<const RulePack> yaml = PackFromYaml();
  std::shared_ptr<const RulePack> pack = PackPrecompiled();
  ASSERT_TRUE(yaml && pack);
  CheckOptions options;
  options.as_of = text::ParseDate("2027-01-15");
  Checker from_yaml(yaml, options), precompiled(pack, options);
  PlanParser parser;
  std::vector<fs::path> files = PlanFiles();
  ASSERT_GT(files.size(), 140u);
  size_t findings = 0;
  for (const fs::path& file : files) {
    PlanReport a = precompiled.CheckFile(parser, file.string());
    PlanReport b = from_yaml.CheckFile(parser, file.string());
    EXPECT_EQ(Describe(a), Describe(b)) << file;
    findings += b.findings.size();
  }
  EXPECT_GT(findings, 500u);
}

// The cross-plan rules, over each multi-plan fixture.
TEST(BuiltinPackTest, SamePortfolioFindings) {
  std::shared_ptr<const RulePack> yaml = PackFromYaml();
  std::shared_ptr<const RulePack> pack = PackPrecompiled();
  ASSERT_TRUE(yaml && pack);
  auto audit = [](std::shared_ptr<const RulePack> p, const std::vector<fs::path>& plans) {
    PortfolioOptions options;
    options.as_of = *text::ParseDate("2027-01-15");
    Portfolio portfolio(p, options);
    CheckOptions check;
    check.as_of = options.as_of;
    Checker checker(p, check);
    PortfolioSink* sink = portfolio.NewSink();
    PlanParser parser;
    std::vector<std::string> out;
    for (uint32_t i = 0; i < plans.size(); ++i) {
      absl::StatusOr<Plan> plan = parser.Parse(plans[i].string(), testing::ReadFile(plans[i]));
      if (!plan.ok()) {
        out.push_back(std::string(plan.status().message()));
        continue;
      }
      sink->BeginPlan(i, plans[i].string());
      checker.CheckWithRecords(*plan, sink);
    }
    Portfolio::Result result = portfolio.Evaluate();
    for (const Finding& f : result.findings) out.push_back(Describe(f));
    for (const Diagnostic& d : result.diagnostics) out.push_back("diagnostic " + d.message);
    return out;
  };
  size_t findings = 0;
  fs::path root = fs::path(PLANLINT_SOURCE_DIR) / "tests" / "fixtures" / "portfolio";
  for (const auto& rule : fs::directory_iterator(root)) {
    for (const char* set : {"trip", "near_miss"}) {
      std::vector<fs::path> plans;
      for (const auto& e : fs::directory_iterator(rule.path() / set)) plans.push_back(e.path());
      std::sort(plans.begin(), plans.end());
      std::vector<std::string> a = audit(pack, plans);
      EXPECT_EQ(a, audit(yaml, plans)) << rule.path() / set;
      findings += a.size();
    }
  }
  EXPECT_GT(findings, 0u);
}

// A pack that uses what the built-in one does not (extends, overrides, a
// quoted option, nested option values, portfolio scope, problems).
constexpr char kEveryField[] = R"(pack: every
description: "Every field"
extends: imp
include: [more.yaml]
schema:
  root: Plan
  types:
    Plan: {title: string, items: "[Item]"}
    Item: {id: string}
options:
  quoted: "12"
  plain: 12
  nothing: ~
  list: [a, 'b', [1, 2.5], {k: v}]
functions:
  twice(x, y): x + x
suppressions:
  - for: $.waivers[*]
    when: has(self.rule)
    rule: self.rule
    path: self.path
rules:
  - id: EVR001
    name: every-field
    severity: warning
    section: "1.2"
    summary: Every field.
    description: |
      Two lines
      of description.
    for: ["$.items[*]", "$.more[*]"]
    let:
      a: self.id
      b: >
        a +
        a
    when: has(self.id)
    each: "[self]"
    at: item
    message: 'It is {a}.'
    options: {limit: 3, names: ["x"]}
    waivable: false
    stage: after-suppressions
    examples:
      fail: '{"items": [{"id": 1}]}'
      pass: '{}'
  - id: EVR002
    name: portfolio-field
    severity: info
    summary: Portfolio.
    scope: portfolio
    keep: "[{'t': plan.title}]"
    assert: size(records) > 0
    message: None.
    unknown_key: 1
overrides:
  DOC001: {enabled: false}
  SCH008: {severity: info, options: {max_workdays: 40}}
)";
constexpr char kMore[] = R"(options:
  plain: 13
rules:
  - id: EVR003
    name: included
    severity: error
    summary: From an include.
    for: $
    assert: "true"
    message: Included.
)";

std::shared_ptr<const SourceLines> LinesOf(std::string_view text) {
  return SourceLines::Owned(std::string(text));
}

PackSpec ReadEveryField(std::vector<PackProblem>* problems) {
  return ReadPackSpec(
      "dir/every.yaml", kEveryField,
      [](const std::string& name) -> std::optional<std::string> {
        if (name == "more.yaml") return std::string(kMore);
        return std::nullopt;
      },
      problems);
}

TEST(PackSpecCodecTest, RoundTripsEveryField) {
  std::vector<PackProblem> problems;
  PackSpec spec = ReadEveryField(&problems);
  ASSERT_EQ(problems.size(), 1u) << ::testing::PrintToString(problems);  // the unknown key
  // A text that was not read from a file (no lines).
  SourceText bare;
  bare.text = "p";
  bare.file = "<api>";
  spec.functions.push_back({"bare", {"p"}, bare});
  std::string encoded = EncodePackSpec(spec, problems);

  std::vector<std::string> asked;
  FileLines lines = [&](const std::string& file) -> std::shared_ptr<const SourceLines> {
    asked.push_back(file);
    if (file == "dir/every.yaml") return LinesOf(kEveryField);
    if (file == "dir/more.yaml") return LinesOf(kMore);
    return nullptr;
  };
  PackSpec decoded;
  std::vector<PackProblem> decoded_problems = {{"earlier", 1, 1, "kept"}};
  ASSERT_TRUE(DecodePackSpec(encoded, lines, &decoded, &decoded_problems).ok());
  EXPECT_TRUE(decoded == spec);
  ASSERT_EQ(decoded_problems.size(), 2u);
  EXPECT_EQ(decoded_problems[0].message, "kept");
  EXPECT_EQ(decoded_problems[1], problems[0]);
  // Each file's lines asked for once.
  std::sort(asked.begin(), asked.end());
  EXPECT_EQ(asked, (std::vector<std::string>{"dir/every.yaml", "dir/more.yaml"}));
  EXPECT_EQ(decoded.functions.back().body.lines, nullptr);

  // Spot checks that the spec has what it should.
  ASSERT_EQ(decoded.rules.size(), 3u);
  EXPECT_EQ(decoded.extends, "imp");
  EXPECT_EQ(decoded.rules[2].file, "dir/more.yaml");
  EXPECT_EQ(decoded.options.Find("plain")->scalar, "13");
  EXPECT_TRUE(decoded.options.Find("quoted")->quoted);
  EXPECT_TRUE(decoded.options.Find("nothing")->IsNull());
  EXPECT_EQ(decoded.options.Find("list")->items.size(), 4u);
  EXPECT_EQ(decoded.overrides.at("SCH008").severity, "info");
  EXPECT_EQ(decoded.overrides.at("DOC001").enabled, false);
  EXPECT_EQ(decoded.rules[0].lets.at(1).second.style, '>');
  EXPECT_EQ(decoded.rules[0].description, "Two lines\nof description.\n");
  EXPECT_EQ(decoded.rules[1].keep->text, "[{'t': plan.title}]");
  EXPECT_EQ(decoded.schema.Find("types")->Find("Item")->Find("id")->line, 9);

  // And re-encodes to the same bytes.
  EXPECT_EQ(EncodePackSpec(decoded, problems), encoded);
}

TEST(PackSpecCodecTest, RefusesDamagedData) {
  std::vector<PackProblem> problems;
  PackSpec spec = ReadEveryField(&problems);
  std::string encoded = EncodePackSpec(spec, problems);
  FileLines lines = [](const std::string&) { return nullptr; };
  auto refused = [&](std::string_view data) {
    PackSpec out;
    out.name = "untouched";
    std::vector<PackProblem> found;
    absl::Status s = DecodePackSpec(data, lines, &out, &found);
    return s.code() == absl::StatusCode::kDataLoss && out.name == "untouched" && found.empty();
  };
  // Every cut short, a byte too many, another format.
  for (size_t n = 0; n < encoded.size(); ++n) {
    ASSERT_TRUE(refused(std::string_view(encoded).substr(0, n))) << n << " bytes";
  }
  EXPECT_TRUE(refused(encoded + "x"));
  std::string other = encoded;
  other[0] = 'P';
  EXPECT_TRUE(refused(other));
  // A byte changed anywhere: refused or decoded, never a crash (ASan).
  for (size_t i = 0; i < encoded.size(); ++i) {
    std::string changed = encoded;
    changed[i] = static_cast<char>(changed[i] ^ 0x55);
    PackSpec out;
    std::vector<PackProblem> found;
    (void)DecodePackSpec(changed, lines, &out, &found);
  }
}

}  // namespace
}  // namespace planlint

// Golden fixtures: for every rule of the built-in pack, a plan that must trip
// it (with the exact JSON Pointers of its findings) and a near miss that must
// not. Layout: tests/fixtures/rules/<ID>/{trip.json, near_miss.json,
// expected.json}. PLANLINT_UPDATE_GOLDEN=1 rewrites expected.json from the
// engine's output (review the diff against the spec before committing).
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "core/engine/checker.h"
#include "core/pack/rule_pack.h"
#include "core/plan/plan_parser.h"
#include "gtest/gtest.h"

namespace planlint {
namespace {

namespace fs = std::filesystem;

fs::path FixtureRoot() { return fs::path(PLANLINT_SOURCE_DIR) / "tests" / "fixtures" / "rules"; }

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> FixtureIds() {
  std::vector<std::string> ids;
  for (const auto& entry : fs::directory_iterator(FixtureRoot())) {
    if (entry.is_directory()) ids.push_back(entry.path().filename().string());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

struct Expected {
  std::string rule;  // the rule the folder is for (also its name)
  std::string as_of;
  std::vector<std::string> trip;
  std::vector<std::string> near_miss;
};

// expected.json is JSON; read it with the plan parser (it is an object).
Expected ReadExpected(const fs::path& p) {
  PlanParser parser;
  absl::StatusOr<Plan> doc = parser.Parse(p.string(), ReadFile(p));
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

std::string JsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void WriteExpected(const fs::path& p, const Expected& e) {
  std::ofstream out(p, std::ios::binary);
  out << "{\n  \"rule\": " << JsonString(e.rule) << ",\n  \"as_of\": " << JsonString(e.as_of)
      << ",\n  \"trip\": [";
  for (size_t i = 0; i < e.trip.size(); ++i) out << (i ? ", " : "") << JsonString(e.trip[i]);
  out << "],\n  \"near_miss\": [";
  for (size_t i = 0; i < e.near_miss.size(); ++i)
    out << (i ? ", " : "") << JsonString(e.near_miss[i]);
  out << "]\n}\n";
}

std::vector<std::string> PointersOf(const std::string& rule, const fs::path& plan,
                                    text::DayNumber as_of) {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::Builtin();
  EXPECT_TRUE(pack.ok()) << pack.status().message();
  CheckOptions options;
  options.as_of = as_of;
  Checker checker(*pack, options);
  PlanParser parser;
  PlanReport report = checker.CheckFile(parser, plan.string());
  EXPECT_FALSE(report.input_error) << report.error;
  for (const Diagnostic& d : report.diagnostics) {
    ADD_FAILURE() << plan << ": " << d.rule << " could not be evaluated at " << d.pointer << ": "
                  << d.message;
  }
  std::vector<std::string> pointers;
  for (const Finding& f : report.findings) {
    if (f.rule == rule) pointers.push_back(f.pointer);
  }
  std::sort(pointers.begin(), pointers.end());
  return pointers;
}

class RuleFixtureTest : public testing::TestWithParam<std::string> {};

TEST_P(RuleFixtureTest, TripsAndNearMissAsExpected) {
  const std::string& id = GetParam();
  fs::path dir = FixtureRoot() / id;
  Expected expected = ReadExpected(dir / "expected.json");
  std::optional<text::DayNumber> as_of = text::ParseDate(expected.as_of);
  ASSERT_TRUE(as_of.has_value()) << dir << ": expected.json needs an as_of date";
  std::vector<std::string> trip = PointersOf(id, dir / "trip.json", *as_of);
  std::vector<std::string> near = PointersOf(id, dir / "near_miss.json", *as_of);
  const char* update = std::getenv("PLANLINT_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    WriteExpected(dir / "expected.json", Expected{id, expected.as_of, trip, near});
    return;
  }
  EXPECT_EQ(expected.rule, id) << dir << ": expected.json names another rule";
  std::sort(expected.trip.begin(), expected.trip.end());
  EXPECT_FALSE(trip.empty()) << id << ": trip.json must trip the rule";
  EXPECT_EQ(trip, expected.trip) << id << " on trip.json";
  EXPECT_TRUE(near.empty()) << id << ": near_miss.json must not trip the rule";
  EXPECT_EQ(near, expected.near_miss);
}

INSTANTIATE_TEST_SUITE_P(Rules, RuleFixtureTest, testing::ValuesIn(FixtureIds()),
                         [](const testing::TestParamInfo<std::string>& p) { return p.param; });

// Every rule of the pack has fixtures, and every fixture names a rule.
TEST(RuleFixtureCoverage, EveryRuleHasFixtures) {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::Builtin();
  ASSERT_TRUE(pack.ok()) << pack.status().message();
  std::vector<std::string> fixtures = FixtureIds();
  std::set<std::string> have(fixtures.begin(), fixtures.end());
  std::set<std::string> rules;
  for (const CompiledRule& r : (*pack)->rules()) {
    if (r.portfolio) {
      // Cross-plan rules have multi-plan fixtures: tests/fixtures/portfolio/
      // <ID>/{trip/, near_miss/, expected.json} (tests/unit/portfolio_test.cc).
      fs::path dir = FixtureRoot().parent_path() / "portfolio" / r.info.id;
      for (const char* part : {"trip", "near_miss", "expected.json"}) {
        EXPECT_TRUE(fs::exists(dir / part))
            << "portfolio rule " << r.info.id << " lacks " << (dir / part);
      }
      continue;
    }
    rules.insert(r.info.id);
    EXPECT_TRUE(have.contains(r.info.id))
        << "rule " << r.info.id << " has no fixtures under " << FixtureRoot();
    for (const char* file : {"trip.json", "near_miss.json", "expected.json"}) {
      EXPECT_TRUE(fs::exists(FixtureRoot() / r.info.id / file)) << r.info.id << " lacks " << file;
    }
  }
  for (const std::string& f : fixtures) {
    EXPECT_TRUE(rules.contains(f)) << "fixture folder " << f << " names no rule of the pack";
  }
}

}  // namespace
}  // namespace planlint

// A fixed amount of work for profilers: parses and checks one generated plan
// ITERATIONS times with the built-in pack. Unlike the Google Benchmark
// programs it does not adapt its iteration count to the clock, so two builds
// can be compared by instruction counts (valgrind --tool=callgrind) or
// sampled (perf record) on exactly the same work.
//
//   planlint_profile_check SIZE ITERATIONS [check|parse|text|json] [RULES]
//     check  Checker::Check on a plan parsed once (default)
//     parse  PlanParser::Parse only
//     json   simdjson's DOM parse alone (PlanParser::ParseJsonOnly), the
//            baseline of issue 2's ratio
//     text   Checker::CheckText: parse + check
//     RULES  only these rules (comma-separated ids, prefixes or names)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "absl/strings/str_split.h"
#include "bench/plan_generator.h"
#include "core/engine/checker.h"
#include "core/pack/rule_pack.h"
#include "core/plan/plan_parser.h"
#include "core/text/date.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: planlint_profile_check SIZE ITERATIONS [check|parse|text|json] [RULES]\n");
    return 2;
  }
  const size_t size = std::strtoull(argv[1], nullptr, 10);
  const int iterations = std::atoi(argv[2]);
  const std::string_view mode = argc > 3 ? argv[3] : "check";
  if (mode != "check" && mode != "parse" && mode != "text" && mode != "json") {
    std::fprintf(stderr, "mode must be check, parse, text or json\n");
    return 2;
  }
  const std::string text = planlint::bench::GeneratePlan(size, 42);
  planlint::PackSettings settings;
  if (argc > 4) settings.select = absl::StrSplit(argv[4], ',', absl::SkipEmpty());
  auto pack = planlint::RulePack::Builtin(settings);
  if (!pack.ok()) {
    std::fprintf(stderr, "cannot load the built-in pack\n");
    return 1;
  }
  planlint::CheckOptions options;
  options.as_of = *planlint::text::MakeDate(2026, 3, 2);
  planlint::Checker checker(*pack, options);
  planlint::PlanParser parser;
  absl::StatusOr<planlint::Plan> plan = parser.Parse("plan.json", text);
  if (!plan.ok()) {
    std::fprintf(stderr, "%s\n", std::string(plan.status().message()).c_str());
    return 1;
  }
  // The text followed by the zero bytes ParseJsonOnly may read.
  std::string padded = text;
  padded.resize(text.size() + planlint::PlanParser::kJsonPadding, '\0');
  size_t findings = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < iterations; ++i) {
    if (mode == "parse") {
      findings += parser.Parse("plan.json", text)->node_count();
    } else if (mode == "json") {
      findings += parser.ParseJsonOnly(std::string_view(padded.data(), text.size())) ? 1 : 0;
    } else if (mode == "text") {
      findings += checker.CheckText(parser, "plan.json", text).findings.size();
    } else {
      findings += checker.Check(*plan).findings.size();
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s: %zu bytes x %d in %.3f s: %.1f us per plan, %.1f MB/s (result %zu)\n",
              std::string(mode).c_str(), text.size(), iterations, seconds,
              seconds / iterations * 1e6, text.size() * iterations / seconds / 1e6, findings);
  return 0;
}

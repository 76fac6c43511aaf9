// The C++ side of bench/python_bench.py: Checker::CheckFile on one plan file
// with the built-in pack, the same work planlint.check(path) does from Python.
//
//   check_one_file_bench PLAN.json [AS_OF] [--benchmark_format=json ...]
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "benchmark/benchmark.h"
#include "core/engine/checker.h"
#include "core/pack/rule_pack.h"
#include "core/plan/plan_parser.h"
#include "core/text/date.h"

namespace {

std::string g_path;
std::string g_as_of = "2027-01-15";

void BM_CheckFile(benchmark::State& state) {
  absl::StatusOr<std::shared_ptr<const planlint::RulePack>> pack = planlint::RulePack::Builtin();
  if (!pack.ok()) {
    state.SkipWithError("the built-in pack does not load");
    return;
  }
  planlint::CheckOptions options;
  options.as_of = planlint::text::ParseDate(g_as_of);
  planlint::Checker checker(*pack, options);
  planlint::PlanParser parser;
  size_t findings = 0;
  for (auto _ : state) {
    planlint::PlanReport report = checker.CheckFile(parser, g_path);
    findings = report.findings.size();
    benchmark::DoNotOptimize(report);
  }
  state.counters["findings"] = static_cast<double>(findings);
}
BENCHMARK(BM_CheckFile)->Unit(benchmark::kMicrosecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc < 2) {
    std::cerr << "usage: check_one_file_bench PLAN.json [AS_OF] [benchmark flags]\n";
    return 2;
  }
  g_path = argv[1];
  if (argc > 2) g_as_of = argv[2];
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

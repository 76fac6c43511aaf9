// Rule pack start-up cost: how long a run spends before it can check its
// first plan. Target (issue 2, "Speed"): the built-in `imp` pack read from
// its embedded YAML and compiled in under 5 ms.
//
//   BM_PackReadYaml         YAML text -> PackSpec (yaml-cpp), every file
//   BM_PackCompile          PackSpec -> RulePack (expressions, selectors,
//                           regular expressions, the fused scan)
//   BM_PackLoadAndCompile   both: the cold start of a process (the target)
//   BM_PackBuiltinOverride  RulePack::Builtin with a severity override, the
//                           path a configuration file takes (the YAML is
//                           read once per process and reused, so this is the
//                           compile plus the override)
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "benchmark/benchmark.h"
#include "core/pack/pack_source.h"
#include "core/pack/rule_pack.h"

namespace planlint {
namespace {

constexpr char kMain[] = "imp/pack.yaml";

std::optional<std::string> Embedded(std::string_view name) {
  for (const auto& [path, body] : BuiltinRuleFiles()) {
    if (path == name) return std::string(body);
  }
  return std::nullopt;
}

// What RulePack::Builtin does the first time: read the embedded pack and the
// files it includes.
PackSpec ReadBuiltinSpec() {
  std::optional<std::string> main = Embedded(kMain);
  if (!main) {
    std::cerr << "the embedded pack has no " << kMain << "\n";
    std::exit(1);
  }
  std::vector<PackProblem> problems;
  PackSpec spec = ReadPackSpec(
      std::string("rules/") + kMain, *main,
      [](const std::string& name) { return Embedded(std::string("imp/") + name); }, &problems);
  if (!problems.empty()) {
    std::cerr << "the embedded pack has problems: " << problems.front().ToString() << "\n";
    std::exit(1);
  }
  return spec;
}

size_t EmbeddedBytes() {
  size_t bytes = 0;
  for (const auto& [path, body] : BuiltinRuleFiles()) bytes += body.size();
  return bytes;
}

void BM_PackReadYaml(benchmark::State& state) {
  for (auto _ : state) {
    PackSpec spec = ReadBuiltinSpec();
    benchmark::DoNotOptimize(spec.rules.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * EmbeddedBytes()));
}
BENCHMARK(BM_PackReadYaml)->Unit(benchmark::kMillisecond);

void BM_PackCompile(benchmark::State& state) {
  const PackSpec spec = ReadBuiltinSpec();
  const PackSettings settings;
  size_t rules = 0;
  for (auto _ : state) {
    auto pack = CompilePack({spec}, settings);
    if (!pack.ok()) {
      state.SkipWithError(std::string(pack.status().message()).c_str());
      break;
    }
    rules = (*pack)->rules().size();
    benchmark::DoNotOptimize(pack);
  }
  state.counters["rules"] = static_cast<double>(rules);
}
BENCHMARK(BM_PackCompile)->Unit(benchmark::kMillisecond);

void BM_PackLoadAndCompile(benchmark::State& state) {
  const PackSettings settings;
  size_t rules = 0;
  for (auto _ : state) {
    PackSpec spec = ReadBuiltinSpec();
    auto pack = CompilePack({spec}, settings);
    if (!pack.ok()) {
      state.SkipWithError(std::string(pack.status().message()).c_str());
      break;
    }
    rules = (*pack)->rules().size();
    benchmark::DoNotOptimize(pack);
  }
  state.counters["rules"] = static_cast<double>(rules);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * EmbeddedBytes()));
}
BENCHMARK(BM_PackLoadAndCompile)->Unit(benchmark::kMillisecond);

void BM_PackBuiltinOverride(benchmark::State& state) {
  // Non-default settings bypass the process-wide cached default pack.
  PackSettings settings;
  settings.severity["DOC001"] = Severity::kWarning;
  for (auto _ : state) {
    auto pack = RulePack::Builtin(settings);
    if (!pack.ok()) {
      state.SkipWithError(std::string(pack.status().message()).c_str());
      break;
    }
    benchmark::DoNotOptimize(pack);
  }
}
BENCHMARK(BM_PackBuiltinOverride)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace planlint

BENCHMARK_MAIN();

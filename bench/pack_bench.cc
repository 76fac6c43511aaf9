// Rule pack start-up cost: how long a run spends before it can check its
// first plan. Target (issue 2, "Speed"): the built-in `imp` pack loaded and
// compiled in under 5 ms.
//
// A process loads the built-in pack by decoding its PackSpec, precompiled at
// build time (core/pack/builtin_pack.h). Reading the embedded YAML with
// yaml-cpp, which it did before, is measured in the same run as the baseline:
//
//   BM_PackReadYaml          embedded YAML -> PackSpec (yaml-cpp): the old load
//   BM_PackDecode            precompiled PackSpec -> PackSpec: the load now
//   BM_PackCompile           PackSpec -> RulePack (expressions, selectors,
//                            regular expressions, the fused scan)
//   BM_PackLoadAndCompile    YAML read + compile: the old cold start
//   BM_PackDecodeAndCompile  decode + compile: the cold start now (the target)
//   BM_PackBuiltinOverride   RulePack::Builtin with a severity override, the
//                            path a configuration file takes (the spec is
//                            loaded once per process and reused, so this is
//                            the compile plus the override)
//
// After the runs, the ratios of the two paths are printed (never pass/fail).
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "core/pack/builtin_pack.h"
#include "core/pack/pack_source.h"
#include "core/pack/rule_pack.h"

namespace planlint {
namespace {

PackSpec Checked(PackSpec spec, const std::vector<PackProblem>& problems, const char* path) {
  if (!problems.empty()) {
    std::cerr << path << ": the built-in pack has problems: " << problems.front().ToString()
              << "\n";
    std::exit(1);
  }
  return spec;
}

// What RulePack::Builtin did the first time before: read the embedded YAML
// and the files it includes.
PackSpec ReadYaml() {
  std::vector<PackProblem> problems;
  PackSpec spec = ReadBuiltinPackYaml(&problems);
  return Checked(std::move(spec), problems, "YAML");
}

// What it does now.
PackSpec Decode() {
  std::vector<PackProblem> problems;
  PackSpec spec = DecodeBuiltinPackSpec(&problems);
  return Checked(std::move(spec), problems, "precompiled");
}

size_t EmbeddedBytes() {
  size_t bytes = 0;
  for (const auto& [path, body] : BuiltinRuleFiles()) bytes += body.size();
  return bytes;
}

void BM_PackReadYaml(benchmark::State& state) {
  for (auto _ : state) {
    PackSpec spec = ReadYaml();
    benchmark::DoNotOptimize(spec.rules.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * EmbeddedBytes()));
}
BENCHMARK(BM_PackReadYaml)->Unit(benchmark::kMillisecond);

void BM_PackDecode(benchmark::State& state) {
  for (auto _ : state) {
    PackSpec spec = Decode();
    benchmark::DoNotOptimize(spec.rules.data());
  }
}
BENCHMARK(BM_PackDecode)->Unit(benchmark::kMillisecond);

void BM_PackCompile(benchmark::State& state) {
  std::vector<PackSpec> specs;
  specs.push_back(Decode());
  const PackSettings settings;
  size_t rules = 0;
  for (auto _ : state) {
    auto pack = CompilePack(specs, settings);
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

template <PackSpec (*Load)()>
void LoadAndCompile(benchmark::State& state) {
  const PackSettings settings;
  size_t rules = 0;
  for (auto _ : state) {
    std::vector<PackSpec> specs;
    specs.push_back(Load());
    auto pack = CompilePack(specs, settings);
    if (!pack.ok()) {
      state.SkipWithError(std::string(pack.status().message()).c_str());
      break;
    }
    rules = (*pack)->rules().size();
    benchmark::DoNotOptimize(pack);
  }
  state.counters["rules"] = static_cast<double>(rules);
}

void BM_PackLoadAndCompile(benchmark::State& state) { LoadAndCompile<ReadYaml>(state); }
BENCHMARK(BM_PackLoadAndCompile)->Unit(benchmark::kMillisecond);

void BM_PackDecodeAndCompile(benchmark::State& state) { LoadAndCompile<Decode>(state); }
BENCHMARK(BM_PackDecodeAndCompile)->Unit(benchmark::kMillisecond);

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

// The console output, then the ratios of the old path to the new from this
// run's CPU times (medians when repeated).
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  RatioReporter() : ConsoleReporter(OO_None) {}

  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
      double ms = r.GetAdjustedCPUTime() / benchmark::GetTimeUnitMultiplier(r.time_unit) * 1e3;
      if (r.run_type == Run::RT_Iteration && !medians_.contains(r.run_name.str())) {
        ms_[r.run_name.str()] = ms;
      } else if (r.run_type == Run::RT_Aggregate && r.aggregate_name == "median") {
        medians_[r.run_name.str()] = ms;
        ms_[r.run_name.str()] = ms;
      }
    }
  }

  void Finalize() override {
    ConsoleReporter::Finalize();
    auto ratio = [&](const char* label, const char* old_path, const char* new_path) {
      if (!ms_.contains(old_path) || !ms_.contains(new_path)) return;
      std::printf("  %-11s %-23s %8.3f ms / %-25s %8.3f ms = %6.1fx\n", label, old_path,
                  ms_[old_path], new_path, ms_[new_path], ms_[old_path] / ms_[new_path]);
    };
    std::printf("\nOld path (yaml-cpp) / new path (precompiled PackSpec), CPU time:\n");
    ratio("load", "BM_PackReadYaml", "BM_PackDecode");
    ratio("cold start", "BM_PackLoadAndCompile", "BM_PackDecodeAndCompile");
    if (ms_.contains("BM_PackDecodeAndCompile")) {
      double ms = ms_["BM_PackDecodeAndCompile"];
      std::printf("  cold start now: %.3f ms, %.2fx the 5 ms target", ms, ms / 5.0);
      if (ms_.contains("BM_PackDecode")) {
        std::printf(" (decoding is %.0f %% of it)", 100.0 * ms_["BM_PackDecode"] / ms);
      }
      std::printf("\n");
    }
  }

 private:
  std::map<std::string, double> ms_;
  std::map<std::string, double> medians_;
};

}  // namespace
}  // namespace planlint

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  planlint::RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}

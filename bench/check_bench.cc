// Evaluation cost of the whole built-in `imp` pack on generated plans of
// about 10 KB, 60 KB and 400 KB (bench/plan_generator.h), against simdjson
// parsing of the same text as the baseline. Target (issue 2, "Speed"): the
// whole pack at 300 MB/s or more on one core on 60 KB plans, no more than 6x
// the parse alone.
//
//   BM_SimdjsonParse/<bytes>  simdjson's DOM parse alone, no Plan (baseline)
//   BM_Parse/<bytes>      PlanParser::Parse: JSON text -> Plan (simdjson and
//                         building planlint's Plan)
//   BM_Check/<bytes>      Checker::Check on an already parsed Plan
//   BM_CheckText/<bytes>  Checker::CheckText: parse + check, what a run does
//                         per file once it has read it
//   BM_CheckRule/<id>     (with --per_rule) one rule alone on the 60 KB plan
//
// Every benchmark reports bytes per second of plan text. Parse and CheckText
// take their text by value, so their timings include one copy of the text
// (a few microseconds at 400 KB; a real run moves the file's buffer instead).
// bench/summarize.py turns the JSON output into the check/parse ratios.
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench/plan_generator.h"
#include "benchmark/benchmark.h"
#include "core/engine/checker.h"
#include "core/pack/rule_pack.h"
#include "core/plan/plan_parser.h"
#include "core/text/date.h"

namespace planlint {
namespace {

constexpr uint64_t kSeed = 42;
// A fixed reference date, so that date rules behave the same every day.
const text::DayNumber kAsOf = *text::MakeDate(2026, 3, 2);

const std::string& PlanText(size_t target) {
  static auto* plans = new std::map<size_t, std::string>();
  auto it = plans->find(target);
  if (it == plans->end()) it = plans->emplace(target, bench::GeneratePlan(target, kSeed)).first;
  return it->second;
}

std::shared_ptr<const RulePack> Pack(const PackSettings& settings = {}) {
  auto pack = RulePack::Builtin(settings);
  if (!pack.ok()) {
    std::cerr << "cannot load the built-in pack: " << pack.status().message() << "\n";
    std::exit(1);
  }
  return *pack;
}

CheckOptions Options() {
  CheckOptions options;
  options.as_of = kAsOf;
  return options;
}

void Describe(benchmark::State& state, const std::string& text) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["plan_bytes"] = static_cast<double>(text.size());
}

void BM_Parse(benchmark::State& state) {
  const std::string& text = PlanText(static_cast<size_t>(state.range(0)));
  PlanParser parser;
  for (auto _ : state) {
    absl::StatusOr<Plan> plan = parser.Parse("plan.json", text);
    if (!plan.ok()) {
      state.SkipWithError(std::string(plan.status().message()).c_str());
      break;
    }
    benchmark::DoNotOptimize(plan->node_count());
  }
  Describe(state, text);
}

// simdjson's DOM parse alone (PlanParser::ParseJsonOnly: no Plan built),
// the baseline issue 2 states its ratio against.
void BM_SimdjsonParse(benchmark::State& state) {
  const std::string& text = PlanText(static_cast<size_t>(state.range(0)));
  std::string padded = text;
  padded.resize(text.size() + PlanParser::kJsonPadding, '\0');
  const std::string_view json(padded.data(), text.size());
  PlanParser parser;
  for (auto _ : state) {
    if (!parser.ParseJsonOnly(json)) {
      state.SkipWithError("simdjson refused the generated plan");
      break;
    }
  }
  Describe(state, text);
}

void BM_Check(benchmark::State& state) {
  const std::string& text = PlanText(static_cast<size_t>(state.range(0)));
  PlanParser parser;
  absl::StatusOr<Plan> plan = parser.Parse("plan.json", text);
  if (!plan.ok()) {
    state.SkipWithError(std::string(plan.status().message()).c_str());
    return;
  }
  Checker checker(Pack(), Options());
  size_t findings = 0, diagnostics = 0;
  for (auto _ : state) {
    PlanReport report = checker.Check(*plan);
    findings = report.findings.size();
    diagnostics = report.diagnostics.size();
    benchmark::DoNotOptimize(report.findings.data());
  }
  Describe(state, text);
  state.counters["findings"] = static_cast<double>(findings);
  state.counters["diagnostics"] = static_cast<double>(diagnostics);
}

void BM_CheckText(benchmark::State& state) {
  const std::string& text = PlanText(static_cast<size_t>(state.range(0)));
  PlanParser parser;
  Checker checker(Pack(), Options());
  size_t findings = 0;
  for (auto _ : state) {
    PlanReport report = checker.CheckText(parser, "plan.json", text);
    if (report.input_error) {
      state.SkipWithError(report.error.c_str());
      break;
    }
    findings = report.findings.size();
    benchmark::DoNotOptimize(report.findings.data());
  }
  Describe(state, text);
  state.counters["findings"] = static_cast<double>(findings);
}

void Sizes(benchmark::internal::Benchmark* b) {
  for (int64_t size : {10'000, 60'000, 400'000}) b->Arg(size);
}

BENCHMARK(BM_SimdjsonParse)->Apply(Sizes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Parse)->Apply(Sizes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Check)->Apply(Sizes)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CheckText)->Apply(Sizes)->Unit(benchmark::kMicrosecond);

// One rule alone (the pack compiled with `select: [id]`) on the 60 KB plan:
// where the pack's time goes. Shared work (the fused string scan, selectors
// used by several rules) is charged to every rule that needs it, so the
// per-rule times add up to more than BM_Check.
void RegisterPerRule() {
  std::shared_ptr<const RulePack> all = Pack();
  for (const CompiledRule& rule : all->rules()) {
    if (!rule.info.enabled) continue;
    const std::string id = rule.info.id;
    benchmark::RegisterBenchmark(("BM_CheckRule/" + id).c_str(), [id](benchmark::State& state) {
      const std::string& text = PlanText(60'000);
      PlanParser parser;
      absl::StatusOr<Plan> plan = parser.Parse("plan.json", text);
      if (!plan.ok()) {
        state.SkipWithError(std::string(plan.status().message()).c_str());
        return;
      }
      PackSettings settings;
      settings.select = {id};
      Checker checker(Pack(settings), Options());
      for (auto _ : state) {
        PlanReport report = checker.Check(*plan);
        benchmark::DoNotOptimize(report.findings.data());
      }
      Describe(state, text);
    })->Unit(benchmark::kMicrosecond);
  }
}

}  // namespace
}  // namespace planlint

int main(int argc, char** argv) {
  // --per_rule adds BM_CheckRule/<id> for every enabled rule of the pack.
  std::vector<char*> args;
  bool per_rule = false;
  for (int i = 0; i < argc; ++i) {
    if (std::strcmp(argv[i], "--per_rule") == 0) {
      per_rule = true;
    } else {
      args.push_back(argv[i]);
    }
  }
  int n = static_cast<int>(args.size());
  benchmark::Initialize(&n, args.data());
  if (benchmark::ReportUnrecognizedArguments(n, args.data())) return 1;
  if (per_rule) planlint::RegisterPerRule();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

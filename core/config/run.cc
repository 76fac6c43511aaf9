#include "core/config/run.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <set>
#include <string_view>
#include <thread>
#include <utility>

#include "absl/strings/str_join.h"
#include "core/engine/checker.h"
#include "core/engine/inputs.h"
#include "core/plan/plan_parser.h"
#include "core/util/strings.h"

namespace planlint {

namespace {

std::string FlowYaml(const YAML::Node& node) {
  if (!node) return "~";
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

// A canonical text of everything that changes the compiled pack.
std::string CacheKey(const Config& config, const PackSettings& s) {
  std::string key;
  Append(&key, "base=", config.rule_files.empty() ? std::string("imp") : config.rule_files[0],
         "\n");
  Append(&key, "extra=", absl::StrJoin(s.extra_packs, "\x1f"), "\n");
  Append(&key, "select=", absl::StrJoin(s.select, "\x1f"), "\n");
  Append(&key, "ignore=", absl::StrJoin(s.ignore, "\x1f"), "\n");
  for (const auto& [rule, sev] : s.severity)
    Append(&key, "severity:", rule, "=", SeverityName(sev), "\n");
  for (const auto& [rule, node] : s.rule_options)
    Append(&key, "options:", rule, "=", FlowYaml(node), "\n");
  Append(&key, "pack_options=", FlowYaml(s.options), "\n");
  return key;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const RulePack>> PackCache::Get(const Config& config,
                                                               const PackSettings& settings) {
  std::string key = CacheKey(config, settings);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = packs_.find(key);
  if (it == packs_.end()) it = packs_.emplace(key, LoadConfiguredPack(config, settings)).first;
  return it->second;
}

bool ReportFails(const PlanReport& report, Severity fail_on) {
  for (const Finding& f : report.findings) {
    if (!f.waived && static_cast<int>(f.severity) >= static_cast<int>(fail_on)) return true;
  }
  return false;
}

absl::StatusOr<RunResult> RunChecks(const RunOptions& options) {
  InputFiles inputs = ExpandInputs(options.paths);

  // Configurations, one per configuration file (by path).
  std::map<std::string, Config> configs;
  std::vector<std::string> config_of(inputs.files.size());
  std::map<std::string, std::string> by_dir;  // folder -> configuration file
  std::vector<PackProblem> problems;
  auto config_for = [&](const std::string& path) -> std::string {
    std::string file;
    if (!options.config_file.empty()) {
      file = options.config_file;
    } else if (options.use_config) {
      std::string dir = std::filesystem::path(path).parent_path().generic_string();
      auto it = by_dir.find(dir);
      if (it == by_dir.end()) it = by_dir.emplace(dir, FindConfigFile(path)).first;
      file = it->second;
    }
    if (!configs.contains(file)) {
      Config config;
      if (!file.empty()) config = ReadConfigFile(file, &problems);
      ApplyOverrides(options.overrides, &config);
      configs.emplace(file, std::move(config));
    }
    return file;
  };
  for (size_t i = 0; i < inputs.files.size(); ++i) config_of[i] = config_for(inputs.files[i]);
  if (inputs.files.empty()) config_for(inputs.missing.empty() ? "./." : inputs.missing[0]);

  // Each configuration's base pack: what its names are checked against.
  PackCache cache;
  std::map<std::string, std::shared_ptr<const RulePack>> bases;
  for (const auto& [file, config] : configs) {
    absl::StatusOr<std::shared_ptr<const RulePack>> base = cache.Get(config, BaseSettings(config));
    if (!base.ok()) {
      if (!problems.empty()) return ConfigProblemsToStatus(problems);
      if (file.empty()) return base.status();
      return absl::InvalidArgumentError(
          Cat(file, ": the rule packs it names could not be loaded:\n", base.status().message()));
    }
    ValidateConfig(config, **base, &problems);
    bases[file] = *base;
  }
  if (!problems.empty()) return ConfigProblemsToStatus(problems);

  // One pack per distinct settings; one checker per (pack, as_of).
  struct Job {
    const Checker* checker;
    Severity fail_on;
  };
  std::vector<Job> jobs(inputs.files.size());
  std::map<std::pair<const RulePack*, int64_t>, std::unique_ptr<Checker>> checkers;
  // By id; the packs live in `cache` until the end, so pointers do (one
  // copy of each rule's documentation, made at the end, instead of one per
  // plan's configuration).
  std::map<std::string_view, const RuleInfo*> rules;
  auto prepare = [&](const std::string& file, const std::string& plan) -> absl::StatusOr<Job> {
    const Config& config = configs.at(file);
    PackSettings settings = SettingsFor(config, *bases.at(file));
    if (!plan.empty()) {
      for (std::string& rule : PathIgnoresFor(config, plan))
        settings.ignore.push_back(std::move(rule));
    }
    absl::StatusOr<std::shared_ptr<const RulePack>> pack = cache.Get(config, settings);
    if (!pack.ok()) return pack.status();
    // The rules `check` ran (for SARIF metadata and JUnit cases): portfolio
    // rules run in `planlint audit` only.
    if (options.want_rules) {
      for (const CompiledRule& r : (*pack)->rules()) {
        if (r.info.enabled && !r.info.portfolio) rules.emplace(r.info.id, &r.info);
      }
    }
    int64_t day = config.as_of ? *config.as_of : INT64_MIN;
    std::unique_ptr<Checker>& checker = checkers[{pack->get(), day}];
    if (!checker) {
      CheckOptions check;
      check.as_of = config.as_of;
      checker = std::make_unique<Checker>(*pack, check);
    }
    return Job{checker.get(), config.fail_on};
  };
  for (size_t i = 0; i < inputs.files.size(); ++i) {
    absl::StatusOr<Job> job = prepare(config_of[i], inputs.files[i]);
    if (!job.ok()) return job.status();
    jobs[i] = *job;
  }
  if (inputs.files.empty()) {
    for (const auto& [file, config] : configs) {
      if (absl::StatusOr<Job> job = prepare(file, ""); !job.ok()) return job.status();
    }
  }

  RunResult result;
  result.reports.resize(inputs.files.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    PlanParser parser;
    for (size_t i = next++; i < inputs.files.size(); i = next++) {
      result.reports[i] = jobs[i].checker->CheckFile(parser, inputs.files[i]);
    }
  };
  int threads = options.jobs > 0
                    ? options.jobs
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = std::max(1, std::min<int>(threads, static_cast<int>(inputs.files.size())));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (std::thread& t : pool) t.join();

  for (const Job& job : jobs) result.fail_on.push_back(job.fail_on);
  for (const std::string& missing : inputs.missing) {
    PlanReport r;
    r.file = missing;
    r.input_error = true;
    r.error = Cat(missing, ":0:0: no such file or directory");
    result.reports.push_back(std::move(r));
    result.fail_on.push_back(Severity::kError);
  }
  result.rules.reserve(rules.size());
  for (const auto& [id, info] : rules) result.rules.push_back(*info);
  result.packs_compiled = cache.size();
  return result;
}

}  // namespace planlint

// A configured run: finds each plan's `.planlint.yaml`, compiles one
// RulePack per distinct configuration (cached), checks the plans on all
// cores and returns the reports with each plan's own fail_on. Used by
// `planlint check`, `planlint baseline` and the pre-commit hook.
#ifndef PLANLINT_CORE_CONFIG_RUN_H_
#define PLANLINT_CORE_CONFIG_RUN_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/config/config.h"
#include "core/engine/finding.h"
#include "core/pack/rule_pack.h"

namespace planlint {

// Compiled packs by their settings: one compile per distinct configuration.
class PackCache {
 public:
  absl::StatusOr<std::shared_ptr<const RulePack>> Get(const Config& config,
                                                      const PackSettings& settings);
  size_t size() const { return packs_.size(); }

 private:
  std::mutex mu_;
  std::map<std::string, absl::StatusOr<std::shared_ptr<const RulePack>>> packs_;
};

struct RunOptions {
  std::vector<std::string> paths;
  ConfigOverrides overrides;
  // Look for `.planlint.yaml` files (--no-config turns it off).
  bool use_config = true;
  // One configuration file for every plan (--config), instead of looking.
  std::string config_file;
  int jobs = 0;  // 0: all cores
  // Fill RunResult::rules (only SARIF and JUnit reports print them).
  bool want_rules = true;
};

struct RunResult {
  std::vector<PlanReport> reports;
  // Per report: the lowest severity that fails it.
  std::vector<Severity> fail_on;
  // Every enabled rule of the packs used, by id (for SARIF and JUnit).
  std::vector<RuleInfo> rules;
  size_t packs_compiled = 0;
};

// Status errors are configuration or pack errors (exit code 2); input
// errors of single plans are reports with input_error set.
absl::StatusOr<RunResult> RunChecks(const RunOptions& options);

// Whether a report fails at its fail_on.
bool ReportFails(const PlanReport& report, Severity fail_on);

}  // namespace planlint

#endif  // PLANLINT_CORE_CONFIG_RUN_H_

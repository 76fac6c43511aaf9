// Counts over a run's reports, the numbers every output format prints and
// the exit code is decided from.
#ifndef PLANLINT_CORE_REPORT_SUMMARY_H_
#define PLANLINT_CORE_REPORT_SUMMARY_H_

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/engine/finding.h"

namespace planlint {

struct RunSummary {
  size_t files = 0;
  size_t input_errors = 0;
  size_t findings = 0;  // not waived
  size_t errors = 0;
  size_t warnings = 0;
  size_t infos = 0;
  size_t waived = 0;
  size_t diagnostics = 0;
  std::map<std::string, size_t> by_rule;  // not waived
};

RunSummary Summarize(const std::vector<PlanReport>& reports);

// True when some finding that is not waived has severity >= `fail_on`.
bool FailsAt(const std::vector<PlanReport>& reports, Severity fail_on);

}  // namespace planlint

#endif  // PLANLINT_CORE_REPORT_SUMMARY_H_

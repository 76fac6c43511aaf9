// Baselines: today's findings recorded so that a plan repository can adopt
// planlint and fail only on new findings. An entry is keyed by file, rule,
// JSON Pointer and the finding's fingerprint (engine/fingerprint.h), never
// by line, so moving or reformatting a plan keeps its entries.
#ifndef PLANLINT_CORE_REPORT_BASELINE_H_
#define PLANLINT_CORE_REPORT_BASELINE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/engine/finding.h"
#include "core/report/formats.h"

namespace planlint {

struct BaselineEntry {
  std::string file;  // relative to the baseline file's folder, '/'-separated
  std::string rule;
  std::string pointer;
  std::string fingerprint;
  std::string message;  // for people reading the file; not matched
};

struct Baseline {
  std::vector<BaselineEntry> entries;
};

// `plan` as the baseline at `baseline_file` names it.
std::string BaselinePath(const std::string& baseline_file, const std::string& plan);

// The findings that are not waived, as entries (sorted).
Baseline MakeBaseline(const std::vector<PlanReport>& reports, const std::string& baseline_file);

// {"planlint_baseline": 1, "entries": [...]}, one entry per line.
std::string BaselineToJson(const Baseline& baseline);

// Reads a baseline; a malformed one is an error naming FILE:LINE:COL.
absl::StatusOr<Baseline> ReadBaseline(const std::string& file);

// Removes from `reports` every finding the baseline holds (each entry
// matches one finding: first by file, rule, pointer and fingerprint, then,
// for findings whose node moved to another pointer, by file, rule and
// fingerprint). Entries of checked files that match nothing are fixed.
BaselineSummary ApplyBaseline(const Baseline& baseline, const std::string& baseline_file,
                              std::vector<PlanReport>* reports);

}  // namespace planlint

#endif  // PLANLINT_CORE_REPORT_BASELINE_H_

#include "core/report/summary.h"

namespace planlint {

RunSummary Summarize(const std::vector<PlanReport>& reports) {
  RunSummary s;
  for (const PlanReport& r : reports) {
    ++s.files;
    if (r.input_error) ++s.input_errors;
    s.diagnostics += r.diagnostics.size();
    for (const Finding& f : r.findings) {
      if (f.waived) {
        ++s.waived;
        continue;
      }
      ++s.findings;
      ++s.by_rule[f.rule];
      switch (f.severity) {
        case Severity::kError:
          ++s.errors;
          break;
        case Severity::kWarning:
          ++s.warnings;
          break;
        case Severity::kInfo:
          ++s.infos;
          break;
      }
    }
  }
  return s;
}

bool FailsAt(const std::vector<PlanReport>& reports, Severity fail_on) {
  for (const PlanReport& r : reports) {
    for (const Finding& f : r.findings) {
      if (!f.waived && static_cast<int>(f.severity) >= static_cast<int>(fail_on)) return true;
    }
  }
  return false;
}

}  // namespace planlint

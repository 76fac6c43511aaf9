// Output formats of a run: compiler-style text and JSON (more formats join
// here). Each writes the whole run to a string.
#ifndef PLANLINT_CORE_REPORT_FORMATS_H_
#define PLANLINT_CORE_REPORT_FORMATS_H_

#include <string>
#include <vector>

#include "core/engine/finding.h"
#include "core/pack/rule_pack.h"

namespace planlint {

struct TextOptions {
  bool show_waived = false;
  bool color = false;
  bool statistics = false;
};

// `file:line:col: ID severity: message` per finding, then a summary line.
std::string FormatText(const std::vector<PlanReport>& reports, const TextOptions& options);

// {"findings": [...], "errors": [...], "diagnostics": [...], "summary": {...}}
std::string FormatJson(const std::vector<PlanReport>& reports);

}  // namespace planlint

#endif  // PLANLINT_CORE_REPORT_FORMATS_H_

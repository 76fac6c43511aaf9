#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "core/report/formats.h"
#include "core/report/summary.h"
#include "core/util/strings.h"

namespace planlint {

namespace {
const char* SeverityColor(Severity s) {
  switch (s) {
    case Severity::kError:
      return "\033[1;31m";
    case Severity::kWarning:
      return "\033[1;33m";
    case Severity::kInfo:
      return "\033[1;36m";
  }
  return "";
}

std::string Plural(size_t n, const char* one, const char* many) {
  return Cat(n, " ", n == 1 ? one : many);
}
}  // namespace

std::string SummaryLine(const std::vector<PlanReport>& reports, const BaselineSummary& baseline) {
  RunSummary s = Summarize(reports);
  std::string out;
  Append(&out, Plural(s.findings, "finding", "findings"), " (", Plural(s.errors, "error", "errors"),
         ", ", Plural(s.warnings, "warning", "warnings"), ", ", s.infos, " info) in ",
         Plural(s.files, "file", "files"));
  if (s.waived > 0) Append(&out, "; ", s.waived, " waived");
  if (baseline.active) {
    Append(&out, "; ", baseline.baselined, " in the baseline, ",
           Plural(baseline.fixed, "baseline entry", "baseline entries"), " fixed");
  }
  if (s.input_errors > 0) {
    Append(&out, "; ", Plural(s.input_errors, "file", "files"), " could not be checked");
  }
  if (s.diagnostics > 0) {
    Append(&out, "; ", Plural(s.diagnostics, "rule evaluation error", "rule evaluation errors"));
  }
  return out;
}

std::string FormatText(const std::vector<PlanReport>& reports, const TextOptions& options) {
  std::string out;
  const char* bold = options.color ? "\033[1m" : "";
  const char* reset = options.color ? "\033[0m" : "";
  for (const PlanReport& r : reports) {
    if (r.input_error) {
      Append(&out, bold, r.error, reset, " [input error: file not checked]\n");
      continue;
    }
    for (const Finding& f : r.findings) {
      if (f.waived && !options.show_waived) continue;
      Append(&out, bold, f.file, ":", f.line, ":", f.column, ":", reset, " ", f.rule, " ",
             options.color ? SeverityColor(f.severity) : "", SeverityName(f.severity), reset, ": ",
             f.message, f.waived ? " [waived]" : "", "\n");
    }
  }
  RunSummary s = Summarize(reports);
  if (options.statistics && !s.by_rule.empty()) {
    // Counts of findings that are not waived, by rule id, with the rule's name.
    std::map<std::string, std::string> names;
    for (const PlanReport& r : reports) {
      for (const Finding& f : r.findings) names.emplace(f.rule, f.name);
    }
    size_t width = 0;
    for (const auto& [rule, count] : s.by_rule)
      width = std::max(width, rule.size() + names[rule].size() + 1);
    out += "\nFindings by rule:\n";
    for (const auto& [rule, count] : s.by_rule) {
      std::string label = Cat(rule, " ", names[rule]);
      Append(&out, "  ", label, std::string(width - label.size() + 2, ' '), count, "\n");
    }
  }
  out += SummaryLine(reports, options.baseline);
  out += "\n";
  return out;
}

}  // namespace planlint

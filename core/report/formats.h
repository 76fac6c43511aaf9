// Output formats of a run: compiler-style text, JSON, SARIF 2.1.0, JUnit
// XML and GitHub Actions workflow commands. Each writes the whole run to a
// string; one file per format (text_format.cc, json_format.cc, ...).
#ifndef PLANLINT_CORE_REPORT_FORMATS_H_
#define PLANLINT_CORE_REPORT_FORMATS_H_

#include <string>
#include <vector>

#include "core/engine/finding.h"
#include "core/pack/rule.h"
#include "core/pack/rule_pack.h"

namespace planlint {

// What a baseline did to the run (report/baseline.h).
struct BaselineSummary {
  bool active = false;
  size_t baselined = 0;  // findings left out because the baseline has them
  size_t fixed = 0;      // baseline entries of checked files no longer found
};

struct TextOptions {
  bool show_waived = false;
  bool color = false;
  bool statistics = false;
  BaselineSummary baseline;
};

// Everything a format may need besides the reports.
struct ReportOptions {
  // The rules that ran (enabled rules of the packs used), by id: SARIF's
  // rule metadata and JUnit's passing test cases.
  std::vector<RuleInfo> rules;
  BaselineSummary baseline;
  bool statistics = false;
};

inline constexpr char kPlanlintVersion[] = "0.1.0";

// `file:line:col: ID severity: message` per finding, then a summary line.
std::string FormatText(const std::vector<PlanReport>& reports, const TextOptions& options);

// {"findings": [...], "errors": [...], "diagnostics": [...], "summary": {...}}
std::string FormatJson(const std::vector<PlanReport>& reports);
std::string FormatJson(const std::vector<PlanReport>& reports, const ReportOptions& options);

// SARIF 2.1.0: one run, the rules' metadata in tool.driver.rules, one result
// per finding (waived ones with an in-source suppression), input errors and
// rule evaluation errors as tool execution notifications.
std::string FormatSarif(const std::vector<PlanReport>& reports, const ReportOptions& options);

// JUnit XML: one testsuite per file; one failing testcase per finding, one
// skipped testcase per waived finding, one passing testcase per rule that
// found nothing; an input error is an errored testcase.
std::string FormatJunit(const std::vector<PlanReport>& reports, const ReportOptions& options);

// GitHub Actions workflow commands: `::error file=F,line=L,col=C,title=ID::message`
// (warning, notice for the other severities and for waived findings), then
// the summary line.
std::string FormatGithub(const std::vector<PlanReport>& reports, const ReportOptions& options);

// The one-line summary every human-facing format ends with.
std::string SummaryLine(const std::vector<PlanReport>& reports, const BaselineSummary& baseline);

}  // namespace planlint

#endif  // PLANLINT_CORE_REPORT_FORMATS_H_

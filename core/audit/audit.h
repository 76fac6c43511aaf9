// Portfolio audits (`planlint audit`, docs/audit.md): every plan of an estate
// checked on all cores, cross-plan (portfolio) rules run over what each plan
// kept, a 0-100 health score per plan and per section, and portfolio
// summaries, written as text, JSON, CSV or a self-contained HTML report.
//
// Memory stays bounded however many plans there are: a work queue hands out
// paths, each thread parses and checks one plan at a time, and keeps only the
// plan's findings and a small record (PlanAudit); the document itself is gone
// before the thread takes the next path.
#ifndef PLANLINT_CORE_AUDIT_AUDIT_H_
#define PLANLINT_CORE_AUDIT_AUDIT_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/engine/finding.h"
#include "core/pack/rule_pack.h"
#include "core/text/date.h"

namespace planlint::audit {

// How findings turn into scores (docs/audit.md, "Scores"). A finding that is
// not waived costs points by severity (error 10, warning 3, info 1). A
// section scores 100 - 100 * points / section_cap, at least 0: it reaches 0
// at `section_cap` points (25: three errors, or nine warnings). A plan scores
// the weighted average of its section scores (`section_weight`, default 1
// each), rounded. A plan that could not be read scores 0.
struct Weights {
  double error = 10;
  double warning = 3;
  double info = 1;
  double section_cap = 25;
  std::map<std::string, double> section_weight;  // absent: 1
  // Go-live at risk: plans with errors whose go-live is 0..N days after as_of.
  int golive_window_days = 90;

  double Points(Severity s) const;
  double SectionWeight(const std::string& section) const;
};

// Reads a weights file (YAML, docs/audit.md); errors name FILE:LINE:COLUMN.
absl::StatusOr<Weights> ReadWeights(const std::string& path);
absl::StatusOr<Weights> ParseWeights(const std::string& text, const std::string& file);

// One finding as the audit keeps it: the rule by its index in the pack.
struct AuditFinding {
  uint32_t rule = 0;
  bool waived = false;
  int line = 0;
  int column = 0;
  std::string pointer;
  std::string message;
};

// What the audit keeps of one plan.
struct PlanAudit {
  std::string file;
  size_t bytes = 0;
  bool input_error = false;
  std::string error;  // FILE:LINE:COL: message
  std::string title, system_name, status;
  // Latest valid planned finish in the schedule.
  std::optional<text::DayNumber> go_live;
  std::vector<AuditFinding> findings;  // the plan's, then portfolio rules'
  size_t diagnostics = 0;
  // Filled by Score().
  int score = 0;
  std::vector<std::optional<int>>
      section_scores;  // per AuditResult::sections; nullopt: unreadable plan
  size_t errors = 0, warnings = 0, infos = 0, waived = 0;
};

struct AuditOptions {
  std::optional<text::DayNumber> as_of;  // today when unset
  int jobs = 0;                          // all cores when <= 0
  Weights weights;
  // Called from the calling thread about ten times a second while plans are
  // being checked, and once at the end (done == total).
  std::function<void(size_t done, size_t total)> progress;
};

struct AuditResult {
  std::shared_ptr<const RulePack> pack;
  text::DayNumber as_of = 0;
  Weights weights;
  std::vector<std::string> sections;  // enabled rules' sections, in pack order
  std::vector<PlanAudit> plans;       // input order
  // Findings of portfolio rules that belong to no one plan (an `assert`).
  std::vector<Finding> portfolio_wide;
  std::vector<Diagnostic> diagnostics;
  size_t portfolio_records = 0;
  size_t portfolio_findings = 0;
  double seconds = 0;
  size_t bytes = 0;
};

// Audits `files` (already expanded, see inputs.h); `missing` paths become
// plans with an input error.
AuditResult RunAudit(std::shared_ptr<const RulePack> pack, const std::vector<std::string>& files,
                     const std::vector<std::string>& missing, const AuditOptions& options);

// (Re)computes every plan's counts and scores from its findings.
void Score(AuditResult* result);

// Portfolio summaries.
struct RuleCount {
  uint32_t rule;
  size_t findings = 0;
  size_t plans = 0;
};
struct SectionRisk {
  std::string section;
  double average = 100;  // average section score over readable plans
  size_t plans_with_findings = 0;
};
struct GoLiveRisk {
  size_t plan;  // index in plans
  int days;     // go-live minus as_of
};
struct Summary {
  size_t plans = 0, input_errors = 0;
  size_t findings = 0, errors = 0, warnings = 0, infos = 0, waived = 0;
  double average_score = 0;
  int median_score = 0;
  std::vector<size_t> histogram;            // 10 bins: 0-9, 10-19, ..., 90-100
  std::vector<size_t> worst;                // plan indexes, lowest score first
  std::vector<RuleCount> top_rules;         // most findings first
  std::vector<SectionRisk> sections;        // lowest average first
  std::vector<GoLiveRisk> go_live_at_risk;  // soonest first
};
Summary Summarize(const AuditResult& result, size_t top = 10);

// Outputs.
std::string FormatAuditText(const AuditResult& result, const Summary& summary);
std::string FormatAuditJson(const AuditResult& result, const Summary& summary);
std::string FormatAuditCsv(const AuditResult& result);
std::string FormatAuditHtml(const AuditResult& result, const Summary& summary);
// The same page around JSON that FormatAuditJson already made.
std::string FormatAuditHtmlFromJson(const std::string& json);

}  // namespace planlint::audit

#endif  // PLANLINT_CORE_AUDIT_AUDIT_H_

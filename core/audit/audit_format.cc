// The audit's outputs: a text summary for the terminal, JSON (everything),
// CSV (one row per plan) and the HTML report (audit_html.cc).
#include <algorithm>
#include <cstdio>
#include <string>

#include "core/audit/audit.h"
#include "core/report/json_writer.h"
#include "core/util/strings.h"

namespace planlint::audit {

namespace {

using json_out::BoolField;
using json_out::DoubleField;
using json_out::IntField;
using json_out::JsonWriter;
using json_out::Key;
using json_out::String;
using json_out::StringField;
using json_out::UintField;

std::string Fixed(double d, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, d);
  return buf;
}

std::string Bytes(size_t n) {
  if (n >= 1024 * 1024) return Fixed(static_cast<double>(n) / (1024.0 * 1024.0), 1) + " MB";
  if (n >= 1024) return Fixed(static_cast<double>(n) / 1024.0, 1) + " KB";
  return Cat(n, " bytes");
}

std::string Pad(std::string s, size_t width, bool right = false) {
  if (s.size() >= width) return s;
  std::string pad(width - s.size(), ' ');
  return right ? pad + s : s + pad;
}

std::string Plural(size_t n, std::string_view one, std::string_view many) {
  return Cat(n, " ", n == 1 ? one : many);
}

}  // namespace

std::string FormatAuditText(const AuditResult& result, const Summary& s) {
  const RulePack& pack = *result.pack;
  std::string out;
  Append(&out, "planlint audit: ", Plural(s.plans, "plan", "plans"), " (", Bytes(result.bytes),
         ") in ", Fixed(result.seconds, 2), " s, as of ", text::FormatDate(result.as_of), "\n");
  if (s.input_errors > 0)
    Append(&out, "  ", Plural(s.input_errors, "plan", "plans"), " could not be read (score 0)\n");
  Append(&out, "Findings: ", s.findings, " (", s.errors, " errors, ", s.warnings, " warnings, ",
         s.infos, " info), ", s.waived, " waived; cross-plan rules: ", result.portfolio_findings,
         " findings over ", result.portfolio_records, " kept records\n");
  Append(&out, "Health score: average ", Fixed(s.average_score, 1), ", median ", s.median_score,
         "\n");
  size_t most = std::max<size_t>(1, *std::max_element(s.histogram.begin(), s.histogram.end()));
  for (size_t b = 0; b < s.histogram.size(); ++b) {
    std::string label = b == 9 ? "90-100" : Cat(b * 10, "-", b * 10 + 9);
    size_t bar = (s.histogram[b] * 40 + most - 1) / most;
    Append(&out, "  ", Pad(label, 6, true), " | ", std::string(bar, '#'), s.histogram[b] ? " " : "",
           s.histogram[b] ? Cat(s.histogram[b]) : "", "\n");
  }
  if (!s.worst.empty()) {
    Append(&out, "Worst plans:\n");
    for (size_t i : s.worst) {
      const PlanAudit& p = result.plans[i];
      Append(&out, "  ", Pad(Cat(p.score), 3, true), "  ", p.file,
             p.input_error ? "  (input error)"
                           : Cat("  (", p.errors, " errors, ", p.warnings, " warnings)"),
             "\n");
    }
  }
  if (!s.top_rules.empty()) {
    Append(&out, "Most frequent rules:\n");
    for (const RuleCount& r : s.top_rules) {
      const RuleInfo& info = pack.rules()[r.rule].info;
      Append(&out, "  ", Pad(info.id, 7), Pad(Cat(SeverityName(info.severity)), 8),
             Pad(Cat(r.findings), 6, true), " in ", Pad(Plural(r.plans, "plan ", "plans"), 10),
             "  ", info.name, "\n");
    }
  }
  Append(&out, "Sections most at risk (average section score, plans with findings):\n");
  for (size_t i = 0; i < s.sections.size() && i < 5; ++i) {
    const SectionRisk& r = s.sections[i];
    Append(&out, "  ", Pad(r.section, 20), Pad(Fixed(r.average, 1), 6, true), "  ",
           r.plans_with_findings, "\n");
  }
  Append(&out, "Go-live within ", result.weights.golive_window_days, " days of ",
         text::FormatDate(result.as_of), " with errors: ", s.go_live_at_risk.size(), "\n");
  for (size_t i = 0; i < s.go_live_at_risk.size() && i < 10; ++i) {
    const GoLiveRisk& g = s.go_live_at_risk[i];
    const PlanAudit& p = result.plans[g.plan];
    Append(&out, "  ", text::FormatDate(*p.go_live), " (in ", g.days, " days)  ", p.file, "  ",
           Plural(p.errors, "error", "errors"), "\n");
  }
  for (const Finding& f : result.portfolio_wide) {
    Append(&out, "portfolio: ", f.rule, " ", SeverityName(f.severity), ": ", f.message, "\n");
  }
  if (!result.diagnostics.empty()) {
    Append(&out, Plural(result.diagnostics.size(), "rule evaluation", "rule evaluations"),
           " failed (see --json for each)\n");
  }
  return out;
}

std::string FormatAuditJson(const AuditResult& result, const Summary& s) {
  const RulePack& pack = *result.pack;
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  StringField(w, "as_of", text::FormatDate(result.as_of));
  StringField(w, "pack", pack.name());
  DoubleField(w, "seconds", std::round(result.seconds * 1000) / 1000);
  UintField(w, "bytes", result.bytes);
  Key(w, "weights");
  w.StartObject();
  Key(w, "severity");
  w.StartObject();
  DoubleField(w, "error", result.weights.error);
  DoubleField(w, "warning", result.weights.warning);
  DoubleField(w, "info", result.weights.info);
  w.EndObject();
  DoubleField(w, "section_cap", result.weights.section_cap);
  Key(w, "sections");
  w.StartObject();
  for (const auto& [name, weight] : result.weights.section_weight) {
    Key(w, name);
    w.Double(weight);
  }
  w.EndObject();
  IntField(w, "golive_window_days", result.weights.golive_window_days);
  w.EndObject();
  Key(w, "sections");
  w.StartArray();
  for (const std::string& section : result.sections) String(w, section);
  w.EndArray();
  Key(w, "rules");
  w.StartArray();
  for (const CompiledRule& r : pack.rules()) {
    if (!r.info.enabled) continue;
    w.StartObject();
    StringField(w, "id", r.info.id);
    StringField(w, "name", r.info.name);
    StringField(w, "severity", SeverityName(r.info.severity));
    StringField(w, "section", r.info.section);
    StringField(w, "summary", r.info.summary);
    BoolField(w, "portfolio", r.portfolio);
    w.EndObject();
  }
  w.EndArray();
  Key(w, "plans");
  w.StartArray();
  for (const PlanAudit& p : result.plans) {
    w.StartObject();
    StringField(w, "file", p.file);
    StringField(w, "title", p.title);
    StringField(w, "system_name", p.system_name);
    StringField(w, "status", p.status);
    UintField(w, "bytes", p.bytes);
    IntField(w, "score", p.score);
    UintField(w, "errors", p.errors);
    UintField(w, "warnings", p.warnings);
    UintField(w, "infos", p.infos);
    UintField(w, "waived", p.waived);
    UintField(w, "diagnostics", p.diagnostics);
    Key(w, "go_live");
    if (p.go_live) {
      String(w, text::FormatDate(*p.go_live));
    } else {
      w.Null();
    }
    Key(w, "input_error");
    if (p.input_error) {
      String(w, p.error);
    } else {
      w.Null();
    }
    Key(w, "sections");
    w.StartArray();
    for (const std::optional<int>& score : p.section_scores) {
      if (score) {
        w.Int(*score);
      } else {
        w.Null();
      }
    }
    w.EndArray();
    Key(w, "findings");
    w.StartArray();
    for (const AuditFinding& f : p.findings) {
      w.StartObject();
      StringField(w, "rule", pack.rules()[f.rule].info.id);
      IntField(w, "line", f.line);
      IntField(w, "column", f.column);
      StringField(w, "pointer", f.pointer);
      StringField(w, "message", f.message);
      BoolField(w, "waived", f.waived);
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  Key(w, "portfolio_wide");
  w.StartArray();
  for (const Finding& f : result.portfolio_wide) {
    w.StartObject();
    StringField(w, "rule", f.rule);
    StringField(w, "message", f.message);
    BoolField(w, "waived", f.waived);
    w.EndObject();
  }
  w.EndArray();
  Key(w, "summary");
  w.StartObject();
  UintField(w, "plans", s.plans);
  UintField(w, "input_errors", s.input_errors);
  UintField(w, "findings", s.findings);
  UintField(w, "errors", s.errors);
  UintField(w, "warnings", s.warnings);
  UintField(w, "infos", s.infos);
  UintField(w, "waived", s.waived);
  UintField(w, "portfolio_records", result.portfolio_records);
  UintField(w, "portfolio_findings", result.portfolio_findings);
  DoubleField(w, "average_score", std::round(s.average_score * 10) / 10);
  IntField(w, "median_score", s.median_score);
  Key(w, "histogram");
  w.StartArray();
  for (size_t n : s.histogram) w.Uint64(n);
  w.EndArray();
  Key(w, "worst_plans");
  w.StartArray();
  for (size_t i : s.worst) String(w, result.plans[i].file);
  w.EndArray();
  Key(w, "top_rules");
  w.StartArray();
  for (const RuleCount& r : s.top_rules) {
    w.StartObject();
    StringField(w, "rule", pack.rules()[r.rule].info.id);
    UintField(w, "findings", r.findings);
    UintField(w, "plans", r.plans);
    w.EndObject();
  }
  w.EndArray();
  Key(w, "sections_at_risk");
  w.StartArray();
  for (const SectionRisk& r : s.sections) {
    w.StartObject();
    StringField(w, "section", r.section);
    DoubleField(w, "average_score", std::round(r.average * 10) / 10);
    UintField(w, "plans_with_findings", r.plans_with_findings);
    w.EndObject();
  }
  w.EndArray();
  Key(w, "go_live_at_risk");
  w.StartArray();
  for (const GoLiveRisk& g : s.go_live_at_risk) {
    w.StartObject();
    StringField(w, "file", result.plans[g.plan].file);
    StringField(w, "go_live", text::FormatDate(*result.plans[g.plan].go_live));
    IntField(w, "days", g.days);
    UintField(w, "errors", result.plans[g.plan].errors);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  Key(w, "diagnostics");
  w.StartArray();
  for (const Diagnostic& d : result.diagnostics) {
    json_out::DiagnosticObject(w, d);
  }
  w.EndArray();
  w.EndObject();
  return json_out::TextWithNewline(buffer);
}

namespace {
// RFC 4180: quote a field that holds a comma, quote or line break.
std::string CsvField(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}
}  // namespace

std::string FormatAuditCsv(const AuditResult& result) {
  std::string out =
      "file,title,system_name,status,score,errors,warnings,infos,waived,go_live,input_error";
  for (const std::string& section : result.sections)
    Append(&out, ",", CsvField(Cat("section:", section)));
  out += "\r\n";
  for (const PlanAudit& p : result.plans) {
    Append(&out, CsvField(p.file), ",", CsvField(p.title), ",", CsvField(p.system_name), ",",
           CsvField(p.status), ",", p.score, ",", p.errors, ",", p.warnings, ",", p.infos, ",",
           p.waived, ",", p.go_live ? text::FormatDate(*p.go_live) : "", ",", CsvField(p.error));
    for (const std::optional<int>& score : p.section_scores)
      Append(&out, ",", score ? Cat(*score) : "");
    out += "\r\n";
  }
  return out;
}

}  // namespace planlint::audit

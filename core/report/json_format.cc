// The JSON report (`planlint check --format json`): findings, input errors,
// diagnostics and a summary, written with rapidjson's Writer.
#include "core/report/formats.h"
#include "core/report/json_writer.h"
#include "core/report/summary.h"

namespace planlint {

namespace {
using json_out::BoolField;
using json_out::IntField;
using json_out::JsonWriter;
using json_out::Key;
using json_out::StringField;
using json_out::UintField;
}  // namespace

std::string FormatJson(const std::vector<PlanReport>& reports) {
  return FormatJson(reports, ReportOptions{});
}

std::string FormatJson(const std::vector<PlanReport>& reports, const ReportOptions& options) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  Key(w, "findings");
  w.StartArray();
  for (const PlanReport& r : reports) {
    for (const Finding& f : r.findings) {
      w.StartObject();
      StringField(w, "file", f.file);
      StringField(w, "rule", f.rule);
      StringField(w, "name", f.name);
      StringField(w, "severity", SeverityName(f.severity));
      StringField(w, "message", f.message);
      StringField(w, "pointer", f.pointer);
      IntField(w, "line", f.line);
      IntField(w, "column", f.column);
      StringField(w, "section", f.section);
      BoolField(w, "waived", f.waived);
      StringField(w, "fingerprint", f.fingerprint);
      w.EndObject();
    }
  }
  w.EndArray();
  Key(w, "errors");
  w.StartArray();
  for (const PlanReport& r : reports) {
    if (!r.input_error) continue;
    w.StartObject();
    StringField(w, "file", r.file);
    IntField(w, "line", r.error_line);
    IntField(w, "column", r.error_column);
    StringField(w, "message", r.error);
    w.EndObject();
  }
  w.EndArray();
  Key(w, "diagnostics");
  w.StartArray();
  for (const PlanReport& r : reports) {
    for (const Diagnostic& d : r.diagnostics) {
      json_out::DiagnosticObject(w, d);
    }
  }
  w.EndArray();
  RunSummary s = Summarize(reports);
  Key(w, "summary");
  w.StartObject();
  UintField(w, "files", s.files);
  UintField(w, "findings", s.findings);
  UintField(w, "errors", s.errors);
  UintField(w, "warnings", s.warnings);
  UintField(w, "info", s.infos);
  UintField(w, "waived", s.waived);
  UintField(w, "input_errors", s.input_errors);
  UintField(w, "diagnostics", s.diagnostics);
  if (options.baseline.active) {
    UintField(w, "baselined", options.baseline.baselined);
    UintField(w, "baseline_fixed", options.baseline.fixed);
  }
  Key(w, "by_rule");
  w.StartObject();
  for (const auto& [rule, count] : s.by_rule) {
    Key(w, rule);
    w.Uint64(count);
  }
  w.EndObject();
  w.EndObject();
  w.EndObject();
  return json_out::TextWithNewline(buffer);
}

}  // namespace planlint

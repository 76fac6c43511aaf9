// The JSON report (`planlint check --format json`): findings, input errors,
// diagnostics and a summary, written with rapidjson's Writer.
#include "core/report/formats.h"
#include "core/report/json_writer.h"
#include "core/report/summary.h"

namespace planlint {

namespace {
using json_out::JsonWriter;
using json_out::Key;
using json_out::String;
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
      Key(w, "file");
      String(w, f.file);
      Key(w, "rule");
      String(w, f.rule);
      Key(w, "name");
      String(w, f.name);
      Key(w, "severity");
      String(w, SeverityName(f.severity));
      Key(w, "message");
      String(w, f.message);
      Key(w, "pointer");
      String(w, f.pointer);
      Key(w, "line");
      w.Int(f.line);
      Key(w, "column");
      w.Int(f.column);
      Key(w, "section");
      String(w, f.section);
      Key(w, "waived");
      w.Bool(f.waived);
      Key(w, "fingerprint");
      String(w, f.fingerprint);
      w.EndObject();
    }
  }
  w.EndArray();
  Key(w, "errors");
  w.StartArray();
  for (const PlanReport& r : reports) {
    if (!r.input_error) continue;
    w.StartObject();
    Key(w, "file");
    String(w, r.file);
    Key(w, "line");
    w.Int(r.error_line);
    Key(w, "column");
    w.Int(r.error_column);
    Key(w, "message");
    String(w, r.error);
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
  Key(w, "files");
  w.Uint64(s.files);
  Key(w, "findings");
  w.Uint64(s.findings);
  Key(w, "errors");
  w.Uint64(s.errors);
  Key(w, "warnings");
  w.Uint64(s.warnings);
  Key(w, "info");
  w.Uint64(s.infos);
  Key(w, "waived");
  w.Uint64(s.waived);
  Key(w, "input_errors");
  w.Uint64(s.input_errors);
  Key(w, "diagnostics");
  w.Uint64(s.diagnostics);
  if (options.baseline.active) {
    Key(w, "baselined");
    w.Uint64(options.baseline.baselined);
    Key(w, "baseline_fixed");
    w.Uint64(options.baseline.fixed);
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
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

}  // namespace planlint

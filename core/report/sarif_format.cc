// SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format), the format
// code scanning services (GitHub's among them) take. Columns count Unicode
// code points, so the run says columnKind "unicodeCodePoints".
#include <map>

#include "core/report/formats.h"
#include "core/report/json_writer.h"
#include "core/report/summary.h"
#include "core/util/strings.h"

namespace planlint {

namespace {

using json_out::BoolField;
using json_out::IntField;
using json_out::JsonWriter;
using json_out::Key;
using json_out::String;
using json_out::StringField;
using json_out::UintField;

void Message(JsonWriter& w, std::string_view text) {
  Key(w, "message");
  w.StartObject();
  StringField(w, "text", text.empty() ? std::string_view("(no message)") : text);
  w.EndObject();
}

std::string_view Level(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "note";
  }
  return "error";
}

// A file path as a URI reference: relative paths stay relative (to the
// folder the run started in, which code scanning takes as the checkout);
// absolute ones become file:// URIs. Bytes outside the unreserved set are
// percent-encoded.
std::string FileUri(std::string path) {
  while (path.starts_with("./")) path = path.substr(2);
  std::string out = path.starts_with("/") ? "file://" : "";
  static const char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : path) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (plain) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// `finish-before-start` -> `FinishBeforeStart`: SARIF's rule names are
// identifiers in Pascal case; the kebab-case name stays in properties.
std::string PascalName(std::string_view kebab) {
  std::string out;
  bool upper = true;
  for (char c : kebab) {
    if (c == '-') {
      upper = true;
      continue;
    }
    out.push_back(upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
    upper = false;
  }
  return out;
}

void Location(JsonWriter& w, const std::string& file, int line, int column,
              std::string_view pointer, bool with_pointer) {
  w.StartObject();
  Key(w, "physicalLocation");
  w.StartObject();
  Key(w, "artifactLocation");
  w.StartObject();
  StringField(w, "uri", FileUri(file));
  w.EndObject();
  if (line > 0) {
    Key(w, "region");
    w.StartObject();
    IntField(w, "startLine", line);
    if (column > 0) {
      IntField(w, "startColumn", column);
    }
    w.EndObject();
  }
  w.EndObject();
  if (with_pointer) {
    Key(w, "logicalLocations");
    w.StartArray();
    w.StartObject();
    StringField(w, "fullyQualifiedName", pointer.empty() ? std::string_view("/") : pointer);
    StringField(w, "kind", "member");
    w.EndObject();
    w.EndArray();
  }
  w.EndObject();
}

std::string HelpText(const RuleInfo& r) {
  std::string text = Cat(r.summary, "\n\n", r.description);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  Append(&text, "\n\nChecks: ", r.selector);
  if (!r.example_fail.empty()) Append(&text, "\n\nExample that trips it:\n", r.example_fail);
  if (!r.example_pass.empty()) Append(&text, "\n\nExample that passes:\n", r.example_pass);
  Append(&text, "\n\nRun `planlint explain ", r.id, "` for more.");
  return text;
}

}  // namespace

std::string FormatSarif(const std::vector<PlanReport>& reports, const ReportOptions& options) {
  // Rules: those that ran, plus any a finding names that is not among them.
  std::vector<RuleInfo> rules = options.rules;
  std::map<std::string, int> index;
  for (size_t i = 0; i < rules.size(); ++i) index.emplace(rules[i].id, static_cast<int>(i));
  for (const PlanReport& r : reports) {
    for (const Finding& f : r.findings) {
      if (index.contains(f.rule)) continue;
      RuleInfo info;
      info.id = f.rule;
      info.name = f.name;
      info.severity = f.severity;
      info.section = f.section;
      info.summary = f.message;
      index.emplace(f.rule, static_cast<int>(rules.size()));
      rules.push_back(std::move(info));
    }
  }
  RunSummary summary = Summarize(reports);

  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  StringField(w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
  StringField(w, "version", "2.1.0");
  Key(w, "runs");
  w.StartArray();
  w.StartObject();

  Key(w, "tool");
  w.StartObject();
  Key(w, "driver");
  w.StartObject();
  StringField(w, "name", "planlint");
  StringField(w, "version", kPlanlintVersion);
  StringField(w, "semanticVersion", kPlanlintVersion);
  StringField(w, "informationUri", "https://planlint.dev/");
  Key(w, "rules");
  w.StartArray();
  for (const RuleInfo& r : rules) {
    w.StartObject();
    StringField(w, "id", r.id);
    StringField(w, "name", PascalName(r.name));
    Key(w, "shortDescription");
    w.StartObject();
    StringField(w, "text", r.summary.empty() ? r.id : r.summary);
    w.EndObject();
    Key(w, "fullDescription");
    w.StartObject();
    Key(w, "text");
    std::string full = r.description.empty() ? r.summary : r.description;
    while (!full.empty() && full.back() == '\n') full.pop_back();
    String(w, full.empty() ? r.id : full);
    w.EndObject();
    Key(w, "help");
    w.StartObject();
    StringField(w, "text", HelpText(r));
    w.EndObject();
    Key(w, "defaultConfiguration");
    w.StartObject();
    StringField(w, "level", Level(r.severity));
    w.EndObject();
    Key(w, "properties");
    w.StartObject();
    StringField(w, "planlintName", r.name);
    Key(w, "tags");
    w.StartArray();
    if (!r.section.empty()) String(w, r.section);
    w.EndArray();
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();  // driver
  w.EndObject();  // tool

  Key(w, "invocations");
  w.StartArray();
  w.StartObject();
  BoolField(w, "executionSuccessful", summary.input_errors == 0);
  Key(w, "toolExecutionNotifications");
  w.StartArray();
  for (const PlanReport& r : reports) {
    if (r.input_error) {
      w.StartObject();
      StringField(w, "level", "error");
      Message(w, r.error);
      Key(w, "locations");
      w.StartArray();
      Location(w, r.file, r.error_line, r.error_column, "", false);
      w.EndArray();
      w.EndObject();
    }
    for (const Diagnostic& d : r.diagnostics) {
      w.StartObject();
      StringField(w, "level", "warning");
      Message(w, Cat(d.rule, " could not be evaluated at '", d.pointer, "': ", d.message));
      Key(w, "locations");
      w.StartArray();
      Location(w, d.file, 0, 0, d.pointer, true);
      w.EndArray();
      if (index.contains(d.rule)) {
        Key(w, "associatedRule");
        w.StartObject();
        StringField(w, "id", d.rule);
        IntField(w, "index", index[d.rule]);
        w.EndObject();
      }
      w.EndObject();
    }
  }
  w.EndArray();
  w.EndObject();
  w.EndArray();

  StringField(w, "columnKind", "unicodeCodePoints");

  Key(w, "results");
  w.StartArray();
  for (const PlanReport& r : reports) {
    for (const Finding& f : r.findings) {
      w.StartObject();
      StringField(w, "ruleId", f.rule);
      IntField(w, "ruleIndex", index[f.rule]);
      StringField(w, "level", Level(f.severity));
      Message(w, f.message);
      Key(w, "locations");
      w.StartArray();
      Location(w, f.file, f.line, f.column, f.pointer, true);
      w.EndArray();
      if (!f.fingerprint.empty()) {
        Key(w, "partialFingerprints");
        w.StartObject();
        StringField(w, "planlintFingerprint/v1", Cat(f.pointer, "#", f.fingerprint));
        w.EndObject();
      }
      if (f.waived) {
        Key(w, "suppressions");
        w.StartArray();
        w.StartObject();
        StringField(w, "kind", "inSource");
        StringField(w, "status", "accepted");
        StringField(w, "justification", "Waived by an entry of the plan's waivers section.");
        w.EndObject();
        w.EndArray();
      }
      Key(w, "properties");
      w.StartObject();
      StringField(w, "pointer", f.pointer);
      StringField(w, "section", f.section);
      w.EndObject();
      w.EndObject();
    }
  }
  w.EndArray();

  Key(w, "properties");
  w.StartObject();
  StringField(w, "summary", SummaryLine(reports, options.baseline));
  if (options.baseline.active) {
    UintField(w, "baselined", options.baseline.baselined);
    UintField(w, "baselineFixed", options.baseline.fixed);
  }
  w.EndObject();

  w.EndObject();  // run
  w.EndArray();
  w.EndObject();
  return json_out::TextWithNewline(buffer);
}

}  // namespace planlint

// Helpers over rapidjson's Writer shared by the JSON-based outputs (the JSON
// report, SARIF, the audit's JSON): strings and keys from string views, and
// the one shape of a rule diagnostic they all write.
#ifndef PLANLINT_CORE_REPORT_JSON_WRITER_H_
#define PLANLINT_CORE_REPORT_JSON_WRITER_H_

#include <string_view>

#include "core/engine/finding.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace planlint::json_out {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

inline void String(JsonWriter& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

inline void Key(JsonWriter& w, std::string_view s) {
  w.Key(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

// {"file", "rule", "pointer", "message"}: a rule that could not be evaluated.
inline void DiagnosticObject(JsonWriter& w, const Diagnostic& d) {
  w.StartObject();
  Key(w, "file");
  String(w, d.file);
  Key(w, "rule");
  String(w, d.rule);
  Key(w, "pointer");
  String(w, d.pointer);
  Key(w, "message");
  String(w, d.message);
  w.EndObject();
}

}  // namespace planlint::json_out

#endif  // PLANLINT_CORE_REPORT_JSON_WRITER_H_

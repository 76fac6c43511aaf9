// Helpers over rapidjson's writers shared by the JSON-based outputs (the JSON
// report, SARIF, the audit's JSON, `planlint rules --format json`): strings
// and keys from string views, one call per object member ("key": value), and
// the one shape of a rule diagnostic they all write. They take any rapidjson
// writer (Writer or PrettyWriter).
#ifndef PLANLINT_CORE_REPORT_JSON_WRITER_H_
#define PLANLINT_CORE_REPORT_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "core/engine/finding.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace planlint::json_out {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// The buffer's JSON text and a final newline, copied once into a string of
// exactly that size: `std::string(...) + "\n"` made a second copy of twice
// the size, which for a report of many findings is hundreds of megabytes.
inline std::string TextWithNewline(const rapidjson::StringBuffer& buffer) {
  std::string out;
  out.reserve(buffer.GetSize() + 1);
  out.append(buffer.GetString(), buffer.GetSize());
  out.push_back('\n');
  return out;
}

template <typename Writer>
inline void String(Writer& w, std::string_view s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

template <typename Writer>
inline void Key(Writer& w, std::string_view s) {
  w.Key(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

// One object member each: the key, then a value of the type the name says.
template <typename Writer>
inline void StringField(Writer& w, std::string_view key, std::string_view value) {
  Key(w, key);
  String(w, value);
}

template <typename Writer>
inline void IntField(Writer& w, std::string_view key, int value) {
  Key(w, key);
  w.Int(value);
}

template <typename Writer>
inline void UintField(Writer& w, std::string_view key, uint64_t value) {
  Key(w, key);
  w.Uint64(value);
}

template <typename Writer>
inline void BoolField(Writer& w, std::string_view key, bool value) {
  Key(w, key);
  w.Bool(value);
}

template <typename Writer>
inline void DoubleField(Writer& w, std::string_view key, double value) {
  Key(w, key);
  w.Double(value);
}

// {"file", "rule", "pointer", "message"}: a rule that could not be evaluated.
inline void DiagnosticObject(JsonWriter& w, const Diagnostic& d) {
  w.StartObject();
  StringField(w, "file", d.file);
  StringField(w, "rule", d.rule);
  StringField(w, "pointer", d.pointer);
  StringField(w, "message", d.message);
  w.EndObject();
}

}  // namespace planlint::json_out

#endif  // PLANLINT_CORE_REPORT_JSON_WRITER_H_

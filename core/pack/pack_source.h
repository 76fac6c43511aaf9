// Stage 1 of a pack's life: YAML text -> PackSpec, a faithful, unchecked
// record of what the pack says, with the file, line and column of every
// expression so that later stages can point at problems.
#ifndef PLANLINT_CORE_PACK_PACK_SOURCE_H_
#define PLANLINT_CORE_PACK_PACK_SOURCE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace YAML {
class Exception;
class Node;
}  // namespace YAML

namespace planlint {

// A problem in a pack or configuration file, reported as FILE:LINE:COL: text.
struct PackProblem {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
  std::string ToString() const;
  bool operator==(const PackProblem&) const = default;
};

// A YAML value kept as plain data (the pack's options and schema): null, a
// scalar, a list or a mapping, with where it was written. Keeps PackSpec
// free of yaml-cpp nodes, so that it can be copied, compared and serialized
// (core/pack/pack_spec_codec.h).
struct SpecValue {
  enum class Kind : uint8_t { kNull, kScalar, kList, kMap };
  Kind kind = Kind::kNull;
  // A quoted scalar ('x' or "x"): always text, never a number or a boolean.
  bool quoted = false;
  int line = 0;    // 1-based (0: not from a file)
  int column = 0;  // 1-based
  std::string scalar;
  // A list's items; a mapping's values, in the order written.
  std::vector<SpecValue> items;
  // A mapping's keys, parallel to `items` ("" for a key that is not a scalar).
  std::vector<std::string> keys;

  bool IsNull() const { return kind == Kind::kNull; }
  bool IsScalar() const { return kind == Kind::kScalar; }
  bool IsList() const { return kind == Kind::kList; }
  bool IsMap() const { return kind == Kind::kMap; }
  // The value of the first `key` of a mapping; nullptr when there is none.
  const SpecValue* Find(std::string_view key) const;
  // Replaces the value of the first `key`, or appends it; a null value
  // becomes an empty mapping first (as a yaml-cpp node does).
  void Set(const std::string& key, SpecValue value);
  bool operator==(const SpecValue&) const = default;
};

// A yaml-cpp node as a SpecValue (a quoted scalar has the tag "!").
SpecValue SpecValueFromYaml(const YAML::Node& node);

// A YAML document that cannot be read as plain data: an alias inside the
// node it names (a cycle, which expands forever), or anchors and aliases
// that make a few lines stand for a huge tree ("billion laughs"). Readers
// check a document with CheckYamlExpansion before they walk it, so no walk
// recurses without end or expands without bound.
struct YamlExpansionProblem {
  int line = 0;    // 1-based, of the node reached when the problem was found
  int column = 0;  // 1-based
  std::string message;
};

// Walks `root` with its aliases expanded, without recursion; stops at the
// first alias cycle, or when the expanded tree has more nodes and scalar
// bytes than a file of `text_size` bytes could hold written out, many times
// over (at least a few million).
std::optional<YamlExpansionProblem> CheckYamlExpansion(const YAML::Node& root, size_t text_size);

// What a yaml-cpp exception says, for "FILE:LINE:COL: YAML: ...". yaml-cpp
// reports a document nested past its recursion limit as "bad file", which
// names the wrong problem.
std::string YamlErrorMessage(const YAML::Exception& e);

// The lines of a pack file (without their '\n'), shared by every
// SourceText read from it. Split when first asked for: only placing an
// error in a folded scalar needs them. Thread-safe.
class SourceLines {
 public:
  // Lines viewing `text` itself, for text that lives as long as the process
  // (the embedded built-in pack).
  static std::shared_ptr<const SourceLines> Static(std::string_view text);
  // Lines viewing a copy of `text` that they own.
  static std::shared_ptr<const SourceLines> Owned(std::string text);

  size_t size() const { return lines().size(); }
  std::string_view operator[](size_t i) const { return lines()[i]; }
  // Same file contents.
  bool operator==(const SourceLines& other) const { return text_ == other.text_; }

 private:
  const std::vector<std::string_view>& lines() const;

  std::string owned_;
  std::string_view text_;
  mutable absl::once_flag split_once_;
  mutable std::vector<std::string_view> lines_;
};

// One expression (or selector, or message) as written, and where.
struct SourceText {
  std::string text;
  std::string file;
  int line = 0;    // 1-based line of the text's first character
  int column = 0;  // 1-based column of the text's first character
  // How the YAML scalar was written: 'p' plain, '"' or '\'' quoted, '|' or
  // '>' block. Used to map an offset in the text back to a line and column.
  char style = 'p';
  // The lines of the file, to find an offset of a scalar whose lines YAML
  // folded (plain and quoted scalars over several lines, '>' blocks).
  std::shared_ptr<const SourceLines> lines;
  // 1-based line and column of byte `offset` of `text`.
  PackProblem At(size_t offset, std::string message) const;
  // Equal texts from the same place (`lines` compared by content).
  bool operator==(const SourceText& other) const;
};

struct RuleSpec {
  std::string file;
  int line = 0;
  int column = 0;
  // Where the id, name and severity values are (0: not given).
  int id_line = 0, id_column = 0;
  int name_line = 0, name_column = 0;
  int severity_line = 0, severity_column = 0;
  std::string id, name, severity, section, summary, description, stage;
  std::vector<SourceText> selectors;
  std::vector<std::pair<std::string, SourceText>> lets;
  std::optional<SourceText> when, assert_expr, each, at;
  std::optional<SourceText> message;
  SpecValue options;
  bool waivable = true;
  std::string example_fail, example_pass;
  // Portfolio scope (`scope: portfolio`): `keep` is evaluated once per plan
  // and the rule's `assert`/`each` once over all plans' records.
  std::string scope;
  std::optional<SourceText> keep;
  bool operator==(const RuleSpec&) const = default;
};

struct FunctionSpec {
  std::string name;
  std::vector<std::string> params;
  SourceText body;
  bool operator==(const FunctionSpec&) const = default;
};

struct SuppressionSpec {
  std::vector<SourceText> selectors;
  std::optional<SourceText> when;
  SourceText rule;
  SourceText path;
  bool operator==(const SuppressionSpec&) const = default;
};

struct OverrideSpec {
  std::string file;
  int line = 0;
  int column = 0;
  std::optional<bool> enabled;
  std::optional<std::string> severity;
  SpecValue options;
  bool operator==(const OverrideSpec&) const = default;
};

struct PackSpec {
  std::string name;
  std::string description;
  std::string file;
  std::optional<std::string> extends;
  SpecValue schema;
  std::string schema_file;
  SpecValue options;
  std::vector<FunctionSpec> functions;
  std::vector<SuppressionSpec> suppressions;
  std::vector<RuleSpec> rules;
  std::map<std::string, OverrideSpec> overrides;
  // Field by field; a field added to these records must be added to
  // core/pack/pack_spec_codec.cc too (its test compares with this).
  bool operator==(const PackSpec&) const = default;
};

// Reads a file a pack names (an include), relative to the pack; returns
// nullopt when it cannot.
using PackFileReader = std::function<std::optional<std::string>(const std::string& name)>;

// Parses a pack file and its includes. Every problem found is appended to
// `problems`; the spec holds whatever could be read.
PackSpec ReadPackSpec(const std::string& file, const std::string& text, const PackFileReader& read,
                      std::vector<PackProblem>* problems);

// Converts problems to a Status whose message lists them one per line.
absl::Status ProblemsToStatus(const std::vector<PackProblem>& problems, std::string_view what);

}  // namespace planlint

#endif  // PLANLINT_CORE_PACK_PACK_SOURCE_H_

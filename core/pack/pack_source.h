// Stage 1 of a pack's life: YAML text -> PackSpec, a faithful, unchecked
// record of what the pack says, with the file, line and column of every
// expression so that later stages can point at problems.
#ifndef PLANLINT_CORE_PACK_PACK_SOURCE_H_
#define PLANLINT_CORE_PACK_PACK_SOURCE_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "yaml-cpp/yaml.h"

namespace planlint {

// A problem in a pack or configuration file, reported as FILE:LINE:COL: text.
struct PackProblem {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
  std::string ToString() const;
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
  std::shared_ptr<const std::vector<std::string>> lines;
  // 1-based line and column of byte `offset` of `text`.
  PackProblem At(size_t offset, std::string message) const;
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
  YAML::Node options;
  bool waivable = true;
  std::string example_fail, example_pass;
  // Portfolio scope (`scope: portfolio`): `keep` is evaluated once per plan
  // and the rule's `assert`/`each` once over all plans' records.
  std::string scope;
  std::optional<SourceText> keep;
};

struct FunctionSpec {
  std::string name;
  std::vector<std::string> params;
  SourceText body;
};

struct SuppressionSpec {
  std::vector<SourceText> selectors;
  std::optional<SourceText> when;
  SourceText rule;
  SourceText path;
};

struct OverrideSpec {
  std::string file;
  int line = 0;
  int column = 0;
  std::optional<bool> enabled;
  std::optional<std::string> severity;
  YAML::Node options;
};

struct PackSpec {
  std::string name;
  std::string description;
  std::string file;
  std::optional<std::string> extends;
  YAML::Node schema;
  std::string schema_file;
  YAML::Node options;
  std::vector<FunctionSpec> functions;
  std::vector<SuppressionSpec> suppressions;
  std::vector<RuleSpec> rules;
  std::map<std::string, OverrideSpec> overrides;
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

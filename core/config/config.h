// A plan repository's configuration: `.planlint.yaml`, found by walking up
// from each checked file to the repository root. It maps onto PackSettings
// (pack/rule_pack.h) plus what a run needs besides the pack (as_of,
// fail_on, per-path ignores). docs/repositories.md is the reference.
#ifndef PLANLINT_CORE_CONFIG_CONFIG_H_
#define PLANLINT_CORE_CONFIG_CONFIG_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/pack/pack_source.h"
#include "core/pack/rule.h"
#include "core/pack/rule_pack.h"
#include "core/text/date.h"
#include "yaml-cpp/yaml.h"

namespace planlint {

inline constexpr char kConfigFileName[] = ".planlint.yaml";

// Where a value was written in the configuration file (1-based).
struct ConfigMark {
  int line = 0;
  int column = 0;
};

// A rule reference (id, id prefix or name) and where it was written.
struct RuleRef {
  std::string text;
  ConfigMark mark;
};

struct PathIgnore {
  std::string pattern;  // glob, relative to the configuration's folder
  std::vector<RuleRef> rules;
  ConfigMark mark;
};

struct Config {
  // The configuration file ("" when none was found: all defaults) and its
  // folder, which per-path patterns and `extends` paths are relative to.
  std::string file;
  std::string dir = ".";

  // Pack files loaded over the built-in `imp` pack, as written and as
  // resolved against `dir`.
  std::vector<RuleRef> extends;
  std::vector<std::string> extends_paths;
  // From the command line (--rules): pack files that replace the built-in
  // pack (the first is the base, the rest extend it). Set only by overrides.
  std::vector<std::string> rule_files;

  std::vector<RuleRef> select;
  std::vector<RuleRef> ignore;
  std::vector<PathIgnore> per_path_ignores;
  std::vector<std::pair<RuleRef, Severity>> severity;
  // Rule (id or name) -> option overrides (a YAML mapping).
  std::vector<std::pair<RuleRef, YAML::Node>> rule_options;
  // Pack-wide option overrides (a YAML mapping, or null).
  YAML::Node pack_options;
  std::optional<text::DayNumber> as_of;
  Severity fail_on = Severity::kError;

  // Which values came from the command line rather than the file, for
  // `planlint config`.
  bool select_from_cli = false, ignore_from_cli = false, as_of_from_cli = false,
       fail_on_from_cli = false;
};

// What the command line says; each set value replaces the file's.
struct ConfigOverrides {
  std::optional<std::vector<std::string>> rule_files;
  std::optional<std::vector<std::string>> select;
  std::optional<std::vector<std::string>> ignore;
  std::optional<text::DayNumber> as_of;
  std::optional<Severity> fail_on;
};

// The configuration file that governs `path` (a file or folder): the first
// `.planlint.yaml` in its folder or a parent, stopping at the repository
// root (the first folder holding `.git`) or the filesystem root. "" when
// there is none.
std::string FindConfigFile(const std::string& path);

// Parses configuration text. Every problem (FILE:LINE:COL) is appended to
// `problems`; the result holds whatever could be read.
Config ParseConfig(const std::string& file, const std::string& text,
                   std::vector<PackProblem>* problems);

// Reads and parses a configuration file; all problems in one status.
absl::StatusOr<Config> LoadConfig(const std::string& file);
// Reads and parses a configuration file, appending problems (an unreadable
// file is one) so that they can be reported with those ValidateConfig finds.
Config ReadConfigFile(const std::string& file, std::vector<PackProblem>* problems);

// Problems of one or more configurations, in file and line order, as one
// status ("configuration refused (N problems):" then one per line).
absl::Status ConfigProblemsToStatus(std::vector<PackProblem> problems);

void ApplyOverrides(const ConfigOverrides& overrides, Config* config);

// The pack settings the configuration asks for, before per-path ignores.
// `base` is the pack loaded without settings (to expand id prefixes).
PackSettings SettingsFor(const Config& config, const RulePack& base);

// Settings without rule selection: what `base` is compiled with.
PackSettings BaseSettings(const Config& config);

// Loads the pack a configuration names (built-in, `extends` or --rules)
// with `settings`.
absl::StatusOr<std::shared_ptr<const RulePack>> LoadConfiguredPack(const Config& config,
                                                                   const PackSettings& settings);

// Checks every rule reference and option of the configuration against the
// pack it loads; problems point into the configuration file.
void ValidateConfig(const Config& config, const RulePack& base, std::vector<PackProblem>* problems);

// The rules that per-path ignores switch off for `path` (a plan file).
std::vector<std::string> PathIgnoresFor(const Config& config, const std::string& path);

// Whether `relative` (a '/'-separated path) matches glob `pattern`: `*` and
// `?` stay within one path segment, `**` crosses segments, `[...]` is a
// character class; a pattern without '/' matches the file name at any depth;
// a pattern ending in '/' matches everything below that folder.
bool GlobMatch(const std::string& pattern, const std::string& relative);

// `planlint config`: the resolved configuration as YAML.
std::string DumpConfig(const Config& config, const std::string& path_for_ignores);

}  // namespace planlint

#endif  // PLANLINT_CORE_CONFIG_CONFIG_H_

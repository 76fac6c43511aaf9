// The `planlint` command's subcommands. Each lives in its own file and
// registers itself on the CLI11 app; main.cc only wires them up.
#ifndef PLANLINT_CLI_COMMANDS_H_
#define PLANLINT_CLI_COMMANDS_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "core/config/config.h"
#include "core/pack/rule_pack.h"
#include "core/text/date.h"

namespace planlint::cli {

inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitUsage = 2;

// Comma-separated values of repeatable options, flattened.
std::vector<std::string> SplitList(const std::vector<std::string>& values);
// The built-in pack, or the given pack files (the first extended by the rest).
absl::StatusOr<std::shared_ptr<const RulePack>> LoadPack(const std::vector<std::string>& rule_files,
                                                         PackSettings settings);
// Parses --as-of; prints an error and sets *ok = false when it is not a date.
std::optional<text::DayNumber> ParseAsOf(const std::string& s, bool* ok);

// --rules, --select and --ignore, the same on every command that checks
// plans; each flag takes one value and may be repeated.
void AddPackOptions(CLI::App* cmd, std::vector<std::string>* rules,
                    std::vector<std::string>* select, std::vector<std::string>* ignore);

// The command-line options that override a configuration file (only those
// given); prints an error and returns false on a bad date or severity.
bool FillOverrides(const CLI::App& cmd, const std::vector<std::string>& rules,
                   const std::vector<std::string>& select, const std::vector<std::string>& ignore,
                   const std::string& as_of, const std::string& fail_on, ConfigOverrides* out);
// Colour for standard output: only on a terminal, and never when NO_COLOR
// is set to a non-empty value (https://no-color.org).
bool UseColor();
// Writes `text` to `path` ("" or "-": standard output); prints an error and
// returns false when it cannot.
bool WriteOutput(const std::string& path, const std::string& text);

// Each adds one subcommand; when it runs, its exit code goes to *exit_code.
void AddCheckCommand(CLI::App& app, int* exit_code);
void AddRulesCommands(CLI::App& app, int* exit_code);
void AddEvalCommand(CLI::App& app, int* exit_code);
void AddBaselineCommand(CLI::App& app, int* exit_code);
void AddConfigCommand(CLI::App& app, int* exit_code);
void AddSchemaCommand(CLI::App& app, int* exit_code);
void AddAuditCommand(CLI::App& app, int* exit_code);

}  // namespace planlint::cli

#endif  // PLANLINT_CLI_COMMANDS_H_

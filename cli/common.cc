#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "absl/strings/str_split.h"
#include "cli/commands.h"

namespace planlint::cli {

std::vector<std::string> SplitList(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& v : values) {
    for (absl::string_view part : absl::StrSplit(v, ',', absl::SkipWhitespace())) {
      out.emplace_back(part.data(), part.size());
    }
  }
  return out;
}

absl::StatusOr<std::shared_ptr<const RulePack>> LoadPack(const std::vector<std::string>& rule_files,
                                                         PackSettings settings) {
  if (rule_files.empty()) return RulePack::Builtin(settings);
  settings.extra_packs.assign(rule_files.begin() + 1, rule_files.end());
  return RulePack::FromFile(rule_files[0], settings);
}

std::optional<text::DayNumber> ParseAsOf(const std::string& s, bool* ok) {
  *ok = true;
  if (s.empty()) return std::nullopt;
  std::optional<text::DayNumber> d = text::ParseDate(s);
  if (!d) {
    std::cerr << "planlint: --as-of '" << s << "' is not a date (YYYY-MM-DD)\n";
    *ok = false;
  }
  return d;
}

void AddPackOptions(CLI::App* cmd, std::vector<std::string>* rules,
                    std::vector<std::string>* select, std::vector<std::string>* ignore) {
  cmd->add_option("--rules", *rules, "Rule pack YAML file (repeatable; default: built-in imp)")
      ->allow_extra_args(false);
  cmd->add_option("--select", *select, "Only these rule ids, prefixes or names (comma-separated)")
      ->allow_extra_args(false);
  cmd->add_option("--ignore", *ignore, "Skip these rule ids, prefixes or names (comma-separated)")
      ->allow_extra_args(false);
}

bool FillOverrides(const CLI::App& cmd, const std::vector<std::string>& rules,
                   const std::vector<std::string>& select, const std::vector<std::string>& ignore,
                   const std::string& as_of, const std::string& fail_on, ConfigOverrides* out) {
  if (!rules.empty()) out->rule_files = rules;
  if (cmd.count("--select") > 0) out->select = SplitList(select);
  if (cmd.count("--ignore") > 0) out->ignore = SplitList(ignore);
  if (!as_of.empty()) {
    bool ok = true;
    out->as_of = ParseAsOf(as_of, &ok);
    if (!ok) return false;
  }
  if (!fail_on.empty()) {
    out->fail_on = ParseSeverity(fail_on);
    if (!out->fail_on) {
      std::cerr << "planlint: --fail-on must be error, warning or info\n";
      return false;
    }
  }
  return true;
}

bool UseColor() {
  const char* no_color = std::getenv("NO_COLOR");
  return isatty(STDOUT_FILENO) && (no_color == nullptr || no_color[0] == '\0');
}

bool WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    std::cout << text;
    std::cout.flush();
    return true;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out << text;
  if (!out) {
    std::cerr << "planlint: cannot write " << path << "\n";
    return false;
  }
  return true;
}

}  // namespace planlint::cli

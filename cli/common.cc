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

}  // namespace planlint::cli

// What a rule is, as people see it: identity, severity and documentation.
// The compiled, hot part of a rule lives in compiled_pack.h.
#ifndef PLANLINT_CORE_PACK_RULE_H_
#define PLANLINT_CORE_PACK_RULE_H_

#include <optional>
#include <string>
#include <string_view>

namespace planlint {

enum class Severity { kInfo = 0, kWarning = 1, kError = 2 };

std::string_view SeverityName(Severity s);
std::optional<Severity> ParseSeverity(std::string_view s);

struct RuleInfo {
  std::string id;
  std::string name;
  Severity severity = Severity::kError;
  std::string section;
  std::string summary;
  std::string description;
  // The rule's `for` selectors, as written.
  std::string selector;
  // Example plans from the pack (`examples:`), JSON text.
  std::string example_fail;
  std::string example_pass;
  // Options after configuration, as JSON text ("{}" when none).
  std::string options_json;
  // Where the rule is defined.
  std::string file;
  int line = 0;
  bool enabled = true;
  bool waivable = true;
  // `scope: portfolio`: evaluated by the audit over all plans' records
  // (core/engine/portfolio.h), never by the per-plan Checker.
  bool portfolio = false;
};

}  // namespace planlint

#endif  // PLANLINT_CORE_PACK_RULE_H_

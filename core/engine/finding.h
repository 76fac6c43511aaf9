// What a check produces: findings (a rule tripped at a node), diagnostics
// (a rule could not be evaluated), and per-plan reports.
#ifndef PLANLINT_CORE_ENGINE_FINDING_H_
#define PLANLINT_CORE_ENGINE_FINDING_H_

#include <string>
#include <vector>

#include "core/pack/rule.h"

namespace planlint {

struct Finding {
  std::string rule;  // id
  std::string name;
  Severity severity = Severity::kError;
  std::string message;
  std::string file;
  std::string pointer;  // RFC 6901
  int line = 0;
  int column = 0;
  bool waived = false;
  std::string section;
  // A digest of the offending value and the message (engine/fingerprint.h):
  // what a baseline recognises the finding by, whatever line it moves to.
  std::string fingerprint;
};

// A rule whose expression failed (or ran over its cost limit) on a node: no
// finding, but the user is told.
struct Diagnostic {
  std::string rule;
  std::string file;
  std::string pointer;
  std::string message;
};

// Everything about one checked input.
struct PlanReport {
  std::string file;
  // Set when the input could not be checked (not JSON, not a plan,
  // unreadable); then there are no findings.
  bool input_error = false;
  std::string error;  // "FILE:LINE:COL: message"
  int error_line = 0;
  int error_column = 0;
  std::vector<Finding> findings;
  std::vector<Diagnostic> diagnostics;
  size_t bytes = 0;
};

}  // namespace planlint

#endif  // PLANLINT_CORE_ENGINE_FINDING_H_

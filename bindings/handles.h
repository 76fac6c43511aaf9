// The C++ objects the Python package holds through planlint._core, shared by
// the binding files (module.cc: packs, plans, checks; audit.cc: audits).
#ifndef PLANLINT_BINDINGS_HANDLES_H_
#define PLANLINT_BINDINGS_HANDLES_H_

#include <pybind11/pybind11.h>

#include <memory>
#include <optional>
#include <string>

#include "core/pack/rule_pack.h"
#include "core/text/date.h"

namespace planlint::python {

// A compiled, immutable rule pack (planlint.RulePack keeps one).
struct Pack {
  std::shared_ptr<const RulePack> pack;
};

// The reference date from Python's "YYYY-MM-DD" (None: today); raises
// ValueError when it is not a date.
std::optional<text::DayNumber> AsOf(const std::optional<std::string>& as_of);

// Adds the audit functions to the module (bindings/audit.cc).
void DefineAudit(pybind11::module_& m);

}  // namespace planlint::python

#endif  // PLANLINT_BINDINGS_HANDLES_H_

// Conversions between Python objects and planlint's C++ values: a Python
// dict -> Plan (built node by node with PlanBuilder, no JSON text), an
// expression Value -> Python object, and Python option values -> YAML nodes
// (what PackSettings carries).
#ifndef PLANLINT_BINDINGS_CONVERT_H_
#define PLANLINT_BINDINGS_CONVERT_H_

#include <pybind11/pybind11.h>

#include <optional>
#include <string>

#include "core/expr/context.h"
#include "core/expr/value.h"
#include "core/plan/plan.h"
#include "yaml-cpp/yaml.h"

namespace planlint::python {

namespace py = pybind11;

// Why a Python object is not a plan: the JSON Pointer of the offending value
// ("" for the top level) and what is wrong with it.
struct DictProblem {
  std::string pointer;
  std::string message;
};

// Builds a Plan from a dict (JSON-like: dict with str keys, list/tuple, str,
// int, float, bool, None; numbers that define __index__ or __float__ too).
// Needs the GIL. Returns nullopt and fills *problem when `obj` is not one.
std::optional<Plan> BuildPlan(py::handle obj, const std::string& file, DictProblem* problem);

// The Python value of an expression result: None, bool, int, float, str,
// list, dict, datetime.date (dates), str (type values). Error values raise
// ExpressionError with `expression`.
py::object ToPython(expr::EvalContext& ctx, const expr::Value& v, const std::string& expression);

// A Python option value as the YAML node a pack file would hold: strings
// stay strings (quoted), numbers and booleans keep their type.
YAML::Node ToYaml(py::handle obj, const std::string& where);

// Raises planlint.<name>(*args) (the exception classes live in
// planlint/_errors.py).
[[noreturn]] void RaisePython(const char* name, const py::tuple& args);

}  // namespace planlint::python

#endif  // PLANLINT_BINDINGS_CONVERT_H_

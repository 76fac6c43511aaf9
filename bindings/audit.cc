// planlint._core's audit functions: a portfolio audit (core/audit/audit.h)
// run on all cores with the GIL released. The result comes back as the
// audit's JSON document, which planlint.Audit (python/planlint/_audit.py)
// reads into DataFrames, and as the text summary `planlint audit` prints;
// audit_html wraps that JSON into the self-contained HTML report.
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include "bindings/convert.h"
#include "bindings/handles.h"
#include "core/audit/audit.h"
#include "core/engine/inputs.h"

namespace planlint::python {
namespace {

py::tuple AuditFiles(const Pack& pack, const std::vector<std::string>& paths,
                     const std::vector<std::string>& unmatched,
                     const std::optional<std::string>& as_of, int jobs,
                     const std::optional<std::string>& weights, const py::object& progress) {
  audit::AuditOptions options;
  options.as_of = AsOf(as_of);
  options.jobs = jobs;
  if (weights) {
    absl::StatusOr<audit::Weights> read = audit::ReadWeights(*weights);
    if (!read.ok()) throw py::value_error(std::string(read.status().message()));
    options.weights = *read;
  }
  // The callback runs on this thread with the GIL released; an exception
  // from Python (KeyboardInterrupt included) stops the progress display and
  // is raised once the audit returns.
  std::optional<py::error_already_set> failure;
  if (!progress.is_none()) {
    options.progress = [&](size_t done, size_t total) {
      py::gil_scoped_acquire acquire;
      if (failure) return;
      try {
        if (PyErr_CheckSignals() != 0) throw py::error_already_set();
        progress(done, total);
      } catch (py::error_already_set& e) {
        failure.emplace(std::move(e));
      }
    };
  }
  std::string json, text;
  {
    py::gil_scoped_release release;
    InputFiles inputs = ExpandInputs(paths);
    for (const std::string& u : unmatched) inputs.missing.push_back(u);
    audit::AuditResult result = audit::RunAudit(pack.pack, inputs.files, inputs.missing, options);
    audit::Summary summary = audit::Summarize(result);
    json = audit::FormatAuditJson(result, summary);
    text = audit::FormatAuditText(result, summary);
  }
  if (failure) throw std::move(*failure);
  return py::make_tuple(py::bytes(json), text);
}

}  // namespace

void DefineAudit(py::module_& m) {
  m.def("audit_files", &AuditFiles, py::arg("pack"), py::arg("paths"), py::arg("unmatched"),
        py::arg("as_of"), py::arg("jobs"), py::arg("weights"), py::arg("progress"));
  m.def(
      "audit_html",
      [](const py::bytes& json) { return py::bytes(audit::FormatAuditHtmlFromJson(json)); },
      py::arg("json"));
}

}  // namespace planlint::python

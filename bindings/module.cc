// planlint._core: the C++ engine for Python. Thin by design: packs, plans,
// checks and the expression playground, with the GIL released while C++
// works. The friendly API (check, check_many, Report, RulePack) is the
// Python package around it (python/planlint/).
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bindings/convert.h"
#include "bindings/handles.h"
#include "core/engine/checker.h"
#include "core/engine/inputs.h"
#include "core/expr/compiler.h"
#include "core/pack/rule_pack.h"
#include "core/plan/plan_parser.h"
#include "core/report/formats.h"
#include "core/report/summary.h"
#include "core/text/date.h"
#include "core/util/status.h"
#include "core/util/strings.h"

namespace planlint::python {

std::optional<text::DayNumber> AsOf(const std::optional<std::string>& as_of) {
  if (!as_of) return std::nullopt;
  std::optional<text::DayNumber> day = text::ParseDate(*as_of);
  if (!day) throw py::value_error(Cat("as_of '", *as_of, "' is not a date (YYYY-MM-DD)"));
  return day;
}

namespace {

struct Results {
  std::vector<PlanReport> reports;
};

[[noreturn]] void RaisePackError(const absl::Status& status) {
  RaisePython("RulePackError", py::make_tuple(std::string(status.message())));
}

[[noreturn]] void RaisePlanError(const std::string& file, int line, int column,
                                 const std::string& text) {
  RaisePython("PlanError", py::make_tuple(file, line, column, text));
}

// PackSettings from the dict RulePack keeps: select, ignore (lists of rule
// ids, prefixes or names), severity ({rule: level}), rule_options ({rule:
// {option: value}}), options (pack-wide {option: value}).
PackSettings ToSettings(const py::dict& s, std::vector<PackProblem>* problems) {
  PackSettings out;
  if (s.contains("select")) out.select = s["select"].cast<std::vector<std::string>>();
  if (s.contains("ignore")) out.ignore = s["ignore"].cast<std::vector<std::string>>();
  if (s.contains("severity")) {
    for (auto [rule, level] : s["severity"].cast<py::dict>()) {
      std::string r = rule.cast<std::string>();
      std::string l = py::str(level).cast<std::string>();
      std::optional<Severity> sev = ParseSeverity(l);
      if (!sev) {
        problems->push_back(
            {"<configuration>", 0, 0,
             Cat("severity of '", r, "' must be error, warning or info, not '", l, "'")});
        continue;
      }
      out.severity[r] = *sev;
    }
  }
  if (s.contains("rule_options")) {
    for (auto [rule, options] : s["rule_options"].cast<py::dict>()) {
      std::string r = rule.cast<std::string>();
      if (!PyDict_Check(options.ptr())) {
        problems->push_back(
            {"<configuration>", 0, 0, Cat("options of '", r, "' must be a dict of option values")});
        continue;
      }
      out.rule_options[r] = ToYaml(options, Cat("options of ", r));
    }
  }
  if (s.contains("options") && !s["options"].is_none())
    out.options = ToYaml(s["options"], "options");
  return out;
}

// Compiles with the GIL released; settings naming rules the pack does not
// have are problems too (a typo must not pass silently).
Pack MakePack(
    const py::dict& settings_dict,
    const std::function<absl::StatusOr<std::shared_ptr<const RulePack>>(const PackSettings&)>&
        load) {
  std::vector<PackProblem> problems;
  PackSettings settings = ToSettings(settings_dict, &problems);
  if (!problems.empty()) RaisePackError(ProblemsToStatus(problems, "configuration"));
  absl::StatusOr<std::shared_ptr<const RulePack>> pack;
  {
    py::gil_scoped_release release;
    pack = load(settings);
  }
  if (!pack.ok()) RaisePackError(pack.status());
  const auto& known = (*pack)->known_rules();
  for (const auto& [rule, level] : settings.severity) {
    if (!known.contains(rule)) {
      problems.push_back(
          {"<configuration>", 0, 0, Cat("severity names unknown rule '", rule, "'")});
    }
  }
  for (const auto& [rule, options] : settings.rule_options) {
    if (!known.contains(rule)) {
      problems.push_back({"<configuration>", 0, 0, Cat("options name unknown rule '", rule, "'")});
    }
  }
  if (!problems.empty()) RaisePackError(ProblemsToStatus(problems, "configuration"));
  return Pack{*pack};
}

PlanParser& ThreadParser() {
  thread_local PlanParser parser;
  return parser;
}

[[noreturn]] void RaiseStatusAsPlanError(const absl::Status& status, const std::string& file) {
  SourcePosition pos = PositionOf(status).value_or(SourcePosition{});
  RaisePlanError(FileOf(status).value_or(file), pos.line, pos.column,
                 std::string(status.message()));
}

std::unique_ptr<Plan> ParseFile(const std::string& path) {
  absl::StatusOr<Plan> plan;
  {
    py::gil_scoped_release release;
    plan = ReadPlanFile(ThreadParser(), path);
  }
  if (!plan.ok()) RaiseStatusAsPlanError(plan.status(), path);
  return std::make_unique<Plan>(std::move(*plan));
}

std::unique_ptr<Plan> ParseText(std::string text, const std::string& file) {
  absl::StatusOr<Plan> plan;
  {
    py::gil_scoped_release release;
    plan = ThreadParser().Parse(file, std::move(text));
  }
  if (!plan.ok()) RaiseStatusAsPlanError(plan.status(), file);
  return std::make_unique<Plan>(std::move(*plan));
}

std::unique_ptr<Plan> BuildFromDict(py::handle obj, const std::string& file) {
  DictProblem problem;
  std::optional<Plan> plan = BuildPlan(obj, file, &problem);
  if (!plan) {
    std::string where = problem.pointer.empty() ? "" : Cat(" at '", problem.pointer, "'");
    RaisePlanError(file, 0, 0, Cat(file, ":0:0: not a plan", where, ": ", problem.message));
  }
  return std::make_unique<Plan>(std::move(*plan));
}

Results CheckPlan(const Pack& pack, const Plan& plan, const std::optional<std::string>& as_of) {
  CheckOptions options;
  options.as_of = AsOf(as_of);
  Results out;
  py::gil_scoped_release release;
  Checker checker(pack.pack, options);
  out.reports.push_back(checker.Check(plan));
  return out;
}

PlanReport MissingInput(const std::string& path, std::string_view why) {
  PlanReport r;
  r.file = path;
  r.input_error = true;
  r.error = Cat(path, ":0:0: ", why);
  return r;
}

// Checks files and folders on `jobs` threads, one PlanParser per thread,
// with the GIL released. The calling thread wakes every 100 ms to report
// progress (progress(done, total), with the GIL) and to let Ctrl-C stop the
// run. Reports come back in input order.
Results CheckFiles(const Pack& pack, const std::vector<std::string>& paths,
                   const std::vector<std::string>& unmatched,
                   const std::optional<std::string>& as_of, int jobs, const py::object& progress) {
  CheckOptions options;
  options.as_of = AsOf(as_of);
  Checker checker(pack.pack, options);
  InputFiles inputs;
  {
    py::gil_scoped_release release;
    inputs = ExpandInputs(paths);
  }
  const std::vector<std::string>& files = inputs.files;
  const size_t total = files.size();
  Results out;
  out.reports.resize(total);
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  std::atomic<bool> cancel{false};
  std::mutex mutex;
  std::condition_variable finished;
  auto work = [&] {
    PlanParser parser;
    for (size_t i = next++; i < total && !cancel.load(); i = next++) {
      out.reports[i] = checker.CheckFile(parser, files[i]);
      if (++done == total) {
        std::lock_guard<std::mutex> lock(mutex);
        finished.notify_all();
      }
    }
  };
  if (jobs <= 0) jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  jobs = std::max(1, std::min<int>(jobs, static_cast<int>(total)));
  bool failed = false;
  {
    py::gil_scoped_release release;
    std::vector<std::thread> threads;
    if (total > 0) {
      for (int t = 0; t < jobs; ++t) threads.emplace_back(work);
    }
    while (true) {
      {
        std::unique_lock<std::mutex> lock(mutex);
        finished.wait_for(lock, std::chrono::milliseconds(100),
                          [&] { return done.load() == total; });
      }
      bool all_done = done.load() == total;
      {
        py::gil_scoped_acquire acquire;
        try {
          if (PyErr_CheckSignals() != 0) throw py::error_already_set();
          if (!progress.is_none()) progress(done.load(), total);
        } catch (py::error_already_set& e) {
          e.restore();  // re-raised below, once the workers have stopped
          failed = true;
        }
      }
      if (all_done || failed) break;
    }
    cancel = true;
    for (std::thread& t : threads) t.join();
  }
  if (failed) throw py::error_already_set();
  for (const std::string& path : inputs.missing)
    out.reports.push_back(MissingInput(path, "no such file or directory"));
  for (const std::string& pattern : unmatched)
    out.reports.push_back(MissingInput(pattern, "no file matches this pattern"));
  return out;
}

py::object Evaluate(const Pack& pack, const std::string& expression, const Plan* plan,
                    const std::optional<std::string>& as_of) {
  std::optional<text::DayNumber> day = AsOf(as_of);
  absl::StatusOr<expr::StepPtr> step = pack.pack->CompileExpression(expression);
  if (!step.ok()) {
    uint32_t offset = OffsetOf(step.status()).value_or(0);
    RaisePython("ExpressionError",
                py::make_tuple(expression, offset + 1, std::string(step.status().message())));
  }
  std::optional<Plan> empty;
  if (plan == nullptr) {
    absl::StatusOr<Plan> parsed = ThreadParser().Parse("<empty>", "{}");
    if (!parsed.ok()) throw std::runtime_error(std::string(parsed.status().message()));
    empty.emplace(std::move(*parsed));
    plan = &*empty;
  }
  const RulePack& p = *pack.pack;
  expr::EvalContext ctx(plan, &p.schema(), &p.patterns(), &p.keys());
  ctx.as_of = day.value_or(Today());
  ctx.known_rules = &p.known_rules();
  ctx.hoisted().resize(p.hoisted_count() + 64);
  ctx.ResetCost(CheckOptions{}.rule_cost_limit);
  std::vector<expr::Value> slots(256);
  slots[expr::kSlotPlan] = ctx.NodeValue(plan->root(), false);
  slots[expr::kSlotSelf] = slots[expr::kSlotPlan];
  slots[expr::kSlotPath] = expr::Value::String("");
  slots[expr::kSlotAsOf] = expr::Value::Date(ctx.as_of);
  expr::Value v;
  {
    py::gil_scoped_release release;
    v = expr::Evaluate(**step, ctx, slots.data());
  }
  return ToPython(ctx, v, expression);
}

// --- Results: findings as tuples, in the order of planlint.Finding's fields.

py::tuple FindingTuple(const Finding& f) {
  return py::make_tuple(f.rule, f.name, std::string(SeverityName(f.severity)), f.message, f.file,
                        f.pointer, f.line, f.column, f.waived, f.section);
}

py::list Findings(const Results& r) {
  py::list out;
  for (const PlanReport& report : r.reports) {
    for (const Finding& f : report.findings) out.append(FindingTuple(f));
  }
  return out;
}

py::list InputErrors(const Results& r) {
  py::list out;
  for (const PlanReport& report : r.reports) {
    if (report.input_error)
      out.append(py::make_tuple(report.file, report.error_line, report.error_column, report.error));
  }
  return out;
}

py::list Diagnostics(const Results& r) {
  py::list out;
  for (const PlanReport& report : r.reports) {
    for (const Diagnostic& d : report.diagnostics)
      out.append(py::make_tuple(d.file, d.rule, d.pointer, d.message));
  }
  return out;
}

py::dict Counts(const Results& r) {
  RunSummary s = Summarize(r.reports);
  py::dict out;
  out["files"] = s.files;
  out["findings"] = s.findings;
  out["errors"] = s.errors;
  out["warnings"] = s.warnings;
  out["info"] = s.infos;
  out["waived"] = s.waived;
  out["input_errors"] = s.input_errors;
  out["diagnostics"] = s.diagnostics;
  return out;
}

// Pickled state: one tuple per checked input.
py::list GetState(const Results& r) {
  py::list out;
  for (const PlanReport& report : r.reports) {
    py::list findings;
    for (const Finding& f : report.findings) {
      // The pickled form adds the baseline fingerprint to the public fields.
      findings.append(py::tuple(FindingTuple(f) + py::make_tuple(f.fingerprint)));
    }
    py::list diagnostics;
    for (const Diagnostic& d : report.diagnostics)
      diagnostics.append(py::make_tuple(d.file, d.rule, d.pointer, d.message));
    out.append(py::make_tuple(report.file, report.input_error, report.error, report.error_line,
                              report.error_column, report.bytes, findings, diagnostics));
  }
  return out;
}

Results SetState(const py::list& state) {
  Results r;
  for (py::handle item : state) {
    auto t = item.cast<py::tuple>();
    if (t.size() != 8) throw py::value_error("planlint: not a pickled Report");
    PlanReport report;
    report.file = t[0].cast<std::string>();
    report.input_error = t[1].cast<bool>();
    report.error = t[2].cast<std::string>();
    report.error_line = t[3].cast<int>();
    report.error_column = t[4].cast<int>();
    report.bytes = t[5].cast<size_t>();
    for (py::handle fh : t[6].cast<py::list>()) {
      auto f = fh.cast<py::tuple>();
      Finding finding;
      finding.rule = f[0].cast<std::string>();
      finding.name = f[1].cast<std::string>();
      finding.severity = ParseSeverity(f[2].cast<std::string>()).value_or(Severity::kError);
      finding.message = f[3].cast<std::string>();
      finding.file = f[4].cast<std::string>();
      finding.pointer = f[5].cast<std::string>();
      finding.line = f[6].cast<int>();
      finding.column = f[7].cast<int>();
      finding.waived = f[8].cast<bool>();
      finding.section = f[9].cast<std::string>();
      if (f.size() > 10) finding.fingerprint = f[10].cast<std::string>();
      report.findings.push_back(std::move(finding));
    }
    for (py::handle dh : t[7].cast<py::list>()) {
      auto d = dh.cast<py::tuple>();
      report.diagnostics.push_back({d[0].cast<std::string>(), d[1].cast<std::string>(),
                                    d[2].cast<std::string>(), d[3].cast<std::string>()});
    }
    r.reports.push_back(std::move(report));
  }
  return r;
}

py::list RuleRows(const Pack& p) {
  py::list out;
  for (const CompiledRule& rule : p.pack->rules()) {
    const RuleInfo& r = rule.info;
    py::dict row;
    row["id"] = r.id;
    row["name"] = r.name;
    row["severity"] = std::string(SeverityName(r.severity));
    row["section"] = r.section;
    row["summary"] = r.summary;
    row["description"] = r.description;
    row["enabled"] = r.enabled;
    row["waivable"] = r.waivable;
    row["selector"] = r.selector;
    row["options"] = r.options_json;
    row["file"] = r.file;
    row["line"] = r.line;
    out.append(row);
  }
  return out;
}

}  // namespace
}  // namespace planlint::python

PYBIND11_MODULE(_core, m) {
  namespace py = pybind11;
  using namespace planlint;
  using namespace planlint::python;
  m.doc() = "planlint's C++ engine; use the planlint package, not this module.";
  m.attr("__version__") = "0.1.0";

  py::class_<Pack>(m, "Pack")
      .def_static(
          "builtin",
          [](const py::dict& settings) {
            return MakePack(settings, [](const PackSettings& s) { return RulePack::Builtin(s); });
          },
          py::arg("settings"))
      .def_static(
          "from_yaml",
          [](const py::bytes& text, const std::string& file, const py::dict& settings) {
            std::string body = text;
            return MakePack(
                settings, [&](const PackSettings& s) { return RulePack::FromYaml(body, file, s); });
          },
          py::arg("text"), py::arg("file"), py::arg("settings"))
      .def_property_readonly("name", [](const Pack& p) { return p.pack->name(); })
      .def("rules", &RuleRows);

  py::class_<Plan, std::unique_ptr<Plan>>(m, "Plan")
      .def_property_readonly("file", [](const Plan& p) { return p.file(); })
      .def_property_readonly("node_count", [](const Plan& p) { return p.node_count(); });

  py::class_<Results>(m, "Results")
      .def("findings", &Findings)
      .def("input_errors", &InputErrors)
      .def("diagnostics", &Diagnostics)
      .def("files",
           [](const Results& r) {
             std::vector<std::string> files;
             for (const PlanReport& report : r.reports) files.push_back(report.file);
             return files;
           })
      .def("bytes",
           [](const Results& r) {
             size_t bytes = 0;
             for (const PlanReport& report : r.reports) bytes += report.bytes;
             return bytes;
           })
      .def("counts", &Counts)
      .def("by_rule", [](const Results& r) { return Summarize(r.reports).by_rule; })
      .def("to_json", [](const Results& r) { return FormatJson(r.reports); })
      .def(
          "to_text",
          [](const Results& r, bool show_waived) {
            TextOptions options;
            options.show_waived = show_waived;
            return FormatText(r.reports, options);
          },
          py::arg("show_waived") = false)
      .def(py::pickle(&GetState, &SetState));

  m.def("parse_file", &ParseFile, py::arg("path"));
  m.def(
      "parse_text",
      [](const py::bytes& text, const std::string& file) { return ParseText(text, file); },
      py::arg("text"), py::arg("file"));
  m.def("build_plan", &BuildFromDict, py::arg("obj"), py::arg("file"));
  m.def("check_plan", &CheckPlan, py::arg("pack"), py::arg("plan"), py::arg("as_of"));
  m.def("check_files", &CheckFiles, py::arg("pack"), py::arg("paths"), py::arg("unmatched"),
        py::arg("as_of"), py::arg("jobs"), py::arg("progress"));
  m.def("evaluate", &Evaluate, py::arg("pack"), py::arg("expression"), py::arg("plan"),
        py::arg("as_of"));
  m.def("today", [] { return text::FormatDate(Today()); });
  DefineAudit(m);
}

// `planlint check`: the main job. Loads the pack, checks every plan (on all
// cores), prints findings and decides the exit code.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "cli/commands.h"
#include "core/engine/checker.h"
#include "core/engine/inputs.h"
#include "core/plan/plan_parser.h"
#include "core/report/formats.h"
#include "core/report/summary.h"
#include "core/util/strings.h"

namespace planlint::cli {
namespace {

// Checks files on `jobs` threads; reports come back in input order.
std::vector<PlanReport> CheckAll(const Checker& checker, const std::vector<std::string>& files, int jobs) {
  std::vector<PlanReport> reports(files.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    PlanParser parser;
    for (size_t i = next++; i < files.size(); i = next++) reports[i] = checker.CheckFile(parser, files[i]);
  };
  jobs = std::max(1, std::min<int>(jobs, static_cast<int>(files.size())));
  std::vector<std::thread> threads;
  for (int t = 1; t < jobs; ++t) threads.emplace_back(work);
  work();
  for (std::thread& t : threads) t.join();
  return reports;
}

struct CheckArgs {
  std::vector<std::string> paths;
  std::string as_of;
  std::string format = "text";
  std::vector<std::string> rules;
  std::vector<std::string> select;
  std::vector<std::string> ignore;
  std::string fail_on = "error";
  bool show_waived = false;
  bool statistics = false;
  int jobs = 0;
};

int RunCheck(const CheckArgs& args) {
  bool ok = true;
  CheckOptions options;
  options.as_of = ParseAsOf(args.as_of, &ok);
  if (!ok) return kExitUsage;
  std::optional<Severity> fail_on = ParseSeverity(args.fail_on);
  if (!fail_on) {
    std::cerr << "planlint: --fail-on must be error, warning or info\n";
    return kExitUsage;
  }
  if (args.format != "text" && args.format != "json") {
    std::cerr << "planlint: --format must be text or json\n";
    return kExitUsage;
  }
  PackSettings settings;
  settings.select = SplitList(args.select);
  settings.ignore = SplitList(args.ignore);
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = LoadPack(args.rules, settings);
  if (!pack.ok()) {
    std::cerr << "planlint: " << pack.status().message() << "\n";
    return kExitUsage;
  }
  Checker checker(*pack, options);
  InputFiles inputs = ExpandInputs(args.paths);
  int jobs = args.jobs > 0 ? args.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::vector<PlanReport> reports = CheckAll(checker, inputs.files, jobs);
  for (const std::string& missing : inputs.missing) {
    PlanReport r;
    r.file = missing;
    r.input_error = true;
    r.error = Cat(missing, ":0:0: no such file or directory");
    reports.push_back(std::move(r));
  }
  if (args.format == "json") {
    std::cout << FormatJson(reports);
  } else {
    TextOptions text;
    text.show_waived = args.show_waived;
    text.statistics = args.statistics;
    const char* no_color = std::getenv("NO_COLOR");
    text.color = isatty(STDOUT_FILENO) && (no_color == nullptr || no_color[0] == '\0');
    std::cout << FormatText(reports, text);
    for (const PlanReport& r : reports) {
      for (const Diagnostic& d : r.diagnostics) {
        std::cerr << d.file << ": " << d.rule << " could not be evaluated at '" << d.pointer
                  << "': " << d.message << "\n";
      }
    }
  }
  RunSummary summary = Summarize(reports);
  if (summary.input_errors > 0) return kExitUsage;
  return FailsAt(reports, *fail_on) ? kExitFindings : kExitClean;
}

}  // namespace

void AddCheckCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand("check", "Check plans and report findings");
  cmd->add_option("paths", args->paths, "Plan files or folders (searched for *.json)")->required();
  cmd->add_option("--as-of", args->as_of, "Reference date YYYY-MM-DD (default: today)");
  cmd->add_option("--format", args->format, "Output format: text or json");
  cmd->add_option("--rules", args->rules, "Rule pack YAML file (repeatable; default: built-in imp)")->allow_extra_args(false);
  cmd->add_option("--select", args->select, "Only these rule ids, prefixes or names (comma-separated)")->allow_extra_args(false);
  cmd->add_option("--ignore", args->ignore, "Skip these rule ids, prefixes or names (comma-separated)")->allow_extra_args(false);
  cmd->add_option("--fail-on", args->fail_on, "Lowest severity that fails the run: error, warning, info");
  cmd->add_flag("--show-waived", args->show_waived, "Also print waived findings");
  cmd->add_flag("--statistics", args->statistics, "Print counts by rule");
  cmd->add_option("--jobs,-j", args->jobs, "Threads to use (default: all cores)");
  cmd->final_callback([args, exit_code] { *exit_code = RunCheck(*args); });
}

}  // namespace planlint::cli

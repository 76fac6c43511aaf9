// `planlint check`: the main job. Finds each plan's configuration, loads
// the packs, checks every plan (on all cores), leaves out what a baseline
// holds, prints findings in the chosen format and decides the exit code.
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "core/config/run.h"
#include "core/report/baseline.h"
#include "core/report/formats.h"
#include "core/report/summary.h"
#include "core/util/strings.h"

namespace planlint::cli {
namespace {

struct CheckArgs {
  std::vector<std::string> paths;
  std::string as_of;
  std::string format = "text";
  std::string output;
  std::string baseline;
  std::string config;
  bool no_config = false;
  std::vector<std::string> rules;
  std::vector<std::string> select;
  std::vector<std::string> ignore;
  std::string fail_on;
  bool show_waived = false;
  bool statistics = false;
  int jobs = 0;
};

int RunCheck(const CheckArgs& args, CLI::App* cmd) {
  static const char* kFormats[] = {"text", "json", "sarif", "junit", "github"};
  if (std::find(std::begin(kFormats), std::end(kFormats), args.format) == std::end(kFormats)) {
    std::cerr << "planlint: --format must be text, json, sarif, junit or github\n";
    return kExitUsage;
  }
  RunOptions run;
  run.paths = args.paths;
  run.jobs = args.jobs;
  run.use_config = !args.no_config;
  run.config_file = args.config;
  run.want_rules = args.format == "sarif" || args.format == "junit";
  if (!FillOverrides(*cmd, args.rules, args.select, args.ignore, args.as_of, args.fail_on,
                     &run.overrides)) {
    return kExitUsage;
  }
  std::optional<Baseline> baseline;
  if (!args.baseline.empty()) {
    absl::StatusOr<Baseline> read = ReadBaseline(args.baseline);
    if (!read.ok()) {
      std::cerr << "planlint: " << read.status().message() << "\n";
      return kExitUsage;
    }
    baseline = *std::move(read);
  }
  absl::StatusOr<RunResult> result = RunChecks(run);
  if (!result.ok()) {
    std::cerr << "planlint: " << result.status().message() << "\n";
    return kExitUsage;
  }
  std::vector<PlanReport>& reports = result->reports;
  ReportOptions report;
  report.rules = std::move(result->rules);
  report.statistics = args.statistics;
  if (baseline) report.baseline = ApplyBaseline(*baseline, args.baseline, &reports);

  std::string text;
  if (args.format == "json") {
    text = FormatJson(reports, report);
  } else if (args.format == "sarif") {
    text = FormatSarif(reports, report);
  } else if (args.format == "junit") {
    text = FormatJunit(reports, report);
  } else if (args.format == "github") {
    text = FormatGithub(reports, report);
  } else {
    TextOptions options;
    options.show_waived = args.show_waived;
    options.statistics = args.statistics;
    options.baseline = report.baseline;
    options.color = args.output.empty() && UseColor();
    text = FormatText(reports, options);
  }
  if (!WriteOutput(args.output, text)) return kExitUsage;
  if (args.format == "text") {
    for (const PlanReport& r : reports) {
      for (const Diagnostic& d : r.diagnostics) {
        std::cerr << d.file << ": " << d.rule << " could not be evaluated at '" << d.pointer
                  << "': " << d.message << "\n";
      }
    }
  }
  RunSummary summary = Summarize(reports);
  if (summary.input_errors > 0) return kExitUsage;
  for (size_t i = 0; i < reports.size(); ++i) {
    if (ReportFails(reports[i], result->fail_on[i])) return kExitFindings;
  }
  return kExitClean;
}

}  // namespace

void AddCheckCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand("check", "Check plans and report findings");
  cmd->add_option("paths", args->paths, "Plan files or folders (searched for *.json)")->required();
  cmd->add_option("--as-of", args->as_of,
                  "Reference date YYYY-MM-DD (default: the configuration's, else today)");
  cmd->add_option("--format", args->format, "Output format: text, json, sarif, junit or github");
  cmd->add_option("--output,-o", args->output,
                  "Write the report to this file instead of standard output");
  cmd->add_option("--baseline", args->baseline, "Report only findings not in this baseline file");
  cmd->add_option("--config", args->config, "Use this configuration file for every plan");
  cmd->add_flag("--no-config", args->no_config, "Do not look for .planlint.yaml files");
  AddPackOptions(cmd, &args->rules, &args->select, &args->ignore);
  cmd->add_option("--fail-on", args->fail_on,
                  "Lowest severity that fails the run: error, warning, info");
  cmd->add_flag("--show-waived", args->show_waived, "Also print waived findings (text format)");
  cmd->add_flag("--statistics", args->statistics, "Print counts by rule");
  cmd->add_option("--jobs,-j", args->jobs, "Threads to use (default: all cores)");
  cmd->final_callback([args, exit_code, cmd] { *exit_code = RunCheck(*args, cmd); });
}

}  // namespace planlint::cli

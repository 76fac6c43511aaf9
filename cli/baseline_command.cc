// `planlint baseline FILE PATH...`: records today's findings so that a plan
// repository can adopt planlint and fail only on new ones
// (`planlint check --baseline FILE`).
#include <iostream>

#include "cli/commands.h"
#include "core/config/run.h"
#include "core/report/baseline.h"
#include "core/report/summary.h"

namespace planlint::cli {
namespace {

struct BaselineArgs {
  std::string file;
  std::vector<std::string> paths;
  std::string as_of;
  std::string config;
  bool no_config = false;
  std::vector<std::string> rules, select, ignore;
  int jobs = 0;
};

int RunBaseline(const BaselineArgs& args, CLI::App* cmd) {
  RunOptions run;
  run.paths = args.paths;
  run.jobs = args.jobs;
  run.use_config = !args.no_config;
  run.config_file = args.config;
  if (!FillOverrides(*cmd, args.rules, args.select, args.ignore, args.as_of, "", &run.overrides)) {
    return kExitUsage;
  }
  absl::StatusOr<RunResult> result = RunChecks(run);
  if (!result.ok()) {
    std::cerr << "planlint: " << result.status().message() << "\n";
    return kExitUsage;
  }
  bool input_errors = false;
  for (const PlanReport& r : result->reports) {
    if (!r.input_error) continue;
    std::cerr << r.error << " [input error: file not checked]\n";
    input_errors = true;
  }
  if (input_errors) {
    std::cerr << "planlint: baseline not written: fix the input errors first\n";
    return kExitUsage;
  }
  Baseline baseline = MakeBaseline(result->reports, args.file);
  if (!WriteOutput(args.file, BaselineToJson(baseline))) return kExitUsage;
  RunSummary summary = Summarize(result->reports);
  std::cerr << "planlint: wrote " << baseline.entries.size()
            << (baseline.entries.size() == 1 ? " entry" : " entries") << " for " << summary.files
            << (summary.files == 1 ? " file" : " files") << " to " << args.file << "\n";
  return kExitClean;
}

}  // namespace

void AddBaselineCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<BaselineArgs>();
  CLI::App* cmd = app.add_subcommand("baseline", "Record today's findings in a baseline file");
  cmd->add_option("file", args->file, "Baseline file to write (JSON)")->required();
  cmd->add_option("paths", args->paths, "Plan files or folders (searched for *.json)")->required();
  cmd->add_option("--as-of", args->as_of, "Reference date YYYY-MM-DD");
  cmd->add_option("--config", args->config, "Use this configuration file for every plan");
  cmd->add_flag("--no-config", args->no_config, "Do not look for .planlint.yaml files");
  AddPackOptions(cmd, &args->rules, &args->select, &args->ignore);
  cmd->add_option("--jobs,-j", args->jobs, "Threads to use (default: all cores)");
  cmd->final_callback([args, exit_code, cmd] { *exit_code = RunBaseline(*args, cmd); });
}

}  // namespace planlint::cli

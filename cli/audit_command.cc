// `planlint audit`: a portfolio audit (docs/audit.md). Checks every plan on
// all cores with bounded memory, runs the pack's cross-plan (portfolio)
// rules, scores plans and sections, prints a summary and writes the HTML,
// JSON and CSV reports asked for.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include "cli/commands.h"
#include "core/audit/audit.h"
#include "core/engine/inputs.h"
#include "core/util/strings.h"

namespace planlint::cli {
namespace {

struct AuditArgs {
  std::vector<std::string> paths;
  std::string as_of;
  std::string html, json, csv;
  std::string weights;
  std::vector<std::string> rules;
  std::vector<std::string> select;
  std::vector<std::string> ignore;
  int jobs = 0;
  bool quiet = false;
};

bool WriteFile(const std::string& path, const std::string& body) {
  std::ofstream out(path, std::ios::binary);
  out.write(body.data(), static_cast<std::streamsize>(body.size()));
  out.close();
  if (!out) {
    std::cerr << "planlint: cannot write " << path << "\n";
    return false;
  }
  return true;
}

// A one-line progress bar on standard error, redrawn in place.
void DrawProgress(size_t done, size_t total, std::chrono::steady_clock::time_point start) {
  constexpr int kWidth = 30;
  double fraction = total == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total);
  int filled = static_cast<int>(fraction * kWidth);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::string bar(filled, '#');
  bar += std::string(kWidth - filled, '.');
  std::fprintf(stderr, "\r[%s] %zu/%zu plans %5.1f s", bar.c_str(), done, total, seconds);
  if (done == total) std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
}

int RunAudit(const AuditArgs& args) {
  bool ok = true;
  audit::AuditOptions options;
  options.as_of = ParseAsOf(args.as_of, &ok);
  if (!ok) return kExitUsage;
  if (!args.weights.empty()) {
    absl::StatusOr<audit::Weights> weights = audit::ReadWeights(args.weights);
    if (!weights.ok()) {
      std::cerr << "planlint: " << weights.status().message() << "\n";
      return kExitUsage;
    }
    options.weights = *weights;
  }
  PackSettings settings;
  settings.select = SplitList(args.select);
  settings.ignore = SplitList(args.ignore);
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = LoadPack(args.rules, settings);
  if (!pack.ok()) {
    std::cerr << "planlint: " << pack.status().message() << "\n";
    return kExitUsage;
  }
  InputFiles inputs = ExpandInputs(args.paths);
  options.jobs = args.jobs > 0
                     ? args.jobs
                     : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto start = std::chrono::steady_clock::now();
  if (!args.quiet && isatty(STDERR_FILENO)) {
    options.progress = [start](size_t done, size_t total) { DrawProgress(done, total, start); };
  }
  audit::AuditResult result = audit::RunAudit(*pack, inputs.files, inputs.missing, options);
  audit::Summary summary = audit::Summarize(result);
  if (!args.quiet) std::cout << audit::FormatAuditText(result, summary);
  for (const Diagnostic& d : result.diagnostics) {
    std::cerr << (d.file.empty() ? "<portfolio>" : d.file) << ": " << d.rule
              << " could not be evaluated"
              << (d.pointer.empty() ? "" : Cat(" at '", d.pointer, "'")) << ": " << d.message
              << "\n";
  }
  ok = true;
  std::string json;
  if (!args.json.empty() || !args.html.empty()) json = audit::FormatAuditJson(result, summary);
  if (!args.json.empty()) ok = WriteFile(args.json, json) && ok;
  if (!args.csv.empty()) ok = WriteFile(args.csv, audit::FormatAuditCsv(result)) && ok;
  if (!args.html.empty()) ok = WriteFile(args.html, audit::FormatAuditHtmlFromJson(json)) && ok;
  return ok ? kExitClean : kExitUsage;
}

}  // namespace

void AddAuditCommand(CLI::App& app, int* exit_code) {
  auto args = std::make_shared<AuditArgs>();
  CLI::App* cmd = app.add_subcommand(
      "audit",
      "Audit a portfolio of plans: scores, summaries, cross-plan rules, HTML/JSON/CSV reports");
  cmd->add_option("paths", args->paths, "Plan files or folders (searched for *.json)")->required();
  cmd->add_option("--as-of", args->as_of, "Reference date YYYY-MM-DD (default: today)");
  cmd->add_option("--html", args->html, "Write the HTML report to FILE");
  cmd->add_option("--json", args->json, "Write the whole audit as JSON to FILE");
  cmd->add_option("--csv", args->csv, "Write one CSV row per plan to FILE");
  cmd->add_option("--weights", args->weights, "Score weights (YAML, see docs/audit.md)");
  AddPackOptions(cmd, &args->rules, &args->select, &args->ignore);
  cmd->add_option("--jobs,-j", args->jobs, "Threads to use (default: all cores)");
  cmd->add_flag("--quiet,-q", args->quiet, "No summary on standard output and no progress bar");
  cmd->final_callback([args, exit_code] { *exit_code = RunAudit(*args); });
}

}  // namespace planlint::cli

// `planlint config [PATH]`: which `.planlint.yaml` governs PATH, and the
// configuration resolved from it (checked against the packs it loads), as
// YAML.
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "core/config/run.h"

namespace planlint::cli {
namespace {

int RunConfig(const std::string& path, const std::string& config_file) {
  std::string file = config_file.empty() ? FindConfigFile(path) : config_file;
  Config config;
  std::vector<PackProblem> problems;
  if (!file.empty()) config = ReadConfigFile(file, &problems);
  PackCache cache;
  absl::StatusOr<std::shared_ptr<const RulePack>> base = cache.Get(config, BaseSettings(config));
  if (!base.ok()) {
    if (!problems.empty())
      std::cerr << "planlint: " << ConfigProblemsToStatus(problems).message() << "\n";
    std::cerr << "planlint: " << base.status().message() << "\n";
    return kExitUsage;
  }
  ValidateConfig(config, **base, &problems);
  if (!problems.empty()) {
    std::cerr << "planlint: " << ConfigProblemsToStatus(problems).message() << "\n";
    return kExitUsage;
  }
  absl::StatusOr<std::shared_ptr<const RulePack>> pack =
      cache.Get(config, SettingsFor(config, **base));
  if (!pack.ok()) {
    std::cerr << "planlint: " << pack.status().message() << "\n";
    return kExitUsage;
  }
  std::error_code ec;
  bool is_file = std::filesystem::is_regular_file(path, ec);
  std::cout << DumpConfig(config, is_file ? path : "");
  size_t enabled = 0;
  for (const CompiledRule& r : (*pack)->rules()) enabled += r.info.enabled;
  std::cout << "# " << enabled << " of " << (*pack)->rules().size() << " rules enabled\n";
  return kExitClean;
}

}  // namespace

void AddConfigCommand(CLI::App& app, int* exit_code) {
  auto path = std::make_shared<std::string>(".");
  auto config = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("config", "Print the configuration that applies to PATH");
  cmd->add_option("path", *path, "A plan file or folder (default: the current folder)");
  cmd->add_option("--config", *config, "Read this configuration file instead of looking for one");
  cmd->final_callback([=] { *exit_code = RunConfig(*path, *config); });
}

}  // namespace planlint::cli

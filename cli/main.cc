// The `planlint` command: load pack -> compile -> parse plans -> evaluate ->
// report. Each subcommand lives in its own file (commands.h).
#include "CLI/CLI.hpp"
#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"planlint: checks Implementation Management Plans (imp/1 JSON) against rule packs"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "planlint 0.1.0");
  int exit_code = planlint::cli::kExitUsage;
  planlint::cli::AddCheckCommand(app, &exit_code);
  planlint::cli::AddRulesCommands(app, &exit_code);
  planlint::cli::AddEvalCommand(app, &exit_code);
  planlint::cli::AddBaselineCommand(app, &exit_code);
  planlint::cli::AddConfigCommand(app, &exit_code);
  planlint::cli::AddSchemaCommand(app, &exit_code);
  planlint::cli::AddAuditCommand(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : planlint::cli::kExitUsage;
  }
  return exit_code;
}

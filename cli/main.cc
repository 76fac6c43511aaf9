// The `planlint` command: load pack -> compile -> parse plans -> evaluate ->
// report. Each subcommand lives in its own file (commands.h).
#include <cstring>

#include "CLI/CLI.hpp"
#include "cli/commands.h"

namespace {

// A subcommand's name and the function that registers it (one function may
// register two: `rules` and `explain`).
struct Command {
  const char* name;
  void (*add)(CLI::App&, int*);
};

// In the order `planlint --help` lists them.
constexpr Command kCommands[] = {
    {"check", planlint::cli::AddCheckCommand},       {"rules", planlint::cli::AddRulesCommands},
    {"explain", planlint::cli::AddRulesCommands},    {"eval", planlint::cli::AddEvalCommand},
    {"baseline", planlint::cli::AddBaselineCommand}, {"config", planlint::cli::AddConfigCommand},
    {"schema", planlint::cli::AddSchemaCommand},     {"audit", planlint::cli::AddAuditCommand},
};

// Registers the subcommands. When the first argument names one, only that
// one is registered: setting up every command's options is a visible part
// of a short run, and once a subcommand is parsed (at most one is allowed)
// CLI11 consults no sibling. Otherwise (--help, --version, no or an unknown
// subcommand) all are, so help and errors list every command.
void AddCommands(CLI::App& app, int argc, char** argv, int* exit_code) {
  if (argc > 1) {
    for (const Command& c : kCommands) {
      if (std::strcmp(argv[1], c.name) == 0) {
        c.add(app, exit_code);
        return;
      }
    }
  }
  void (*last)(CLI::App&, int*) = nullptr;
  for (const Command& c : kCommands) {
    if (c.add != last) c.add(app, exit_code);
    last = c.add;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"planlint: checks Implementation Management Plans (imp/1 JSON) against rule packs"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "planlint 0.1.0");
  int exit_code = planlint::cli::kExitUsage;
  AddCommands(app, argc, argv, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : planlint::cli::kExitUsage;
  }
  return exit_code;
}

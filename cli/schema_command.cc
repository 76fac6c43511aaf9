// `planlint schema`: prints the imp/1 JSON Schema built into the binary, so
// that an editor can validate and complete plans that name it in `$schema`.
#include <iostream>
#include <string_view>
#include <utility>
#include <vector>

#include "cli/commands.h"

namespace planlint::embedded {
const std::vector<std::pair<std::string_view, std::string_view>>& BuiltinSchemaFiles();
}  // namespace planlint::embedded

namespace planlint::cli {
namespace {

int RunSchema(const std::string& output) {
  for (const auto& [name, body] : embedded::BuiltinSchemaFiles()) {
    if (name == "imp-1.schema.json")
      return WriteOutput(output, std::string(body)) ? kExitClean : kExitUsage;
  }
  std::cerr << "planlint: the imp-1 schema is missing from this build\n";
  return kExitUsage;
}

}  // namespace

void AddSchemaCommand(CLI::App& app, int* exit_code) {
  auto output = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("schema", "Print the JSON Schema of the imp/1 plan format");
  cmd->add_option("--output,-o", *output, "Write it to this file instead of standard output");
  cmd->final_callback([=] { *exit_code = RunSchema(*output); });
}

}  // namespace planlint::cli

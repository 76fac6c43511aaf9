// `planlint rules` and `planlint explain ID`: the rule catalogue.
#include <cstdio>
#include <iostream>

#include "cli/commands.h"

namespace planlint::cli {
namespace {

int RunRules() {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::Builtin();
  if (!pack.ok()) {
    std::cerr << "planlint: " << pack.status().message() << "\n";
    return kExitUsage;
  }
  for (const CompiledRule& r : (*pack)->rules()) {
    std::printf("%-7s %-38s %-8s %s\n", r.info.id.c_str(), r.info.name.c_str(),
                std::string(SeverityName(r.info.severity)).c_str(), r.info.summary.c_str());
  }
  return kExitClean;
}

int RunExplain(const std::string& id, const std::vector<std::string>& rule_files) {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = LoadPack(rule_files, {});
  if (!pack.ok()) {
    std::cerr << "planlint: " << pack.status().message() << "\n";
    return kExitUsage;
  }
  const CompiledRule* rule = (*pack)->FindRule(id);
  if (rule == nullptr) {
    std::cerr << "planlint: no rule '" << id << "' (see `planlint rules`)\n";
    return kExitUsage;
  }
  const RuleInfo& r = rule->info;
  std::cout << r.id << " " << r.name << " (" << SeverityName(r.severity) << ", section " << r.section << ")\n\n"
            << r.summary << "\n\n"
            << r.description << (r.description.empty() || r.description.back() == '\n' ? "" : "\n")
            << "\nChecks: " << r.selector << "\n";
  if (r.options_json != "{}") std::cout << "Options: " << r.options_json << "\n";
  if (!r.example_fail.empty()) std::cout << "\nExample that trips it:\n  " << r.example_fail << "\n";
  if (!r.example_pass.empty()) std::cout << "\nExample that passes:\n  " << r.example_pass << "\n";
  std::cout << "\nDefined in " << r.file << ":" << r.line << "\n";
  return kExitClean;
}

}  // namespace

void AddRulesCommands(CLI::App& app, int* exit_code) {
  app.add_subcommand("rules", "List the rules of the built-in pack")->final_callback([exit_code] {
    *exit_code = RunRules();
  });
  auto id = std::make_shared<std::string>();
  auto rule_files = std::make_shared<std::vector<std::string>>();
  CLI::App* explain = app.add_subcommand("explain", "Show one rule's documentation");
  explain->add_option("id", *id, "Rule id or name")->required();
  explain->add_option("--rules", *rule_files, "Rule pack YAML file");
  explain->final_callback([=] { *exit_code = RunExplain(*id, *rule_files); });
}

}  // namespace planlint::cli

// `planlint rules` and `planlint explain ID`: the rule catalogue.
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "core/engine/checker.h"
#include "core/plan/plan_parser.h"
#include "core/util/strings.h"
#include "rapidjson/document.h"
#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"

namespace planlint::cli {
namespace {

// JSON text re-indented for reading (as given when it is not JSON).
std::string PrettyJson(const std::string& json) {
  rapidjson::Document doc;
  doc.Parse(json.c_str(), json.size());
  if (doc.HasParseError()) return json + "\n";
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buffer);
  w.SetIndent(' ', 2);
  doc.Accept(w);
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

std::string Indent(const std::string& text, const std::string& prefix) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start) out += prefix;
    out.push_back(c);
    line_start = c == '\n';
  }
  return out;
}

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
  std::cout << r.id << " " << r.name << " (" << SeverityName(r.severity) << ", section "
            << r.section << ")\n\n"
            << r.summary << "\n\n"
            << r.description << (r.description.empty() || r.description.back() == '\n' ? "" : "\n")
            << "\nChecks: " << r.selector << "\n";
  if (r.options_json != "{}") std::cout << "Options: " << r.options_json << "\n";
  Checker checker(*pack);
  PlanParser parser;
  auto example = [&](const char* title, const std::string& json) {
    if (json.empty()) return;
    std::cout << "\n" << title << ":\n" << Indent(PrettyJson(json), "  ");
    PlanReport report = checker.CheckText(parser, Cat("<example of ", r.id, ">"), json);
    if (report.input_error) {
      std::cout << "  (the example is not a valid plan: " << report.error << ")\n";
      return;
    }
    size_t count = 0;
    for (const Finding& f : report.findings) {
      if (f.rule != r.id) continue;
      std::cout << (count++ == 0 ? "  ->" : "    ") << " " << r.id << " at '" << f.pointer
                << "': " << f.message << "\n";
    }
    if (count == 0) std::cout << "  -> no " << r.id << " finding\n";
  };
  example("Example that trips it", r.example_fail);
  example("Example that passes", r.example_pass);
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

// The `planlint` command: load pack -> compile -> parse plans -> evaluate ->
// report. Subcommands: check, rules, explain, eval.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/engine/checker.h"
#include "core/engine/inputs.h"
#include "core/expr/compiler.h"
#include "core/expr/value_ops.h"
#include "core/pack/rule_pack.h"
#include "core/plan/plan_parser.h"
#include "core/report/formats.h"
#include "core/report/summary.h"
#include "core/text/date.h"
#include "core/util/status.h"
#include "core/util/strings.h"

namespace planlint {
namespace {

constexpr int kExitClean = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

std::vector<std::string> SplitList(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& v : values) {
    for (absl::string_view part : absl::StrSplit(v, ',', absl::SkipWhitespace())) {
      out.emplace_back(part.data(), part.size());
    }
  }
  return out;
}

absl::StatusOr<std::shared_ptr<const RulePack>> LoadPack(const std::vector<std::string>& rule_files,
                                                         PackSettings settings) {
  if (rule_files.empty()) return RulePack::Builtin(settings);
  settings.extra_packs.assign(rule_files.begin() + 1, rule_files.end());
  return RulePack::FromFile(rule_files[0], settings);
}

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

std::optional<text::DayNumber> ParseAsOf(const std::string& s, bool* ok) {
  *ok = true;
  if (s.empty()) return std::nullopt;
  std::optional<text::DayNumber> d = text::ParseDate(s);
  if (!d) {
    std::cerr << "planlint: --as-of '" << s << "' is not a date (YYYY-MM-DD)\n";
    *ok = false;
  }
  return d;
}

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

int RunEval(const std::string& expression, const std::string& plan_path, const std::string& as_of) {
  bool ok = true;
  std::optional<text::DayNumber> day = ParseAsOf(as_of, &ok);
  if (!ok) return kExitUsage;
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::Builtin();
  if (!pack.ok()) {
    std::cerr << "planlint: " << pack.status().message() << "\n";
    return kExitUsage;
  }
  absl::StatusOr<expr::StepPtr> step = (*pack)->CompileExpression(expression);
  if (!step.ok()) {
    uint32_t offset = OffsetOf(step.status()).value_or(0);
    std::cerr << "<expr>:1:" << offset + 1 << ": " << step.status().message() << "\n";
    return kExitUsage;
  }
  PlanParser parser;
  absl::StatusOr<Plan> plan = plan_path.empty() ? parser.Parse("<empty>", "{}") : ReadPlanFile(parser, plan_path);
  if (!plan.ok()) {
    std::cerr << plan.status().message() << "\n";
    return kExitUsage;
  }
  expr::EvalContext ctx(&*plan, &(*pack)->schema(), &(*pack)->patterns());
  ctx.as_of = day.value_or(Today());
  ctx.known_rules = &(*pack)->known_rules();
  ctx.hoisted().resize((*pack)->hoisted_count() + 64);
  ctx.ResetCost(CheckOptions{}.rule_cost_limit);
  std::vector<expr::Value> slots(256);
  slots[expr::kSlotPlan] = ctx.NodeValue(plan->root(), false);
  slots[expr::kSlotSelf] = slots[expr::kSlotPlan];
  slots[expr::kSlotPath] = expr::Value::String("");
  slots[expr::kSlotAsOf] = expr::Value::Date(ctx.as_of);
  expr::Value v = expr::Evaluate(**step, ctx, slots.data());
  if (v.is_error()) {
    std::cout << "error: " << v.string() << "\n";
    return kExitFindings;
  }
  std::cout << expr::ToJson(ctx, v) << "\n";
  return kExitClean;
}

}  // namespace
}  // namespace planlint

int main(int argc, char** argv) {
  using namespace planlint;
  CLI::App app{"planlint: checks Implementation Management Plans (imp/1 JSON) against rule packs"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "planlint 0.1.0");

  CheckArgs check;
  CLI::App* check_cmd = app.add_subcommand("check", "Check plans and report findings");
  check_cmd->add_option("paths", check.paths, "Plan files or folders (searched for *.json)")->required();
  check_cmd->add_option("--as-of", check.as_of, "Reference date YYYY-MM-DD (default: today)");
  check_cmd->add_option("--format", check.format, "Output format: text or json");
  check_cmd->add_option("--rules", check.rules, "Rule pack YAML file (repeatable; default: built-in imp)");
  check_cmd->add_option("--select", check.select, "Only these rule ids, prefixes or names (comma-separated)");
  check_cmd->add_option("--ignore", check.ignore, "Skip these rule ids, prefixes or names (comma-separated)");
  check_cmd->add_option("--fail-on", check.fail_on, "Lowest severity that fails the run: error, warning, info");
  check_cmd->add_flag("--show-waived", check.show_waived, "Also print waived findings");
  check_cmd->add_flag("--statistics", check.statistics, "Print counts by rule");
  check_cmd->add_option("--jobs,-j", check.jobs, "Threads to use (default: all cores)");

  CLI::App* rules_cmd = app.add_subcommand("rules", "List the rules of the built-in pack");

  std::string explain_id;
  std::vector<std::string> explain_rules;
  CLI::App* explain_cmd = app.add_subcommand("explain", "Show one rule's documentation");
  explain_cmd->add_option("id", explain_id, "Rule id or name")->required();
  explain_cmd->add_option("--rules", explain_rules, "Rule pack YAML file");

  std::string eval_expr, eval_plan, eval_as_of;
  CLI::App* eval_cmd = app.add_subcommand("eval", "Evaluate a CEL expression against a plan");
  eval_cmd->add_option("expression", eval_expr, "The expression")->required();
  eval_cmd->add_option("plan", eval_plan, "Plan JSON file (default: an empty object)");
  eval_cmd->add_option("--as-of", eval_as_of, "Reference date for as_of");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (*check_cmd) return RunCheck(check);
  if (*rules_cmd) return RunRules();
  if (*explain_cmd) return RunExplain(explain_id, explain_rules);
  if (*eval_cmd) return RunEval(eval_expr, eval_plan, eval_as_of);
  return 2;
}

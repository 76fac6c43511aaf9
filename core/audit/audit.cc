#include "core/audit/audit.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "core/engine/checker.h"
#include "core/engine/portfolio.h"
#include "core/pack/pack_source.h"
#include "core/plan/plan_parser.h"
#include "core/util/files.h"
#include "core/util/strings.h"
#include "yaml-cpp/yaml.h"

namespace planlint::audit {

double Weights::Points(Severity s) const {
  return s == Severity::kError ? error : s == Severity::kWarning ? warning : info;
}

double Weights::SectionWeight(const std::string& section) const {
  auto it = section_weight.find(section);
  return it == section_weight.end() ? 1.0 : it->second;
}

namespace {

std::string Where(const std::string& file, const YAML::Node& node) {
  return Cat(file, ":", node.Mark().line + 1, ":", node.Mark().column + 1, ": ");
}

// A non-negative number, or an error naming where it is.
absl::StatusOr<double> Number(const std::string& file, const YAML::Node& node,
                              std::string_view what) {
  double d = 0;
  if (!node.IsScalar() || !YAML::convert<double>::decode(node, d) || !std::isfinite(d) || d < 0) {
    return absl::InvalidArgumentError(Cat(Where(file, node), what, " must be a number >= 0"));
  }
  return d;
}

}  // namespace

absl::StatusOr<Weights> ParseWeights(const std::string& text, const std::string& file) {
  Weights w;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return absl::InvalidArgumentError(
        Cat(file, ":", e.mark.line + 1, ":", e.mark.column + 1, ": YAML: ", YamlErrorMessage(e)));
  }
  if (auto p = CheckYamlExpansion(root, text.size())) {
    return absl::InvalidArgumentError(Cat(file, ":", p->line, ":", p->column, ": ", p->message));
  }
  if (root.IsNull()) return w;
  if (!root.IsMap())
    return absl::InvalidArgumentError(Cat(file, ":1:1: a weights file is a YAML mapping"));
  for (const auto& kv : root) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    const YAML::Node& value = kv.second;
    if (key == "severity") {
      if (!value.IsMap())
        return absl::InvalidArgumentError(
            Cat(Where(file, value), "'severity' maps error, warning and info to points"));
      for (const auto& s : value) {
        std::string name = s.first.IsScalar() ? s.first.Scalar() : "";
        absl::StatusOr<double> d = Number(file, s.second, Cat("'severity.", name, "'"));
        if (!d.ok()) return d.status();
        if (name == "error")
          w.error = *d;
        else if (name == "warning")
          w.warning = *d;
        else if (name == "info")
          w.info = *d;
        else
          return absl::InvalidArgumentError(
              Cat(Where(file, s.first), "unknown severity '", name, "' (error, warning, info)"));
      }
    } else if (key == "section_cap") {
      absl::StatusOr<double> d = Number(file, value, "'section_cap'");
      if (!d.ok()) return d.status();
      if (*d <= 0)
        return absl::InvalidArgumentError(
            Cat(Where(file, value), "'section_cap' must be more than 0"));
      w.section_cap = *d;
    } else if (key == "sections") {
      if (!value.IsMap())
        return absl::InvalidArgumentError(
            Cat(Where(file, value), "'sections' maps section names to weights"));
      for (const auto& s : value) {
        std::string name = s.first.IsScalar() ? s.first.Scalar() : "";
        absl::StatusOr<double> d =
            Number(file, s.second, Cat("the weight of section '", name, "'"));
        if (!d.ok()) return d.status();
        w.section_weight[name] = *d;
      }
    } else if (key == "golive_window_days") {
      absl::StatusOr<double> d = Number(file, value, "'golive_window_days'");
      if (!d.ok()) return d.status();
      w.golive_window_days = static_cast<int>(std::min(*d, 100000.0));
    } else {
      return absl::InvalidArgumentError(
          Cat(Where(file, kv.first), "unknown key '", key,
              "' (severity, section_cap, sections, golive_window_days)"));
    }
  }
  return w;
}

absl::StatusOr<Weights> ReadWeights(const std::string& path) {
  absl::StatusOr<std::string> text = ReadRegularFile(path);
  if (!text.ok())
    return CannotReadError(Cat(path, ":0:0: cannot read the weights file"), text.status());
  return ParseWeights(*text, path);
}

namespace {

std::string StringMember(const Plan& plan, NodeId object, std::string_view key) {
  if (object == kNoNode || plan.kind(object) != JsonKind::kObject) return "";
  NodeId n = plan.FindMember(object, key);
  return n == kNoNode ? "" : std::string(plan.string(n));
}

// The latest valid planned finish of the schedule.
std::optional<text::DayNumber> GoLive(const Plan& plan) {
  NodeId schedule = plan.FindMember(plan.root(), "schedule");
  if (schedule == kNoNode || plan.kind(schedule) != JsonKind::kArray) return std::nullopt;
  std::optional<text::DayNumber> latest;
  for (NodeId entry : plan.children(schedule)) {
    if (plan.kind(entry) != JsonKind::kObject) continue;
    NodeId finish = plan.FindMember(entry, "planned_finish");
    if (finish == kNoNode || plan.kind(finish) != JsonKind::kString) continue;
    std::optional<text::DayNumber> d = text::ParseDate(plan.string(finish));
    if (d && (!latest || *d > *latest)) latest = d;
  }
  return latest;
}

}  // namespace

AuditResult RunAudit(std::shared_ptr<const RulePack> pack, const std::vector<std::string>& files,
                     const std::vector<std::string>& missing, const AuditOptions& options) {
  auto start = std::chrono::steady_clock::now();
  AuditResult result;
  result.pack = pack;
  result.as_of = options.as_of.value_or(Today());
  result.weights = options.weights;
  for (const CompiledRule& r : pack->rules()) {
    if (!r.info.enabled) continue;
    std::string section = r.info.section.empty() ? "other" : r.info.section;
    if (std::find(result.sections.begin(), result.sections.end(), section) ==
        result.sections.end()) {
      result.sections.push_back(section);
    }
  }
  absl::flat_hash_map<std::string_view, uint32_t> rule_index;
  for (size_t i = 0; i < pack->rules().size(); ++i)
    rule_index[pack->rules()[i].info.id] = static_cast<uint32_t>(i);

  CheckOptions check_options;
  check_options.as_of = result.as_of;
  Checker checker(pack, check_options);
  PortfolioOptions portfolio_options;
  portfolio_options.as_of = result.as_of;
  portfolio_options.rule_cost_limit = check_options.rule_cost_limit;
  Portfolio portfolio(pack, portfolio_options);
  bool keep = portfolio.has_rules();

  result.plans.resize(files.size());
  std::mutex diagnostics_mutex;
  std::atomic<size_t> next{0}, done{0};
  auto work = [&] {
    PlanParser parser;
    PortfolioSink* sink = keep ? portfolio.NewSink() : nullptr;
    std::vector<Diagnostic> diagnostics;
    for (size_t i = next++; i < files.size(); i = next++) {
      PlanAudit& audit = result.plans[i];
      audit.file = files[i];
      absl::StatusOr<Plan> plan = ReadPlanFile(parser, files[i]);
      if (!plan.ok()) {
        audit.input_error = true;
        audit.error = std::string(plan.status().message());
        ++done;
        continue;
      }
      audit.bytes = plan->text().size();
      NodeId document = plan->FindMember(plan->root(), "document");
      audit.title = StringMember(*plan, document, "title");
      audit.system_name = StringMember(*plan, document, "system_name");
      audit.status = StringMember(*plan, document, "status");
      audit.go_live = GoLive(*plan);
      if (sink != nullptr) sink->BeginPlan(static_cast<uint32_t>(i), files[i]);
      PlanReport report = keep ? checker.CheckWithRecords(*plan, sink) : checker.Check(*plan);
      audit.findings.reserve(report.findings.size());
      for (Finding& f : report.findings) {
        audit.findings.push_back({rule_index[f.rule], f.waived, f.line, f.column,
                                  std::move(f.pointer), std::move(f.message)});
      }
      audit.diagnostics = report.diagnostics.size();
      for (Diagnostic& d : report.diagnostics) diagnostics.push_back(std::move(d));
      ++done;
    }
    std::lock_guard<std::mutex> lock(diagnostics_mutex);
    for (Diagnostic& d : diagnostics) result.diagnostics.push_back(std::move(d));
  };
  int jobs = options.jobs > 0 ? options.jobs
                              : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  jobs = std::max(1, std::min<int>(jobs, static_cast<int>(std::max<size_t>(1, files.size()))));
  std::vector<std::thread> threads;
  if (options.progress) {
    // The calling thread draws progress; `jobs` threads work.
    for (int t = 0; t < jobs; ++t) threads.emplace_back(work);
    while (done.load() < files.size()) {
      options.progress(done.load(), files.size());
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  } else {
    for (int t = 1; t < jobs; ++t) threads.emplace_back(work);
    work();
  }
  for (std::thread& t : threads) t.join();
  if (options.progress) options.progress(files.size(), files.size());

  for (const std::string& m : missing) {
    PlanAudit audit;
    audit.file = m;
    audit.input_error = true;
    audit.error = Cat(m, ":0:0: no such file or directory");
    result.plans.push_back(std::move(audit));
  }

  // Cross-plan rules, over what every plan kept.
  if (keep) {
    absl::flat_hash_map<std::string_view, size_t> plan_of;
    for (size_t i = 0; i < result.plans.size(); ++i) plan_of.try_emplace(result.plans[i].file, i);
    Portfolio::Result cross = portfolio.Evaluate([&](Finding&& f) {
      auto it = plan_of.find(f.file);
      if (it == plan_of.end()) {
        result.portfolio_wide.push_back(std::move(f));
        return;
      }
      result.plans[it->second].findings.push_back({rule_index[f.rule], f.waived, f.line, f.column,
                                                   std::move(f.pointer), std::move(f.message)});
    });
    result.portfolio_records = cross.records;
    result.portfolio_findings = cross.findings_count;
    for (Diagnostic& d : cross.diagnostics) result.diagnostics.push_back(std::move(d));
  }
  std::sort(result.diagnostics.begin(), result.diagnostics.end(),
            [](const Diagnostic& a, const Diagnostic& b) {
              return std::tie(a.file, a.rule, a.pointer, a.message) <
                     std::tie(b.file, b.rule, b.pointer, b.message);
            });
  for (const PlanAudit& p : result.plans) result.bytes += p.bytes;
  Score(&result);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

void Score(AuditResult* result) {
  const RulePack& pack = *result->pack;
  const Weights& w = result->weights;
  absl::flat_hash_map<std::string_view, size_t> section_index;
  for (size_t i = 0; i < result->sections.size(); ++i) section_index[result->sections[i]] = i;
  std::vector<double> points(result->sections.size());
  for (PlanAudit& plan : result->plans) {
    plan.errors = plan.warnings = plan.infos = plan.waived = 0;
    plan.section_scores.assign(result->sections.size(), std::nullopt);
    if (plan.input_error) {
      plan.score = 0;
      continue;
    }
    std::fill(points.begin(), points.end(), 0.0);
    for (const AuditFinding& f : plan.findings) {
      const RuleInfo& info = pack.rules()[f.rule].info;
      if (f.waived) {
        ++plan.waived;
        continue;
      }
      (info.severity == Severity::kError     ? plan.errors
       : info.severity == Severity::kWarning ? plan.warnings
                                             : plan.infos)++;
      auto it = section_index.find(info.section.empty() ? "other" : info.section);
      if (it != section_index.end()) points[it->second] += w.Points(info.severity);
    }
    double total = 0, weights = 0;
    for (size_t k = 0; k < points.size(); ++k) {
      double score = std::max(0.0, 100.0 - 100.0 * points[k] / w.section_cap);
      plan.section_scores[k] = static_cast<int>(std::lround(score));
      double weight = w.SectionWeight(result->sections[k]);
      total += weight * score;
      weights += weight;
    }
    plan.score = weights > 0 ? static_cast<int>(std::lround(total / weights)) : 100;
  }
}

Summary Summarize(const AuditResult& result, size_t top) {
  Summary s;
  const RulePack& pack = *result.pack;
  s.plans = result.plans.size();
  s.histogram.assign(10, 0);
  std::vector<int> scores;
  std::vector<RuleCount> rules(pack.rules().size());
  std::vector<double> section_sum(result.sections.size(), 0);
  std::vector<size_t> section_hit(result.sections.size(), 0);
  size_t readable = 0;
  for (size_t i = 0; i < result.plans.size(); ++i) {
    const PlanAudit& p = result.plans[i];
    if (p.input_error) ++s.input_errors;
    s.errors += p.errors;
    s.warnings += p.warnings;
    s.infos += p.infos;
    s.waived += p.waived;
    scores.push_back(p.score);
    s.histogram[std::min(9, p.score / 10)]++;
    std::set<uint32_t> seen;
    for (const AuditFinding& f : p.findings) {
      if (f.waived) continue;
      rules[f.rule].rule = f.rule;
      rules[f.rule].findings++;
      if (seen.insert(f.rule).second) rules[f.rule].plans++;
    }
    if (!p.input_error) {
      ++readable;
      for (size_t k = 0; k < result.sections.size(); ++k) {
        int score = p.section_scores[k].value_or(100);
        section_sum[k] += score;
        if (score < 100) section_hit[k]++;
      }
    }
  }
  s.findings = s.errors + s.warnings + s.infos;
  if (!scores.empty()) {
    double sum = 0;
    for (int v : scores) sum += v;
    s.average_score = sum / static_cast<double>(scores.size());
    std::vector<int> sorted = scores;
    std::sort(sorted.begin(), sorted.end());
    s.median_score = sorted[sorted.size() / 2];
  }
  std::vector<size_t> order(result.plans.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const PlanAudit& x = result.plans[a];
    const PlanAudit& y = result.plans[b];
    return std::tie(x.score, y.errors, y.warnings, x.file) <
           std::tie(y.score, x.errors, x.warnings, y.file);
  });
  for (size_t i = 0; i < order.size() && i < top; ++i) {
    if (result.plans[order[i]].score < 100) s.worst.push_back(order[i]);
  }
  std::vector<RuleCount> hit;
  for (const RuleCount& r : rules) {
    if (r.findings > 0) hit.push_back(r);
  }
  std::stable_sort(hit.begin(), hit.end(), [&](const RuleCount& a, const RuleCount& b) {
    return std::tie(b.findings, b.plans, pack.rules()[a.rule].info.id) <
           std::tie(a.findings, a.plans, pack.rules()[b.rule].info.id);
  });
  if (hit.size() > top) hit.resize(top);
  s.top_rules = std::move(hit);
  for (size_t k = 0; k < result.sections.size(); ++k) {
    SectionRisk r;
    r.section = result.sections[k];
    r.average = readable == 0 ? 100 : section_sum[k] / static_cast<double>(readable);
    r.plans_with_findings = section_hit[k];
    s.sections.push_back(r);
  }
  std::stable_sort(s.sections.begin(), s.sections.end(),
                   [](const SectionRisk& a, const SectionRisk& b) {
                     return std::tie(a.average, b.plans_with_findings) <
                            std::tie(b.average, a.plans_with_findings);
                   });
  for (size_t i = 0; i < result.plans.size(); ++i) {
    const PlanAudit& p = result.plans[i];
    if (p.input_error || p.errors == 0 || !p.go_live) continue;
    int days = *p.go_live - result.as_of;
    if (days >= 0 && days <= result.weights.golive_window_days)
      s.go_live_at_risk.push_back({i, days});
  }
  std::stable_sort(s.go_live_at_risk.begin(), s.go_live_at_risk.end(),
                   [&](const GoLiveRisk& a, const GoLiveRisk& b) {
                     return std::tie(a.days, result.plans[a.plan].file) <
                            std::tie(b.days, result.plans[b.plan].file);
                   });
  return s;
}

}  // namespace planlint::audit

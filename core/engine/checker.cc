#include "core/engine/checker.h"
#include "core/util/strings.h"

#include <algorithm>
#include <numeric>
#include <span>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "core/engine/fingerprint.h"
#include "core/engine/portfolio.h"
#include "core/expr/compiler.h"
#include "core/expr/context.h"
#include "core/expr/value_ops.h"
#include "core/text/unicode.h"
#include "core/util/status.h"

namespace planlint {

using expr::EvalContext;
using expr::Frame;
using expr::Value;
using expr::ValueKind;

text::DayNumber Today() {
  absl::CivilDay day = absl::ToCivilDay(absl::Now(), absl::UTCTimeZone());
  return text::MakeDate(static_cast<int>(day.year()), day.month(), day.day()).value_or(0);
}

void SortFindings(std::vector<Finding>* findings) {
  // Sorts positions, then moves each finding once: a finding is several
  // strings, and a merge sort would move it about log2(n) times.
  std::vector<size_t> order(findings->size());
  std::iota(order.begin(), order.end(), size_t{0});
  const std::vector<Finding>& f = *findings;
  std::stable_sort(order.begin(), order.end(), [&f](size_t i, size_t j) {
    const Finding& a = f[i];
    const Finding& b = f[j];
    return std::tie(a.file, a.line, a.column, a.rule, a.pointer, a.message) <
           std::tie(b.file, b.line, b.column, b.rule, b.pointer, b.message);
  });
  // Position j takes the finding at order[j]: each cycle of the permutation
  // is rotated in place, so no second vector of findings is held.
  std::vector<Finding>& v = *findings;
  for (size_t i = 0; i < order.size(); ++i) {
    if (order[i] == i) continue;
    Finding held = std::move(v[i]);
    size_t j = i;
    while (order[j] != i) {
      const size_t next = order[j];
      v[j] = std::move(v[next]);
      order[j] = j;
      j = next;
    }
    v[j] = std::move(held);
    order[j] = j;
  }
}

Checker::Checker(std::shared_ptr<const RulePack> pack, CheckOptions options)
    : pack_(std::move(pack)), options_(options) {}

namespace {

// One check of one plan: the state that lives while its rules run.
class PlanRun {
 public:
  PlanRun(const RulePack& pack, const Plan& plan, const CheckOptions& options,
          PortfolioSink* sink = nullptr)
      : pack_(pack),
        plan_(plan),
        options_(options),
        sink_(sink),
        ctx_(&plan, &pack.schema(), &pack.patterns(), &pack.keys()) {
    // Not value_or(Today()): that would read the clock for every plan.
    ctx_.as_of = options.as_of ? *options.as_of : Today();
    ctx_.hoisted().resize(pack.hoisted_count());
    ctx_.invariants().resize(2 * size_t{pack.hoisted_count()});
    ctx_.known_rules = &pack.known_rules();
    selected_.resize(pack.selectors().size());
    root_ = ctx_.NodeValue(plan.root(), false);
  }

  PlanReport Run();

 private:
  struct RawFinding {
    const CompiledRule* rule;
    NodeId node;
    std::string message;
    bool waived = false;
  };

  const std::vector<Value>& Selected(int selector) {
    auto& slot = selected_[selector];
    if (!slot) slot = pack_.selectors()[selector].Select(ctx_, root_);
    return *slot;
  }

  void Diagnose(const CompiledRule& rule, NodeId node, std::string message) {
    diagnostics_.push_back({rule.info.id, plan_.file(), node == kNoNode ? "" : plan_.Pointer(node),
                            std::move(message)});
  }

  // Evaluates a boolean step; nullopt (and a diagnostic) on error.
  std::optional<bool> Bool(const CompiledRule& rule, const expr::Step& step, Frame& frame,
                           NodeId node, std::string_view what) {
    Value v = step.Eval(frame);
    if (v.is_bool()) return v.b;
    if (!ctx_.over_limit()) {
      Diagnose(rule, node,
               v.is_error() ? Cat(what, ": ", v.string())
                            : Cat(what, " gave a ", expr::TypeName(v), ", not a bool"));
    }
    return std::nullopt;
  }

  std::string Message(const CompiledRule& rule, Frame& frame, NodeId node) {
    std::string out;
    for (const CompiledRule::MessagePart& part : rule.message) {
      if (!part.expr) {
        out += part.literal;
        continue;
      }
      Value v = part.expr->EvalLenient(frame);
      if (v.is_error()) {
        Diagnose(rule, node, Cat("message: ", v.string()));
        out += "?";
        continue;
      }
      out += expr::RenderForMessage(ctx_, v);
    }
    return out;
  }

  // Limits grow with the plan, its nodes and its text (a long string has as
  // many regex matches as a long list has items): linear work on a large plan
  // is legitimate, a rule that is super-linear in it is what the limits are
  // for. The plan's limit grows ten times as fast as a rule's, as the default
  // limits are in that ratio.
  uint64_t Growth() const { return 64 * plan_.node_count() + 16 * plan_.text().size(); }
  uint64_t RuleLimit() const { return options_.rule_cost_limit + Growth(); }
  uint64_t PlanLimit() const { return options_.plan_cost_limit + 10 * Growth(); }

  void RunRule(const CompiledRule& rule);
  void RunKeep(const CompiledRule& rule);
  void ApplySuppressions();

  const RulePack& pack_;
  const Plan& plan_;
  const CheckOptions& options_;
  PortfolioSink* sink_;
  EvalContext ctx_;
  Value root_;
  std::vector<std::optional<std::vector<Value>>> selected_;
  std::vector<Value> rule_slots_;
  std::vector<RawFinding> raw_;
  std::vector<Diagnostic> diagnostics_;
  absl::flat_hash_map<NodeId, int> suppressed_;
  uint64_t plan_cost_ = 0;
  bool plan_over_limit_ = false;
};

void PlanRun::RunRule(const CompiledRule& rule) {
  if (plan_over_limit_) return;
  ctx_.ResetCost(RuleLimit());
  // One buffer of slots for every rule (each starts from null values).
  rule_slots_.assign(rule.slot_count, Value());
  std::vector<Value>& slots = rule_slots_;
  slots[expr::kSlotPlan] = root_;
  slots[expr::kSlotAsOf] = Value::Date(ctx_.as_of);
  Frame frame{&ctx_, slots.data()};

  // The nodes the rule is about: the union of its selectors, in order (one
  // selector's list as it is, without a copy).
  std::vector<Value> merged;
  std::span<const Value> nodes;
  if (rule.selectors.size() == 1) {
    if (rule.selectors[0] >= 0) nodes = Selected(rule.selectors[0]);
  } else {
    for (int s : rule.selectors) {
      if (s < 0) continue;
      const auto& sel = Selected(s);
      merged.insert(merged.end(), sel.begin(), sel.end());
    }
    std::sort(merged.begin(), merged.end(),
              [](const Value& a, const Value& b) { return a.node < b.node; });
    merged.erase(std::unique(merged.begin(), merged.end(),
                             [](const Value& a, const Value& b) { return a.node == b.node; }),
                 merged.end());
    nodes = merged;
  }

  for (const Value& node : nodes) {
    NodeId self = node.node;
    slots[expr::kSlotSelf] = node;
    // Without `path` in the rule its slot stays the null assign() wrote.
    if (rule.uses_path) slots[expr::kSlotPath] = ctx_.MakeString(plan_.Pointer(self));
    bool ok = true;
    for (const CompiledRule::Let& let : rule.lets) slots[let.slot] = expr::UnsetLet();
    if (ok && rule.when) {
      std::optional<bool> when = Bool(rule, *rule.when, frame, self, "when");
      ok = when.value_or(false);
    }
    if (ok && rule.assert_step) {
      std::optional<bool> holds = Bool(rule, *rule.assert_step, frame, self, "assert");
      if (holds.has_value() && !*holds) raw_.push_back({&rule, self, Message(rule, frame, self)});
    } else if (ok && rule.each) {
      Value items = rule.each->Eval(frame);
      if (items.kind != ValueKind::kList) {
        if (!ctx_.over_limit()) {
          Diagnose(rule, self,
                   items.is_error() ? Cat("each: ", items.string())
                                    : Cat("each gave a ", expr::TypeName(items), ", not a list"));
        }
      } else {
        for (const Value& item : ctx_.Items(items)) {
          slots[expr::kSlotItem] = item;
          NodeId target = item.node != kNoNode ? item.node : self;
          if (rule.at) {
            Value at = rule.at->Eval(frame);
            if (at.node != kNoNode) {
              target = at.node;
            } else {
              Diagnose(rule, self,
                       at.is_error() ? Cat("at: ", at.string())
                                     : "at: the value does not come from the plan");
            }
          }
          raw_.push_back({&rule, target, Message(rule, frame, self)});
        }
      }
    }
    if (ctx_.over_limit()) {
      Diagnose(rule, self,
               Cat("rule stopped: it ran over its cost limit (", RuleLimit(),
                   " units) on this plan; its findings for this plan may be incomplete"));
      break;
    }
  }
  plan_cost_ += ctx_.cost();
  if (plan_cost_ > PlanLimit()) {
    plan_over_limit_ = true;
    Diagnose(rule, kNoNode,
             Cat("checking stopped: the plan's rules ran over the plan cost limit (", PlanLimit(),
                 " units)"));
  }
}

// Portfolio scope: the rule's `keep`, once per plan, with the plan bound.
void PlanRun::RunKeep(const CompiledRule& rule) {
  if (plan_over_limit_ || !rule.keep) return;
  ctx_.ResetCost(options_.rule_cost_limit);
  std::vector<Value> slots(rule.keep_slot_count);
  slots[expr::kSlotSelf] = root_;
  slots[expr::kSlotPlan] = root_;
  slots[expr::kSlotPath] = Value::String("");
  slots[expr::kSlotAsOf] = Value::Date(ctx_.as_of);
  Frame frame{&ctx_, slots.data()};
  Value kept = rule.keep->Eval(frame);
  if (ctx_.over_limit()) {
    Diagnose(rule, plan_.root(),
             Cat("keep stopped: it ran over its cost limit (", options_.rule_cost_limit,
                 " units) on this plan"));
  } else if (kept.is_error()) {
    Diagnose(rule, plan_.root(), Cat("keep: ", kept.string()));
  } else {
    sink_->Keep(rule, ctx_, plan_, kept, &diagnostics_);
  }
  plan_cost_ += ctx_.cost();
}

void PlanRun::ApplySuppressions() {
  if (pack_.suppressions().empty()) return;
  // The waivable findings of each rule (under its id and under its name),
  // sorted by pointer: the findings under a waiver's path are then two
  // ranges found by binary search (the path itself, and everything below
  // path + '/'), so many waivers over many findings stay fast.
  struct Entry {
    std::string pointer;
    size_t index;
    bool operator<(const Entry& o) const { return pointer < o.pointer; }
  };
  absl::flat_hash_map<std::string_view, std::vector<Entry>> by_rule;
  bool indexed = false;  // built when the plan has a valid waiver
  auto index = [&] {
    indexed = true;
    for (size_t i = 0; i < raw_.size(); ++i) {
      const RuleInfo& info = raw_[i].rule->info;
      if (!info.waivable) continue;
      std::string pointer = plan_.Pointer(raw_[i].node);
      if (info.name != info.id) by_rule[info.name].push_back({pointer, i});
      by_rule[info.id].push_back({std::move(pointer), i});
    }
    for (auto& [rule, entries] : by_rule) std::sort(entries.begin(), entries.end());
  };
  // Entries whose pointer is in [from, to).
  auto range = [](const std::vector<Entry>& entries, std::string from, std::string to) {
    auto begin = std::lower_bound(entries.begin(), entries.end(), Entry{std::move(from), 0});
    auto end = std::lower_bound(begin, entries.end(), Entry{std::move(to), 0});
    return std::pair{begin, end};
  };

  for (const CompiledSuppression& sup : pack_.suppressions()) {
    if (!sup.rule || !sup.path) continue;
    std::vector<Value> slots(sup.slot_count);
    slots[expr::kSlotPlan] = root_;
    slots[expr::kSlotAsOf] = Value::Date(ctx_.as_of);
    Frame frame{&ctx_, slots.data()};
    for (int s : sup.selectors) {
      if (s < 0) continue;
      for (const Value& node : Selected(s)) {
        ctx_.ResetCost(RuleLimit());
        slots[expr::kSlotSelf] = node;
        slots[expr::kSlotPath] = ctx_.MakeString(plan_.Pointer(node.node));
        if (sup.when) {
          Value valid = sup.when->Eval(frame);
          if (!valid.is_bool() || !valid.b) continue;
        }
        Value rule = sup.rule->Eval(frame);
        Value path = sup.path->EvalLenient(frame);
        if (!rule.is_string()) continue;
        std::string_view prefix;
        bool whole = path.is_absent() || path.kind == ValueKind::kNull ||
                     (path.is_string() && text::Trim(path.string()).empty());
        if (!whole) {
          if (!path.is_string()) continue;
          prefix = path.string();
        }
        if (sink_ != nullptr) sink_->Waive(rule.string(), prefix, whole);
        int count = 0;
        auto waive = [&](auto begin, auto end) {
          for (auto it = begin; it != end; ++it) {
            raw_[it->index].waived = true;
            ++count;
          }
        };
        if (!indexed) index();
        auto found = by_rule.find(rule.string());
        if (found != by_rule.end()) {
          const std::vector<Entry>& entries = found->second;
          if (whole) {
            waive(entries.begin(), entries.end());
          } else {
            // The path itself, then everything below it: the pointers in
            // [path + '/', path + '0') ('0' follows '/' in byte order).
            auto [begin, end] =
                range(entries, std::string(prefix), Cat(prefix, std::string(1, '\0')));
            waive(begin, end);
            auto [below, below_end] = range(entries, Cat(prefix, "/"), Cat(prefix, "0"));
            waive(below, below_end);
          }
        }
        suppressed_[node.node] += count;
      }
    }
  }
}

PlanReport PlanRun::Run() {
  for (const CompiledRule& rule : pack_.rules()) {
    if (rule.info.enabled && !rule.after_suppressions && !rule.portfolio) RunRule(rule);
  }
  if (sink_ != nullptr) {
    for (const CompiledRule& rule : pack_.rules()) {
      if (rule.info.enabled && rule.portfolio) RunKeep(rule);
    }
  }
  ApplySuppressions();
  ctx_.suppressed_counts = &suppressed_;
  for (const CompiledRule& rule : pack_.rules()) {
    if (rule.info.enabled && rule.after_suppressions && !rule.portfolio) RunRule(rule);
  }
  PlanReport report;
  report.file = plan_.file();
  report.bytes = plan_.text().size();
  report.findings.reserve(raw_.size());
  // One digest of each offending value, however many findings point at it.
  absl::flat_hash_map<NodeId, uint64_t> value_states;
  for (RawFinding& f : raw_) {
    Finding out;
    out.rule = f.rule->info.id;
    out.name = f.rule->info.name;
    out.severity = f.rule->info.severity;
    out.section = f.rule->info.section;
    out.message = std::move(f.message);
    out.file = plan_.file();
    out.pointer = plan_.Pointer(f.node);
    SourcePosition pos = plan_.PositionOf(f.node);
    out.line = pos.line;
    out.column = pos.column;
    out.waived = f.waived;
    auto [state, fresh] = value_states.try_emplace(f.node, 0);
    if (fresh) state->second = FingerprintValueState(plan_, f.node);
    out.fingerprint = FingerprintFromState(state->second, out.message);
    report.findings.push_back(std::move(out));
  }
  SortFindings(&report.findings);
  report.diagnostics = std::move(diagnostics_);
  return report;
}

}  // namespace

PlanReport Checker::Check(const Plan& plan) const {
  PlanRun run(*pack_, plan, options_);
  return run.Run();
}

PlanReport Checker::CheckWithRecords(const Plan& plan, PortfolioSink* sink) const {
  PlanRun run(*pack_, plan, options_, sink);
  return run.Run();
}

PlanReport Checker::CheckText(PlanParser& parser, const std::string& file, std::string text) const {
  size_t bytes = text.size();
  absl::StatusOr<Plan> plan = parser.Parse(file, std::move(text));
  if (!plan.ok()) {
    PlanReport report;
    report.file = file;
    report.bytes = bytes;
    report.input_error = true;
    report.error = std::string(plan.status().message());
    SourcePosition pos = PositionOf(plan.status()).value_or(SourcePosition{});
    report.error_line = pos.line;
    report.error_column = pos.column;
    return report;
  }
  PlanReport report = Check(*plan);
  report.bytes = bytes;
  return report;
}

PlanReport Checker::CheckFile(PlanParser& parser, const std::string& path) const {
  absl::StatusOr<Plan> plan = ReadPlanFile(parser, path);
  if (!plan.ok()) {
    PlanReport report;
    report.file = path;
    report.input_error = true;
    report.error = std::string(plan.status().message());
    SourcePosition pos = PositionOf(plan.status()).value_or(SourcePosition{});
    report.error_line = pos.line;
    report.error_column = pos.column;
    return report;
  }
  return Check(*plan);
}

}  // namespace planlint

#include "core/engine/portfolio.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "core/engine/checker.h"
#include "core/expr/program.h"
#include "core/expr/value_ops.h"
#include "core/plan/plan_parser.h"
#include "core/util/strings.h"

namespace planlint {

using expr::EvalContext;
using expr::Frame;
using expr::Value;
using expr::ValueKind;

PortfolioSink::PortfolioSink(const RulePack& pack, const PortfolioOptions& options)
    : pack_(pack), options_(options), arena_(nullptr, nullptr, nullptr) {
  file_key_ = Value::String(Key("file"));
}

void PortfolioSink::BeginPlan(uint32_t plan_index, std::string_view file) {
  plan_index_ = plan_index;
  file_ = arena_.Copy(file);
  file_value_ = Value::String(file_);
}

std::string_view PortfolioSink::Key(std::string_view key) {
  // Records repeat the same few keys: keep one copy of each (up to a bound,
  // so keys taken from plan data cannot grow the table without end).
  auto it = keys_.find(Sv(key));
  if (it != keys_.end()) return it->second;
  std::string_view copy = arena_.Copy(key);
  if (keys_.size() < 1024) keys_.emplace(std::string(key), copy);
  return copy;
}

Value PortfolioSink::Copy(EvalContext& from, const Plan& plan, const Value& v, size_t* budget,
                          std::string* error, bool record) {
  if (!error->empty()) return Value::Null();
  if (*budget == 0) {
    *error = Cat("keep gave more than ", options_.keep_value_limit,
                 " values for this plan; records must be small (names, dates, ids, pointers)");
    return Value::Null();
  }
  --*budget;
  switch (v.kind) {
    case ValueKind::kAbsent:
    case ValueKind::kNull:
      return Value::Null();
    case ValueKind::kBool:
      return Value::Bool(v.b);
    case ValueKind::kInt:
      return Value::Int(v.i);
    case ValueKind::kUint:
      return Value::Uint(v.u);
    case ValueKind::kDouble:
      return Value::Double(v.d);
    case ValueKind::kDate:
      return Value::Date(v.date);
    case ValueKind::kString:
      return arena_.MakeString(v.string());
    case ValueKind::kType:
      return Value::Type(arena_.Copy(v.string()));
    case ValueKind::kError:
      *error = Cat("keep: ", v.string());
      return Value::Null();
    case ValueKind::kList: {
      std::vector<Value> items;
      for (const Value& item : from.Items(v))
        items.push_back(Copy(from, plan, item, budget, error));
      return arena_.MakeList(items);
    }
    case ValueKind::kMap: {
      std::vector<std::pair<Value, Value>> entries;
      from.Entries(v, &entries);
      std::vector<Value> keys, values;
      keys.reserve(entries.size() + 1);
      values.reserve(entries.size() + 1);
      for (const auto& [k, value] : entries) {
        // A record's `file` is the engine's to set.
        if (record && k.is_string() && k.string() == "file") continue;
        keys.push_back(k.is_string() ? Value::String(Key(k.string()))
                                     : Copy(from, plan, k, budget, error));
        values.push_back(Copy(from, plan, value, budget, error));
        // A pointer into this plan: resolve it now, while the plan is here.
        if (k.is_string() && k.string() == "pointer" && value.is_string()) {
          NodeId node = plan.Resolve(value.string());
          if (node != kNoNode) {
            SourcePosition pos = plan.PositionOf(node);
            positions_.push_back({file_, values.back().string(), pos.line, pos.column});
          }
        }
      }
      if (record) {
        keys.push_back(file_key_);
        values.push_back(file_value_);
      }
      return arena_.MakeMap(keys, values);
    }
  }
  return Value::Null();
}

void PortfolioSink::Keep(const CompiledRule& rule, EvalContext& ctx, const Plan& plan,
                         const Value& kept, std::vector<Diagnostic>* diagnostics) {
  auto diagnose = [&](std::string message) {
    diagnostics->push_back({rule.info.id, plan.file(), "", std::move(message)});
  };
  if (kept.is_absent() || kept.kind == ValueKind::kNull) return;
  std::vector<Value> records;
  if (kept.kind == ValueKind::kMap) {
    records.push_back(kept);
  } else if (kept.kind == ValueKind::kList) {
    for (const Value& r : ctx.Items(kept)) records.push_back(r);
  } else {
    diagnose(
        Cat("keep gave a ", expr::TypeName(kept), "; it must give a list of maps, a map or null"));
    return;
  }
  uint32_t rule_index = static_cast<uint32_t>(&rule - pack_.rules().data());
  size_t budget = options_.keep_value_limit;
  std::string error;
  size_t first_kept = kept_.size();
  size_t first_position = positions_.size();
  for (const Value& r : records) {
    if (r.kind != ValueKind::kMap) {
      diagnose(Cat("keep gave a ", expr::TypeName(r), " record; every record must be a map"));
      continue;
    }
    Value copy = Copy(ctx, plan, r, &budget, &error, /*record=*/true);
    if (!error.empty()) break;
    kept_.push_back({plan_index_, rule_index, copy});
  }
  if (!error.empty()) {
    kept_.resize(first_kept);
    positions_.resize(first_position);
    diagnose(error);
  }
}

void PortfolioSink::Waive(std::string_view rule, std::string_view prefix, bool whole) {
  const CompiledRule* r = pack_.FindRule(rule);
  if (r == nullptr || !r->portfolio || !r->info.waivable) return;
  waivers_.push_back(
      {file_, static_cast<uint32_t>(r - pack_.rules().data()), std::string(prefix), whole});
}

Portfolio::Portfolio(std::shared_ptr<const RulePack> pack, PortfolioOptions options)
    : pack_(std::move(pack)), options_(options) {}

Portfolio::~Portfolio() = default;

bool Portfolio::has_rules() const {
  for (const CompiledRule& r : pack_->rules()) {
    if (r.portfolio && r.info.enabled) return true;
  }
  return false;
}

PortfolioSink* Portfolio::NewSink() {
  std::lock_guard<std::mutex> lock(mutex_);
  sinks_.push_back(std::unique_ptr<PortfolioSink>(new PortfolioSink(*pack_, options_)));
  return sinks_.back().get();
}

Portfolio::Result Portfolio::Evaluate(const std::function<void(Finding&&)>& deliver) {
  Result result;
  const RulePack& pack = *pack_;
  // Every record, per rule, in input order.
  std::vector<std::vector<const PortfolioSink::Kept*>> by_rule(pack.rules().size());
  std::vector<const PortfolioSink::Position*> positions;
  absl::flat_hash_map<std::string_view, std::vector<const PortfolioSink::Waiver*>> waivers;
  for (const auto& sink : sinks_) {
    for (const PortfolioSink::Kept& k : sink->kept_) by_rule[k.rule].push_back(&k);
    for (const PortfolioSink::Position& p : sink->positions_) positions.push_back(&p);
    for (const PortfolioSink::Waiver& w : sink->waivers_) waivers[w.file].push_back(&w);
  }
  std::sort(positions.begin(), positions.end(), [](const auto* a, const auto* b) {
    return std::tie(a->file, a->pointer) < std::tie(b->file, b->pointer);
  });

  // Locates a finding from the positions kept with the records (or later, by
  // reading the plan again: a pointer `at` computed), applies the plan's
  // waivers, and hands it on.
  std::vector<Finding> unlocated;
  auto emit = [&](Finding&& f) {
    ++result.findings_count;
    if (deliver) {
      deliver(std::move(f));
    } else {
      result.findings.push_back(std::move(f));
    }
  };
  auto finish = [&](const CompiledRule& rule, Finding&& f) {
    if (f.file.empty()) return emit(std::move(f));
    auto w = waivers.find(f.file);
    if (w != waivers.end()) {
      for (const PortfolioSink::Waiver* waiver : w->second) {
        if (&pack.rules()[waiver->rule] != &rule) continue;
        const std::string& prefix = waiver->prefix;
        if (waiver->whole || f.pointer == prefix ||
            (f.pointer.starts_with(prefix) && f.pointer.size() > prefix.size() &&
             f.pointer[prefix.size()] == '/')) {
          f.waived = true;
        }
      }
    }
    std::pair<std::string_view, std::string_view> key(f.file, f.pointer);
    auto it = std::lower_bound(positions.begin(), positions.end(), key,
                               [](const PortfolioSink::Position* a, const auto& b) {
                                 return std::tie(a->file, a->pointer) < std::tie(b.first, b.second);
                               });
    if (it != positions.end() && (*it)->file == f.file && (*it)->pointer == f.pointer) {
      f.line = (*it)->line;
      f.column = (*it)->column;
      return emit(std::move(f));
    }
    unlocated.push_back(std::move(f));
  };

  for (size_t ri = 0; ri < pack.rules().size(); ++ri) {
    const CompiledRule& rule = pack.rules()[ri];
    if (!rule.portfolio || !rule.info.enabled) continue;
    // A context (and so an arena) per rule: what one rule builds is freed
    // before the next runs.
    EvalContext ctx(nullptr, &pack.schema(), &pack.patterns(), &pack.keys());
    ctx.as_of = options_.as_of;
    ctx.hoisted().resize(pack.hoisted_count());
    ctx.known_rules = &pack.known_rules();
    auto diagnose = [&](std::string message) {
      result.diagnostics.push_back({rule.info.id, "", "", std::move(message)});
    };
    std::vector<const PortfolioSink::Kept*>& kept = by_rule[ri];
    std::stable_sort(kept.begin(), kept.end(),
                     [](const auto* a, const auto* b) { return a->plan < b->plan; });
    std::vector<Value> items;
    items.reserve(kept.size());
    for (const PortfolioSink::Kept* k : kept) items.push_back(k->record);
    result.records += items.size();
    ctx.ResetCost(options_.rule_cost_limit + options_.cost_per_record * items.size());
    std::vector<Value> slots(rule.slot_count);
    slots[expr::kSlotSelf] = ctx.MakeList(items);
    slots[expr::kSlotAsOf] = Value::Date(ctx.as_of);
    Frame frame{&ctx, slots.data()};
    for (const CompiledRule::Let& let : rule.lets) slots[let.slot] = expr::UnsetLet();
    auto make = [&](std::string file, std::string pointer) {
      Finding f;
      f.rule = rule.info.id;
      f.name = rule.info.name;
      f.severity = rule.info.severity;
      f.section = rule.info.section;
      f.file = std::move(file);
      f.pointer = std::move(pointer);
      for (const CompiledRule::MessagePart& part : rule.message) {
        if (!part.expr) {
          f.message += part.literal;
          continue;
        }
        Value v = part.expr->EvalLenient(frame);
        if (v.is_error()) {
          diagnose(Cat("message: ", v.string()));
          f.message += "?";
          continue;
        }
        f.message += expr::RenderForMessage(ctx, v);
      }
      return f;
    };
    auto boolean = [&](const expr::Step& step, std::string_view what) -> std::optional<bool> {
      Value v = step.Eval(frame);
      if (v.is_bool()) return v.b;
      if (!ctx.over_limit()) {
        diagnose(v.is_error() ? Cat(what, ": ", v.string())
                              : Cat(what, " gave a ", expr::TypeName(v), ", not a bool"));
      }
      return std::nullopt;
    };
    bool ok = true;
    if (rule.when) ok = boolean(*rule.when, "when").value_or(false);
    if (ok && rule.assert_step) {
      std::optional<bool> holds = boolean(*rule.assert_step, "assert");
      // A portfolio-wide finding: it belongs to no one plan.
      if (holds.has_value() && !*holds) finish(rule, make("", ""));
    } else if (ok && rule.each) {
      Value list = rule.each->Eval(frame);
      if (list.kind != ValueKind::kList) {
        if (!ctx.over_limit()) {
          diagnose(list.is_error() ? Cat("each: ", list.string())
                                   : Cat("each gave a ", expr::TypeName(list), ", not a list"));
        }
      } else {
        for (const Value& item : ctx.Items(list)) {
          slots[expr::kSlotItem] = item;
          Value target = item;
          if (rule.at) target = rule.at->Eval(frame);
          std::optional<Value> file = ctx.Member(target, "file");
          std::optional<Value> pointer = ctx.Member(target, "pointer");
          if (!file || !file->is_string() || file->string().empty() ||
              (pointer && !pointer->is_string())) {
            diagnose(
                target.is_error()
                    ? Cat("at: ", target.string())
                    : Cat(rule.at ? "at" : "each",
                          ": a portfolio finding needs a record with a string 'file' (and a string "
                          "'pointer'), not ",
                          expr::ToJson(ctx, target)));
            continue;
          }
          finish(rule, make(std::string(file->string()),
                            pointer ? std::string(pointer->string()) : std::string()));
          if (ctx.over_limit()) break;
        }
      }
    }
    if (ctx.over_limit()) {
      diagnose(Cat("rule stopped: it ran over its cost limit (", options_.rule_cost_limit, " + ",
                   options_.cost_per_record, " per record units); its findings may be incomplete"));
    }
  }

  // Findings whose pointer no record kept: read their plans again.
  std::stable_sort(unlocated.begin(), unlocated.end(),
                   [](const Finding& a, const Finding& b) { return a.file < b.file; });
  PlanParser parser;
  for (size_t i = 0; i < unlocated.size();) {
    size_t end = i;
    while (end < unlocated.size() && unlocated[end].file == unlocated[i].file) ++end;
    absl::StatusOr<Plan> plan = ReadPlanFile(parser, unlocated[i].file);
    for (; i < end; ++i) {
      Finding& f = unlocated[i];
      NodeId node = plan.ok() ? plan->Resolve(f.pointer) : kNoNode;
      if (node != kNoNode) {
        SourcePosition pos = plan->PositionOf(node);
        f.line = pos.line;
        f.column = pos.column;
      }
      emit(std::move(f));
    }
  }
  SortFindings(&result.findings);
  return result;
}

}  // namespace planlint

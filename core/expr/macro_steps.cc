#include "core/expr/macro_steps.h"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "core/expr/step_errors.h"
#include "core/expr/value_ops.h"
#include "core/util/strings.h"

namespace planlint::expr {

namespace {

// The values a comprehension ranges over: list items (a view, no copy), or
// map keys (copied into `keys`).
bool RangeOf(EvalContext& ctx, const Value& range, std::span<const Value>* out,
             std::vector<Value>* keys, Value* error, std::string_view macro) {
  if (range.is_error()) {
    *error = range;
    return false;
  }
  if (range.kind == ValueKind::kList) {
    *out = ctx.Items(range);
    return true;
  }
  if (range.kind == ValueKind::kMap) {
    std::vector<std::pair<Value, Value>> entries;
    ctx.Entries(range, &entries);
    keys->clear();
    for (auto& [k, v] : entries) keys->push_back(k);
    *out = *keys;
    return true;
  }
  *error = ctx.MakeError(Cat(macro, "() does not apply to a ", TypeName(range)));
  return false;
}

// A copy of bool value `p`, written field by field (see
// EvalContext::NodeValueInto: a whole-value copy of a value just computed
// stalls).
Value CopyBool(const Value& p) {
  Value v = Value::Bool(p.b);
  v.node = p.node;
  v.raw = p.raw;
  return v;
}

class MacroStep final : public Step {
 public:
  MacroStep(uint32_t offset, MacroKind kind, std::string name, StepPtr range, uint32_t var,
            StepPtr pred, StepPtr transform)
      : Step(offset),
        kind_(kind),
        name_(std::move(name)),
        range_(std::move(range)),
        var_(var),
        pred_(std::move(pred)),
        transform_(std::move(transform)) {}

  Value Eval(Frame& f) const override {
    EvalContext& ctx = *f.ctx;
    std::span<const Value> range;
    std::vector<Value> map_keys;
    Value error;
    if (!RangeOf(ctx, range_->Eval(f), &range, &map_keys, &error, name_)) return error;
    if (!ctx.Charge(range.size() + 1)) return CostError(ctx);
    switch (kind_) {
      case MacroKind::kAll:
      case MacroKind::kExists: {
        bool want = kind_ == MacroKind::kExists;  // the value that decides
        std::optional<Value> first_error;
        for (const Value& x : range) {
          if (ctx.over_limit()) return CostError(ctx);
          f.slots[var_] = x;
          Value p = pred_->Eval(f);
          if (p.is_bool()) {
            if (p.b == want) return CopyBool(p);
          } else if (!first_error) {
            first_error = p.is_error() ? p : NotBool(ctx, name_, p);
          }
        }
        if (first_error) return *first_error;
        return Value::Bool(!want);
      }
      case MacroKind::kExistsOne: {
        int count = 0;
        for (const Value& x : range) {
          if (ctx.over_limit()) return CostError(ctx);
          f.slots[var_] = x;
          Value p = pred_->Eval(f);
          if (!p.is_bool()) return p.is_error() ? p : NotBool(ctx, name_, p);
          count += p.b ? 1 : 0;
        }
        return Value::Bool(count == 1);
      }
      case MacroKind::kMap:
      case MacroKind::kFilter: {
        absl::InlinedVector<Value, 16> out;
        // A map keeps every item: room for all of them at once, instead of
        // growing (and copying) through every power of two.
        if (!pred_) out.reserve(range.size());
        for (const Value& x : range) {
          if (ctx.over_limit()) return CostError(ctx);
          f.slots[var_] = x;
          if (pred_) {
            Value p = pred_->Eval(f);
            if (!p.is_bool()) return p.is_error() ? p : NotBool(ctx, name_, p);
            if (!p.b) continue;
          }
          if (transform_) {
            // Evaluated into its place in the result (no copy of a value
            // just written: see EvalContext::NodeValueInto).
            Value& t = out.emplace_back();
            new (&t) Value(transform_->Eval(f));
            if (t.is_error()) return t;
          } else {
            out.push_back(x);
          }
        }
        return ctx.MakeList(out);
      }
      case MacroKind::kIndexBy:
      case MacroKind::kDuplicatesBy:
      case MacroKind::kDistinctBy: {
        // Short ranges (most: a task's dependencies) compare keys one by
        // one on the stack; longer ones hash them.
        constexpr size_t kLinearKeys = 8;
        const bool linear = range.size() <= kLinearKeys;
        absl::InlinedVector<ValueKey, kLinearKeys> seen_few;
        absl::flat_hash_set<ValueKey> seen;
        if (!linear) seen.reserve(range.size());
        absl::InlinedVector<Value, kLinearKeys> keys, values, out;
        for (const Value& x : range) {
          if (ctx.over_limit()) return CostError(ctx);
          std::optional<ValueKey> hk;
          const Value k = ItemKey(f, x, &hk);
          if (!hk) {
            if (k.is_error()) return k;
            continue;  // no key: skipped
          }
          bool fresh;
          if (linear) {
            fresh = std::find(seen_few.begin(), seen_few.end(), *hk) == seen_few.end();
            if (fresh) seen_few.push_back(*hk);
          } else {
            fresh = seen.insert(*hk).second;
          }
          if (kind_ == MacroKind::kIndexBy && fresh) {
            keys.push_back(k);
            values.push_back(x);
          }
          if ((kind_ == MacroKind::kDuplicatesBy && !fresh) ||
              (kind_ == MacroKind::kDistinctBy && fresh)) {
            out.push_back(x);
          }
        }
        if (kind_ == MacroKind::kIndexBy) return ctx.MakeMap(keys, values);
        return ctx.MakeList(out);
      }
      case MacroKind::kGroupBy: {
        // key -> every element with it, keys in order of first appearance.
        absl::flat_hash_map<ValueKey, uint32_t> group_of;
        std::vector<Value> keys;
        std::vector<std::vector<Value>> groups;
        for (const Value& x : range) {
          std::optional<ValueKey> hk;
          const Value k = ItemKey(f, x, &hk);
          if (!hk) {
            if (k.is_error()) return k;
            continue;  // no key: skipped
          }
          auto [it, fresh] = group_of.try_emplace(*hk, static_cast<uint32_t>(groups.size()));
          if (fresh) {
            keys.push_back(k);
            groups.emplace_back();
          }
          groups[it->second].push_back(x);
        }
        std::vector<Value> values;
        values.reserve(groups.size());
        for (const std::vector<Value>& g : groups) values.push_back(ctx.MakeList(g));
        return ctx.MakeMap(keys, values);
      }
    }
    return ctx.MakeError("unknown macro");
  }

 private:
  // The key of item `x` for indexBy, duplicatesBy, distinctBy and groupBy
  // (`transform_` with `x` bound), with its hash key in *hk. *hk stays
  // empty for an item without a key (absent or null: skipped) and when the
  // result is an error (also when the key cannot be hashed).
  Value ItemKey(Frame& f, const Value& x, std::optional<ValueKey>* hk) const {
    f.slots[var_] = x;
    Value k = transform_->EvalLenient(f);
    if (k.is_error() || k.is_absent() || k.kind == ValueKind::kNull) return k;
    *hk = KeyOf(*f.ctx, k);
    if (!*hk) return f.ctx->MakeError(Cat(name_, ": a ", TypeName(k), " cannot be a key"));
    return k;
  }

  MacroKind kind_;
  std::string name_;
  StepPtr range_;
  uint32_t var_;
  StepPtr pred_;       // all/exists/exists_one/filter, 3-arg map
  StepPtr transform_;  // map, indexBy/duplicatesBy/distinctBy key
};

// A filter or map over a constant list, its body compiled once per item
// (Compiler::CompileUnrolled): what MacroStep computes for that range,
// with the same charges for the macro itself.
class UnrolledStep final : public Step {
 public:
  UnrolledStep(uint32_t offset, bool is_filter, std::string name, Value range, uint32_t var,
               std::vector<StepPtr> bodies)
      : Step(offset),
        is_filter_(is_filter),
        name_(std::move(name)),
        range_(range),
        var_(var),
        bodies_(std::move(bodies)) {}

  Value Eval(Frame& f) const override {
    EvalContext& ctx = *f.ctx;
    const std::span<const Value> range = ctx.Items(range_);
    if (!ctx.Charge(range.size() + 1)) return CostError(ctx);
    absl::InlinedVector<Value, 16> out;
    if (!is_filter_) out.reserve(range.size());
    for (size_t i = 0; i < range.size(); ++i) {
      if (ctx.over_limit()) return CostError(ctx);
      f.slots[var_] = range[i];
      if (is_filter_) {
        Value p = bodies_[i]->Eval(f);
        if (!p.is_bool()) return p.is_error() ? p : NotBool(ctx, name_, p);
        if (p.b) out.push_back(range[i]);
      } else {
        Value& t = out.emplace_back();
        new (&t) Value(bodies_[i]->Eval(f));
        if (t.is_error()) return t;
      }
    }
    return ctx.MakeList(out);
  }

 private:
  bool is_filter_;
  std::string name_;
  Value range_;  // a constant list (in the pack's constants)
  uint32_t var_;
  std::vector<StepPtr> bodies_;
};

}  // namespace

std::optional<MacroKind> MacroNamed(std::string_view name) {
  static constexpr std::pair<std::string_view, MacroKind> kMacros[] = {
      {"all", MacroKind::kAll},
      {"exists", MacroKind::kExists},
      {"exists_one", MacroKind::kExistsOne},
      {"map", MacroKind::kMap},
      {"filter", MacroKind::kFilter},
      {"indexBy", MacroKind::kIndexBy},
      {"duplicatesBy", MacroKind::kDuplicatesBy},
      {"distinctBy", MacroKind::kDistinctBy},
      {"groupBy", MacroKind::kGroupBy},
  };
  for (const auto& [macro, kind] : kMacros) {
    if (name == macro) return kind;
  }
  return std::nullopt;
}

StepPtr MakeMacroStep(uint32_t offset, MacroKind kind, std::string name, StepPtr range,
                      uint32_t var, StepPtr pred, StepPtr transform) {
  return std::make_unique<MacroStep>(offset, kind, std::move(name), std::move(range), var,
                                     std::move(pred), std::move(transform));
}

StepPtr MakeUnrolledStep(uint32_t offset, bool is_filter, std::string name, Value range,
                         uint32_t var, std::vector<StepPtr> bodies) {
  return std::make_unique<UnrolledStep>(offset, is_filter, std::move(name), range, var,
                                        std::move(bodies));
}

}  // namespace planlint::expr

#include "core/expr/macro_steps.h"

#include <algorithm>
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

// Room for a macro's results, at most one per item of its range: on the
// stack for short ranges (no initialisation, no growth), else on the heap.
class ResultBuffer {
 public:
  explicit ResultBuffer(size_t n) {
    if (n > kLocal) {
      heap_ = std::make_unique<Value[]>(n);
      data_ = heap_.get();
    } else {
      data_ = reinterpret_cast<Value*>(local_);
    }
  }
  Value* data() { return data_; }

 private:
  static constexpr size_t kLocal = 16;
  alignas(Value) unsigned char local_[sizeof(Value) * kLocal];
  std::unique_ptr<Value[]> heap_;
  Value* data_;
};

// Whether `range` is a list a macro that keeps every item may give back as
// its result: one the evaluation made (not backed by a node), as MakeList
// of the same items would make it.
bool ReusableList(const Value& range) {
  return range.kind == ValueKind::kList && range.list != nullptr && range.node == kNoNode &&
         !range.raw;
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
    ResultBuffer buffer(range.size());
    Value* const out = buffer.data();
    size_t kept = 0;
    for (size_t i = 0; i < range.size(); ++i) {
      if (ctx.over_limit()) return CostError(ctx);
      f.slots[var_] = range[i];
      if (is_filter_) {
        const Value p = bodies_[i]->Eval(f);
        if (!p.is_bool()) return p.is_error() ? p : NotBool(ctx, name_, p);
        if (p.b) new (&out[kept++]) Value(range[i]);
      } else {
        Value* t = new (&out[kept++]) Value(bodies_[i]->Eval(f));
        if (t->is_error()) return *t;
      }
    }
    return ctx.MakeList(std::span<const Value>(out, kept));
  }

 private:
  bool is_filter_;
  std::string name_;
  Value range_;  // a constant list (in the pack's constants)
  uint32_t var_;
  std::vector<StepPtr> bodies_;
};

// The range handling ListMacroStep and KeyMacroStep share: the range is
// evaluated, a list's items (or a map's keys, or the error of anything else)
// are handed to `Derived::Over(f, range, items)`. Holds the macro's name,
// range and variable.
template <typename Derived>
class RangeMacroStep : public Step {
 public:
  RangeMacroStep(uint32_t offset, std::string name, StepPtr range, uint32_t var)
      : Step(offset), name_(std::move(name)), range_(std::move(range)), var_(var) {}

  Value Eval(Frame& f) const final {
    const Value range = range_->Eval(f);
    if (range.kind != ValueKind::kList) [[unlikely]]
      return OverKeys(f, range);
    return self().Over(f, range, f.ctx->Items(range));
  }

 protected:
  const std::string& name() const { return name_; }
  uint32_t var() const { return var_; }

 private:
  const Derived& self() const { return static_cast<const Derived&>(*this); }
  // A map's keys, or the error of a range that is neither list nor map.
  [[gnu::noinline]] Value OverKeys(Frame& f, const Value& range) const {
    std::span<const Value> items;
    std::vector<Value> keys;
    Value error;
    if (!RangeOf(*f.ctx, range, &items, &keys, &error, name_)) return error;
    return self().Over(f, range, items);
  }

  std::string name_;
  StepPtr range_;
  uint32_t var_;
};

// `filter` (kPred), `map` (kTransform) and the three-argument `map` (both):
// what MacroStep computes for them (the same charges, checks of the cost
// limit and errors, in the same order), without its switch and with the
// results written straight into a buffer of the range's size. A filter
// that keeps every item of a list the evaluation made gives that list back
// instead of a copy.
template <bool kPred, bool kTransform>
class ListMacroStep final : public RangeMacroStep<ListMacroStep<kPred, kTransform>> {
  using Base = RangeMacroStep<ListMacroStep<kPred, kTransform>>;
  friend Base;

 public:
  ListMacroStep(uint32_t offset, std::string name, StepPtr range, uint32_t var, StepPtr pred,
                StepPtr transform)
      : Base(offset, std::move(name), std::move(range), var),
        pred_(std::move(pred)),
        transform_(std::move(transform)) {}

 private:
  Value Over(Frame& f, const Value& range, std::span<const Value> items) const {
    EvalContext& ctx = *f.ctx;
    const size_t n = items.size();
    if (!ctx.Charge(n + 1)) return CostError(ctx);
    ResultBuffer buffer(n);
    Value* const out = buffer.data();
    size_t kept = 0;
    for (size_t i = 0; i < n; ++i) {
      if (ctx.over_limit()) return CostError(ctx);
      f.slots[this->var()] = items[i];
      if constexpr (kPred) {
        const Value p = pred_->Eval(f);
        if (!p.is_bool()) return p.is_error() ? p : NotBool(ctx, this->name(), p);
        if (!p.b) continue;
      }
      if constexpr (kTransform) {
        // Evaluated into its place in the result (no copy of a value just
        // written: see EvalContext::NodeValueInto).
        Value* t = new (&out[kept]) Value(transform_->Eval(f));
        if (t->is_error()) return *t;
      } else {
        new (&out[kept]) Value(items[i]);
      }
      ++kept;
    }
    if (!kTransform && kept == n && ReusableList(range)) return range;
    return ctx.MakeList(std::span<const Value>(out, kept));
  }

  StepPtr pred_;       // kPred
  StepPtr transform_;  // kTransform
};

// `indexBy`, `duplicatesBy` and `distinctBy` (kKind): what MacroStep
// computes for them, without its switch; a short range (most: a task's
// dependencies) compares keys one by one in buffers on the stack, a longer
// one hashes them. A distinctBy that keeps every item of a list the
// evaluation made gives that list back.
template <MacroKind kKind>
class KeyMacroStep final : public RangeMacroStep<KeyMacroStep<kKind>> {
  using Base = RangeMacroStep<KeyMacroStep<kKind>>;
  friend Base;

 public:
  KeyMacroStep(uint32_t offset, std::string name, StepPtr range, uint32_t var, StepPtr transform)
      : Base(offset, std::move(name), std::move(range), var), transform_(std::move(transform)) {}

 private:
  static constexpr size_t kLinearKeys = 8;

  Value Over(Frame& f, const Value& range, std::span<const Value> items) const {
    EvalContext& ctx = *f.ctx;
    const size_t n = items.size();
    if (!ctx.Charge(n + 1)) return CostError(ctx);
    if (n > kLinearKeys) return Hashed(f, items);
    alignas(ValueKey) unsigned char seen_storage[sizeof(ValueKey) * kLinearKeys];
    auto* const seen = reinterpret_cast<ValueKey*>(seen_storage);
    alignas(Value) unsigned char keys_storage[sizeof(Value) * kLinearKeys];
    alignas(Value) unsigned char out_storage[sizeof(Value) * kLinearKeys];
    auto* const keys = reinterpret_cast<Value*>(keys_storage);
    auto* const out = reinterpret_cast<Value*>(out_storage);
    size_t seen_count = 0, kept = 0;
    for (size_t i = 0; i < n; ++i) {
      if (ctx.over_limit()) return CostError(ctx);
      std::optional<ValueKey> hk;
      const Value k = ItemKey(f, items[i], &hk);
      if (!hk) {
        if (k.is_error()) return k;
        continue;  // no key: skipped
      }
      const bool fresh = std::find(seen, seen + seen_count, *hk) == seen + seen_count;
      if (fresh) new (&seen[seen_count++]) ValueKey(*hk);
      if (kKind == MacroKind::kIndexBy && fresh) {
        new (&keys[kept]) Value(k);
        new (&out[kept++]) Value(items[i]);
      }
      if ((kKind == MacroKind::kDuplicatesBy && !fresh) ||
          (kKind == MacroKind::kDistinctBy && fresh)) {
        new (&out[kept++]) Value(items[i]);
      }
    }
    if (kKind == MacroKind::kIndexBy) {
      return ctx.MakeMap(std::span<const Value>(keys, kept), std::span<const Value>(out, kept));
    }
    if (kKind == MacroKind::kDistinctBy && kept == n && ReusableList(range)) return range;
    return ctx.MakeList(std::span<const Value>(out, kept));
  }

  // Over() for a range longer than kLinearKeys: the keys in a hash set.
  [[gnu::noinline]] Value Hashed(Frame& f, std::span<const Value> items) const {
    EvalContext& ctx = *f.ctx;
    absl::flat_hash_set<ValueKey> seen;
    seen.reserve(items.size());
    std::vector<Value> keys, out;
    for (const Value& x : items) {
      if (ctx.over_limit()) return CostError(ctx);
      std::optional<ValueKey> hk;
      const Value k = ItemKey(f, x, &hk);
      if (!hk) {
        if (k.is_error()) return k;
        continue;  // no key: skipped
      }
      const bool fresh = seen.insert(*hk).second;
      if (kKind == MacroKind::kIndexBy && fresh) {
        keys.push_back(k);
        out.push_back(x);
      }
      if ((kKind == MacroKind::kDuplicatesBy && !fresh) ||
          (kKind == MacroKind::kDistinctBy && fresh)) {
        out.push_back(x);
      }
    }
    if (kKind == MacroKind::kIndexBy) return ctx.MakeMap(keys, out);
    return ctx.MakeList(out);
  }

  // The key of item `x` (`transform_` with `x` bound), as MacroStep::ItemKey.
  Value ItemKey(Frame& f, const Value& x, std::optional<ValueKey>* hk) const {
    f.slots[this->var()] = x;
    Value k = transform_->EvalLenient(f);
    if (k.is_error() || k.is_absent() || k.kind == ValueKind::kNull) return k;
    *hk = KeyOf(*f.ctx, k);
    if (!*hk) return f.ctx->MakeError(Cat(this->name(), ": a ", TypeName(k), " cannot be a key"));
    return k;
  }

  StepPtr transform_;
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
  switch (kind) {
    case MacroKind::kFilter:
      return std::make_unique<ListMacroStep<true, false>>(offset, std::move(name), std::move(range),
                                                          var, std::move(pred), nullptr);
    case MacroKind::kMap:
      if (pred) {
        return std::make_unique<ListMacroStep<true, true>>(
            offset, std::move(name), std::move(range), var, std::move(pred), std::move(transform));
      }
      return std::make_unique<ListMacroStep<false, true>>(offset, std::move(name), std::move(range),
                                                          var, nullptr, std::move(transform));
    case MacroKind::kIndexBy:
      return std::make_unique<KeyMacroStep<MacroKind::kIndexBy>>(
          offset, std::move(name), std::move(range), var, std::move(transform));
    case MacroKind::kDuplicatesBy:
      return std::make_unique<KeyMacroStep<MacroKind::kDuplicatesBy>>(
          offset, std::move(name), std::move(range), var, std::move(transform));
    case MacroKind::kDistinctBy:
      return std::make_unique<KeyMacroStep<MacroKind::kDistinctBy>>(
          offset, std::move(name), std::move(range), var, std::move(transform));
    default:
      return MakeGeneralMacroStep(offset, kind, std::move(name), std::move(range), var,
                                  std::move(pred), std::move(transform));
  }
}

StepPtr MakeGeneralMacroStep(uint32_t offset, MacroKind kind, std::string name, StepPtr range,
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

// The macros' own steps (core/expr/macro_steps.cc: ListMacroStep for filter
// and map, KeyMacroStep for indexBy, duplicatesBy and distinctBy) must give
// what the general MacroStep gives for the same range and bodies: values and
// errors alike, and the same charges, so that a cost limit stops a rule at
// the same point. Ranges and bodies are built by hand, so that every path
// is reached: short and long lists (on the stack, hashed, on the heap), a
// map's keys, a range that is an error or no list, bodies that fail, give
// no bool, give no key or a key that cannot be one, and that charge.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/expr/context.h"
#include "core/expr/macro_steps.h"
#include "core/expr/program.h"
#include "core/expr/value_ops.h"
#include "gtest/gtest.h"

namespace planlint::expr {
namespace {

constexpr uint32_t kVar = kFirstFreeSlot;

// A step whose value `fn` computes.
class FnStep final : public Step {
 public:
  explicit FnStep(std::function<Value(Frame&)> fn) : Step(0), fn_(std::move(fn)) {}
  Value Eval(Frame& f) const override { return fn_(f); }

 private:
  std::function<Value(Frame&)> fn_;
};

StepPtr Fn(std::function<Value(Frame&)> fn) { return std::make_unique<FnStep>(std::move(fn)); }

// The item in the macro's variable, as an int (items are ints here).
int64_t Item(Frame& f) { return f.slots[kVar].kind == ValueKind::kInt ? f.slots[kVar].i : -1; }

// The ranges: lists of 0, 1, 3, 9 and 20 ints (i % 5, so that keys
// repeat), the same as a map's keys, an error and an int.
std::vector<std::function<Value(EvalContext&)>> Ranges() {
  std::vector<std::function<Value(EvalContext&)>> ranges;
  for (int n : {0, 1, 3, 9, 20}) {
    ranges.push_back([n](EvalContext& ctx) {
      std::vector<Value> items;
      for (int i = 0; i < n; ++i) items.push_back(Value::Int(i % 5 + (i >= 10 ? 10 : 0)));
      return ctx.MakeList(items);
    });
    ranges.push_back([n](EvalContext& ctx) {
      std::vector<Value> keys, values;
      for (int i = 0; i < n; ++i) {
        keys.push_back(Value::Int(i));
        values.push_back(Value::Bool(true));
      }
      return ctx.MakeMap(keys, values);
    });
  }
  ranges.push_back([](EvalContext& ctx) { return ctx.MakeError("bad range"); });
  ranges.push_back([](EvalContext&) { return Value::Int(3); });
  return ranges;
}

// Predicates, each charging one unit: always true, some true, an error at
// 7, a non-bool at 4.
std::vector<std::function<Value(Frame&)>> Predicates() {
  const auto charged = [](std::function<Value(int64_t)> fn) {
    return [fn](Frame& f) {
      f.ctx->Charge(1);
      return fn(Item(f));
    };
  };
  return {
      charged([](int64_t) { return Value::Bool(true); }),
      charged([](int64_t i) { return Value::Bool(i % 3 != 1); }),
      charged([](int64_t i) { return i == 7 ? Value::Error("seven") : Value::Bool(i % 2 == 0); }),
      charged([](int64_t i) { return i == 4 ? Value::Int(4) : Value::Bool(true); }),
  };
}

// Transforms and keys, each charging one unit: the item, the item % 3,
// null (no key) for 2, an error at 13, a list (no key) at 3.
std::vector<std::function<Value(Frame&)>> Transforms() {
  const auto charged = [](std::function<Value(Frame&, int64_t)> fn) {
    return [fn](Frame& f) {
      f.ctx->Charge(1);
      return fn(f, Item(f));
    };
  };
  return {
      charged([](Frame&, int64_t i) { return Value::Int(i); }),
      charged([](Frame&, int64_t i) { return Value::Int(i % 3); }),
      charged([](Frame&, int64_t i) { return i == 2 ? Value::Null() : Value::Int(i); }),
      charged([](Frame&, int64_t i) { return i == 13 ? Value::Error("thirteen") : Value::Int(i); }),
      charged([](Frame& f, int64_t i) {
        return i == 3 ? f.ctx->MakeList(std::vector<Value>{Value::Int(1)}) : Value::Int(i);
      }),
  };
}

// The result and cost of `step` under cost limit `limit`, rendered.
std::pair<std::string, uint64_t> Run(const Step& step, uint64_t limit) {
  EvalContext ctx(nullptr, nullptr, nullptr);
  ctx.ResetCost(limit);
  std::vector<Value> slots(kVar + 1);
  Frame frame{&ctx, slots.data()};
  const Value v = step.Eval(frame);
  return {v.is_error() ? "error: " + std::string(v.string()) : ToJson(ctx, v), ctx.cost()};
}

struct Made {
  StepPtr fast, general;
};

// The same macro twice: through MakeMacroStep and as the general step.
Made Make(MacroKind kind, const std::function<Value(EvalContext&)>& range,
          const std::function<Value(Frame&)>* pred, const std::function<Value(Frame&)>* transform) {
  Made m;
  for (StepPtr* out : {&m.fast, &m.general}) {
    StepPtr r = Fn([range](Frame& f) { return range(*f.ctx); });
    StepPtr p = pred != nullptr ? Fn(*pred) : nullptr;
    StepPtr t = transform != nullptr ? Fn(*transform) : nullptr;
    *out = out == &m.fast
               ? MakeMacroStep(0, kind, "m", std::move(r), kVar, std::move(p), std::move(t))
               : MakeGeneralMacroStep(0, kind, "m", std::move(r), kVar, std::move(p), std::move(t));
  }
  return m;
}

void ExpectSame(const Made& m, const std::string& what) {
  const uint64_t full = Run(*m.general, UINT64_MAX).second;
  for (uint64_t limit = 0; limit <= full + 1; ++limit) {
    EXPECT_EQ(Run(*m.fast, limit), Run(*m.general, limit)) << what << " with limit " << limit;
  }
}

TEST(MacroStepsTest, FilterAndMapComputeWhatTheGeneralStepDoes) {
  const auto ranges = Ranges();
  const auto preds = Predicates();
  const auto transforms = Transforms();
  for (size_t r = 0; r < ranges.size(); ++r) {
    for (size_t p = 0; p < preds.size(); ++p) {
      ExpectSame(Make(MacroKind::kFilter, ranges[r], &preds[p], nullptr),
                 "filter " + std::to_string(r) + "/" + std::to_string(p));
      for (size_t t = 0; t < transforms.size(); ++t) {
        ExpectSame(Make(MacroKind::kMap, ranges[r], &preds[p], &transforms[t]),
                   "map3 " + std::to_string(r) + "/" + std::to_string(p) + "/" + std::to_string(t));
      }
    }
    for (size_t t = 0; t < transforms.size(); ++t) {
      ExpectSame(Make(MacroKind::kMap, ranges[r], nullptr, &transforms[t]),
                 "map " + std::to_string(r) + "/" + std::to_string(t));
    }
  }
}

TEST(MacroStepsTest, KeyedMacrosComputeWhatTheGeneralStepDoes) {
  const auto ranges = Ranges();
  const auto transforms = Transforms();
  for (MacroKind kind : {MacroKind::kIndexBy, MacroKind::kDuplicatesBy, MacroKind::kDistinctBy}) {
    for (size_t r = 0; r < ranges.size(); ++r) {
      for (size_t t = 0; t < transforms.size(); ++t) {
        ExpectSame(Make(kind, ranges[r], nullptr, &transforms[t]),
                   "kind " + std::to_string(static_cast<int>(kind)) + " " + std::to_string(r) +
                       "/" + std::to_string(t));
      }
    }
  }
}

// A filter or distinctBy that keeps every item of a list the evaluation
// made gives that list back; one over anything else makes a new list.
TEST(MacroStepsTest, KeepingEveryItemGivesTheListBack) {
  EvalContext ctx(nullptr, nullptr, nullptr);
  std::vector<Value> slots(kVar + 1);
  Frame frame{&ctx, slots.data()};
  const Value list = ctx.MakeList(std::vector<Value>{Value::Int(1), Value::Int(2)});
  const auto always = [](Frame&) { return Value::Bool(true); };
  const auto self = [](Frame& f) { return f.slots[kVar]; };
  const StepPtr filter =
      MakeMacroStep(0, MacroKind::kFilter, "filter", Fn([list](Frame&) { return list; }), kVar,
                    Fn(always), nullptr);
  const StepPtr distinct =
      MakeMacroStep(0, MacroKind::kDistinctBy, "distinctBy", Fn([list](Frame&) { return list; }),
                    kVar, nullptr, Fn(self));
  EXPECT_EQ(filter->Eval(frame).list, list.list);
  EXPECT_EQ(distinct->Eval(frame).list, list.list);
  const StepPtr map = MakeMacroStep(0, MacroKind::kMap, "map", Fn([list](Frame&) { return list; }),
                                    kVar, nullptr, Fn(self));
  const Value mapped = map->Eval(frame);
  EXPECT_NE(mapped.list, list.list);
  EXPECT_EQ(ToJson(ctx, mapped), "[1, 2]");
}

}  // namespace
}  // namespace planlint::expr

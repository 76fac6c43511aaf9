// The inline cases of the comparison and `in` functions
// (core/expr/inline_functions.h: two dates compared, a string looked up in
// a map) must give what the general functions (CompareValues, InValues)
// give for the same arguments, and charge the same; and every inline
// function must be what the function table calls by its name.
#include <cmath>
#include <string>
#include <vector>

#include "core/expr/context.h"
#include "core/expr/functions.h"
#include "core/expr/inline_functions.h"
#include "core/expr/value_ops.h"
#include "core/plan/plan_parser.h"
#include "gtest/gtest.h"

namespace planlint::expr {
namespace {

std::string Show(EvalContext& ctx, const Value& v) {
  return v.is_error() ? "error: " + std::string(v.string()) : ToJson(ctx, v);
}

TEST(InlineFunctionsTest, ComparisonsAreTheGeneralOnes) {
  EvalContext ctx(nullptr, nullptr, nullptr);
  const std::vector<Value> values = {
      Value::Date(10),     Value::Date(11),    Value::Date(-3), Value::Int(10),
      Value::Double(10.0), Value::Double(NAN), Value::Uint(3),  Value::String("a"),
      Value::String("b"),  Value::Bool(true),  Value::Null(),   Value::Error("boom"),
      ctx.MakeList({}),
  };
  for (const Value& a : values) {
    for (const Value& b : values) {
      const Value args[] = {a, b};
      const auto check = [&]<int kWant>() {
        const uint64_t before = ctx.cost();
        const std::string fast = Show(ctx, CompareFunction<kWant>::Call(ctx, args));
        const uint64_t fast_cost = ctx.cost() - before;
        const std::string general = Show(ctx, CompareValues(ctx, args, kWant));
        EXPECT_EQ(fast, general) << kWant << " " << Show(ctx, a) << " " << Show(ctx, b);
        EXPECT_EQ(fast_cost, ctx.cost() - before - fast_cost);
      };
      check.template operator()<0>();
      check.template operator()<1>();
      check.template operator()<2>();
      check.template operator()<3>();
    }
  }
}

TEST(InlineFunctionsTest, InIsTheGeneralOne) {
  PlanParser parser;
  absl::StatusOr<Plan> plan =
      parser.Parse("plan.json", R"({"m": {"a": 1, "": 2, "b": null}, "l": ["a", 1], "s": "a"})");
  ASSERT_TRUE(plan.ok());
  EvalContext ctx(&*plan, nullptr, nullptr);
  const Value root = ctx.NodeValue(plan->root(), false);
  const Value node_map = *ctx.Member(root, "m");
  const Value raw_map = ctx.NodeValue(node_map.node, true);
  std::vector<Value> keys, vals;
  for (int i = 0; i < 12; ++i) {  // more than 8 keys: the map gets a hash index
    keys.push_back(ctx.MakeString(std::string(1, static_cast<char>('a' + i))));
    vals.push_back(Value::Int(i));
  }
  const Value big_map = ctx.MakeMap(keys, vals);
  const Value small_map = ctx.MakeMap(std::vector<Value>{Value::String("a"), Value::Int(1)},
                                      std::vector<Value>{Value::Int(1), Value::Int(2)});
  const std::vector<Value> containers = {
      node_map,
      raw_map,
      big_map,
      small_map,
      *ctx.Member(root, "l"),
      ctx.MakeList({}),
      Value::String("abc"),
      Value::Null(),
      Value::Error("boom"),
  };
  const std::vector<Value> elems = {
      Value::String("a"),     Value::String(""),   Value::String("b"), Value::String("l"),
      Value::String("z"),     Value::Int(1),       Value::Double(1),   Value::Null(),
      *ctx.Member(root, "s"), Value::Error("bad"),
  };
  for (const Value& c : containers) {
    for (const Value& e : elems) {
      const Value args[] = {e, c};
      const uint64_t before = ctx.cost();
      const std::string fast = Show(ctx, InFunction::Call(ctx, args));
      const uint64_t fast_cost = ctx.cost() - before;
      const std::string general = Show(ctx, InValues(ctx, args));
      EXPECT_EQ(fast, general) << Show(ctx, e) << " in " << Show(ctx, c);
      EXPECT_EQ(fast_cost, ctx.cost() - before - fast_cost);
    }
  }
}

TEST(InlineFunctionsTest, TheTableCallsTheInlineFunctions) {
  EXPECT_EQ(FindFunction("isDate")->impl, &OneArg<IsDateFunction>);
  EXPECT_EQ(FindFunction("date")->impl, &OneArg<DateFunction>);
  EXPECT_EQ(FindFunction("present")->impl, &OneArg<EmptinessFunction<true>>);
  EXPECT_EQ(FindFunction("empty")->impl, &OneArg<EmptinessFunction<false>>);
  EXPECT_EQ(FindFunction("isString")->impl, &OneArg<IsKindFunction<ValueKind::kString>>);
  EXPECT_EQ(FindFunction("isList")->impl, &OneArg<IsKindFunction<ValueKind::kList>>);
  EXPECT_EQ(FindFunction("!_")->impl, &OneArg<NotFunction>);
  EXPECT_EQ(FindFunction("@in")->impl, &TwoArgs<InFunction>);
  EXPECT_EQ(FindFunction("_<_")->impl, &TwoArgs<CompareFunction<0>>);
  EXPECT_EQ(FindFunction("_<=_")->impl, &TwoArgs<CompareFunction<1>>);
  EXPECT_EQ(FindFunction("_>_")->impl, &TwoArgs<CompareFunction<2>>);
  EXPECT_EQ(FindFunction("_>=_")->impl, &TwoArgs<CompareFunction<3>>);
}

}  // namespace
}  // namespace planlint::expr

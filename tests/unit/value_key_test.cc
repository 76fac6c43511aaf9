#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "absl/hash/hash.h"
#include "absl/strings/str_cat.h"
#include "core/expr/context.h"
#include "core/expr/value.h"
#include "core/expr/value_ops.h"

namespace planlint::expr {
namespace {

// ValueKey (set(), indexBy() and the other hashing macros) must treat two
// values as one key exactly when HashKey's strings are equal.
TEST(ValueKeyTest, EqualExactlyWhenHashKeysAreEqual) {
  EvalContext ctx(nullptr, nullptr, nullptr);
  const double two63 = 9223372036854775808.0;
  std::vector<Value> values = {
      Value::String(""),
      Value::String("a"),
      Value::String("#1"),
      Value::String("bt"),
      Value::Bool(true),
      Value::Bool(false),
      Value::Null(),
      Value::Date(739000),
      Value::Int(739000),
      Value::Int(0),
      Value::Int(1),
      Value::Int(-3),
      Value::Int(std::numeric_limits<int64_t>::min()),
      Value::Int(std::numeric_limits<int64_t>::max()),
      Value::Int(9200000000000000512),
      Value::Uint(1),
      Value::Uint(uint64_t{1} << 63),
      Value::Uint(std::numeric_limits<uint64_t>::max()),
      Value::Double(1.0),
      Value::Double(-3.0),
      Value::Double(0.0),
      Value::Double(-0.0),
      Value::Double(0.5),
      Value::Double(1e300),
      Value::Double(two63),
      Value::Double(-two63),
      Value::Double(9200000000000000512.0),
      Value::Double(std::nan("")),
      Value::Double(-std::nan("")),
      Value::Double(std::numeric_limits<double>::infinity()),
      Value::Double(-std::numeric_limits<double>::infinity()),
      Value::List(nullptr),
  };
  for (const Value& a : values) {
    for (const Value& b : values) {
      std::optional<std::string> ha = HashKey(ctx, a);
      std::optional<std::string> hb = HashKey(ctx, b);
      std::optional<ValueKey> ka = KeyOf(ctx, a);
      std::optional<ValueKey> kb = KeyOf(ctx, b);
      ASSERT_EQ(ha.has_value(), ka.has_value());
      if (!ha || !hb) continue;
      SCOPED_TRACE(*ha + " vs " + *hb);
      EXPECT_EQ(*ha == *hb, *ka == *kb);
      if (*ka == *kb) {
        EXPECT_EQ(absl::Hash<ValueKey>{}(*ka), absl::Hash<ValueKey>{}(*kb));
      }
    }
  }
}

// Arena maps of more than 8 keys find string keys through a hash index.
TEST(ArenaMapTest, FindsEveryStringKeyAndNothingElse) {
  EvalContext ctx(nullptr, nullptr, nullptr);
  for (int n : {1, 8, 9, 40, 300}) {
    std::vector<Value> keys, values;
    std::vector<std::string> names;
    for (int i = 0; i < n; ++i) names.push_back(absl::StrCat("k", i * 7));
    for (int i = 0; i < n; ++i) {
      keys.push_back(i % 5 == 4 ? Value::Int(i) : Value::String(names[i]));
      values.push_back(Value::Int(i));
    }
    Value map = ctx.MakeMap(keys, values);
    for (int i = 0; i < n; ++i) {
      std::optional<Value> v = ctx.Member(map, names[i]);
      if (i % 5 == 4) {
        EXPECT_FALSE(v.has_value()) << names[i];
      } else {
        ASSERT_TRUE(v.has_value()) << names[i];
        EXPECT_EQ(v->i, i);
      }
    }
    EXPECT_FALSE(ctx.Member(map, "k1").has_value());
    EXPECT_FALSE(ctx.Member(map, "").has_value());
  }
}

}  // namespace
}  // namespace planlint::expr

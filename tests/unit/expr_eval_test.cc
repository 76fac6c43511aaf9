// The expression language's CEL semantics (cel-spec doc/langdef.md, for the
// subset docs/rule-language.md lists): literals, arithmetic and its errors,
// numeric comparison across int/uint/double, equality of aggregates, `in`,
// `?:`, how `&&` and `||` absorb errors in either order, has(), the macros,
// field/index errors, size/type/conversions, string functions, and the
// expressions refused at compile time with the offset they are refused at.
//
// Expressions are compiled against the built-in pack the way `planlint eval`
// does; constants are folded at compile time, so runtime behaviour is also
// checked on values that come from a plan (`plan.x`), which cannot be folded.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/unit/test_support.h"

namespace planlint {
namespace {

using testing::Evaluator;

struct Case {
  std::string expr;
  std::string want;
};

void ExpectAll(const std::vector<Case>& cases, std::string_view plan = "{}") {
  Evaluator ev;
  for (const Case& c : cases) EXPECT_EQ(ev.Eval(c.expr, plan), c.want) << "expression: " << c.expr;
}

// A plan whose values the compiler cannot fold: every number is a double.
constexpr std::string_view kPlan = R"({
  "t": true, "f": false, "n": 1, "zero": 0, "big": 9223372036854775807,
  "s": "abc", "empty": "", "nul": null,
  "l": [10, 20, 30], "m": {"a": 1, "b": "x"}, "nested": {"inner": {"deep": 5}}
})";

// ----- Literals ----------------------------------------------------------------

TEST(ExprEvalTest, Literals) {
  ExpectAll({
      {"1", "1"},
      {"type(1)", "\"int\""},
      {"0x1F", "31"},
      {"1u", "1"},
      {"type(1u)", "\"uint\""},
      {"type(0x1Fu)", "\"uint\""},
      {"1.5", "1.5"},
      {"1e3", "1000"},
      {"type(1e3)", "\"double\""},
      {"type(1.0)", "\"double\""},
      {"-9223372036854775808", "-9223372036854775808"},
      {"18446744073709551615u", "18446744073709551615"},
      {"\"a\\tb\"", "\"a\\tb\""},
      {"'single'", "\"single\""},
      {"\"\"\"tri\"ple\"\"\"", "\"tri\\\"ple\""},
      {"r\"\\d+\"", "\"\\\\d+\""},
      {"\"\\u00e9\"", "\"\xC3\xA9\""},
      {"true", "true"},
      {"false", "false"},
      {"null", "null"},
      {"type(null)", "\"null_type\""},
      {"[1, 'a', [true]]", "[1, \"a\", [true]]"},
      {"[]", "[]"},
      {"{'k': 1, 2: 'two', true: null}", "{\"k\": 1, \"2\": \"two\", \"true\": null}"},
      {"{}", "{}"},
  });
}

TEST(ExprEvalTest, MapLiteralKeyErrors) {
  Evaluator ev;
  // A key of a type maps cannot have is a type error, refused when the key
  // is a constant...
  EXPECT_EQ(ev.Eval("{1.5: 1}"), "compile error at 0: unsupported key type: double");
  // ... while a repeated key is an error of the value, as in CEL (cel-spec's
  // conformance tests: "Failed with repeated key"), which `&&`, `||` and
  // `?:` absorb like any other.
  EXPECT_EQ(ev.Eval("{'a': 1, 'a': 2}"), "error: repeated key in map literal: a");
  EXPECT_EQ(ev.Eval("{1: 'x', 1u: 'y'}"), "error: repeated key in map literal: 1");
  EXPECT_EQ(ev.Eval("false && {'a': 1, 'a': 2}.a == 1"), "false");
  EXPECT_EQ(ev.Eval("true ? 0 : size({'a': 1, 'a': 2})"), "0");
  // Both are runtime errors when the key is not a constant.
  EXPECT_EQ(ev.Eval("{plan.s: 1, 'abc': 2}", kPlan), "error: repeated key in map literal: abc");
  EXPECT_EQ(ev.Eval("{plan.n: 1}", kPlan), "error: unsupported key type: double");
}

// ----- Arithmetic ----------------------------------------------------------------

TEST(ExprEvalTest, IntegerArithmetic) {
  ExpectAll({
      {"1 + 2 * 3", "7"},
      {"(1 + 2) * 3", "9"},
      {"7 / 2", "3"},
      {"-7 / 2", "-3"},  // truncates toward zero
      {"7 % 3", "1"},
      {"-7 % 3", "-1"},  // the sign of the dividend
      {"7 % -3", "1"},
      {"10 - 20", "-10"},
      {"-(5)", "-5"},
      {"type(7 / 2)", "\"int\""},
      {"2u * 3u", "6"},
      {"7u / 2u", "3"},
      {"7u % 4u", "3"},
      {"type(2u + 3u)", "\"uint\""},
  });
}

TEST(ExprEvalTest, IntegerOverflowAndDivisionByZeroAreErrors) {
  ExpectAll({
      {"9223372036854775807 + 1", "error: int overflow"},
      {"-9223372036854775808 - 1", "error: int overflow"},
      {"9223372036854775807 * 2", "error: int overflow"},
      {"-(-9223372036854775808)", "error: int overflow"},
      {"-9223372036854775808 / -1", "error: int overflow"},
      {"9223372036854775807 + 0", "9223372036854775807"},
      {"-9223372036854775807 - 1", "-9223372036854775808"},
      {"1 / 0", "error: division by zero"},
      {"1 % 0", "error: modulus by zero"},
      {"0u - 1u", "error: uint overflow"},
      {"18446744073709551615u + 1u", "error: uint overflow"},
      {"18446744073709551615u * 2u", "error: uint overflow"},
      {"1u / 0u", "error: division by zero"},
      {"1u % 0u", "error: modulus by zero"},
  });
}

TEST(ExprEvalTest, DoubleArithmetic) {
  ExpectAll(
      {
          {"1.5 + 2.25", "3.75"},
          {"7.0 / 2.0", "3.5"},
          {"0.1 + 0.2", "0.30000000000000004"},
          {"2.0 * -1.5", "-3"},
          {"-(2.5)", "-2.5"},
          {"1.0 / 0.0", "\"Infinity\""},  // IEEE, not an error
          {"-1.0 / 0.0", "\"-Infinity\""},
          {"type(1.0 / 0.0)", "\"double\""},
          {"plan.n + 1.0", "2"},
          {"type(plan.n + 1.0)", "\"double\""},
      },
      kPlan);
}

TEST(ExprEvalTest, MixedArithmeticHasNoOverload) {
  Evaluator ev;
  // CEL has no int + double or int + uint overloads: refused when the folder
  // sees it, a runtime error otherwise (plan numbers are doubles).
  EXPECT_EQ(ev.Eval("1 + 1.0"),
            "compile error at 2: no matching overload for '_+_' applied to (int, double)");
  EXPECT_EQ(ev.Eval("1 + 1u"),
            "compile error at 2: no matching overload for '_+_' applied to (int, uint)");
  EXPECT_EQ(ev.Eval("1.5 % 1.0"),
            "compile error at 4: no matching overload for '_%_' applied to (double, double)");
  EXPECT_EQ(ev.Eval("plan.n + 1", kPlan),
            "error: no matching overload for '_+_' applied to (double, int)");
  EXPECT_EQ(ev.Eval("plan.s - 'a'", kPlan),
            "error: no matching overload for '_-_' applied to (string, string)");
  EXPECT_EQ(ev.Eval("-plan.s", kPlan), "error: no matching overload for '-_' applied to (string)");
  EXPECT_EQ(ev.Eval("-(1u)"),
            "compile error at 0: no matching overload for '-_' applied to (uint)");
}

TEST(ExprEvalTest, ConcatenationOfStringsAndLists) {
  ExpectAll(
      {
          {"'ab' + 'cd'", "\"abcd\""},
          {"plan.s + '!'", "\"abc!\""},
          {"[1] + [2, 3]", "[1, 2, 3]"},
          {"plan.l + [40]", "[10, 20, 30, 40]"},
          {"[] + []", "[]"},
      },
      kPlan);
}

// ----- Comparison and equality -----------------------------------------------------

TEST(ExprEvalTest, HeterogeneousNumericEqualityAndOrdering) {
  ExpectAll(
      {
          {"1 == 1.0", "true"},
          {"1 == 1u", "true"},
          {"1u == 1.0", "true"},
          {"1 != 1.0", "false"},
          {"1 == 1.5", "false"},
          {"-1 == 18446744073709551615u", "false"},
          {"1u < 2", "true"},
          {"2 < 1u", "false"},
          {"-1 < 0u", "true"},
          {"0u > -1", "true"},
          {"1 < 1.5", "true"},
          {"2 > 1.5", "true"},
          {"1.5 <= 1", "false"},
          {"2u >= 2.0", "true"},
          {"plan.n == 1", "true"},
          {"plan.n == 1u", "true"},
          {"plan.n > 0", "true"},
          {"plan.n < 1", "false"},
          {"plan.big == 9223372036854775807.0", "true"},
          // NaN is unordered and unequal to everything, itself included.
          {"0.0 / 0.0 == 0.0 / 0.0", "false"},
          {"0.0 / 0.0 < 1.0", "false"},
          {"0.0 / 0.0 >= 1", "false"},
      },
      kPlan);
}

TEST(ExprEvalTest, NumericComparisonIsExactNearTheIntegerLimits) {
  ExpectAll({
      // 2^63 as a double is above every int.
      {"9223372036854775807 < 9223372036854775808.0", "true"},
      {"9223372036854775807 == 9223372036854775808.0", "false"},
      {"-9223372036854775808 == -9223372036854775808.0", "true"},
      {"-9223372036854775808 < -9223372036854775808.0", "false"},
      // Doubles between 2^63 and 9.3e18, and between 2^63 and 2^64 for uint.
      {"1 < 9.25e18", "true"},
      {"9223372036854775807 < 9.25e18", "true"},
      {"-1 > -9.25e18", "true"},
      {"-9223372036854775808 > -9.25e18", "true"},
      {"10000000000000000000u == 1e19", "true"},
      {"18446744073709551615u > 1e19", "true"},
      {"18446744073709551615u < 18446744073709551616.0", "true"},
      {"1u < 1e19", "true"},
      // Beyond 2^53 the int is compared exactly, not rounded to a double.
      {"9007199254740993 > 9007199254740992.0", "true"},
      {"9007199254740993 == 9007199254740992.0", "false"},
      {"9007199254740993u > 9007199254740992.0", "true"},
  });
}

TEST(ExprEvalTest, OrderingOfOtherTypes) {
  ExpectAll({
      {"'a' < 'b'", "true"},
      {"'abc' < 'abd'", "true"},
      {"'Z' < 'a'", "true"},
      {"'' < 'a'", "true"},
      {"'b' >= 'b'", "true"},
      {"false < true", "true"},
      {"true <= false", "false"},
      {"date('2027-01-05') < date('01/06/2027')", "true"},
      {"date('2027-01-05') == date('01/05/2027')", "true"},
  });
  Evaluator ev;
  EXPECT_EQ(ev.Eval("'a' < 1"),
            "compile error at 4: no matching overload for '_<_' applied to (string, int)");
  EXPECT_EQ(ev.Eval("[1] < [2]"),
            "compile error at 4: no matching overload for '_<_' applied to (list, list)");
  EXPECT_EQ(ev.Eval("null < null"),
            "compile error at 5: no matching overload for '_<_' applied to (null_type, null_type)");
  EXPECT_EQ(ev.Eval("plan.s > plan.n", kPlan),
            "error: no matching overload for '_>_' applied to (string, double)");
}

TEST(ExprEvalTest, EqualityOfStringsListsMapsAndMixedTypes) {
  ExpectAll(
      {
          {"'abc' == 'abc'", "true"},
          {"'abc' == 'ABC'", "false"},
          {"plan.s == 'abc'", "true"},
          {"[1, 2] == [1, 2]", "true"},
          {"[1, 2] == [1.0, 2u]", "true"},
          {"[1, 2] == [2, 1]", "false"},
          {"[1] == [1, 2]", "false"},
          {"[[1], ['a']] == [[1], ['a']]", "true"},
          {"plan.l == [10, 20, 30]", "true"},
          {"plan.l == [10, 20]", "false"},
          {"{'a': 1, 'b': 2} == {'b': 2, 'a': 1}", "true"},
          {"{'a': 1} == {'a': 1.0}", "true"},
          {"{'a': 1} == {'b': 1}", "false"},
          {"{'a': 1} == {'a': 1, 'b': 2}", "false"},
          {"plan.m == {'a': 1, 'b': 'x'}", "true"},
          {"plan.m == {'b': 'x', 'a': 1}", "true"},
          // Values of different types are unequal, not an error.
          {"1 == '1'", "false"},
          {"1 != '1'", "true"},
          {"null == null", "true"},
          {"null == 0", "false"},
          {"plan.nul == null", "true"},
          {"[] == {}", "false"},
          {"true == 1", "false"},
          {"type(1) == int", "true"},
          {"type('a') == string", "true"},
          {"type(plan.n) == double", "true"},
          {"type([]) == list && type({}) == map && type(true) == bool", "true"},
          {"type(null) == null_type", "true"},
          {"type(int) == type", "true"},
      },
      kPlan);
}

TEST(ExprEvalTest, InOperator) {
  ExpectAll(
      {
          {"1 in [1, 2]", "true"},
          {"3 in [1, 2]", "false"},
          {"1.0 in [1, 2]", "true"},
          {"1u in [1, 2]", "true"},
          {"'a' in ['a', 'b']", "true"},
          {"'c' in []", "false"},
          {"[1] in [[1], [2]]", "true"},
          {"'a' in {'a': 1}", "true"},
          {"'b' in {'a': 1}", "false"},
          {"1 in {1: 'x'}", "true"},
          {"1 in {'1': 'x'}", "false"},
          {"20 in plan.l", "true"},
          {"25 in plan.l", "false"},
          {"'a' in plan.m", "true"},
          {"'z' in plan.m", "false"},
      },
      kPlan);
  Evaluator ev;
  EXPECT_EQ(ev.Eval("'a' in 'abc'"),
            "compile error at 4: no matching overload for '@in' applied to (string, string)");
}

// ----- Logic ------------------------------------------------------------------------

TEST(ExprEvalTest, AndOrAbsorbErrorsInEitherOrder) {
  ExpectAll(
      {
          // Constants (folded at compile time).
          {"false && (1 / 0 == 1)", "false"},
          {"(1 / 0 == 1) && false", "false"},
          {"true || (1 / 0 == 1)", "true"},
          {"(1 / 0 == 1) || true", "true"},
          {"true && (1 / 0 == 1)", "error: division by zero"},
          {"(1 / 0 == 1) && true", "error: division by zero"},
          {"false || (1 / 0 == 1)", "error: division by zero"},
          {"(1 / 0 == 1) || false", "error: division by zero"},
          {"(1 / 0 == 1) && (1 % 0 == 1)", "error: division by zero"},
          // Runtime errors (a missing key).
          {"plan.f && plan.missing", "false"},
          {"plan.missing && plan.f", "false"},
          {"plan.t || plan.missing", "true"},
          {"plan.missing || plan.t", "true"},
          {"plan.t && plan.missing", "error: no such key: 'missing'"},
          {"plan.missing && plan.t", "error: no such key: 'missing'"},
          {"plan.f || plan.missing", "error: no such key: 'missing'"},
          {"plan.missing || plan.f", "error: no such key: 'missing'"},
          // A non-bool operand is absorbed too, but is an error otherwise.
          {"plan.n && plan.f", "false"},
          {"plan.n || plan.t", "true"},
          {"plan.n && plan.t", "error: no matching overload for '_&&_' applied to (double)"},
          {"plan.f || plan.s", "error: no matching overload for '_||_' applied to (string)"},
          // Plain truth tables.
          {"plan.t && plan.t", "true"},
          {"plan.t && plan.f", "false"},
          {"plan.f || plan.f", "false"},
          {"plan.f || plan.t", "true"},
          {"!plan.t", "false"},
          {"!!plan.t", "true"},
      },
      kPlan);
}

TEST(ExprEvalTest, NotNeedsABool) {
  Evaluator ev;
  EXPECT_EQ(ev.Eval("!plan.n", kPlan), "error: no matching overload for '!_' applied to (double)");
  EXPECT_EQ(ev.Eval("!1"), "compile error at 0: no matching overload for '!_' applied to (int)");
}

TEST(ExprEvalTest, Conditional) {
  ExpectAll(
      {
          {"true ? 1 : 2", "1"},
          {"false ? 'a' : 'b'", "\"b\""},
          {"plan.t ? plan.s : plan.missing", "\"abc\""},  // the untaken branch is not evaluated
          {"plan.f ? plan.missing : 0", "0"},
          {"false ? 1 / 0 : 2", "2"},
          {"1 / 0 > 4 ? 'a' : 'b'", "error: division by zero"},
          {"plan.missing ? 1 : 2", "error: no such key: 'missing'"},
          {"plan.n ? 1 : 2", "error: no matching overload for '_?_:_' applied to (double)"},
          {"true ? 'cows' : 17", "\"cows\""},
          {"plan.t ? 1 : plan.t ? 2 : 3", "1"},
      },
      kPlan);
}

// ----- Field selection, indexing, has() ---------------------------------------------

TEST(ExprEvalTest, FieldSelectionAndIndexing) {
  ExpectAll(
      {
          {"plan.m.a", "1"},
          {"plan.m['b']", "\"x\""},
          {"plan.nested.inner.deep", "5"},
          {"plan['nested']['inner'].deep", "5"},
          {"plan.l[0]", "10"},
          {"plan.l[2]", "30"},
          {"plan.l[1u]", "20"},
          {"plan.l[1.0]", "20"},  // a whole double indexes (plan numbers are doubles)
          {"plan.l[plan.n]", "20"},
          {"[1, 2][1]", "2"},
          {"{'a': {'b': 7}}.a.b", "7"},
          {"{1: 'one'}[1]", "\"one\""},
          {"{1: 'one'}[1u]", "\"one\""},
          {"{1: 'one'}[1.0]", "\"one\""},
      },
      kPlan);
}

TEST(ExprEvalTest, MissingKeysAndBadIndexesAreErrors) {
  ExpectAll(
      {
          {"plan.missing", "error: no such key: 'missing'"},
          {"plan.m.zz", "error: no such key: 'zz'"},
          {"plan.m['zz']", "error: no such key: \"zz\""},
          {"plan.m.zz.deeper", "error: no such key: 'zz'"},  // the first error travels
          {"plan.l[3]", "error: index out of range: 3"},
          {"plan.l[-1]", "error: index out of range: -1"},
          {"plan.l[0.5]", "error: no matching overload for '_[_]' applied to (list, double)"},
          {"plan.l['a']", "error: no matching overload for '_[_]' applied to (list, string)"},
          {"plan.s.x", "error: type 'string' does not support field selection ('.x')"},
          {"plan.nul.x", "error: type 'null_type' does not support field selection ('.x')"},
          {"plan.n[0]", "error: no matching overload for '_[_]' applied to (double, int)"},
      },
      kPlan);
  Evaluator ev;
  // A missing key of a constant map is an error of the value, not of the
  // expression: CEL checks no map's keys, and `||` absorbs the error.
  EXPECT_EQ(ev.Eval("{'a': 1}.b"), "error: no such key: 'b'");
  EXPECT_EQ(ev.Eval("{'a': 1}['b']"), "error: no such key: \"b\"");
  EXPECT_EQ(ev.Eval("true || {}['x'] == 1"), "true");
  EXPECT_EQ(ev.Eval("{}['x'] == 1 && false"), "false");
  EXPECT_EQ(ev.Eval("true ? 2 : {'A': 7}['B']"), "2");
  EXPECT_EQ(ev.Eval("false || {}['x'] == 1"), "error: no such key: \"x\"");
}

TEST(ExprEvalTest, Has) {
  ExpectAll(
      {
          {"has(plan.m)", "true"},
          {"has(plan.nul)", "true"},  // present with a null value
          {"has(plan.missing)", "false"},
          {"has(plan.m.a)", "true"},
          {"has(plan.m.c)", "false"},
          {"has(plan.nested.inner.deep)", "true"},
          {"has({'a': 1}.a)", "true"},
          {"has({'a': 1}.b)", "false"},
          {"has(plan.missing.x)", "error: no such key: 'missing'"},
          {"has(plan.s.x)", "error: has() does not apply to a string"},
          {"has(plan.nul.x)", "error: has() does not apply to a null_type"},
      },
      kPlan);
  Evaluator ev;
  EXPECT_EQ(ev.Eval("has(plan)"),
            "compile error at 4: the argument of has() must be a field selection such as has(a.b)");
  EXPECT_EQ(ev.Eval("1 + has(1)"),
            "compile error at 8: the argument of has() must be a field selection such as has(a.b)");
}

// ----- Macros -------------------------------------------------------------------------

TEST(ExprEvalTest, Macros) {
  ExpectAll(
      {
          {"[1, 2, 3].all(x, x > 0)", "true"},
          {"[1, 2, 3].all(x, x > 1)", "false"},
          {"[].all(x, x > 0)", "true"},
          {"[1, 2].exists(x, x == 2)", "true"},
          {"[1, 2].exists(x, x == 3)", "false"},
          {"[].exists(x, true)", "false"},
          {"[1, 2, 3].exists_one(x, x > 2)", "true"},
          {"[1, 2, 3].exists_one(x, x > 1)", "false"},
          {"[].exists_one(x, true)", "false"},
          {"[1, 2, 3].map(x, x * 2)", "[2, 4, 6]"},
          {"[1, 2, 3].map(x, x > 1, x * 10)", "[20, 30]"},
          {"[1, 2, 3].filter(x, x % 2 == 1)", "[1, 3]"},
          {"[1, 2, 3].filter(x, false)", "[]"},
          {"[].map(x, x)", "[]"},
          // Over a map, the macros range over its keys.
          {"{'a': 1, 'b': 2}.all(k, k in ['a', 'b'])", "true"},
          {"{'a': 1, 'b': 2}.map(k, k)", "[\"a\", \"b\"]"},
          {"{'a': 1, 'b': 2}.exists(k, k == 'b')", "true"},
          {"plan.m.filter(k, k == 'b')", "[\"b\"]"},
          // Plan lists and nested comprehensions; an inner variable shadows.
          {"plan.l.map(x, x / 10.0)", "[1, 2, 3]"},
          {"plan.l.filter(x, x > 15.0).map(x, string(x))", "[\"20\", \"30\"]"},
          {"[1, 2].map(x, [x].map(x, x + 1))", "[[2], [3]]"},
          {"[1, 2].map(x, [10, 20].map(y, x * y))", "[[10, 20], [20, 40]]"},
          {"[[1, 2], [3]].all(l, l.all(x, x > 0))", "true"},
      },
      kPlan);
}

TEST(ExprEvalTest, AllAndExistsAbsorbErrorsButExistsOneMapFilterDoNot) {
  ExpectAll(
      {
          {"[0, 1].all(x, 1 / x < 0)", "false"},  // false decides; the error is ignored
          {"[1, 0].all(x, 1 / x < 0)", "false"},
          {"[0, 1].all(x, 1 / x > 0)", "error: division by zero"},
          {"[0, 1].exists(x, 1 / x > 0)", "true"},  // true decides
          {"[1, 0].exists(x, 1 / x > 0)", "true"},
          {"[0, 1].exists(x, 1 / x < 0)", "error: division by zero"},
          {"[0, 1].exists_one(x, 1 / x > 0)", "error: division by zero"},
          {"[1, 0].exists_one(x, 1 / x > 0)", "error: division by zero"},
          {"[0, 1].map(x, 1 / x)", "error: division by zero"},
          {"[0, 1].filter(x, 1 / x > 0)", "error: division by zero"},
          {"[0, 1].map(x, x > 0, 1 / x)", "[1]"},  // the filter keeps 0 away from 1 / x
          // Runtime errors from plan data.
          {"plan.l.all(x, x > plan.missing)", "error: no such key: 'missing'"},
          {"[plan.m, plan.nested].exists(o, o.a == 1)", "true"},
          {"[plan.nested, plan.m].exists(o, o.a == 1)", "true"},
          {"[plan.nested, plan.m].all(o, o.a == 2)", "false"},
          {"[plan.nested, plan.m].all(o, o.a == 1)", "error: no such key: 'a'"},
      },
      kPlan);
}

TEST(ExprEvalTest, MacroErrors) {
  Evaluator ev;
  EXPECT_EQ(ev.Eval("plan.n.all(x, true)", kPlan), "error: all() does not apply to a double");
  EXPECT_EQ(ev.Eval("plan.s.map(x, x)", kPlan), "error: map() does not apply to a string");
  EXPECT_EQ(ev.Eval("plan.l.all(x, x)", kPlan),
            "error: no matching overload for 'all' applied to (double)");
  EXPECT_EQ(ev.Eval("plan.l.filter(x, 'yes')", kPlan),
            "error: no matching overload for 'filter' applied to (string)");
  EXPECT_EQ(ev.Eval("[1].all(1, true)"),
            "compile error at 8: the first argument of all must be a variable name");
  EXPECT_EQ(ev.Eval("[1].all(x)"), "compile error at 4: all() takes a variable and an expression");
  EXPECT_EQ(ev.Eval("[1].map(x, 1, 2, 3)"),
            "compile error at 4: map() takes a variable and one or two expressions");
  // The macro variable is not visible outside the macro.
  EXPECT_EQ(ev.Eval("[1].all(x, true) && x"), "compile error at 20: undeclared reference to 'x'");
}

TEST(ExprEvalTest, ManyComprehensionsInOneExpression) {
  // Each comprehension has a variable slot of its own: 300 of them, folded
  // at compile time and evaluated at run time, need 300 slots (a fixed
  // array of 256 was once overrun).
  std::string constant = "size([";
  std::string runtime = "size([";
  for (int i = 0; i < 300; ++i) {
    constant += Cat(i ? ", " : "", "[1].map(x, x + 1)");
    runtime += Cat(i ? ", " : "", "[plan.n].map(x, x + 1.0)");
  }
  constant += "])";
  runtime += "]) + int(plan.n)";
  Evaluator ev;
  EXPECT_EQ(ev.Eval(constant), "300");
  EXPECT_EQ(ev.Eval(runtime, kPlan), "301");
}

// ----- Standard functions ----------------------------------------------------------------

TEST(ExprEvalTest, SizeAndType) {
  ExpectAll(
      {
          {"size('abc')", "3"},
          {"size('h\xC3\xA9llo')", "5"},  // code points, not bytes
          {"size('')", "0"},
          {"'abc'.size()", "3"},
          {"size([1, 2])", "2"},
          {"[1, 2, 3].size()", "3"},
          {"size({'a': 1})", "1"},
          {"size(plan.l)", "3"},
          {"size(plan.m)", "2"},
          {"size(plan.s)", "3"},
          {"type(size('a'))", "\"int\""},
          {"type(1)", "\"int\""},
          {"type(1u)", "\"uint\""},
          {"type(1.0)", "\"double\""},
          {"type('')", "\"string\""},
          {"type(true)", "\"bool\""},
          {"type(null)", "\"null_type\""},
          {"type([])", "\"list\""},
          {"type({})", "\"map\""},
          {"type(type(1))", "\"type\""},
          {"type(date('2027-01-01'))", "\"date\""},
          {"type(plan.n)", "\"double\""},
          {"type(plan.l)", "\"list\""},
          {"type(plan.m)", "\"map\""},
          {"type(plan.nul)", "\"null_type\""},
      },
      kPlan);
  Evaluator ev;
  EXPECT_EQ(ev.Eval("size(1)"),
            "compile error at 0: no matching overload for 'size' applied to (int)");
  EXPECT_EQ(ev.Eval("size(plan.n)", kPlan),
            "error: no matching overload for 'size' applied to (double)");
}

TEST(ExprEvalTest, Conversions) {
  ExpectAll(
      {
          {"int('42')", "42"},
          {"int('-7')", "-7"},
          {"int('4x')", "error: cannot convert string to int"},
          {"int(' 42')", "error: cannot convert string to int"},  // no white space around it
          {"int('42\\n')", "error: cannot convert string to int"},
          {"int('')", "error: cannot convert string to int"},
          {"uint(' 7')", "error: cannot convert string to uint"},
          {"double('1.5 ')", "error: cannot convert string to double"},
          {"double('1e400')", "error: cannot convert string to double: out of range"},
          {"double('-Infinity')", "\"-Infinity\""},
          {"double('1e-400')", "0"},  // underflow rounds to zero, as strconv does
          {"int(3.9)", "3"},
          {"int(-3.9)", "-3"},
          {"int(7u)", "7"},
          {"int(1e19)", "error: range error converting double to int"},
          {"int(-1e19)", "error: range error converting double to int"},
          {"int(0.0 / 0.0)", "error: range error converting double to int"},
          {"int(18446744073709551615u)", "error: range error converting uint to int"},
          {"int(plan.n)", "1"},
          {"type(int(plan.n))", "\"int\""},
          {"uint(3)", "3"},
          {"type(uint(3))", "\"uint\""},
          {"uint(-1)", "error: range error converting int to uint"},
          {"uint(3.5)", "3"},
          {"uint(-0.5)", "error: range error converting double to uint"},
          {"uint('18446744073709551615')", "18446744073709551615"},
          {"uint('-1')", "error: cannot convert string to uint"},
          // Signs and hexadecimal as cel-go's strconv reads them.
          {"int('+7')", "7"},
          {"uint('+7')", "error: cannot convert string to uint"},
          {"double('0x10')", "error: cannot convert string to double"},
          {"double('-0X10')", "error: cannot convert string to double"},
          {"double('0x1p4')", "16"},
          {"double('-0x1P-1')", "-0.5"},
          {"double(1)", "1"},
          {"type(double(1))", "\"double\""},
          {"double(2u)", "2"},
          {"double('1.5')", "1.5"},
          {"double('x')", "error: cannot convert string to double"},
          {"string(1)", "\"1\""},
          {"string(-1)", "\"-1\""},
          {"string(1u)", "\"1\""},
          {"string(1.5)", "\"1.5\""},
          {"string(1.0)", "\"1\""},
          {"string(1e20)", "\"1e+20\""},
          {"string(true)", "\"true\""},
          {"string('s')", "\"s\""},
          {"string(date('01/05/2027'))", "\"2027-01-05\""},
          {"string(plan.n)", "\"1\""},
          {"bool('true')", "true"},
          {"bool('false')", "false"},
          {"bool(true)", "true"},
          {"bool('yes')", "error: cannot convert string to bool"},
      },
      kPlan);
  Evaluator ev;
  EXPECT_EQ(ev.Eval("string([1])"),
            "compile error at 0: no matching overload for 'string' applied to (list)");
  EXPECT_EQ(ev.Eval("int(null)"),
            "compile error at 0: no matching overload for 'int' applied to (null_type)");
  EXPECT_EQ(ev.Eval("bool(1)"),
            "compile error at 0: no matching overload for 'bool' applied to (int)");
}

TEST(ExprEvalTest, StringFunctions) {
  ExpectAll(
      {
          {"'abc'.contains('b')", "true"},
          {"'abc'.contains('')", "true"},
          {"'abc'.contains('d')", "false"},
          {"contains('abc', 'bc')", "true"},
          {"'abc'.startsWith('ab')", "true"},
          {"'abc'.startsWith('b')", "false"},
          {"'ab'.startsWith('abc')", "false"},
          {"'abc'.endsWith('bc')", "true"},
          {"'abc'.endsWith('abcd')", "false"},
          {"'abc'.endsWith('')", "true"},
          {"'abc'.matches('^a.c$')", "true"},
          {"'abc'.matches('b')", "true"},  // a match anywhere, unless anchored
          {"'abc'.matches('^b')", "false"},
          {"'ABC'.matches('(?i)abc')", "true"},
          {"plan.s.matches('b+')", "true"},
          {"plan.s.matches(plan.s)", "true"},                   // a pattern computed at run time
          {"'AbC-\xC3\x80'.lowerAscii()", "\"abc-\xC3\x80\""},  // ASCII only
          {"'aBc-\xC3\xA0'.upperAscii()", "\"ABC-\xC3\xA0\""},
          {"'  a b \\t\\n'.trim()", "\"a b\""},
          {"'\\u00a0\\u2003a\\u0085'.trim()", "\"a\""},  // Unicode White_Space
          {"'\\u200ba'.trim()",
           "\"\xE2\x80\x8B"
           "a\""},  // zero-width space is not white space
          {"''.trim()", "\"\""},
          {"['a', 'b', 'c'].join(', ')", "\"a, b, c\""},
          {"['a', 'b'].join()", "\"ab\""},
          {"[].join('-')", "\"\""},
          {"[1, 2].join(',')", "error: join: list items must be strings"},
          {"'a,b,,c'.split(',')", "[\"a\", \"b\", \"\", \"c\"]"},
          {"'abc'.split('x')", "[\"abc\"]"},
          {"'a\xC3\xA9'.split('')", "[\"a\", \"\xC3\xA9\"]"},
          {"'aaa'.replace('a', 'bb')", "\"bbbbbb\""},
          {"'a.b.c'.replace('.', '')", "\"abc\""},
          {"'abc'.replace('x', 'y')", "\"abc\""},
          {"[[1], [2, [3]], 4].flatten()", "[1, 2, [3], 4]"},
      },
      kPlan);
  Evaluator ev;
  EXPECT_EQ(ev.Eval("contains(1, 'a')"),
            "compile error at 0: no matching overload for 'contains' applied to (int, string)");
  EXPECT_EQ(ev.Eval("plan.n.startsWith('1')", kPlan),
            "error: no matching overload for 'startsWith' applied to (double, string)");
  EXPECT_EQ(ev.Eval("plan.s.matches(plan.s + '(')", kPlan),
            "error: invalid regular expression: missing ): abc(");
}

// ----- Compile-time rejections ---------------------------------------------------------

TEST(ExprEvalTest, RefusedAtCompileTimeWithTheirOffsets) {
  Evaluator ev;
  EXPECT_EQ(ev.Eval("foo(1)"), "compile error at 0: unknown function 'foo'");
  EXPECT_EQ(ev.Eval("1 + foo(1)"), "compile error at 4: unknown function 'foo'");
  EXPECT_EQ(ev.Eval("plan.s.frobnicate()"), "compile error at 7: unknown function 'frobnicate'");
  EXPECT_EQ(ev.Eval("size(1, 2)"), "compile error at 0: 'size' takes 1 argument(s), not 2");
  EXPECT_EQ(ev.Eval("true && 'ab'.contains()"),
            "compile error at 13: 'contains' takes 2 argument(s), not 1");
  EXPECT_EQ(ev.Eval("[].join(',', '-')"),
            "compile error at 3: 'join' takes 1 to 2 arguments, not 3");
  EXPECT_EQ(ev.Eval("x + 1"), "compile error at 0: undeclared reference to 'x'");
  EXPECT_EQ(ev.Eval("1 + x"), "compile error at 4: undeclared reference to 'x'");
  EXPECT_EQ(ev.Eval("item"), "compile error at 0: undeclared reference to 'item'");
  EXPECT_EQ(ev.Eval("1 + 'a'"),
            "compile error at 2: no matching overload for '_+_' applied to (int, string)");
  EXPECT_EQ(ev.Eval("[1, 2 + 'a']"),
            "compile error at 6: no matching overload for '_+_' applied to (int, string)");
  EXPECT_EQ(ev.Eval("'a'.matches('(')"),
            "compile error at 12: invalid regular expression '(': missing ): (");
  EXPECT_EQ(ev.Eval("plan.s.matches('[')"),
            "compile error at 15: invalid regular expression '[': missing ]: [");
  EXPECT_EQ(ev.Eval("findAll(plan.s, 'a**')"),
            "compile error at 16: invalid regular expression 'a**': bad repetition operator: **");
  // A syntax error carries its offset too.
  EXPECT_EQ(ev.Eval("1 +"), "compile error at 3: unexpected end of expression");
}

// The plan domain's bindings are there in `planlint eval`.
TEST(ExprEvalTest, BindingsOfEval) {
  Evaluator ev;
  EXPECT_EQ(ev.Eval("self == plan", kPlan), "true");
  EXPECT_EQ(ev.Eval("path", kPlan), "\"\"");
  EXPECT_EQ(ev.Eval("as_of", kPlan), "\"2027-01-15\"");
  EXPECT_EQ(ev.Eval("type(as_of)", kPlan), "\"date\"");
  EXPECT_EQ(ev.Eval("options.date_fields[0]", kPlan), "\"date\"");
}

}  // namespace
}  // namespace planlint

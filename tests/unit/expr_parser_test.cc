#include "core/expr/parser.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/util/status.h"
#include "gtest/gtest.h"

namespace planlint::expr {
namespace {

// A compact, unambiguous rendering of a tree: operators as calls with their
// internal names, constants typed ("1", "1u", "1.5d", "\"s\"").
std::string Dump(const Expr& e) {
  switch (e.kind) {
    case ExprKind::kConst: {
      const Constant& c = e.constant;
      if (std::holds_alternative<NullConst>(c)) return "null";
      if (const auto* b = std::get_if<bool>(&c)) return *b ? "true" : "false";
      if (const auto* i = std::get_if<int64_t>(&c)) return absl::StrCat(*i);
      if (const auto* u = std::get_if<uint64_t>(&c)) return absl::StrCat(*u, "u");
      if (const auto* d = std::get_if<double>(&c)) {
        return absl::StrCat(*d, "d");  // StrCat keeps the sign of -0
      }
      return absl::StrCat("\"", std::get<std::string>(c), "\"");
    }
    case ExprKind::kIdent:
      return e.name;
    case ExprKind::kSelect:
      return absl::StrCat(Dump(*e.target), ".", e.name);
    case ExprKind::kCall:
    case ExprKind::kList:
    case ExprKind::kMap: {
      std::vector<std::string> args;
      for (const auto& a : e.args) args.push_back(Dump(*a));
      if (e.kind == ExprKind::kList) return absl::StrCat("[", absl::StrJoin(args, ", "), "]");
      if (e.kind == ExprKind::kMap) {
        std::vector<std::string> entries;
        for (size_t i = 0; i + 1 < args.size(); i += 2) {
          entries.push_back(absl::StrCat(args[i], ": ", args[i + 1]));
        }
        return absl::StrCat("{", absl::StrJoin(entries, ", "), "}");
      }
      std::string prefix = e.target ? absl::StrCat(Dump(*e.target), ".") : "";
      return absl::StrCat(prefix, e.name, "(", absl::StrJoin(args, ", "), ")");
    }
  }
  return "?";
}

// Structural equality ignoring offsets (doubles compared bit for bit in sign).
bool SameTree(const Expr& a, const Expr& b) {
  if (a.kind != b.kind || a.name != b.name || a.args.size() != b.args.size()) return false;
  if (a.constant != b.constant) return false;
  if (const auto* d = std::get_if<double>(&a.constant)) {
    if (std::signbit(*d) != std::signbit(std::get<double>(b.constant))) return false;
  }
  if ((a.target == nullptr) != (b.target == nullptr)) return false;
  if (a.target && !SameTree(*a.target, *b.target)) return false;
  for (size_t i = 0; i < a.args.size(); ++i) {
    if (!SameTree(*a.args[i], *b.args[i])) return false;
  }
  return true;
}

std::string ParseDump(std::string_view source) {
  auto parsed = Parse(source);
  if (!parsed.ok()) return absl::StrCat("ERROR: ", parsed.status().message());
  return Dump(**parsed);
}

ExprPtr MustParse(std::string_view source) {
  auto parsed = Parse(source);
  EXPECT_TRUE(parsed.ok()) << source << ": " << parsed.status();
  if (!parsed.ok()) return nullptr;
  return *std::move(parsed);
}

struct ErrorCase {
  std::string source;
  std::string message;
  uint32_t offset;
};

void ExpectError(const ErrorCase& c) {
  auto parsed = Parse(c.source);
  ASSERT_FALSE(parsed.ok()) << "parsed without error: " << c.source;
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument) << c.source;
  EXPECT_EQ(parsed.status().message(), c.message) << c.source;
  std::optional<uint32_t> offset = OffsetOf(parsed.status());
  ASSERT_TRUE(offset.has_value()) << c.source;
  EXPECT_EQ(*offset, c.offset) << c.source << ": " << c.message;
}

std::string Repeat(std::string_view s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) out.append(s);
  return out;
}

// --- precedence and associativity ------------------------------------------

TEST(ExprParserTest, PrecedenceAndAssociativity) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a || b && c", "_||_(a, _&&_(b, c))"},
      {"a && b || c", "_||_(_&&_(a, b), c)"},
      {"a || b || c", "_||_(_||_(a, b), c)"},
      {"a && b && c", "_&&_(_&&_(a, b), c)"},
      {"a ? b : c ? d : e", "_?_:_(a, b, _?_:_(c, d, e))"},
      {"a ? b ? c : d : e", "ERROR: missing ':' in conditional"},
      {"a || b ? c : d", "_?_:_(_||_(a, b), c, d)"},
      {"(a ? b : c) ? d : e", "_?_:_(_?_:_(a, b, c), d, e)"},
      {"a ? (b ? c : d) : e", "_?_:_(a, _?_:_(b, c, d), e)"},
      {"-a.b", "-_(a.b)"},
      {"!a == b", "_==_(!_(a), b)"},
      {"!a.b()", "!_(a.b())"},
      {"1 + 2 * 3 - 4", "_-_(_+_(1, _*_(2, 3)), 4)"},
      {"a - b - c", "_-_(_-_(a, b), c)"},
      {"a / b % c * d", "_*_(_%_(_/_(a, b), c), d)"},
      {"a * (b + c)", "_*_(a, _+_(b, c))"},
      {"x in [1,2]", "@in(x, [1, 2])"},
      {"a < b == c", "_==_(_<_(a, b), c)"},
      {"a <= b != c >= d", "_>=_(_!=_(_<=_(a, b), c), d)"},
      {"a > b", "_>_(a, b)"},
      {"a + b < c * d", "_<_(_+_(a, b), _*_(c, d))"},
      {"a + b in c && d", "_&&_(@in(_+_(a, b), c), d)"},
      {"!!x", "!_(!_(x))"},
      {"!!!x", "!_(!_(!_(x)))"},
      {"--x", "-_(-_(x))"},
      {"-x * y", "_*_(-_(x), y)"},
      {"-x[0]", "-_(_[_](x, 0))"},
      {"a.b.c[0].d(1, 2)", "_[_](a.b.c, 0).d(1, 2)"},
      {"a[0][1]", "_[_](_[_](a, 0), 1)"},
      {"a[b ? c : d]", "_[_](a, _?_:_(b, c, d))"},
      {"f()", "f()"},
      {"f(a, b + c)", "f(a, _+_(b, c))"},
      {"a.f()", "a.f()"},
      {"a.b(c).d", "a.b(c).d"},
      {"(a).b", "a.b"},
      {"((a))", "a"},
      {"[1, 2,]", "[1, 2]"},
      {"[]", "[]"},
      {"{}", "{}"},
      {"{'a': 1, 'b': [2],}", "{\"a\": 1, \"b\": [2]}"},
      {"{a: b}", "{a: b}"},
      {"[1, 2][0]", "_[_]([1, 2], 0)"},
      {"{1: 2}[1]", "_[_]({1: 2}, 1)"},
      {"'abc'.size()", "\"abc\".size()"},
      {"true.x", "true.x"},
      {"1.foo()", "1.foo()"},
      {"a // comment\n + b", "_+_(a, b)"},
      {"a\t+\r\nb\f// trailing comment", "_+_(a, b)"},
      {"// leading\na", "a"},
      {"iff || in_x || for_each || ifx", "_||_(_||_(_||_(iff, in_x), for_each), ifx)"},
      {"_a1 + A_b", "_+_(_a1, A_b)"},
  };
  for (const auto& [source, want] : cases) {
    EXPECT_EQ(ParseDump(source), want) << source;
  }
}

TEST(ExprParserTest, NegativeLiteralsAreFolded) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"-1", "-1"},
      {"- 1", "-1"},
      {"-1.5", "-1.5d"},
      {"-0.0", "-0d"},
      {"--1", "-_(-1)"},
      {"-(1)", "-_(1)"},
      {"-1u", "-_(1u)"},
      {"1 - -1", "_-_(1, -1)"},
      {"1 - 1", "_-_(1, 1)"},
      {"1-1", "_-_(1, 1)"},
      {"a-1", "_-_(a, 1)"},
      {"-1.foo()", "-_(1.foo())"},
      {"-1.5.foo()", "-_(1.5d.foo())"},
      {"-x", "-_(x)"},
      {"[-1, -2.5]", "[-1, -2.5d]"},
      {"-9223372036854775808", "-9223372036854775808"},
      {"--9223372036854775808", "-_(-9223372036854775808)"},
      {"-0x8000000000000000", "-9223372036854775808"},
      {"-0x10", "-16"},
  };
  for (const auto& [source, want] : cases) {
    EXPECT_EQ(ParseDump(source), want) << source;
  }
  ExprPtr min = MustParse("-9223372036854775808");
  ASSERT_NE(min, nullptr);
  EXPECT_EQ(std::get<int64_t>(min->constant), std::numeric_limits<int64_t>::min());
}

// --- literals ----------------------------------------------------------------

TEST(ExprParserTest, IntegerLiterals) {
  struct Case {
    std::string source;
    Constant want;
  };
  const std::vector<Case> cases = {
      {"0", int64_t{0}},
      {"42", int64_t{42}},
      {"007", int64_t{7}},
      {"0x1F", int64_t{31}},
      {"0xabcdef", int64_t{0xabcdef}},
      {"9223372036854775807", std::numeric_limits<int64_t>::max()},
      {"0x7fffffffffffffff", std::numeric_limits<int64_t>::max()},
      {"1u", uint64_t{1}},
      {"1U", uint64_t{1}},
      {"0u", uint64_t{0}},
      {"0x1Fu", uint64_t{31}},
      {"0x1FU", uint64_t{31}},
      {"9223372036854775808u", uint64_t{9223372036854775808u}},
      {"18446744073709551615u", std::numeric_limits<uint64_t>::max()},
      {"0xffffffffffffffffu", std::numeric_limits<uint64_t>::max()},
  };
  for (const auto& c : cases) {
    ExprPtr e = MustParse(c.source);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->kind, ExprKind::kConst) << c.source;
    EXPECT_EQ(e->constant, c.want) << c.source;
  }
}

TEST(ExprParserTest, DoubleLiterals) {
  const std::vector<std::pair<std::string, double>> cases = {
      {"1.5", 1.5},
      {"0.0", 0.0},
      {"1e3", 1000.0},
      {"1E3", 1000.0},
      {"1e+3", 1000.0},
      {"1e-3", 0.001},
      {".5", 0.5},
      {"2.5e2", 250.0},
      {".5e1", 5.0},
      {"1e-400", 0.0},
      {"4.9e-324", 4.9e-324},
      {"1.7976931348623157e308", 1.7976931348623157e308},
      {"0.30000000000000004", 0.30000000000000004},
  };
  for (const auto& [source, want] : cases) {
    ExprPtr e = MustParse(source);
    ASSERT_NE(e, nullptr);
    ASSERT_TRUE(std::holds_alternative<double>(e->constant)) << source;
    EXPECT_EQ(std::get<double>(e->constant), want) << source;
  }
  // "1." is not a double in CEL: it is 1 followed by a selection.
  EXPECT_EQ(ParseDump("1.e5"), "1.e5");
  ExpectError({"1.", "expected a field or method name after '.'", 2});
}

TEST(ExprParserTest, BoolAndNullLiterals) {
  EXPECT_EQ(MustParse("true")->constant, Constant(true));
  EXPECT_EQ(MustParse("false")->constant, Constant(false));
  EXPECT_EQ(MustParse("null")->constant, Constant(NullConst{}));
}

TEST(ExprParserTest, StringLiterals) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"("abc")", "abc"},
      {R"('abc')", "abc"},
      {R"("")", ""},
      {R"('"')", "\""},
      {R"("'")", "'"},
      {"\"\"\"a\n\"b\"\nc\"\"\"", "a\n\"b\"\nc"},
      {"'''x''x'''", "x''x"},
      {"'''it's'''", "it's"},
      {"\"\"\"\"\"\"", ""},
      {R"(r"\n\d")", "\\n\\d"},
      {R"(R'\d+')", "\\d+"},
      {R"(r"\")", "\\"},
      {"r'''a\\b\n'''", "a\\b\n"},
      {"R\"\"\"x\\\"\"\"", "x\\"},
      {R"("a\nb")", "a\nb"},
      {R"("\a\b\f\n\r\t\v")", "\a\b\f\n\r\t\v"},
      {R"("\\\'\"\`\?")", "\\'\"`?"},
      {R"('\'')", "'"},
      {R"("\x41\X42\x7a")", "ABz"},
      {R"("\xFF")", "\xc3\xbf"},
      {R"("\u00e9")", "\xc3\xa9"},
      {R"("\u20AC")", "\xe2\x82\xac"},
      {R"("\U0001F600")", "\xf0\x9f\x98\x80"},
      {R"("\U0010FFFF")", "\xf4\x8f\xbf\xbf"},
      {R"("\101\060")", "A0"},
      {R"("\377")", "\xc3\xbf"},
      {R"("\303\277")", "\xc3\x83\xc2\xbf"},
      {"\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"",
       "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"},
      {R"("""a\"""")", "a\""},
      {"'''a\\'''b'''", "a'''b"},
  };
  for (const auto& [source, want] : cases) {
    ExprPtr e = MustParse(source);
    ASSERT_NE(e, nullptr);
    ASSERT_TRUE(std::holds_alternative<std::string>(e->constant)) << source;
    EXPECT_EQ(std::get<std::string>(e->constant), want) << source;
  }
  // NUL from an escape is kept.
  ExprPtr nul = MustParse(R"("a\000b")");
  ASSERT_NE(nul, nullptr);
  EXPECT_EQ(std::get<std::string>(nul->constant), std::string("a\0b", 3));
  // r and b are ordinary names when no quote follows.
  EXPECT_EQ(ParseDump("r + b + R + B"), "_+_(_+_(_+_(r, b), R), B)");
}

// --- macros --------------------------------------------------------------------

TEST(ExprParserTest, MacrosStayCalls) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"has(a.b)", "has(a.b)"},
      {"has(a.b.c)", "has(a.b.c)"},
      {"has((a).b)", "has(a.b)"},
      {"e.all(x, x > 0)", "e.all(x, _>_(x, 0))"},
      {"e.exists(x, p)", "e.exists(x, p)"},
      {"e.exists_one(x, p)", "e.exists_one(x, p)"},
      {"e.filter(x, p)", "e.filter(x, p)"},
      {"e.map(x, t)", "e.map(x, t)"},
      {"e.map(x, p, t)", "e.map(x, p, t)"},
      {"[1, 2].map(x, x * 2).filter(y, y > 2)", "[1, 2].map(x, _*_(x, 2)).filter(y, _>_(y, 2))"},
      // Other shapes are ordinary calls, not macros: no variable check.
      {"e.all(x)", "e.all(x)"},
      {"e.map(f(x))", "e.map(f(x))"},
      {"e.exists(1, 2, 3)", "e.exists(1, 2, 3)"},
      {"all(1, 2)", "all(1, 2)"},
      {"x.has(a)", "x.has(a)"},
  };
  for (const auto& [source, want] : cases) {
    EXPECT_EQ(ParseDump(source), want) << source;
  }
  ExprPtr e = MustParse("items.map(x, x.name)");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->kind, ExprKind::kCall);
  EXPECT_EQ(e->name, "map");
  ASSERT_NE(e->target, nullptr);
  EXPECT_EQ(e->target->kind, ExprKind::kIdent);
  EXPECT_EQ(e->target->name, "items");
  ASSERT_EQ(e->args.size(), 2u);
  EXPECT_EQ(e->args[0]->kind, ExprKind::kIdent);
  EXPECT_EQ(e->args[0]->name, "x");
  EXPECT_EQ(e->args[1]->kind, ExprKind::kSelect);

  ExprPtr h = MustParse("has(a.b)");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->kind, ExprKind::kCall);
  EXPECT_EQ(h->target, nullptr);
  ASSERT_EQ(h->args.size(), 1u);
  EXPECT_EQ(h->args[0]->kind, ExprKind::kSelect);
}

TEST(ExprParserTest, HasValidation) {
  const std::string kArg = "the argument of has() must be a field selection such as has(a.b)";
  const std::string kCount = "has() takes exactly one argument, a field selection such as has(a.b)";
  const std::vector<ErrorCase> cases = {
      {"has(a)", kArg, 4},           {"has(a[0])", kArg, 4},
      {"has(a.b())", kArg, 4},       {"has(1)", kArg, 4},
      {"x && has( (a) )", kArg, 10}, {"has()", kCount, 0},
      {"has(a.b, a.c)", kCount, 0},  {"x || has(a.b, a.c)", kCount, 5},
  };
  for (const auto& c : cases) ExpectError(c);
}

TEST(ExprParserTest, MacroVariableValidation) {
  const std::vector<ErrorCase> cases = {
      {"e.all(x.y, p)", "the first argument of all must be a variable name", 6},
      {"e.exists(1, p)", "the first argument of exists must be a variable name", 9},
      {"e.exists_one('x', p)", "the first argument of exists_one must be a variable name", 13},
      {"e.filter(f(x), p)", "the first argument of filter must be a variable name", 9},
      {"e.map(x[0], t)", "the first argument of map must be a variable name", 6},
      {"e.map((x + 1), p, t)", "the first argument of map must be a variable name", 6},
  };
  for (const auto& c : cases) ExpectError(c);
}

// --- reserved words -----------------------------------------------------------

TEST(ExprParserTest, ReservedWordsAreRejected) {
  const std::vector<std::string> reserved = {
      "as",  "break", "const",   "continue",  "else",   "for", "function", "if",    "import",
      "let", "loop",  "package", "namespace", "return", "var", "void",     "while",
  };
  for (const std::string& word : reserved) {
    const std::string message = absl::StrCat("reserved word '", word, "' cannot be used as a name");
    ExpectError({word, message, 0});
    ExpectError({absl::StrCat(word, "(x)"), message, 0});
    ExpectError({absl::StrCat("a.", word), message, 2});
    ExpectError({absl::StrCat("a.", word, "()"), message, 2});
    ExpectError({absl::StrCat("x + ", word), message, 4});
  }
  ExpectError({"a.true", "reserved word 'true' cannot be used as a name", 2});
  ExpectError({"a.null", "reserved word 'null' cannot be used as a name", 2});
  ExpectError({"a.in", "reserved word 'in' cannot be used as a name", 2});
  ExpectError({"in", "unexpected 'in'", 0});
  ExpectError({"x in in", "unexpected 'in'", 5});
}

// --- errors and their offsets ---------------------------------------------------

TEST(ExprParserTest, SyntaxErrorsWithOffsets) {
  const std::vector<ErrorCase> cases = {
      {"", "empty expression", 0},
      {"   // only a comment", "empty expression", 0},
      {"a)", "unexpected ')'", 1},
      {"(a))", "unexpected ')'", 3},
      {"a +", "unexpected end of expression", 3},
      {"a + ", "unexpected end of expression", 4},
      {"(", "unexpected end of expression", 1},
      {"f(", "unexpected end of expression", 2},
      {"[1,", "unexpected end of expression", 3},
      {"!", "unexpected end of expression", 1},
      {"a b", "unexpected name 'b'", 2},
      {"1 2", "unexpected number '2'", 2},
      {"'a' 'b'", "unexpected string literal", 4},
      {"a.1", "unexpected number '.1'", 1},
      {"[1, 2", "expected ']' after list elements", 5},
      {"[1 2]", "expected ']' after list elements", 3},
      {"[,]", "unexpected ','", 1},
      {"[1,,2]", "unexpected ','", 3},
      {"{1: 2", "expected '}' after map entries", 5},
      {"{1: 2 3: 4}", "expected '}' after map entries", 6},
      {"{1 2}", "expected ':' after map key", 3},
      {"{1}", "expected ':' after map key", 2},
      {"{,}", "unexpected ','", 1},
      {"f(1 2)", "expected ')' after function arguments", 4},
      {"a.f(1", "expected ')' after function arguments", 5},
      {"f(1,)", "unexpected ')'", 4},
      {"f(,)", "unexpected ','", 2},
      {"(a", "expected ')' after parenthesized expression", 2},
      {"(a b)", "expected ')' after parenthesized expression", 3},
      {"a[1", "expected ']' after index", 3},
      {"a[1, 2]", "expected ']' after index", 3},
      {"a[]", "unexpected ']'", 2},
      {"a ? b", "missing ':' in conditional", 5},
      {"a ? b c", "missing ':' in conditional", 6},
      {"a ? b : ", "unexpected end of expression", 8},
      {"a.", "expected a field or method name after '.'", 2},
      {"a.(b)", "expected a field or method name after '.'", 2},
      {"a.'b'", "expected a field or method name after '.'", 2},
      {"f(x)(y)", "unexpected '('", 4},
      {"a.b{c: 1}", "message construction such as Foo{field: value} is not supported", 3},
      {"Foo{}", "message construction such as Foo{field: value} is not supported", 3},
      {".a", "names starting with '.' (root-scoped names) are not supported", 0},
      {"x + .a.b", "names starting with '.' (root-scoped names) are not supported", 4},
      {".", "unexpected '.'", 0},
      {"!-a", "'-' cannot follow '!' directly; use parentheses, as in !(-x)", 1},
      {"-!a", "'!' cannot follow '-' directly; use parentheses, as in -(!x)", 1},
      {"a = b", "unexpected '='; use '==' to compare values", 2},
      {"a & b", "unexpected '&'; the logical and operator is '&&'", 2},
      {"a | b", "unexpected '|'; the logical or operator is '||'", 2},
      {"a # b", "unexpected character '#'", 2},
      {"a ; b", "unexpected character ';'", 2},
      {"a\vb", "unexpected character U+000B", 1},
      {"a \xe2\x80\x99 b", "unexpected character '\xe2\x80\x99' (U+2019)", 2},
      {"a \xff", "unexpected character byte 0xFF (not valid UTF-8)", 2},
      {"1abc", "invalid number '1abc'", 0},
      {"x + 12x", "invalid number '12x'", 4},
      {"1.5u", "invalid number '1.5u'", 0},
      {"1e", "invalid number '1e'", 0},
      {"1e+", "invalid number '1e'", 0},
      {"0x1g", "invalid number '0x1g'", 0},
      {"0x", "invalid number: '0x' must be followed by hexadecimal digits", 0},
      {"0xu", "invalid number: '0x' must be followed by hexadecimal digits", 0},
      // CEL's hexadecimal prefix is "0x" only (langdef.md's INT_LIT, as cel-go).
      {"0X1f", "invalid number '0X1f': the hexadecimal prefix is a lower-case '0x'", 0},
      {"0X1Fu", "invalid number '0X1Fu': the hexadecimal prefix is a lower-case '0x'", 0},
      {"1 + 0X", "invalid number '0X': the hexadecimal prefix is a lower-case '0x'", 4},
      {"1uu", "invalid number '1uu'", 0},
      {"b\"abc\"", "bytes literals are not supported", 0},
      {"x == B'abc'", "bytes literals are not supported", 5},
      {"br'abc'", "bytes literals are not supported", 0},
      {"rb'abc'", "unexpected string literal", 2},
      {"-1 #", "unexpected character '#'", 3},
  };
  for (const auto& c : cases) ExpectError(c);
}

TEST(ExprParserTest, StringErrorsWithOffsets) {
  const std::string kLineBreak =
      "unterminated string: a quoted string cannot contain a line break (use \\n or a "
      "triple-quoted string)";
  const std::vector<ErrorCase> cases = {
      {"\"abc", "unterminated string: missing closing \"", 0},
      {"x + 'abc", "unterminated string: missing closing '", 4},
      {"'''abc''", "unterminated string: missing closing '''", 0},
      {"\"\"\"abc\"\"", "unterminated string: missing closing \"\"\"", 0},
      {"r\"abc", "unterminated string: missing closing \"", 0},
      {"x + 'abc\ndef'", kLineBreak, 4},
      {"'abc\rdef'", kLineBreak, 0},
      {"r'abc\ndef'", kLineBreak, 0},
      {"\"abc\\", "unterminated string: missing closing quote", 4},
      {"\"\\q\"", "invalid escape '\\q'", 1},
      {"'ab\\d'", "invalid escape '\\d'", 3},
      {"\"\\4\"", "invalid escape '\\4'", 1},
      {"\"\\8\"", "invalid escape '\\8'", 1},
      {"\"\\\n\"",
       "invalid escape: a backslash must be followed by one of a b f n r t v \\ ' \" ` ? x u U or "
       "an octal digit 0-3",
       1},
      {"\"\\x4\"", "invalid escape '\\x': expected 2 hexadecimal digits after it", 1},
      {"\"\\xg0\"", "invalid escape '\\x': expected 2 hexadecimal digits after it", 1},
      {"\"ab\\u12\"", "invalid escape '\\u': expected 4 hexadecimal digits after it", 3},
      {"\"\\U0001F60\"", "invalid escape '\\U': expected 8 hexadecimal digits after it", 1},
      {"\"\\ud800\"",
       "invalid escape '\\ud800': surrogate code points (U+D800 to U+DFFF) are not allowed; write "
       "the character itself or use \\U",
       1},
      {"\"\\uDFFF\"",
       "invalid escape '\\uDFFF': surrogate code points (U+D800 to U+DFFF) are not allowed; write "
       "the character itself or use \\U",
       1},
      {"\"\\U0000D800\"",
       "invalid escape '\\U0000D800': surrogate code points (U+D800 to U+DFFF) are not allowed; "
       "write the character itself or use \\U",
       1},
      {"\"\\U00110000\"", "invalid escape '\\U00110000': code point beyond U+10FFFF", 1},
      {"\"\\Uffffffff\"", "invalid escape '\\Uffffffff': code point beyond U+10FFFF", 1},
      {"\"\\08\"", "invalid escape '\\0': an octal escape has 3 digits, \\000 to \\377", 1},
      {"\"\\1\"", "invalid escape '\\1': an octal escape has 3 digits, \\000 to \\377", 1},
      {"\"ab\xff\"", "invalid UTF-8 in string literal", 3},
      {"\"\xc3\"", "invalid UTF-8 in string literal", 1},
      {"\"\xc0\xaf\"", "invalid UTF-8 in string literal", 1},          // overlong
      {"\"\xed\xa0\x80\"", "invalid UTF-8 in string literal", 1},      // surrogate
      {"\"\xf4\x90\x80\x80\"", "invalid UTF-8 in string literal", 1},  // > U+10FFFF
  };
  for (const auto& c : cases) ExpectError(c);
}

TEST(ExprParserTest, OutOfRangeLiterals) {
  const std::string kInt = " (an int is at most 9223372036854775807; add a 'u' suffix for a uint)";
  const std::vector<ErrorCase> cases = {
      {"9223372036854775808", "integer literal out of range: 9223372036854775808" + kInt, 0},
      {"x + 99999999999999999999999",
       "integer literal out of range: 99999999999999999999999" + kInt, 4},
      {"0x8000000000000000", "integer literal out of range: 0x8000000000000000" + kInt, 0},
      {"-9223372036854775809",
       "integer literal out of range: -9223372036854775809 (an int is at least "
       "-9223372036854775808)",
       1},
      {"-0x8000000000000001",
       "integer literal out of range: -0x8000000000000001 (an int is at least "
       "-9223372036854775808)",
       1},
      {"- 18446744073709551616",
       "integer literal out of range: -18446744073709551616 (an int is at least "
       "-9223372036854775808)",
       2},
      // Not folded (the literal is a select target): the positive literal is out of range.
      {"-9223372036854775808.abs()", "integer literal out of range: 9223372036854775808" + kInt, 1},
      {"18446744073709551616u",
       "unsigned integer literal out of range: 18446744073709551616u (the largest uint is "
       "18446744073709551615)",
       0},
      {"0x10000000000000000u",
       "unsigned integer literal out of range: 0x10000000000000000u (the largest uint is "
       "18446744073709551615)",
       0},
      {"1e309", "double literal out of range: 1e309", 0},
      {"-1e999", "double literal out of range: 1e999", 1},
      {"123456789.0e301", "double literal out of range: 123456789.0e301", 0},
  };
  for (const auto& c : cases) ExpectError(c);
}

// --- offsets ------------------------------------------------------------------

TEST(ExprParserTest, NodeOffsets) {
  ExprPtr e = MustParse("a.b + f(x)");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->offset, 4u);                    // '+'
  EXPECT_EQ(e->args[0]->offset, 2u);           // 'b' of a.b
  EXPECT_EQ(e->args[0]->target->offset, 0u);   // 'a'
  EXPECT_EQ(e->args[1]->offset, 6u);           // 'f'
  EXPECT_EQ(e->args[1]->args[0]->offset, 8u);  // 'x'

  e = MustParse("xs.map(v, v)");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->offset, 3u);  // 'map'
  EXPECT_EQ(e->target->offset, 0u);
  EXPECT_EQ(e->args[0]->offset, 7u);
  EXPECT_EQ(e->args[1]->offset, 10u);

  e = MustParse("!!a ? [1, -2] : {'k': 2.5}[k]");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->offset, 4u);                    // '?'
  EXPECT_EQ(e->args[0]->offset, 0u);           // outer '!'
  EXPECT_EQ(e->args[0]->args[0]->offset, 1u);  // inner '!'
  EXPECT_EQ(e->args[0]->args[0]->args[0]->offset, 2u);
  EXPECT_EQ(e->args[1]->offset, 6u);            // '['
  EXPECT_EQ(e->args[1]->args[0]->offset, 7u);   // 1
  EXPECT_EQ(e->args[1]->args[1]->offset, 10u);  // -2 starts at its '-'
  const Expr& index = *e->args[2];
  EXPECT_EQ(index.name, kIndex);
  EXPECT_EQ(index.offset, 26u);           // '[' of the index
  EXPECT_EQ(index.args[0]->offset, 16u);  // '{'
  EXPECT_EQ(index.args[0]->args[0]->offset, 17u);
  EXPECT_EQ(index.args[0]->args[1]->offset, 22u);
  EXPECT_EQ(index.args[1]->offset, 27u);

  e = MustParse("a in r'x' && - 1 == -b");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->offset, 10u);                    // '&&'
  EXPECT_EQ(e->args[0]->offset, 2u);            // 'in'
  EXPECT_EQ(e->args[0]->args[1]->offset, 5u);   // r'x' starts at 'r'
  EXPECT_EQ(e->args[1]->offset, 17u);           // '=='
  EXPECT_EQ(e->args[1]->args[0]->offset, 13u);  // folded - 1 starts at '-'
  EXPECT_EQ(e->args[1]->args[1]->offset, 20u);  // unary '-'
  EXPECT_EQ(e->args[1]->args[1]->args[0]->offset, 21u);

  e = MustParse("\n  (a)\n.b");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->offset, 8u);
  EXPECT_EQ(e->target->offset, 4u);
}

// --- Unparse ------------------------------------------------------------------

TEST(ExprParserTest, UnparseText) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a + b * c", "(a + (b * c))"},
      {"a || b && !c", "(a || (b && !c))"},
      {"a ? b : c", "(a ? b : c)"},
      {"x in [1, 2u, 3.0]", "(x in [1, 2u, 3.0])"},
      {"{'a': null, 1: true}", "{\"a\": null, 1: true}"},
      {"a.b.c(d)[0]", "a.b.c(d)[0]"},
      {"f()", "f()"},
      {"1.0", "1.0"},
      {"1e20", "1e+20"},
      {"0.1", "0.1"},
      {"1e-7", "1e-07"},
      {"-1", "-1"},
      {"-(1)", "-(1)"},
      {"--1", "-(-1)"},
      {"--x", "--x"},
      {"!!x", "!!x"},
      {"!(-x)", "!(-x)"},
      {"-(!x)", "-(!x)"},
      {"(!x).y", "(!x).y"},
      {"(-x)[0]", "(-x)[0]"},
      {"(-1).abs()", "(-1).abs()"},
      {"-1.abs()", "-1.abs()"},
      {"-0.0", "-0.0"},
      {"'a\"b\\\\c\\n\\t\\x01\\x7f'", "\"a\\\"b\\\\c\\n\\t\\x01\\x7f\""},
      {"'\\a\\b\\f\\v\\r'", "\"\\a\\b\\f\\v\\r\""},
      {"'caf\xc3\xa9 \\U0001F600'", "\"caf\xc3\xa9 \xf0\x9f\x98\x80\""},
      {"r'\\d'", "\"\\\\d\""},
      {"18446744073709551615u", "18446744073709551615u"},
      {"-9223372036854775808", "-9223372036854775808"},
      {"has(a.b)", "has(a.b)"},
      {"e.map(x, p, t)", "e.map(x, p, t)"},
  };
  for (const auto& [source, want] : cases) {
    ExprPtr e = MustParse(source);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(Unparse(*e), want) << source;
  }
}

TEST(ExprParserTest, UnparseRoundTrips) {
  const std::vector<std::string> corpus = {
      "a",
      "a.b.c",
      "a || b && c",
      "(a || b) && c",
      "a ? b : c ? d : e",
      "(a ? b : c) ? d : e",
      "-a.b",
      "!a == b",
      "1 + 2 * 3 - 4",
      "a - (b - c)",
      "x in [1,2]",
      "!!x",
      "--x",
      "-(1)",
      "--1",
      "-1.5",
      "-0.0",
      "- 2.5e-10",
      "-1u",
      "1 - -1",
      "-1.foo()",
      "(-1).foo()",
      "(-2.5)[0]",
      "!(-1)",
      "(!a).b",
      "-(-(x))",
      "-9223372036854775808",
      "9223372036854775807",
      "18446744073709551615u",
      "0x1F + 0x1Fu",
      "1e300 * 1.7976931348623157e308 / 4.9e-324",
      "0.1 + 0.2 == 0.30000000000000004",
      "123456789012345678.0",
      "1.0 / 3.0",
      "[]",
      "{}",
      "[1, [2, [3, []]], {}]",
      "{'a': {'b': [1, 2,],},}",
      "{a: b, c: d}[a]",
      "'it\\'s'",
      "\"tab\\tnew\\nline\\r\\u00e9\\U0001F600\\x00\\x1f\\x7f\"",
      "'''multi\nline \"quoted\"'''",
      "r'\\d+\\.\\d+'",
      "'\\a\\b\\f\\v\\\\\\?\\`'",
      "true && false || null == null",
      "has(a.b) && has(a.b.c)",
      "items.all(i, i.done) || items.exists(i, !i.done)",
      "items.exists_one(i, i.id == 'x')",
      "items.map(i, i.size() > 1, i.name).filter(n, n != '')",
      "f(g(h(1, 2), 3), [4], {5: 6})",
      "a.b(c.d(e.f()))",
      "x[0][1][y[2]]",
      "a < b && b <= c && c > d && d >= e && e != f",
      "a % b / c * d + e - f",
      "size(x) > 0 ? x[0] : 'none'",
      "(a)",
      "((a + b))",
  };
  for (const std::string& source : corpus) {
    ExprPtr first = MustParse(source);
    ASSERT_NE(first, nullptr) << source;
    const std::string text = Unparse(*first);
    auto second = Parse(text);
    ASSERT_TRUE(second.ok()) << source << " -> " << text << ": " << second.status();
    EXPECT_TRUE(SameTree(*first, **second))
        << source << " -> " << text << "\n  " << Dump(*first) << "\n  " << Dump(**second);
    EXPECT_EQ(Unparse(**second), text) << source;
  }
}

TEST(ExprParserTest, UnparseHandBuiltTrees) {
  auto constant = [](Constant c) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kConst;
    e->constant = std::move(c);
    return e;
  };
  auto call = [](std::string name, std::vector<ExprPtr> args) {
    auto e = std::make_unique<Expr>();
    e->kind = ExprKind::kCall;
    e->name = std::move(name);
    e->args = std::move(args);
    return e;
  };
  // -_(1), -_(-1) and a negative constant as a select target.
  {
    std::vector<ExprPtr> args;
    args.push_back(constant(int64_t{1}));
    ExprPtr neg = call(kNeg, std::move(args));
    EXPECT_EQ(Unparse(*neg), "-(1)");
    auto reparsed = Parse(Unparse(*neg));
    ASSERT_TRUE(reparsed.ok());
    EXPECT_TRUE(SameTree(*neg, **reparsed));
  }
  {
    auto sel = std::make_unique<Expr>();
    sel->kind = ExprKind::kSelect;
    sel->name = "x";
    sel->target = constant(-2.5);
    EXPECT_EQ(Unparse(*sel), "(-2.5).x");
    auto reparsed = Parse(Unparse(*sel));
    ASSERT_TRUE(reparsed.ok());
    EXPECT_TRUE(SameTree(*sel, **reparsed));
  }
  EXPECT_EQ(Unparse(*constant(std::numeric_limits<double>::infinity())), "double(\"Infinity\")");
  EXPECT_EQ(Unparse(*constant(-std::numeric_limits<double>::infinity())), "double(\"-Infinity\")");
  EXPECT_EQ(Unparse(*constant(std::nan(""))), "double(\"NaN\")");
  EXPECT_EQ(Unparse(*constant(2.0)), "2.0");
}

// --- hostile input ------------------------------------------------------------

constexpr char kTooDeep[] =
    "expression nested too deeply (more than 250 levels of brackets, calls and operators)";
constexpr char kTooLong[] =
    "expression nested too deeply (more than 250 levels): each operator in a chain such as "
    "a + b + c nests one level; split the expression or group the chain in parentheses";

void ExpectTooDeep(const std::string& source) {
  auto parsed = Parse(source);
  ASSERT_FALSE(parsed.ok()) << source.substr(0, 40);
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(parsed.status().message() == kTooDeep || parsed.status().message() == kTooLong)
      << parsed.status().message();
  EXPECT_TRUE(OffsetOf(parsed.status()).has_value());
}

TEST(ExprParserTest, HostileNestingFailsCleanly) {
  constexpr int kHuge = 100000;
  ExpectTooDeep(Repeat("(", kHuge));
  ExpectTooDeep(Repeat("(", kHuge) + "a" + Repeat(")", kHuge));
  ExpectTooDeep(Repeat("[", kHuge));
  ExpectTooDeep(Repeat("[", kHuge) + Repeat("]", kHuge));
  ExpectTooDeep(Repeat("{1:", kHuge));
  ExpectTooDeep(Repeat("f(", kHuge) + Repeat(")", kHuge));
  ExpectTooDeep(Repeat("a[", kHuge) + "0" + Repeat("]", kHuge));
  ExpectTooDeep(Repeat("!", kHuge) + "x");
  ExpectTooDeep(Repeat("-", kHuge) + "x");
  ExpectTooDeep(Repeat("-", kHuge) + "1");
  ExpectTooDeep("a" + Repeat(".b", kHuge));
  ExpectTooDeep("a" + Repeat(".f()", kHuge));
  ExpectTooDeep("a" + Repeat("[0]", kHuge));
  ExpectTooDeep("a" + Repeat(" + a", kHuge));
  ExpectTooDeep("a" + Repeat(" && a", kHuge));
  ExpectTooDeep("a" + Repeat(" || a", kHuge));
  ExpectTooDeep("a" + Repeat(" == a", kHuge));
  ExpectTooDeep(Repeat("a ? b : ", kHuge) + "c");
  ExpectTooDeep(Repeat("a + (", kHuge) + "a" + Repeat(")", kHuge));
  ExpectTooDeep(Repeat("x.map(v, ", kHuge) + "v" + Repeat(")", kHuge));
  // Unbalanced garbage is an ordinary error, not a crash.
  EXPECT_FALSE(Parse(Repeat(")", kHuge)).ok());
  EXPECT_FALSE(Parse(Repeat("+", kHuge)).ok());
}

TEST(ExprParserTest, NestingLimitBoundaries) {
  // 249 parentheses (250 nested expressions) parse; 250 do not.
  EXPECT_TRUE(Parse(Repeat("(", 249) + "a" + Repeat(")", 249)).ok());
  ExpectError({Repeat("(", 250) + "a" + Repeat(")", 250), kTooDeep, 250});

  // A chain of 249 operators (a tree 250 deep) parses; the 250th '+' fails.
  const std::string chain = "a" + Repeat("+a", 249);
  ExprPtr e = MustParse(chain);
  ASSERT_NE(e, nullptr);
  const std::string text = Unparse(*e);
  auto reparsed = Parse(text);
  ASSERT_TRUE(reparsed.ok()) << reparsed.status();
  EXPECT_TRUE(SameTree(*e, **reparsed));
  ExpectError({"a" + Repeat("+a", 250), kTooLong, 499});

  // 249 '!' on a name: depth 250.
  EXPECT_TRUE(Parse(Repeat("!", 249) + "x").ok());
  ExpectError({Repeat("!", 250) + "x", kTooDeep, 0});
  // The folded '-' does not count: 250 '-' on a literal is depth 250.
  EXPECT_TRUE(Parse(Repeat("-", 250) + "1").ok());

  // Wide is fine: a list of 100000 elements.
  auto wide = Parse("[" + Repeat("1,", 100000) + "]");
  ASSERT_TRUE(wide.ok());
  EXPECT_EQ((*wide)->args.size(), 100000u);
}

TEST(ExprParserTest, LongInputsWithoutNesting) {
  // A long balanced tree (deep only logarithmically) parses and round-trips.
  std::string source = "a";
  for (int i = 0; i < 12; ++i) source = "(" + source + " && " + source + ")";
  ExprPtr e = MustParse(source);
  ASSERT_NE(e, nullptr);
  auto reparsed = Parse(Unparse(*e));
  ASSERT_TRUE(reparsed.ok());
  EXPECT_TRUE(SameTree(*e, **reparsed));
  // Long strings and comments.
  const std::string big(1 << 20, 'x');
  ExprPtr s = MustParse("// " + big + "\n'" + big + "'");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(std::get<std::string>(s->constant).size(), big.size());
}

}  // namespace
}  // namespace planlint::expr

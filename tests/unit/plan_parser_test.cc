#include "core/plan/plan_parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>

#include "absl/strings/str_cat.h"
#include "core/plan/input_error.h"
#include "core/text/unicode.h"

namespace planlint {
namespace {

struct ErrorCase {
  std::string name;
  std::string text;
  int line;
  int column;
  std::string message;  // expected to be contained in the status message
};

// Parses and expects an input error at line:column.
void ExpectInputError(const ErrorCase& c) {
  PlanParser parser;
  absl::StatusOr<Plan> plan = parser.Parse("plan.json", c.text);
  ASSERT_FALSE(plan.ok()) << c.name;
  const absl::Status& status = plan.status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << c.name;
  std::string prefix =
      "plan.json:" + std::to_string(c.line) + ":" + std::to_string(c.column) + ": ";
  EXPECT_EQ(std::string(status.message()).substr(0, prefix.size()), prefix)
      << c.name << ": " << status.message();
  EXPECT_NE(std::string(status.message()).find(c.message), std::string::npos)
      << c.name << ": " << status.message();
  std::optional<SourcePosition> pos = PositionOf(status);
  ASSERT_TRUE(pos.has_value()) << c.name;
  EXPECT_EQ(pos->line, c.line) << c.name;
  EXPECT_EQ(pos->column, c.column) << c.name;
  EXPECT_EQ(FileOf(status), "plan.json") << c.name;
}

TEST(PlanParserTest, ParsesAPlan) {
  PlanParser parser;
  absl::StatusOr<Plan> plan = parser.Parse(
      "p.json", R"({"format":"imp/1","n":[1,-2,18446744073709551615,-9223372036854775808,)"
                R"(2.5,1e-400,true,false,null],"s":"a\u00e9\ud83d\ude00\n\"","e":{}})");
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->file(), "p.json");
  NodeId n = plan->FindMember(0, "n");
  auto items = plan->children(n);
  ASSERT_EQ(items.size(), 9u);
  EXPECT_EQ(plan->kind(items[0]), JsonKind::kInt);
  EXPECT_EQ(plan->int_value(items[1]), -2);
  EXPECT_EQ(plan->kind(items[2]), JsonKind::kUint);
  EXPECT_EQ(plan->uint_value(items[2]), 18446744073709551615u);
  EXPECT_EQ(plan->kind(items[3]), JsonKind::kInt);
  EXPECT_EQ(plan->int_value(items[3]), INT64_MIN);
  EXPECT_EQ(plan->kind(items[4]), JsonKind::kDouble);
  EXPECT_EQ(plan->number(items[4]), 2.5);
  EXPECT_EQ(plan->number(items[5]), 0.0);
  EXPECT_TRUE(plan->boolean(items[6]));
  EXPECT_FALSE(plan->boolean(items[7]));
  EXPECT_EQ(plan->kind(items[8]), JsonKind::kNull);
  EXPECT_EQ(plan->string(plan->FindMember(0, "s")), "a\u00e9\U0001F600\n\"");
  EXPECT_EQ(plan->children(plan->FindMember(0, "e")).size(), 0u);
}

TEST(PlanParserTest, StripsTheBomAndKeepsTheText) {
  PlanParser parser;
  absl::StatusOr<Plan> plan = parser.Parse("p.json", "\xEF\xBB\xBF{\"a\":1}");
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->text(), "{\"a\":1}");
  // A BOM in the middle is not white space.
  ExpectInputError(
      {"bom twice", "\xEF\xBB\xBF\xEF\xBB\xBF{}", 1, 1, "unexpected character U+FEFF"});
  ExpectInputError({"bom after space", " \xEF\xBB\xBF{}", 1, 2, "unexpected character U+FEFF"});
}

TEST(PlanParserTest, ReusesTheParserAcrossDocuments) {
  PlanParser parser;
  std::string big = "{\"a\":[";
  for (int i = 0; i < 100000; ++i) big += "1,";
  big += "2]}";
  for (int round = 0; round < 3; ++round) {
    ASSERT_TRUE(parser.Parse("a", "{\"x\":1}").ok());
    ASSERT_FALSE(parser.Parse("b", "{\"x\":}").ok());
    absl::StatusOr<Plan> plan = parser.Parse("c", big);
    ASSERT_TRUE(plan.ok());
    EXPECT_EQ(plan->children(plan->FindMember(0, "a")).size(), 100001u);
  }
}

TEST(PlanParserTest, InputErrorsWithLineAndColumn) {
  const ErrorCase cases[] = {
      {"empty", "", 1, 1, "empty input"},
      {"white space only", "  \n\t", 2, 2, "empty input"},
      {"bom only", "\xEF\xBB\xBF", 1, 1, "empty input"},
      {"top array", " [1]", 1, 2, "the top level must be a JSON object, found an array"},
      {"top string", "\"x\"", 1, 1, "found a string"},
      {"top number", "\n-1", 2, 1, "found a number"},
      {"top true", "true", 1, 1, "found a boolean"},
      {"top null", "null", 1, 1, "found null"},
      {"top garbage", "x", 1, 1, "unexpected character 'x'"},
      {"unexpected brace", "{\"a\":}", 1, 6, "unexpected character '}'"},
      {"trailing comma object", "{\"a\":1,}", 1, 8, "unexpected character '}'"},
      {"trailing comma array", "{\"a\":[1,]}", 1, 9, "unexpected character ']'"},
      {"missing colon", "{\"a\" 1}", 1, 6, "unexpected character '1'"},
      {"missing comma", "{\"a\":1 \"b\":2}", 1, 8, "unexpected character '\"'"},
      {"unquoted key", "{a:1}", 1, 2, "unexpected character 'a'"},
      {"single quotes", "{'a':1}", 1, 2, "unexpected character '''"},
      {"comment", "{\"a\":1 // c\n}", 1, 8, "unexpected character '/'"},
      {"unexpected end", "{\"a\":[1,2", 1, 10, "unexpected end of input"},
      {"unexpected end after newline", "{\"a\":\r\n", 2, 1, "unexpected end of input"},
      {"unexpected end in literal", "{\"a\":tr", 1, 8, "unexpected end of input"},
      {"bad literal", "{\"a\":trux}", 1, 9, "unexpected character 'x'"},
      {"literal with tail", "{\"a\":truex}", 1, 10, "unexpected character 'x'"},
      {"capital literal", "{\"a\":True}", 1, 6, "unexpected character 'T'"},
      {"unterminated string", "{\"a\":\"abc", 1, 10, "unterminated string"},
      {"unterminated key", "{\n\"ab", 2, 4, "unterminated string"},
      {"control char", "{\"a\":\"x\ty\"}", 1, 8, "unescaped control character U+0009"},
      {"newline in string", "{\"a\":\"x\ny\"}", 1, 8, "unescaped control character U+000A"},
      {"nul in string", std::string("{\"a\":\"x\0\"}", 9), 1, 8, "U+0000"},
      {"nul outside", std::string("{\"a\":1\0}", 8), 1, 7, "unexpected character U+0000"},
      {"nul after", std::string("{}\0", 3), 1, 3, "trailing characters"},
      {"trailing garbage", "{\"a\":1}\n x", 2, 2, "trailing characters after the JSON document"},
      {"second object", "{} {}", 1, 4, "trailing characters"},
      {"extra brace", "{}}", 1, 3, "trailing characters"},
      {"invalid utf8 in string", "{\"a\":\"\xff\"}", 1, 7, "invalid UTF-8 byte 0xff"},
      {"invalid utf8 after é", "{\"é\":\"é\x80\"}", 1, 8, "invalid UTF-8 byte 0x80"},
      {"overlong", "{\"a\":\"\xc0\xaf\"}", 1, 7, "invalid UTF-8 byte 0xc0"},
      {"encoded surrogate", "{\"a\":\"\xed\xa0\x80\"}", 1, 7, "invalid UTF-8 byte 0xed"},
      {"truncated sequence", "{\"a\":\"\xe2\x82\"}", 1, 7, "invalid UTF-8 byte 0xe2"},
      {"above U+10FFFF", "{\"a\":\"\xf4\x90\x80\x80\"}", 1, 7, "invalid UTF-8 byte 0xf4"},
      {"invalid utf8 outside", "{\"a\":1,\xfe}", 1, 8, "invalid UTF-8 byte 0xfe"},
      {"invalid utf8 trailing", "{}\n\xff", 2, 1, "invalid UTF-8 byte 0xff"},
      {"non-ascii outside", "{\"a\":1,é}", 1, 8, "unexpected character U+00E9"},
      {"lone high surrogate", "{\"a\":\"\\ud800\"}", 1, 7, "lone surrogate \\ud800"},
      {"lone low surrogate", "{\"a\":\"\\udc00x\"}", 1, 7, "lone surrogate \\udc00"},
      {"high then non-low", "{\"a\":\"\\uD800\\u0041\"}", 1, 7, "lone surrogate \\uD800"},
      {"high then high", "{\"a\":\"x\\ud800\\ud800\"}", 1, 8, "lone surrogate \\ud800"},
      {"high then text", "{\"a\":\"\\ud800abcdef\"}", 1, 7, "lone surrogate"},
      {"high then escape", "{\"a\":\"\\ud800\\n\"}", 1, 7, "lone surrogate"},
      {"lone surrogate in key", "{\"\\udfff\":1}", 1, 3, "lone surrogate \\udfff"},
      {"pair then lone", "{\"a\":\"\\ud83d\\ude00\\ude00\"}", 1, 19, "lone surrogate \\ude00"},
      {"invalid escape", "{\"a\":\"\\x\"}", 1, 8, "unexpected character 'x'"},
      {"short unicode escape", "{\"a\":\"\\u12\"}", 1, 11, "unexpected character '\"'"},
      {"truncated escape", "{\"a\":\"\\", 1, 8, "unterminated string"},
      {"truncated unicode escape", "{\"a\":\"\\u00", 1, 11, "unterminated string"},
      {"truncated surrogate pair", "{\"a\":\"\\ud800\\udc", 1, 17, "unterminated string"},
      {"leading zero", "{\"a\":01}", 1, 7, "unexpected character '1'"},
      {"bare minus", "{\"a\":-}", 1, 7, "unexpected character '}'"},
      {"minus letter", "{\"a\":-x}", 1, 7, "unexpected character 'x'"},
      {"dot without digits", "{\"a\":1.}", 1, 8, "unexpected character '}'"},
      {"leading dot", "{\"a\":.5}", 1, 6, "unexpected character '.'"},
      {"plus sign", "{\"a\":+1}", 1, 6, "unexpected character '+'"},
      {"exponent without digits", "{\"a\":1e}", 1, 8, "unexpected character '}'"},
      {"exponent sign only", "{\"a\":1e+}", 1, 9, "unexpected character '}'"},
      {"hex number", "{\"a\":0x1}", 1, 7, "unexpected character 'x'"},
      {"infinity", "{\"a\":Infinity}", 1, 6, "unexpected character 'I'"},
      {"nan", "{\"a\":NaN}", 1, 6, "unexpected character 'N'"},
      {"number at end", "{\"a\":12", 1, 8, "unexpected end of input"},
      {"integer beyond a double", "{\"a\":\n 1" + std::string(309, '0') + "}", 2, 2,
       "number out of range"},
      {"negative integer beyond a double", "{\"a\":-2" + std::string(308, '0') + "}", 1, 6,
       "number out of range"},
      {"double overflow", "{\"a\":[1, 1e400]}", 1, 10, "number out of range"},
      {"negative double overflow", "{\"a\":-1.8e308}", 1, 6, "number out of range"},
      {"form feed", "{\f}", 1, 2, "unexpected character U+000C"},
      {"vertical tab", "\v{}", 1, 1, "unexpected character U+000B"},
      {"nbsp", "{\xc2\xa0}", 1, 2, "unexpected character U+00A0"},
      {"crlf lines", "{\r\n\"a\":\r\n1,\r\n}", 4, 1, "unexpected character '}'"},
      {"lone cr lines", "{\r\"a\":\r1,\r}", 4, 1, "unexpected character '}'"},
      {"mixed line ends", "{\n\r\n\r\"a\"}", 4, 4, "unexpected character '}'"},
      {"multi-byte column", "{\"日本語\":\"😀\",x}", 1, 12, "unexpected character 'x'"},
      {"bom not counted", "\xEF\xBB\xBF{\"a\":x}", 1, 6, "unexpected character 'x'"},
      {"colon in array", "{\"a\":[1:2]}", 1, 8, "unexpected character ':'"},
      {"key in array", "{\"a\":[\"k\":1]}", 1, 10, "unexpected character ':'"},
      {"mismatched close", "{\"a\":[1}", 1, 8, "unexpected character '}'"},
      {"mismatched close 2", "{\"a\":{\"b\":1]}", 1, 12, "unexpected character ']'"},
      {"number key", "{1:2}", 1, 2, "unexpected character '1'"},
  };
  for (const ErrorCase& c : cases) ExpectInputError(c);
}

// plan-format.md: only "numbers that fit neither a 64-bit integer nor a
// double may be rejected". An integer beyond 64 bits that a double holds is a
// number (a double), wherever it is, with positions unchanged after it.
TEST(PlanParserTest, IntegersBeyond64BitsAreDoubles) {
  PlanParser parser;
  const std::string max_double_integer = "17976931348623157" + std::string(292, '0');
  absl::StatusOr<Plan> plan =
      parser.Parse("big.json",
                   "{\"a\": 18446744073709551616, \"b\": [-9223372036854775809,\n"
                   "123456789012345678901234567890, " +
                       max_double_integer +
                       ", 1e-400],"
                       " \"c\": \"18446744073709551616\", \"d\": 18446744073709551615}");
  ASSERT_TRUE(plan.ok()) << plan.status();
  NodeId a = plan->FindMember(plan->root(), "a");
  ASSERT_EQ(plan->kind(a), JsonKind::kDouble);
  EXPECT_EQ(plan->number(a), 18446744073709551616.0);
  auto b = plan->children(plan->FindMember(plan->root(), "b"));
  ASSERT_EQ(b.size(), 4u);
  EXPECT_EQ(plan->number(b[0]), -9223372036854775809.0);
  EXPECT_EQ(plan->number(b[1]), 123456789012345678901234567890.0);
  EXPECT_EQ(plan->number(b[2]), 1.7976931348623157e308);
  EXPECT_EQ(plan->number(b[3]), 0.0);
  EXPECT_EQ(plan->string(plan->FindMember(plan->root(), "c")), "18446744073709551616");
  EXPECT_EQ(plan->kind(plan->FindMember(plan->root(), "d")), JsonKind::kUint);
  SourcePosition pos = plan->PositionOf(plan->FindMember(plan->root(), "c"));
  EXPECT_EQ(pos.line, 2);
  EXPECT_EQ(pos.column, 49 + static_cast<int>(max_double_integer.size()));
  EXPECT_EQ(plan->PositionOf(b[1]).column, 1);
}

std::string Nested(int levels) {
  // levels containers: the top-level object, then arrays.
  std::string s = "{\"a\":";
  s += std::string(levels - 1, '[');
  s += std::string(levels - 1, ']');
  s += "}";
  return s;
}

TEST(PlanParserTest, DepthBoundaryIsExactly1024Levels) {
  PlanParser parser;
  absl::StatusOr<Plan> ok = parser.Parse("d.json", Nested(1024));
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->node_count(), 1024u);
  EXPECT_EQ(ok->Pointer(1023).size(), 2 + 2 * 1022u);
  EXPECT_EQ(ok->PositionOf(1023).column, 6 + 1022);
  // 1025 nested containers: the 1025th opening bracket is the error.
  ExpectInputError({"1025 levels", Nested(1025), 1, 6 + 1023, "nesting deeper than 1024 levels"});
  // Objects count too.
  std::string objects;
  for (int i = 0; i < 1024; ++i) objects += "{\"k\":";
  objects += "1";
  for (int i = 0; i < 1024; ++i) objects += "}";
  absl::StatusOr<Plan> deep_objects = parser.Parse("o.json", objects);
  ASSERT_TRUE(deep_objects.ok()) << deep_objects.status();
  std::string deeper;
  for (int i = 0; i < 1025; ++i) deeper += "{\"k\":";
  deeper += "1";
  for (int i = 0; i < 1025; ++i) deeper += "}";
  ExpectInputError({"1025 objects", deeper, 1, 1 + 5 * 1024, "nesting deeper than 1024 levels"});
  // Depth is reported before anything after it.
  ExpectInputError({"deep and broken", Nested(1025) + "x", 1, 6 + 1023, "nesting deeper"});
}

TEST(PlanParserTest, HostileInputsReturnErrors) {
  PlanParser parser;
  struct Hostile {
    std::string name;
    std::string text;
  };
  std::string nested_objects;
  for (int i = 0; i < 100000; ++i) nested_objects += "{\"a\":";
  std::string mixed;
  for (int i = 0; i < 200000; ++i) mixed += i % 2 ? "[" : "{\"\":";
  std::string lone_surrogates = "{\"a\":\"";
  for (int i = 0; i < 50000; ++i) lone_surrogates += "\\ud800";
  lone_surrogates += "\"}";
  const Hostile hostile[] = {
      {"10 MB of [", std::string(10 * 1024 * 1024, '[')},
      {"object then 10 MB of [", "{\"a\":" + std::string(10 * 1024 * 1024, '[')},
      {"100000 nested objects", nested_objects},
      {"100000 nested objects closed", nested_objects + "1" + std::string(100000, '}')},
      {"mixed nesting", mixed},
      {"10 MB of ]", std::string(10 * 1024 * 1024, ']')},
      {"invalid utf-8 everywhere", std::string(1 << 20, '\xff')},
      {"invalid utf-8 in strings", "{\"" + std::string(1 << 20, '\x80') + "\":1}"},
      {"truncated escapes", "{\"a\":\"\\u"},
      {"truncated escape 2", "{\"a\":\"\\ud8"},
      {"truncated escape 3", "{\"a\":\"\\ud800\\"},
      {"many backslashes", "{\"a\":\"" + std::string(1 << 20, '\\')},
      {"long number", "{\"a\":" + std::string(1 << 20, '9') + "}"},
      {"long fraction", "{\"a\":1." + std::string(1 << 20, '9') + "e99999999999999999999}"},
      {"nul bytes", std::string(1000, '\0')},
      {"quotes", std::string(1001, '"')},
      {"lone surrogates", lone_surrogates},
  };
  for (const Hostile& h : hostile) {
    absl::StatusOr<Plan> plan = parser.Parse("h.json", h.text);
    EXPECT_FALSE(plan.ok()) << h.name;
    EXPECT_EQ(plan.status().code(), absl::StatusCode::kInvalidArgument) << h.name;
    EXPECT_TRUE(PositionOf(plan.status()).has_value()) << h.name;
  }
}

TEST(PlanParserTest, LongValidInputsParse) {
  PlanParser parser;
  std::string s = "{\"a\":\"";
  for (int i = 0; i < 100000; ++i) s += "\\ud83d\\ude00\\u00e9\\n";
  s += "\",\"b\":1." + std::string(5000, '1') + "e-5}";
  absl::StatusOr<Plan> plan = parser.Parse("l.json", s);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->string(plan->FindMember(0, "a")).size(), 100000u * 7);
  EXPECT_EQ(plan->PositionOf(plan->FindMember(0, "b")).column, 6 + 100000 * 20 + 7);
}

// The byte at a 1-based line and code-point column of `text`.
char CharAt(std::string_view text, SourcePosition pos) {
  size_t i = 0;
  for (int line = 1; line < pos.line && i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
      ++line;
    }
  }
  for (int column = 1; column < pos.column && i < text.size(); ++column) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  }
  return i < text.size() ? text[i] : '\0';
}

// Whether `c` can be the first character of node `n`.
bool FirstCharFits(const Plan& plan, NodeId n, char c) {
  switch (plan.kind(n)) {
    case JsonKind::kObject:
      return c == '{';
    case JsonKind::kArray:
      return c == '[';
    case JsonKind::kString:
      return c == '"';
    case JsonKind::kNull:
      return c == 'n';
    case JsonKind::kBool:
      return c == (plan.boolean(n) ? 't' : 'f');
    default:
      return c == '-' || (c >= '0' && c <= '9');
  }
}

// Many values on one long line (a minified plan), with multi-byte
// characters across the column checkpoints: every value's column is still
// its first character's, counted in code points from the line's start.
TEST(PlanParserTest, ColumnsOnOneLongLine) {
  std::string s = "{\"pad\": \"\xC3\xA9\", \"a\": [";
  std::vector<std::string> items;
  for (int i = 0; i < 3000; ++i) {
    items.push_back(absl::StrCat("\xC3\xA9", i, "\xF0\x9F\x98\x80\xE2\x82\xAC"));
    s += absl::StrCat(i ? ", " : "", "\"", items.back(), "\"");
  }
  s += "],\n \"b\": \"\xF0\x9F\x98\x80\", \"c\": 1}";
  PlanParser parser;
  absl::StatusOr<Plan> plan = parser.Parse("long.json", s);
  ASSERT_TRUE(plan.ok()) << plan.status();
  NodeId list = plan->FindMember(plan->root(), "a");
  auto kids = plan->children(list);
  ASSERT_EQ(kids.size(), items.size());
  for (size_t k = 0; k < kids.size(); ++k) {
    SourcePosition pos = plan->PositionOf(kids[k]);
    ASSERT_EQ(pos.line, 1);
    size_t i = 0;
    for (int column = 1; column < pos.column && i < s.size(); ++column) {
      ++i;
      while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    }
    ASSERT_EQ(s.substr(i, items[k].size() + 1), "\"" + items[k]) << "item " << k;
    ASSERT_EQ(pos.column,
              static_cast<int>(text::CountCodePoints(std::string_view(s).substr(0, i))) + 1);
  }
  EXPECT_EQ(plan->PositionOf(plan->FindMember(plan->root(), "c")).line, 2);
  EXPECT_EQ(plan->PositionOf(plan->FindMember(plan->root(), "c")).column, 17);
}

// Differential check: for many mutations of a valid document, the fast parser
// accepts exactly what the careful scanner accepts, and its error position is
// the scanner's.
TEST(PlanParserTest, FastParserAndCarefulScannerAgree) {
  const std::string base =
      "\xEF\xBB\xBF{\"format\": \"imp/1\", \"a\": [1, -2.5e3, true, false, null, {}, []],\r\n"
      " \"s\": "
      "\"x\\u00e9\\ud83d\\ude00\\\\\\\"\\/\\b\\f\\n\\r\\t\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\",\n"
      " \"o\": {\"k\": {\"k\": [0, 0.5, 1E+2, 1e-2, -0]}}, \"\": \"\"}";
  const std::string alphabet =
      std::string("{}[]:,\" \t\r\n\\/-+.0123456789eEtrufalsn\x01\x7f\x80\xbf\xc3\xe2\xed\xf0\xff") +
      std::string(1, '\0') + "uUdDcC8";
  std::mt19937 rng(20240229);
  PlanParser parser;
  int accepted = 0;
  for (int iter = 0; iter < 30000; ++iter) {
    std::string text = base;
    int edits = 1 + static_cast<int>(rng() % 3);
    for (int e = 0; e < edits; ++e) {
      size_t pos = rng() % (text.size() + 1);
      char ch = alphabet[rng() % alphabet.size()];
      switch (rng() % 3) {
        case 0:
          if (pos < text.size()) text[pos] = ch;
          break;
        case 1:
          text.insert(text.begin() + static_cast<std::ptrdiff_t>(pos), ch);
          break;
        default:
          if (pos < text.size()) text.erase(pos, 1 + rng() % 4);
          break;
      }
    }
    if (rng() % 8 == 0) text.resize(rng() % (text.size() + 1));
    std::string stripped = text;
    if (stripped.rfind("\xEF\xBB\xBF", 0) == 0) stripped.erase(0, 3);
    std::optional<InputProblem> problem = FindInputProblem(stripped, kMaxPlanDepth);
    absl::StatusOr<Plan> plan = parser.Parse("f.json", text);
    ASSERT_EQ(plan.ok(), !problem.has_value())
        << "text: " << text << "\nstatus: " << plan.status()
        << "\nproblem: " << (problem ? problem->message : "none");
    if (problem) {
      std::optional<SourcePosition> pos = PositionOf(plan.status());
      ASSERT_TRUE(pos.has_value());
      EXPECT_EQ(pos->line, problem->position.line);
      EXPECT_EQ(pos->column, problem->position.column);
    } else {
      ++accepted;
      // Every node's position is that of its value's first character.
      for (NodeId n = 0; n < plan->node_count(); ++n) {
        char first = CharAt(plan->text(), plan->PositionOf(n));
        ASSERT_TRUE(FirstCharFits(*plan, n, first)) << "node " << n << " of " << text;
      }
    }
  }
  EXPECT_GT(accepted, 100);
}

TEST(PositionAtOffsetTest, LinesAndColumns) {
  EXPECT_EQ(PositionAtOffset("", 0).line, 1);
  EXPECT_EQ(PositionAtOffset("", 0).column, 1);
  EXPECT_EQ(PositionAtOffset("ab\ncd", 4).line, 2);
  EXPECT_EQ(PositionAtOffset("ab\ncd", 4).column, 2);
  EXPECT_EQ(PositionAtOffset("ab\r\ncd", 5).line, 2);
  EXPECT_EQ(PositionAtOffset("ab\r\ncd", 5).column, 2);
  EXPECT_EQ(PositionAtOffset("ab\rcd\r", 6).line, 3);
  EXPECT_EQ(PositionAtOffset("ab\rcd\r", 6).column, 1);
  EXPECT_EQ(PositionAtOffset("é😀x", 6).column, 3);
  EXPECT_EQ(PositionAtOffset("\n\n\n", 3).line, 4);
  EXPECT_EQ(PositionAtOffset("\r\n\r\n", 4).line, 3);
}

TEST(ReadPlanFileTest, ReadsAndReportsUnreadableFiles) {
  PlanParser parser;
  std::string path = ::testing::TempDir() + "/plan_parser_test.json";
  {
    std::ofstream out(path, std::ios::binary);
    out << "\xEF\xBB\xBF{\"a\":\r\n[1]}";
  }
  absl::StatusOr<Plan> plan = ReadPlanFile(parser, path);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->file(), path);
  EXPECT_EQ(plan->PositionOf(plan->FindMember(0, "a")).line, 2);

  {
    std::ofstream out(path, std::ios::binary);
    out << "{\"a\":\r\n[1}";
  }
  plan = ReadPlanFile(parser, path);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(std::string(plan.status().message()),
            path + ":2:3: unexpected character '}', expected ',' or ']' after an array item");
  std::remove(path.c_str());

  plan = ReadPlanFile(parser, path);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(std::string(plan.status().message()),
            path + ":0:0: cannot read: No such file or directory");
  EXPECT_EQ(PositionOf(plan.status())->line, 0);
  EXPECT_EQ(PositionOf(plan.status())->column, 0);
  EXPECT_EQ(FileOf(plan.status()), path);

  plan = ReadPlanFile(parser, ::testing::TempDir());
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(plan.status().message()),
            ::testing::TempDir() + ":0:0: cannot read: not a regular file");
}

}  // namespace
}  // namespace planlint

namespace planlint {
namespace {

// Line and column of every value, recomputed naively from the text.
SourcePosition NaivePosition(std::string_view text, size_t offset) {
  int line = 1, column = 1;
  for (size_t i = 0; i < offset; ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || (c == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n'))) {
      ++line;
      column = 1;
    } else if (c != '\r' && (c & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

// Random plans written together with the PlanBuilder calls that build the
// same plan (PlanBuilder is the parser's old, independent path) and the
// offset of every value, to hold the parser's tape build, its slow paths and
// its positions (from simdjson's structural indexes) to them.
class RandomPlan {
 public:
  explicit RandomPlan(uint32_t seed, std::string prefix = "")
      : rng_(seed), text_(std::move(prefix)), builder_("r.json", "") {
    start_ = text_.size();
    Object(1);
  }
  const std::string& text() const { return text_; }
  // Value offsets (in node order) in the text after the prefix.
  const std::vector<size_t>& offsets() const { return offsets_; }
  Plan Build() { return builder_.Build(); }

 private:
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  void Space() {
    static const char* const kSpaces[] = {"", "", "", " ", "\n", "\r\n", "\r", "\t", "\n    "};
    text_ += kSpaces[Pick(std::size(kSpaces))];
  }
  // A string's JSON text and its value: escapes, multi-byte characters,
  // escaped quotes and backslashes before the closing quote.
  std::pair<std::string, std::string> Str() {
    static const std::pair<const char*, const char*> kPieces[] = {
        {"a", "a"},
        {"key", "key"},
        {"\\\"", "\""},
        {"\\\\", "\\"},
        {"\xC3\xA9", "\xC3\xA9"},
        {"\\u00e9", "\xC3\xA9"},
        {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"},
        {"\\n", "\n"},
        {"/", "/"},
        {"~", "~"},
        {"\\/", "/"},
        {"{[,:]}", "{[,:]}"}};
    std::string json = "\"", value;
    for (size_t n = Pick(4); n > 0; --n) {
      const auto& [j, v] = kPieces[Pick(std::size(kPieces))];
      json += j;
      value += v;
    }
    return {json + "\"", value};
  }
  void Value(int depth) {
    Space();
    offsets_.push_back(text_.size() - start_);
    const size_t what = depth >= max_depth_ ? 2 + Pick(8) : Pick(10);
    switch (what) {
      case 0:
        Object(depth + 1);
        break;
      case 1: {
        text_ += "[";
        builder_.BeginArray();
        for (size_t i = 0, n = Pick(6); i < n; ++i) {
          if (i) text_ += ",";
          Value(depth + 1);
        }
        Space();
        text_ += "]";
        builder_.EndArray();
        break;
      }
      case 2:
      case 3: {
        auto [json, value] = Str();
        text_ += json;
        builder_.String(value);
        break;
      }
      case 4: {
        const int64_t i = static_cast<int64_t>(rng_()) - (int64_t{1} << 31);
        text_ += std::to_string(i);
        builder_.Int(i);
        break;
      }
      case 5: {
        const uint64_t u = UINT64_MAX - Pick(1000);
        text_ += std::to_string(u);
        builder_.Uint(u);
        break;
      }
      case 6:
        text_ += "-2.5e-3";
        builder_.Double(-2.5e-3);
        break;
      case 7:
        if (Pick(4) == 0) {
          text_ += "123456789012345678901234567890";  // parsed as a double
          builder_.Double(123456789012345678901234567890.0);
        } else {
          text_ += "true";
          builder_.Bool(true);
        }
        break;
      case 8:
        text_ += "false";
        builder_.Bool(false);
        break;
      default:
        text_ += "null";
        builder_.Null();
        break;
    }
    Space();
  }
  void Object(int depth) {
    if (offsets_.empty()) {
      Space();
      offsets_.push_back(text_.size() - start_);
    }
    text_ += "{";
    builder_.BeginObject();
    // Small and big (hashed) objects, with repeated keys in both.
    const size_t n = Pick(5) == 0 ? 10 + Pick(30) : Pick(6);
    std::vector<std::pair<std::string, std::string>> keys;
    for (size_t i = 0; i < n; ++i) {
      if (i) text_ += ",";
      Space();
      auto key = !keys.empty() && Pick(4) == 0 ? keys[Pick(keys.size())] : Str();
      keys.push_back(key);
      text_ += key.first;
      builder_.Key(key.second);
      Space();
      text_ += ":";
      Value(depth);
    }
    Space();
    text_ += "}";
    builder_.EndObject();
  }

  std::mt19937 rng_;
  std::string text_;
  size_t start_ = 0;
  PlanBuilder builder_;
  std::vector<size_t> offsets_;
  int max_depth_ = 5;
};

void ExpectSamePlan(const Plan& got, const Plan& want, const std::string& what) {
  ASSERT_EQ(got.node_count(), want.node_count()) << what;
  for (NodeId n = 0; n < got.node_count(); ++n) {
    ASSERT_EQ(got.kind(n), want.kind(n)) << what << " node " << n;
    ASSERT_EQ(got.shadowed(n), want.shadowed(n)) << what << " node " << n;
    ASSERT_EQ(got.parent(n), want.parent(n)) << what << " node " << n;
    ASSERT_EQ(got.index_in_parent(n), want.index_in_parent(n)) << what << " node " << n;
    ASSERT_EQ(got.key(n), want.key(n)) << what << " node " << n;
    ASSERT_EQ(got.Pointer(n), want.Pointer(n)) << what << " node " << n;
    ASSERT_EQ(got.string(n), want.string(n)) << what << " node " << n;
    ASSERT_EQ(got.number(n), want.number(n)) << what << " node " << n;
    if (got.kind(n) == JsonKind::kBool) {
      ASSERT_EQ(got.boolean(n), want.boolean(n));
    }
    if (got.kind(n) == JsonKind::kInt) {
      ASSERT_EQ(got.int_value(n), want.int_value(n));
    }
    if (got.kind(n) == JsonKind::kUint) {
      ASSERT_EQ(got.uint_value(n), want.uint_value(n));
    }
    auto a = got.children(n), b = want.children(n);
    ASSERT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end())) << what << " node " << n;
  }
}

TEST(PlanParserTest, TapeBuildMatchesPlanBuilderAndPositions) {
  PlanParser fast;
  PlanParser slow;
  slow.UseSlowPathsForTesting(true);
  for (uint32_t seed = 0; seed < 300; ++seed) {
    const std::string prefix = seed % 7 == 0 ? "\xEF\xBB\xBF" : "";
    RandomPlan random(seed, prefix);
    Plan want = random.Build();
    const std::string text = random.text().substr(prefix.size());
    const std::string what = absl::StrCat("seed ", seed, ": ", random.text());
    for (PlanParser* parser : {&fast, &slow}) {
      absl::StatusOr<Plan> got = parser->Parse("r.json", random.text());
      ASSERT_TRUE(got.ok()) << what << ": " << got.status();
      ASSERT_EQ(got->text(), text);
      ExpectSamePlan(*got, want, what);
      ASSERT_EQ(random.offsets().size(), got->node_count()) << what;
      for (NodeId n = 0; n < got->node_count(); ++n) {
        const SourcePosition pos = got->PositionOf(n);
        const SourcePosition naive = NaivePosition(text, random.offsets()[n]);
        ASSERT_EQ(pos.line, naive.line) << what << " node " << n;
        ASSERT_EQ(pos.column, naive.column) << what << " node " << n;
      }
    }
  }
}

TEST(PlanParserTest, SlowPathsAgreeOnBigDocuments) {
  // Long minified lines with multi-byte characters, big objects with repeated
  // keys, every line-end style: fast and slow paths build the same plan at
  // the same positions.
  std::string text = "{\"a\":[";
  for (int i = 0; i < 5000; ++i) {
    if (i) text += i % 700 == 0 ? ",\r\n" : i % 900 == 0 ? ",\r" : i % 1100 == 0 ? ",\n" : ",";
    text += i % 3 ? "\"\xC3\xA9\\\"\\\\\"" : "{\"k\":1,\"k\":[2,{}],\"\xE2\x82\xAC\":null}";
  }
  text += "],\"big\":{";
  for (int i = 0; i < 3000; ++i) {
    if (i) text += ",";
    absl::StrAppend(&text, "\"k", i % 1000, "\":", i);
  }
  text += "}}";
  PlanParser fast;
  PlanParser slow;
  slow.UseSlowPathsForTesting(true);
  absl::StatusOr<Plan> a = fast.Parse("big.json", text);
  absl::StatusOr<Plan> b = slow.Parse("big.json", text);
  ASSERT_TRUE(a.ok() && b.ok());
  ExpectSamePlan(*a, *b, "big");
  for (NodeId n = 0; n < a->node_count(); ++n) {
    const SourcePosition pa = a->PositionOf(n), pb = b->PositionOf(n);
    ASSERT_EQ(pa.line, pb.line) << n;
    ASSERT_EQ(pa.column, pb.column) << n;
  }
  NodeId big = a->FindMember(0, "big");
  ASSERT_EQ(a->children(big).size(), 3000u);
  EXPECT_FALSE(a->shadowed(a->children(big)[999]));
  EXPECT_TRUE(a->shadowed(a->children(big)[1000]));
  EXPECT_EQ(a->PositionOf(a->node_count()).line, 0);
}

TEST(PlanPositions, LineEndsAtEveryPlaceOfA64ByteBlock) {
  // Line starts are found 64 bytes at a time when the text has no '\r':
  // line ends at every offset within a block and in the tail, and a '\r'
  // in a block or in the tail (the careful loop takes over).
  PlanParser parser;
  for (const char* end : {"\n", "\r\n", "\r"}) {
    for (size_t gap = 1; gap < 70; gap += 3) {
      for (size_t cr_at : {size_t{0}, size_t{5}, size_t{60}}) {
        std::string text = "{\"a\":[";
        std::vector<size_t> offsets;
        for (size_t i = 0; i < 40; ++i) {
          if (i) text += ",";
          text += std::string(gap % 7, ' ');
          text += i == cr_at && cr_at != 0 ? "\r" : i % (gap % 5 + 1) == 0 ? end : "";
          text += std::string(gap / 7, ' ');
          offsets.push_back(text.size());
          text += i % 2 ? "\"\xC3\xA9\"" : std::to_string(i);
        }
        text += "]}\n";
        absl::StatusOr<Plan> plan = parser.Parse("lines.json", text);
        ASSERT_TRUE(plan.ok()) << plan.status();
        auto items = plan->children(plan->FindMember(0, "a"));
        ASSERT_EQ(items.size(), offsets.size());
        for (size_t i = 0; i < items.size(); ++i) {
          const SourcePosition got = plan->PositionOf(items[i]);
          const SourcePosition want = NaivePosition(text, offsets[i]);
          ASSERT_EQ(got.line, want.line) << text << " item " << i;
          ASSERT_EQ(got.column, want.column) << text << " item " << i;
        }
      }
    }
  }
}

TEST(PlanPositions, LongMinifiedLinesWithMultiByteCharactersAndMixedLineEnds) {
  // Many column blocks on one line, then short lines ended by \r\n and \r,
  // then another long line: positions from the block index must agree with
  // counting from the line start, for every array item.
  std::string text = "{\"a\":[";
  std::vector<size_t> a_offsets, c_offsets;
  for (int i = 0; i < 3000; ++i) {
    if (i) text += ",";
    a_offsets.push_back(text.size());
    text += "\"\xC3\xA9\xE2\x82\xAC" + std::to_string(i) + "\"";
  }
  text += "],\r\n\"b\":\r1,\n\"c\":[";
  for (int i = 0; i < 3000; ++i) {
    if (i) text += ",";
    c_offsets.push_back(text.size());
    text += std::to_string(i);
  }
  text += "]}";
  PlanParser parser;
  absl::StatusOr<Plan> plan = parser.Parse("long.json", text);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  for (auto [key, offsets] : {std::pair{"a", &a_offsets}, std::pair{"c", &c_offsets}}) {
    NodeId array = plan->FindMember(plan->root(), key);
    ASSERT_EQ(plan->children(array).size(), offsets->size());
    for (size_t i = 0; i < offsets->size(); ++i) {
      SourcePosition got = plan->PositionOf(plan->children(array)[i]);
      SourcePosition want = NaivePosition(text, (*offsets)[i]);
      ASSERT_EQ(got.line, want.line) << key << "[" << i << "]";
      ASSERT_EQ(got.column, want.column) << key << "[" << i << "]";
    }
  }
  EXPECT_EQ(plan->PositionOf(plan->FindMember(plan->root(), "b")).line, 3);
  EXPECT_EQ(plan->PositionOf(plan->FindMember(plan->root(), "c")).line, 4);
}

}  // namespace
}  // namespace planlint

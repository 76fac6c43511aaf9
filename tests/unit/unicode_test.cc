#include "core/text/unicode.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <iterator>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace planlint::text {
namespace {

std::string Utf8(char32_t c) {
  std::string s;
  AppendUtf8(c, s);
  return s;
}

// Every code point ECMAScript's trim() removes (plan-format.md, Conventions).
constexpr char32_t kSpaces[] = {0x09,   0x0A,   0x0B,   0x0C,   0x0D,   0x20,   0xA0,
                                0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
                                0x2006, 0x2007, 0x2008, 0x2009, 0x200A, 0x2028, 0x2029,
                                0x202F, 0x205F, 0x3000, 0xFEFF};

TEST(IsSpaceTest, ExactlyTheEcmaScriptTrimSet) {
  for (char32_t c : kSpaces) EXPECT_TRUE(IsSpace(c)) << std::hex << uint32_t(c);
  int count = 0;
  for (char32_t c = 0; c <= 0x10FFFF; ++c) count += IsSpace(c);
  EXPECT_EQ(count, static_cast<int>(std::size(kSpaces)));
  // Look-alikes that are not white space.
  for (char32_t c : {0x00, 0x1C, 0x1F, 0x85, 0x180E, 0x200B, 0x200C, 0x2060, 0xFFFE}) {
    EXPECT_FALSE(IsSpace(c)) << std::hex << uint32_t(c);
  }
}

TEST(TrimTest, RemovesEachSpaceCharacterAtBothEnds) {
  for (char32_t c : kSpaces) {
    std::string sp = Utf8(c);
    std::string s = absl::StrCat(sp, sp, "a", sp, "b", sp);
    EXPECT_EQ(Trim(s), absl::StrCat("a", sp, "b")) << std::hex << uint32_t(c);
  }
}

TEST(TrimTest, EdgeCases) {
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim(" \t\n "), "");
  EXPECT_EQ(Trim("\u3000\u00a0"), "");
  EXPECT_EQ(Trim("x"), "x");
  EXPECT_EQ(Trim("\u200bx\u200b"), "\u200bx\u200b");  // ZERO WIDTH SPACE is not white space
  EXPECT_EQ(Trim(" é "), "é");
  EXPECT_EQ(Trim(" \xff "), "\xff");  // malformed bytes are kept
  EXPECT_EQ(Trim("\xa0"), "\xa0");    // a lone continuation byte is not U+00A0
  EXPECT_EQ(Trim("a\xe3\x80"), "a\xe3\x80");
}

TEST(CollapseTest, TrimsAndTurnsRunsIntoOneSpace) {
  EXPECT_EQ(Collapse("  Jane \t\u00a0 Doe\u3000 "), "Jane Doe");
  EXPECT_EQ(Collapse("a\r\nb\u2028\u2029c"), "a b c");
  EXPECT_EQ(Collapse("a b"), "a b");
  EXPECT_EQ(Collapse(""), "");
  EXPECT_EQ(Collapse(" \u2000 "), "");
  EXPECT_EQ(Collapse("x\u200by"), "x\u200by");
  for (char32_t c : kSpaces) EXPECT_EQ(Collapse(absl::StrCat("a", Utf8(c), "b")), "a b");
}

TEST(FoldCaseTest, CodePoints) {
  EXPECT_EQ(FoldCase(U'A'), U'a');
  EXPECT_EQ(FoldCase(U'z'), U'z');
  EXPECT_EQ(FoldCase(U'@'), U'@');
  EXPECT_EQ(FoldCase(U'\u212A'), U'k');       // KELVIN SIGN
  EXPECT_EQ(FoldCase(U'\u1E9E'), U'\u00DF');  // CAPITAL SHARP S -> ß (simple folding)
  EXPECT_EQ(FoldCase(U'\u00DF'), U'\u00DF');
  EXPECT_EQ(FoldCase(U'\u03A3'), U'\u03C3');  // Σ
  EXPECT_EQ(FoldCase(U'\u03C2'), U'\u03C3');  // final ς
  EXPECT_EQ(FoldCase(U'\u03C3'), U'\u03C3');
  EXPECT_EQ(FoldCase(U'\u017F'), U's');  // LONG S
  EXPECT_EQ(FoldCase(U'\u00C9'), U'\u00E9');
  EXPECT_EQ(FoldCase(U'\u0100'), U'\u0101');  // alternating block
  EXPECT_EQ(FoldCase(U'\u0101'), U'\u0101');
  EXPECT_EQ(FoldCase(U'\u0130'), U'\u0130');          // İ has only a full (status F) and T folding
  EXPECT_EQ(FoldCase(U'\u0410'), U'\u0430');          // Cyrillic А
  EXPECT_EQ(FoldCase(U'\u13F8'), U'\u13F0');          // Cherokee small letter folds to capital
  EXPECT_EQ(FoldCase(U'\uFF21'), U'\uFF41');          // fullwidth A
  EXPECT_EQ(FoldCase(U'\U00010400'), U'\U00010428');  // Deseret
  EXPECT_EQ(FoldCase(U'\U0001E900'), U'\U0001E922');  // Adlam
  EXPECT_EQ(FoldCase(U'\U0010FFFF'), U'\U0010FFFF');
}

TEST(FoldCaseTest, Strings) {
  EXPECT_EQ(FoldCase("QA Manager"), "qa manager");
  EXPECT_EQ(FoldCase("\u212Aelvin"), "kelvin");
  EXPECT_EQ(FoldCase("STRASSE \u1E9E"), "strasse \u00DF");
  EXPECT_EQ(FoldCase("\u039F\u0394\u03A5\u03A3\u03A3\u0395\u03A5\u03A3"),
            FoldCase("\u03BF\u03B4\u03C5\u03C3\u03C3\u03B5\u03C5\u03C2"));
  EXPECT_EQ(FoldCase("a\xff"
                     "B"),
            "a\xff"
            "b");  // malformed bytes are kept
  EXPECT_EQ(FoldCase(""), "");
}

TEST(NormalizeNameTest, CollapsesAndFolds) {
  EXPECT_EQ(NormalizeName("  Jane\u00a0\u00a0DOE "), "jane doe");
  EXPECT_EQ(NormalizeName("Quality  Assurance\tManager"), "quality assurance manager");
  EXPECT_EQ(NormalizeName("\u212A\u00C5"), NormalizeName("k\u00E5"));
}

// NormalizeName collapses and folds in one pass, into a reused buffer: it
// must give FoldCase(Collapse(s)) exactly, malformed bytes included.
TEST(NormalizeNameTest, OnePassEqualsCollapseThenFold) {
  const std::string cases[] = {
      "",
      "   ",
      "Jane  DOE",
      "\u00a0 Jos\u00c9\u2003Garc\u00cdA \u3000",
      "\u0130stanbul \u1E9E \u212A",
      "tab\tand\nnewline",
      std::string("bad \xC3 (byte)"),
      std::string("\xE2\x82 \x80 tail\xFF"),
      std::string("A\xC3  \xA9"
                  "B"),
  };
  std::string buffer = "left over from an earlier call";
  for (const std::string& s : cases) {
    SCOPED_TRACE(s);
    const std::string want = FoldCase(Collapse(s));
    EXPECT_EQ(NormalizeName(s), want);
    NormalizeName(s, &buffer);
    EXPECT_EQ(buffer, want);
    Collapse(s, &buffer);
    EXPECT_EQ(buffer, Collapse(s));
    FoldCase(s, &buffer);
    EXPECT_EQ(buffer, FoldCase(s));
  }
}

TEST(Utf8Test, DecodeAndAppendRoundTrip) {
  for (char32_t c : {U'\0', U'a', U'\u007F', U'\u0080', U'\u07FF', U'\u0800', U'\uFFFD', U'\uFFFF',
                     U'\U00010000', U'\U0010FFFF'}) {
    std::string s = Utf8(c);
    size_t i = 0;
    EXPECT_EQ(DecodeUtf8(s, i), c);
    EXPECT_EQ(i, s.size());
  }
  EXPECT_EQ(Utf8(0xD800), "\uFFFD");
  EXPECT_EQ(Utf8(0x110000), "\uFFFD");
}

TEST(Utf8Test, MalformedBytesDecodeToReplacementOneByteAtATime) {
  for (std::string bad : {"\xff", "\x80", "\xc0\x80", "\xe0\x80\x80", "\xed\xa0\x80",
                          "\xf4\x90\x80\x80", "\xe2\x82", "\xf5\x80\x80\x80"}) {
    size_t i = 0;
    EXPECT_EQ(DecodeUtf8(bad, i), 0xFFFDu);
    EXPECT_EQ(i, 1u);
  }
}

TEST(Utf8Test, CountCodePoints) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("h\u00e9\u20ac\U0001F600"), 4u);
}

// ----- The fast paths against plain reference versions -----------------------

struct RefFoldRange {
  char32_t lo;
  char32_t hi;
  int32_t delta;
  uint32_t stride;
};
constexpr RefFoldRange kRefFoldRanges[] = {
#include "core/text/casefold_table.inc"
};

// FoldCase by a search of the whole table, without the per-block shortcut.
char32_t RefFoldCase(char32_t c) {
  for (const RefFoldRange& r : kRefFoldRanges) {
    if (c >= r.lo && c <= r.hi && (c - r.lo) % r.stride == 0) {
      return static_cast<char32_t>(static_cast<int32_t>(c) + r.delta);
    }
  }
  return c;
}

TEST(FoldCaseTest, EveryCodePointAsTheTableSays) {
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    ASSERT_EQ(FoldCase(c), RefFoldCase(c)) << std::hex << uint32_t(c);
  }
}

TEST(FoldCaseTest, FoldingLengthensACodePointByHalfAtMost) {
  // MaxTextSize relies on it.
  for (char32_t c = 0; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    ASSERT_LE(Utf8(FoldCase(c)).size() * 2, Utf8(c).size() * 3) << std::hex << uint32_t(c);
  }
  EXPECT_EQ(FoldCase("\u023A\u023A"), "\u2C65\u2C65");  // 2 bytes each to 3
}

// Splits s into code points as the text functions read it: a malformed
// byte is a unit of its own and kept as it is.
std::vector<std::pair<std::string, char32_t>> Units(std::string_view s) {
  std::vector<std::pair<std::string, char32_t>> units;
  size_t i = 0;
  while (i < s.size()) {
    const size_t start = i;
    char32_t c = DecodeUtf8(s, i);
    const bool malformed = static_cast<unsigned char>(s[start]) >= 0x80 && i == start + 1;
    units.push_back({std::string(s.substr(start, i - start)), malformed ? 0xFFFFFFFF : c});
  }
  return units;
}

std::string RefTrim(std::string_view s) {
  auto u = Units(s);
  size_t b = 0, e = u.size();
  while (b < e && u[b].second != 0xFFFFFFFF && IsSpace(u[b].second)) ++b;
  while (e > b && u[e - 1].second != 0xFFFFFFFF && IsSpace(u[e - 1].second)) --e;
  std::string out;
  for (size_t k = b; k < e; ++k) out += u[k].first;
  return out;
}

std::string RefCollapse(std::string_view s, bool fold) {
  std::string out;
  bool space = false;
  for (const auto& [bytes, c] : Units(RefTrim(s))) {
    if (c != 0xFFFFFFFF && IsSpace(c)) {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    if (c == 0xFFFFFFFF || !fold) {
      out += bytes;
    } else {
      AppendUtf8(RefFoldCase(c), out);
    }
  }
  return out;
}

std::string RefFold(std::string_view s) {
  std::string out;
  for (const auto& [bytes, c] : Units(s)) {
    if (c == 0xFFFFFFFF) {
      out += bytes;
    } else {
      AppendUtf8(RefFoldCase(c), out);
    }
  }
  return out;
}

TEST(TextFastPathTest, RandomMixesAgreeWithReference) {
  // Pieces: plain and upper-case ASCII, ASCII and non-ASCII white space,
  // characters that fold (to ASCII, or longer), ones that do not, malformed
  // and truncated sequences.
  const std::string pieces[] = {"a",
                                "Z",
                                "q",
                                "0",
                                "!",
                                "~",
                                "\x7f",
                                "\x01",
                                " ",
                                "  ",
                                "\t",
                                "\n",
                                "\r\n",
                                "\x0b",
                                "\x0c",
                                "\u00a0",
                                "\u1680",
                                "\u2000",
                                "\u200a",
                                "\u2028",
                                "\u2029",
                                "\u202f",
                                "\u205f",
                                "\u3000",
                                "\ufeff",
                                "\u200b",
                                "\u0085",
                                "\u00c9",
                                "\u00e9",
                                "\u212a",
                                "\u017f",
                                "\u1e9e",
                                "\u023a",
                                "\u023e",
                                "\u0130",
                                "\u03a3",
                                "\u2013",
                                "\u4e2d",
                                "\U00010400",
                                "\U0001F600",
                                "\xff",
                                "\x80",
                                "\xc3",
                                "\xe2\x80",
                                "\xf0\x9f\x98",
                                "\xed\xa0\x80",
                                "\xc0\xaf",
                                "\xe3\x80"};
  std::mt19937 rng(12345);
  std::uniform_int_distribution<size_t> pick(0, std::size(pieces) - 1);
  std::uniform_int_distribution<int> length(0, 30);
  // Half of the strings mostly plain ASCII, so that the eight-byte paths
  // (plain words, single spaces) are taken and left at every offset.
  const std::string plain[] = {"a", "Z", "q", "0", "!", "~", "M", "x", " ", "@", "[", "`", "{"};
  std::uniform_int_distribution<size_t> pick_plain(0, std::size(plain) - 1);
  std::uniform_int_distribution<int> percent(0, 99);
  std::string buffer;
  std::vector<char> raw;
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    const bool mostly_plain = round % 2 == 0;
    for (int k = length(rng); k > 0; --k) {
      s += mostly_plain && percent(rng) < 95 ? plain[pick_plain(rng)] : pieces[pick(rng)];
    }
    SCOPED_TRACE(absl::CEscape(s));
    ASSERT_EQ(std::string(Trim(s)), RefTrim(s));
    ASSERT_EQ(Collapse(s), RefCollapse(s, false));
    ASSERT_EQ(NormalizeName(s), RefCollapse(s, true));
    ASSERT_EQ(FoldCase(s), RefFold(s));
    raw.assign(MaxTextSize(s.size()), '?');
    ASSERT_EQ(std::string_view(raw.data(), NormalizeNameTo(s, raw.data())), RefCollapse(s, true));
    ASSERT_EQ(std::string_view(raw.data(), CollapseTo(s, raw.data())), RefCollapse(s, false));
    ASSERT_EQ(std::string_view(raw.data(), FoldCaseTo(s, raw.data())), RefFold(s));
    NormalizeName(s, &buffer);
    ASSERT_EQ(buffer, RefCollapse(s, true));
  }
}

TEST(TextFastPathTest, EveryCodePointBetweenLettersAsTheReferenceSays) {
  // The copying loops have their own inline white space and "block has no
  // folding" tests; each code point must come out as the reference says.
  std::vector<char> raw;
  for (char32_t c = 0x80; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    const std::string s = absl::StrCat("aB", Utf8(c), "Cd");
    raw.assign(MaxTextSize(s.size()), '?');
    const std::string_view collapsed(raw.data(), CollapseTo(s, raw.data()));
    ASSERT_EQ(collapsed, IsSpace(c) ? "aB Cd" : s) << std::hex << uint32_t(c);
    const std::string_view normal(raw.data(), NormalizeNameTo(s, raw.data()));
    ASSERT_EQ(normal, IsSpace(c) ? "ab cd" : absl::StrCat("ab", Utf8(RefFoldCase(c)), "cd"))
        << std::hex << uint32_t(c);
    const std::string_view folded(raw.data(), FoldCaseTo(s, raw.data()));
    ASSERT_EQ(folded, absl::StrCat("ab", Utf8(RefFoldCase(c)), "cd")) << std::hex << uint32_t(c);
  }
}

TEST(TrimTest, PrintableAsciiEndsNeedNoTrim) {
  EXPECT_EQ(Trim("!x~"), "!x~");
  EXPECT_EQ(Trim("\x7f \x7f"), "\x7f \x7f");
  EXPECT_EQ(Trim("a \u00a0"), "a");
  EXPECT_EQ(Trim("\u00a0 a"), "a");
  EXPECT_EQ(Trim("\x01 \x1f"), "\x01 \x1f");  // control characters are not white space
  EXPECT_EQ(Trim("a\xc2"), "a\xc2");
}

TEST(FoldCaseTest, AsciiLowerCaseAndNonAsciiWithoutFoldingStayAsTheyAre) {
  EXPECT_EQ(FoldCase("unit testing \u2013 infrastructure"), "unit testing \u2013 infrastructure");
  EXPECT_EQ(NormalizeName("Unit Testing \u2013  INFRA\u00c9"), "unit testing \u2013 infra\u00e9");
  EXPECT_EQ(NormalizeName("\u4e2d\u6587 \u0410\u0411"), "\u4e2d\u6587 \u0430\u0431");
}

}  // namespace
}  // namespace planlint::text

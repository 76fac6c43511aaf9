#include "core/expr/match_starts.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/text/unicode.h"
#include "re2/re2.h"

namespace planlint::expr {
namespace {

using Matches = std::vector<std::pair<size_t, size_t>>;

RE2::Options Options() {
  RE2::Options o;
  o.set_log_errors(false);
  return o;
}

// findAll's loop: `search(pos, &m)` finds the next match at or after pos;
// an empty match steps over one UTF-8 character.
template <typename Search>
Matches FindAllWith(std::string_view text, Search search) {
  Matches out;
  size_t pos = 0;
  re2::StringPiece m;
  while (pos <= text.size()) {
    if (!search(pos, &m)) break;
    const size_t start = static_cast<size_t>(m.data() - text.data());
    out.emplace_back(start, m.size());
    const size_t end = start + m.size();
    if (m.empty()) {
      if (end >= text.size()) break;
      size_t i = end;
      text::DecodeUtf8(text, i);
      pos = i;
    } else {
      pos = end;
    }
  }
  return out;
}

// The loop over plain RE2: unanchored searches.
Matches PlainFindAll(const RE2& re, std::string_view text) {
  return FindAllWith(text, [&](size_t pos, re2::StringPiece* m) {
    return re.Match(text, pos, text.size(), RE2::UNANCHORED, m, 1);
  });
}

// The same loop through MatchStarts::Find.
Matches FilteredFindAll(const RE2& re, const MatchStarts& starts, std::string_view text) {
  return FindAllWith(
      text, [&](size_t pos, re2::StringPiece* m) { return starts.Find(re, text, pos, m); });
}

TEST(MatchStartsTest, WhichPatternsGetAFilter) {
  EXPECT_TRUE(MatchStarts::ForPattern("\\b[A-Z][A-Z0-9]{1,7}\\b").active());
  EXPECT_TRUE(MatchStarts::ForPattern("\\b(?:TBD|TBA|TODO|FIXME)\\b").active());
  EXPECT_TRUE(MatchStarts::ForPattern("^[0-9]+\\.[0-9]+$").active());
  EXPECT_TRUE(MatchStarts::ForPattern("[^@\\s]+@").active());
  EXPECT_TRUE(MatchStarts::ForPattern("a").active());
  // Can match the empty string.
  EXPECT_FALSE(MatchStarts::ForPattern("a*").active());
  EXPECT_FALSE(MatchStarts::ForPattern("\\b").active());
  EXPECT_FALSE(MatchStarts::ForPattern("(a|)").active());
  EXPECT_FALSE(MatchStarts::ForPattern("").active());
  // Not modelled.
  EXPECT_FALSE(MatchStarts::ForPattern("(?i)abc").active());
  EXPECT_FALSE(MatchStarts::ForPattern("\\pL+").active());
  EXPECT_FALSE(MatchStarts::ForPattern("stra\xc3\x9f"
                                       "e")
                   .active());
  EXPECT_FALSE(MatchStarts::ForPattern("\\x41").active());
  EXPECT_FALSE(MatchStarts::ForPattern("(?P<n>a)").active());
  EXPECT_FALSE(MatchStarts::ForPattern("\\Qa.b").active());
  EXPECT_FALSE(MatchStarts::ForPattern("[[:alpha:]]").active());
  EXPECT_FALSE(MatchStarts::ForPattern("\\C").active());
  // Not compiled, or not with the default options.
  EXPECT_FALSE(MatchStarts::ForPattern("(a").active());
  RE2::Options folded = Options();
  folded.set_case_sensitive(false);
  EXPECT_FALSE(MatchStarts::For(RE2("abc", folded)).active());
  RE2::Options latin1 = Options();
  latin1.set_encoding(RE2::Options::EncodingLatin1);
  EXPECT_FALSE(MatchStarts::For(RE2("abc", latin1)).active());
}

TEST(MatchStartsTest, NextSkipsWhereNoMatchCanStart) {
  const MatchStarts acronyms = MatchStarts::ForPattern("\\b[A-Z][A-Z0-9]{1,7}\\b");
  const std::string text = "The plan uses the CMS and an API.";
  EXPECT_EQ(acronyms.Next(text, 0), text.find("CMS"));
  EXPECT_EQ(acronyms.Next(text, text.find("CMS") + 1), text.find("CMS") + 1);
  EXPECT_EQ(acronyms.Next(text, text.find("CMS") + 3), text.find("API"));
  EXPECT_EQ(acronyms.Next(text, text.find("API") + 2), MatchStarts::npos);
  EXPECT_EQ(acronyms.Next("no capitals here", 0), MatchStarts::npos);
  EXPECT_EQ(acronyms.Next("", 0), MatchStarts::npos);
  EXPECT_EQ(acronyms.Next("A", 0), MatchStarts::npos);
  const MatchStarts one = MatchStarts::ForPattern("[xy]");
  EXPECT_EQ(one.Next("abcy", 0), 3u);
  EXPECT_EQ(one.Next("abcy", 4), MatchStarts::npos);
  const MatchStarts none;
  EXPECT_EQ(none.Next("abc", 2), 2u);
  EXPECT_EQ(none.Next("abc", 3), 3u);
  EXPECT_EQ(none.Next("abc", 4), MatchStarts::npos);
}

// Random patterns of the syntax the filter models, mixed with syntax it
// refuses and hostile forms (empty matches, flags, assertions, non-ASCII),
// on random texts with multi-byte and invalid UTF-8: the filter never hides
// a match start, and findAll through it gives exactly plain RE2's matches.
class RandomRegex {
 public:
  explicit RandomRegex(uint32_t seed) : rng_(seed) {}

  std::string Pattern(int depth = 0) {
    std::string out;
    const int pieces = 1 + Pick(3);
    for (int i = 0; i < pieces; ++i) {
      out += Piece(depth);
      if (Pick(8) == 0) out += "|";
    }
    if (depth == 0 && Pick(10) == 0) out = "(?i)" + out;
    if (depth == 0 && Pick(12) == 0) out = "(?m)" + out;
    return out;
  }

  std::string Text() {
    static const char* const kUnits[] = {
        "a",    "b",    "c",    "A",  "B",  "Z",   "T",  "D", "0",        "9",
        " ",    " ",    "\n",   ".",  "-",  "]",   "_",  "@", "\xc3\xa9", "\xe2\x82\xac",
        "\xff", "\x80", "\xc3", "ab", "AB", "TBD", "x y"};
    std::string out;
    const int n = Pick(24);
    for (int i = 0; i < n; ++i) out += kUnits[Pick(sizeof(kUnits) / sizeof(kUnits[0]))];
    return out;
  }

  int Pick(int n) { return static_cast<int>(rng_() % static_cast<uint32_t>(n)); }

 private:
  std::string Piece(int depth) {
    std::string atom = Atom(depth);
    switch (Pick(10)) {
      case 0:
        return atom + "*";
      case 1:
        return atom + "+";
      case 2:
        return atom + "?";
      case 3:
        return atom + "{" + std::to_string(Pick(3)) + "," + std::to_string(2 + Pick(3)) + "}";
      case 4:
        return atom + "{" + std::to_string(1 + Pick(2)) + "}" + (Pick(2) ? "?" : "");
      case 5:
        return atom + "+?";
      default:
        return atom;
    }
  }

  std::string Atom(int depth) {
    static const char* const kAtoms[] = {
        "a",    "b",    "A",    "Z",      "0",        "[A-Z]",     "[A-Z0-9]", "[a-c]",
        "[^a]", "[^ ]", "[]a]", "[a-]",   "[-a]",     "[\\d_]",    "[\\W]",    "[^\\s]",
        ".",    "\\d",  "\\w",  "\\s",    "\\D",      "\\W",       "\\S",      "\\.",
        "\\-",  "\\]",  "\\n",  "\\t",    "\\b",      "\\B",       "^",        "$",
        "\\A",  "\\z",  " ",    "@",      "\xc3\xa9", "\\pL",      "\\x41",    "[[:upper:]]",
        "TBD",  "\\{",  "x{",   "(?i:b)", "\\C",      "[\\n-\\r]", "_",        "\\_"};
    if (depth < 3 && Pick(5) == 0) {
      const std::string inner = Pattern(depth + 1);
      return Pick(2) ? "(" + inner + ")" : "(?:" + inner + ")";
    }
    return kAtoms[Pick(sizeof(kAtoms) / sizeof(kAtoms[0]))];
  }

  std::mt19937 rng_;
};

TEST(MatchStartsTest, RandomPatternsGiveExactlyRe2sMatches) {
  RandomRegex gen(20261201);
  int compiled = 0;
  int active = 0;
  for (int round = 0; round < 4000; ++round) {
    const std::string pattern = gen.Pattern();
    const RE2 re(pattern, Options());
    if (!re.ok()) continue;
    ++compiled;
    const MatchStarts starts = MatchStarts::For(re);
    if (starts.active()) ++active;
    for (int t = 0; t < 25; ++t) {
      const std::string text = gen.Text();
      ASSERT_EQ(FilteredFindAll(re, starts, text), PlainFindAll(re, text))
          << "pattern '" << pattern << "' text '" << text << "'";
      // Every position where a match starts passes the filter.
      for (size_t p = 0; p <= text.size(); ++p) {
        re2::StringPiece m;
        if (re.Match(text, p, text.size(), RE2::ANCHOR_START, &m, 1)) {
          ASSERT_EQ(starts.Next(text, p), p)
              << "pattern '" << pattern << "' text '" << text << "' position " << p;
        }
      }
      // Find from any position is RE2's unanchored search from there.
      const size_t pos = static_cast<size_t>(gen.Pick(static_cast<int>(text.size()) + 1));
      re2::StringPiece want, got;
      const bool found = re.Match(text, pos, text.size(), RE2::UNANCHORED, &want, 1);
      ASSERT_EQ(starts.Find(re, text, pos, &got), found) << pattern << " / " << text;
      if (found) {
        ASSERT_EQ(got.data(), want.data()) << pattern << " / " << text;
        ASSERT_EQ(got.size(), want.size()) << pattern << " / " << text;
      }
    }
  }
  // The generator reaches both paths often.
  EXPECT_GT(compiled, 2500);
  EXPECT_GT(active, 800);
}

}  // namespace
}  // namespace planlint::expr

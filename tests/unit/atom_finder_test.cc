#include "core/expr/atom_finder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "core/text/unicode.h"
#include "re2/re2.h"

namespace planlint::expr {
namespace {

// The atoms present in `s`, by a plain search of ASCII-lowered text.
std::vector<int> Naive(const std::vector<std::string>& atoms, const std::string& s) {
  std::string lowered = s;
  for (char& c : lowered) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  std::vector<int> out;
  for (size_t a = 0; a < atoms.size(); ++a) {
    if (lowered.find(atoms[a]) != std::string::npos) out.push_back(static_cast<int>(a));
  }
  return out;
}

std::vector<int> Found(const AtomFinder& finder, const std::string& s, bool* ok) {
  std::vector<int> found;
  std::vector<uint8_t> seen;
  *ok = finder.Find(s, &found, &seen);
  EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](uint8_t b) { return b == 0; }));
  // The quick test answers "maybe" exactly when Find finds or cannot tell.
  EXPECT_EQ(finder.MayHaveAtoms(s), !*ok || !found.empty());
  std::sort(found.begin(), found.end());
  return found;
}

TEST(AtomFinderTest, FindsOverlappingAndNestedAtoms) {
  const std::vector<std::string> atoms = {"name", "am", "he", "she", "hers", "[", "x.x", "e"};
  AtomFinder finder(atoms);
  for (const std::string s : {"", "NAME", "ushers", "She said [x.X]", "nam", "hhe", "ame"}) {
    SCOPED_TRACE(s);
    bool ok = false;
    EXPECT_EQ(Found(finder, s, &ok), Naive(atoms, s));
    EXPECT_TRUE(ok);
  }
}

TEST(AtomFinderTest, AgreesWithPlainSearchOnRandomText) {
  const std::vector<std::string> atoms = {"ab", "abc", "bca", "aab", "cca", "abcab", "b-a"};
  AtomFinder finder(atoms);
  std::mt19937 rng(7);
  const std::string alphabet = "abcABC-  dd";
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    // Short strings, and long ones (the quick test splits those in two).
    const int len = static_cast<int>(i % 2 == 0 ? rng() % 12 : rng() % 100);
    for (int k = 0; k < len; ++k) s.push_back(alphabet[rng() % alphabet.size()]);
    SCOPED_TRACE(s);
    bool ok = false;
    EXPECT_EQ(Found(finder, s, &ok), Naive(atoms, s));
    EXPECT_TRUE(ok);
  }
}

TEST(AtomFinderTest, EmptyAtomIsEverywhere) {
  AtomFinder finder({"", "x"});
  bool ok = false;
  EXPECT_EQ(Found(finder, "abc", &ok), std::vector<int>{0});
  EXPECT_EQ(Found(finder, "xx", &ok), (std::vector<int>{0, 1}));
}

TEST(AtomFinderTest, NonAsciiTextIsReadByteWiseUnlessItFoldsToAscii) {
  AtomFinder finder({"kg", "ss"});
  bool ok = false;
  EXPECT_EQ(Found(finder, "Café 5 KG", &ok), std::vector<int>{0});
  EXPECT_TRUE(ok);
  Found(finder, "5 \u212Ag", &ok);  // Kelvin sign: RE2's (?i)k matches it
  EXPECT_FALSE(ok);
  Found(finder, "cla\u017Fs", &ok);  // long s: RE2's (?i)s matches it
  EXPECT_FALSE(ok);
}

TEST(AtomFinderTest, NonAsciiAtomsNeedUnicodeFolding) {
  AtomFinder finder({"straße"});
  bool ok = false;
  EXPECT_EQ(Found(finder, "plain ascii strasse", &ok), std::vector<int>{});
  EXPECT_TRUE(ok);
  Found(finder, "STRAẞE", &ok);
  EXPECT_FALSE(ok);
}

// The automaton folds ASCII letters only; AtomFinder lists the non-ASCII
// characters that RE2's case-insensitive matching equates with an ASCII
// letter. That list must be complete.
TEST(AtomFinderTest, OnlyLongSAndKelvinFoldToAsciiLetters) {
  RE2 letter("(?i)[a-z]");
  ASSERT_TRUE(letter.ok());
  std::vector<char32_t> folding;
  for (char32_t c = 0x80; c <= 0x10FFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    std::string s;
    text::AppendUtf8(c, s);
    if (RE2::FullMatch(s, letter)) folding.push_back(c);
  }
  EXPECT_EQ(folding, (std::vector<char32_t>{0x17F, 0x212A}));
}

// MayHaveAtoms reads two bytes per step over its own automaton (atoms that
// contain no other, plus the characters that fold to ASCII): on any mix of
// atom pieces, non-ASCII text and odd lengths it must answer as Find does.
TEST(AtomFinderTest, QuickTestAgreesWithFindOnMixedText) {
  const std::vector<std::string> atoms = {
      "x.x", "title", "software title", "name",   "department name",
      "tbd", "tba",   "xx.xxxx",        "#xxxxx", "[",
      "]"};
  AtomFinder finder(atoms);
  const std::string pieces[] = {
      "x",      "X",    ".",    "ti",       "TLE",  "name", "na",     "Me",       "tb",
      "D",      "a",    "#",    "[",        "]",    " ",    "\u00e9", "\u2013",   "\u212a",
      "\u017f", "\xc5", "\xbf", "\xe2\x84", "\xaa", "\xff", "\x00",   "software "};
  std::mt19937 rng(11);
  int maybe = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    const int len = static_cast<int>(rng() % 9);
    for (int k = 0; k < len; ++k) s += pieces[rng() % std::size(pieces)];
    SCOPED_TRACE(s);
    bool ok = false;
    std::vector<int> found = Found(finder, s, &ok);  // checks MayHaveAtoms
    if (ok) {
      EXPECT_EQ(found, Naive(atoms, s));
    }
    maybe += finder.MayHaveAtoms(s);
  }
  EXPECT_GT(maybe, 1000);
  EXPECT_LT(maybe, 19000);
}

TEST(AtomFinderTest, QuickTestWithNulAndNonAsciiAtoms) {
  for (const std::vector<std::string>& atoms :
       {std::vector<std::string>{std::string("a\0b", 3), "q"},
        std::vector<std::string>{"caf\u00e9", "zz"}, std::vector<std::string>{"\xff", "k"}}) {
    AtomFinder finder(atoms);
    for (const std::string& s :
         {std::string(""), std::string("a"), std::string("A\0B", 3), std::string("a\0", 2),
          std::string("\0b", 2), std::string("xq"), std::string("CAF\u00c9"),
          std::string("caf\u00e9!"), std::string("zZ"), std::string("\xff"), std::string("x\xff"),
          std::string("\u212a"), std::string("plain")}) {
      SCOPED_TRACE(s);
      bool ok = false;
      Found(finder, s, &ok);
    }
  }
}

// The quick test reads sixteen bytes between two looks at its state, then
// eight, four, two and one: an atom at any place in a string of any length
// up to three blocks is seen (and one split by nothing is not).
TEST(AtomFinderTest, QuickTestSeesAnAtomAtEveryPlaceAndLength) {
  AtomFinder finder({"tbd", "q"});
  for (size_t len = 0; len <= 48; ++len) {
    const std::string plain(len, 'x');
    EXPECT_FALSE(finder.MayHaveAtoms(plain)) << len;
    for (size_t at = 0; at < len; ++at) {
      std::string one = plain;
      one[at] = 'Q';
      EXPECT_TRUE(finder.MayHaveAtoms(one)) << len << " " << at;
      if (at + 3 > len) continue;
      std::string three = plain;
      three.replace(at, 3, "TbD");
      EXPECT_TRUE(finder.MayHaveAtoms(three)) << len << " " << at;
      three[at + 1] = 'x';
      EXPECT_FALSE(finder.MayHaveAtoms(three)) << len << " " << at;
    }
  }
}

// Enough atoms over enough distinct bytes that the quick test's table
// needs 32-bit entries (more than 65535 of them), as a large user pack may.
TEST(AtomFinderTest, QuickTestAgreesWithFindWithWideTable) {
  const std::string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_./";
  std::mt19937 rng(5);
  std::vector<std::string> atoms;
  for (int i = 0; i < 20; ++i) {
    std::string atom;
    for (int k = 0; k < 5; ++k) atom += alphabet[rng() % alphabet.size()];
    atoms.push_back(atom);
  }
  AtomFinder finder(atoms);
  for (int i = 0; i < 5000; ++i) {
    std::string s;
    const int len = static_cast<int>(rng() % 40);
    for (int k = 0; k < len; ++k) s += alphabet[rng() % 8];
    if (i % 3 == 0) s.insert(rng() % (s.size() + 1), atoms[rng() % atoms.size()]);
    SCOPED_TRACE(s);
    bool ok = false;
    std::vector<int> found = Found(finder, s, &ok);  // checks MayHaveAtoms
    ASSERT_TRUE(ok);
    EXPECT_EQ(found, Naive(atoms, s));
  }
}

}  // namespace
}  // namespace planlint::expr

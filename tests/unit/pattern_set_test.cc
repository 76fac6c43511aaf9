#include "core/expr/pattern_set.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "re2/re2.h"

namespace planlint::expr {
namespace {

// The fused scan must answer exactly what matching each pattern on its own
// answers, whatever the prefilter lets through or skips.
class PatternSetScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string space = "[\\t\\n\\x0B\\f\\r \\x{A0}\\x{FEFF}\\x{2000}-\\x{200A}\\x{3000}]";
    patterns_ = {
        // The built-in pack's scan patterns (TPL001, TPL002, TPL003).
        "\\[[A-Za-z][^\\[\\]]*\\](?:[^(]|$)",
        "(?i)(?:XX/XX/XXXX|xxxx@xxx\\.xxxx|\\#XXXXX)|^" + space +
            "*(?:X\\.X|Name|Vendor Name|Software Title)" + space + "*$",
        "\\b(?:TBD|TBA|TODO|FIXME)\\b",
        // No literal the prefilter can use: a candidate for every string.
        "^\\s*$",
        "[0-9]{4}-[0-9]{2}",
        // Case-insensitive with a non-ASCII literal.
        "(?i)straße",
    };
    for (size_t i = 0; i < patterns_.size(); ++i) {
      // Both ways into the scan: compiled first on its own, or by the
      // scan's prefilter.
      const std::string& p = patterns_[i];
      absl::StatusOr<const RE2*> re = i % 2 == 0 ? set_.Intern(p) : set_.InternForScan(p);
      ASSERT_TRUE(re.ok()) << re.status();
      res_.push_back(*re);
      bits_.push_back(set_.AddToScan(*re));
    }
    set_.Finish();
  }

  uint64_t Expected(const std::string& s) const {
    uint64_t bits = 0;
    for (size_t i = 0; i < res_.size(); ++i) {
      if (bits_[i] >= 0 && RE2::PartialMatch(s, *res_[i])) bits |= uint64_t{1} << bits_[i];
    }
    return bits;
  }

  std::vector<std::string> patterns_;
  std::vector<const RE2*> res_;
  std::vector<int> bits_;
  PatternSet set_;
};

TEST(PatternSetTest, InternForScanCompilesAPatternOnce) {
  PatternSet set;
  absl::StatusOr<const RE2*> scanned = set.InternForScan("\\bTBD\\b");
  ASSERT_TRUE(scanned.ok());
  EXPECT_EQ(set.ScanBit(*scanned), 0);
  EXPECT_EQ(set.AddToScan(*scanned), 0);
  absl::StatusOr<const RE2*> again = set.Intern("\\bTBD\\b");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *scanned);
  EXPECT_EQ(set.Find("\\bTBD\\b"), *scanned);
  // A bad pattern is refused with the message Intern gives.
  absl::StatusOr<const RE2*> bad = set.InternForScan("(x");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status(), set.Intern("(x").status());
  set.Finish();
  EXPECT_NE(set.Scan("still TBD here"), 0u);
  EXPECT_EQ(set.Scan("nothing to see"), 0u);
}

TEST_F(PatternSetScanTest, EveryPatternHasABit) {
  for (size_t i = 0; i < bits_.size(); ++i) EXPECT_EQ(bits_[i], static_cast<int>(i));
  EXPECT_TRUE(set_.has_scan());
}

TEST_F(PatternSetScanTest, AgreesWithMatchingEachPattern) {
  const std::vector<std::string> corpus = {
      "",
      " ",
      "Name",
      "  name\t",
      "Names of the staff",
      "Vendor Name",
      "VENDOR NAME",
      "Software Title",
      "X.X",
      "x.x",
      "1.2",
      "[System Name]",
      "[This section of the document describes the plan]",
      "See [the charter](https://example.org).",
      "[1] is a reference",
      "TBD",
      "tbd",
      "Dates TBD after the kickoff.",
      "TODOS",
      "FIXME: later",
      "Call xxxx@xxx.xxxx or XX/XX/XXXX",
      "#xxxxx",
      "2026-06-01",
      "06/01/2026",
      "Straße",
      "STRASSE",
      "STRAẞE",
      "Ünïcode Name",
      "Name\u00a0",
      "\u3000Name\u3000",
      // Non-ASCII characters RE2 equates with ASCII letters (long s, Kelvin).
      "\u017Foftware Title",
      "\u017FOFTWARE TITLE",
      "Vendor Na\u212Ae",
      "Caf\u00e9 \u201cName\u201d \u2013 TBD",
      "\u00a0Name",
      "The migration of the legacy system to the new platform is planned in three waves; "
      "each wave ends with acceptance testing by the program office.",
  };
  // Twice through, so that buffers left over from a longer or matching
  // string cannot leak into the next one.
  for (int round = 0; round < 2; ++round) {
    for (const std::string& s : corpus) {
      SCOPED_TRACE(s);
      EXPECT_EQ(set_.Scan(s), Expected(s));
      EXPECT_EQ(set_.Scan(s), Expected(s));
    }
  }
}

TEST_F(PatternSetScanTest, KnownAnswers) {
  EXPECT_EQ(set_.Scan("[System Name]"), uint64_t{1} << 0);
  EXPECT_EQ(set_.Scan(" Vendor Name "), uint64_t{1} << 1);
  EXPECT_EQ(set_.Scan("status: TBD"), uint64_t{1} << 2);
  EXPECT_EQ(set_.Scan("   "), uint64_t{1} << 3);
  EXPECT_EQ(set_.Scan("2026-06-01"), uint64_t{1} << 4);
  EXPECT_EQ(set_.Scan("STRASSE"), 0u);
  EXPECT_EQ(set_.Scan("STRAẞE"), uint64_t{1} << 5);
  EXPECT_EQ(set_.Scan("an ordinary sentence"), 0u);
}

// NoMatchTables, which ScanPlan runs over every string of a plan before
// Scan: a string it says holds no atom is one Scan gives 0, and the tables
// are there only when atoms decide (every scan pattern has one).
TEST(PatternSetTest, NoMatchTablesSayNoOnlyWhereScanFindsNothing) {
  PatternSet set;
  for (const char* p : {"\\[[A-Za-z][^\\[\\]]*\\](?:[^(]|$)", "(?i)(?:XX/XX/XXXX|\\#XXXXX)",
                        "\\b(?:TBD|TBA|TODO|FIXME)\\b"}) {
    absl::StatusOr<const RE2*> re = set.InternForScan(p);
    ASSERT_TRUE(re.ok()) << re.status();
    set.AddToScan(*re);
  }
  set.Finish();
  const AtomFinder::PairTables tables = set.NoMatchTables();
  ASSERT_NE(tables.next, nullptr);
  std::vector<std::string> strings = {
      "",       "T",          "TB",     "TBD",         "a TBD b",    "tbd",         "[x]",
      "[x](y)", "xx/xx/xxxx", "#xxxxx", "#XXXXX here", "plain text", "Stra\u00dfe", "\u017f",
      "\u212a", "TO\u212aDO", "fixme!"};
  // Every length up to 20 around an atom, at every offset.
  for (size_t n = 0; n <= 20; ++n) {
    for (size_t at = 0; at + 3 <= n; ++at) {
      std::string s(n, 'a');
      s.replace(at, 3, "TBD");
      strings.push_back(s);
      s.replace(at, 3, " T ");
      strings.push_back(s);
    }
  }
  int said_no = 0;
  for (const std::string& s : strings) {
    if (!tables.MayHaveAtoms(s)) {
      ++said_no;
      EXPECT_EQ(set.Scan(s), 0u) << s;
    }
  }
  EXPECT_GT(said_no, 0);
}

TEST_F(PatternSetScanTest, NoMatchTablesAreNotThereWhenAtomsDoNotDecide) {
  // "^\\s*$" has no atom: Scan has to be asked for every string.
  EXPECT_EQ(set_.NoMatchTables().next, nullptr);
}

TEST(PatternSetTest, EmptySetScansNothing) {
  PatternSet set;
  set.Finish();
  EXPECT_FALSE(set.has_scan());
  EXPECT_EQ(set.Scan("TBD"), 0u);
}

}  // namespace
}  // namespace planlint::expr

#include "core/text/date.h"

#include <gtest/gtest.h>

namespace planlint::text {
namespace {

TEST(DateTest, DayZeroIsMondayFirstOfJanuaryYearOne) {
  EXPECT_EQ(ParseDate("0001-01-01"), 0);
  EXPECT_EQ(Weekday(0), 0);
  EXPECT_EQ(ParseDate("0001-01-02"), 1);
  EXPECT_EQ(ParseDate("0002-01-01"), 365);
  EXPECT_EQ(FormatDate(0), "0001-01-01");
}

TEST(DateTest, KnownDates) {
  // 1970-01-01 is 719162 days after 0001-01-01 and was a Thursday.
  EXPECT_EQ(ParseDate("1970-01-01"), 719162);
  EXPECT_EQ(Weekday(*ParseDate("1970-01-01")), 3);
  EXPECT_EQ(Weekday(*ParseDate("2024-02-29")), 3);  // a Thursday
  EXPECT_EQ(Weekday(*ParseDate("2027-01-04")), 0);  // a Monday
  EXPECT_EQ(Weekday(*ParseDate("2000-01-01")), 5);  // a Saturday
  EXPECT_EQ(*ParseDate("2001-01-01") - *ParseDate("2000-01-01"), 366);
  EXPECT_EQ(*ParseDate("2101-01-01") - *ParseDate("2100-01-01"), 365);
}

TEST(DateTest, BothShapes) {
  EXPECT_EQ(ParseDate("2027-01-05"), ParseDate("01/05/2027"));
  EXPECT_EQ(ParseDate("02/29/2024"), ParseDate("2024-02-29"));
  EXPECT_TRUE(ParseDate("02/29/2024").has_value());
  EXPECT_FALSE(ParseDate("02/29/2023").has_value());
  EXPECT_FALSE(ParseDate("29/02/2024").has_value());  // no DD/MM/YYYY
}

TEST(DateTest, LeapYears) {
  EXPECT_TRUE(ParseDate("2024-02-29").has_value());
  EXPECT_FALSE(ParseDate("2023-02-29").has_value());
  EXPECT_TRUE(ParseDate("2000-02-29").has_value());
  EXPECT_FALSE(ParseDate("1900-02-29").has_value());
  EXPECT_FALSE(ParseDate("2100-02-29").has_value());
  EXPECT_TRUE(ParseDate("0004-02-29").has_value());
  EXPECT_TRUE(ParseDate("2024-02-28").has_value());
}

TEST(DateTest, Range) {
  EXPECT_FALSE(ParseDate("0000-01-01").has_value());
  EXPECT_FALSE(ParseDate("01/01/0000").has_value());
  EXPECT_TRUE(ParseDate("9999-12-31").has_value());
  EXPECT_EQ(FormatDate(*ParseDate("9999-12-31")), "9999-12-31");
  EXPECT_EQ(*ParseDate("9999-12-31"), 3652058);
  EXPECT_FALSE(MakeDate(10000, 1, 1).has_value());
  EXPECT_FALSE(MakeDate(0, 12, 31).has_value());
  EXPECT_FALSE(MakeDate(-1, 1, 1).has_value());
}

TEST(DateTest, ImpossibleDates) {
  for (const char* s : {"2027-02-30", "2027-04-31", "2027-13-01", "2027-00-10", "2027-01-00",
                        "2027-01-32", "13/01/2027", "00/10/2027", "01/00/2027", "06/31/2027"}) {
    EXPECT_FALSE(ParseDate(s).has_value()) << s;
  }
  for (const char* s : {"2027-01-31", "2027-03-31", "2027-04-30", "12/31/2027", "06/30/2027"}) {
    EXPECT_TRUE(ParseDate(s).has_value()) << s;
  }
}

TEST(DateTest, WrongShapes) {
  for (const char* s : {"",
                        "2027-1-5",
                        "2027-01-5",
                        " 2027-01-05",
                        "2027-01-05 ",
                        "2027-01-05\n",
                        "2027/01/05",
                        "01-05-2027",
                        "1/5/2027",
                        "01/05/27",
                        "+027-01-05",
                        "-027-01-05",
                        "2027-+1-05",
                        "2027-01-05T00:00",
                        "20270105",
                        "2027_01_05",
                        "２０２７-01-05",
                        "XX/XX/XXXX",
                        "2027-0a-05",
                        "2027-01-0 ",
                        "\t01/05/2027",
                        "01/05/2027x"}) {
    EXPECT_FALSE(ParseDate(s).has_value()) << s;
  }
  EXPECT_FALSE(ParseDate(std::string_view("2027-01-05\0", 11)).has_value());
  EXPECT_FALSE(ParseDate(std::string_view("2027-01\0-5", 10)).has_value());
}

TEST(DateTest, FormatRoundTripsEveryDay) {
  DayNumber last = *ParseDate("9999-12-31");
  for (DayNumber d = 0; d <= last; d += 37) {
    std::string s = FormatDate(d);
    ASSERT_EQ(ParseDate(s), d) << s;
  }
  // Consecutive days around month and year ends.
  DayNumber d = *ParseDate("2023-12-30");
  EXPECT_EQ(FormatDate(d + 1), "2023-12-31");
  EXPECT_EQ(FormatDate(d + 2), "2024-01-01");
  EXPECT_EQ(FormatDate(*ParseDate("2024-02-28") + 1), "2024-02-29");
  EXPECT_EQ(FormatDate(*ParseDate("2024-02-28") + 2), "2024-03-01");
}

TEST(DateTest, WeekdayCyclesAndNeverNegative) {
  for (DayNumber d = -20; d < 20; ++d) {
    EXPECT_GE(Weekday(d), 0);
    EXPECT_LT(Weekday(d), 7);
    EXPECT_EQ(Weekday(d + 1), (Weekday(d) + 1) % 7);
  }
}

int64_t SlowWorkingDays(DayNumber a, DayNumber b) {
  int64_t n = 0;
  for (DayNumber d = a; d <= b; ++d) n += Weekday(d) < 5;
  return n;
}

TEST(WorkingDaysTest, AcrossWeekends) {
  DayNumber mon = *ParseDate("2027-01-04");
  EXPECT_EQ(WorkingDays(mon, mon), 1);
  EXPECT_EQ(WorkingDays(mon, mon + 4), 5);      // Mon-Fri
  EXPECT_EQ(WorkingDays(mon, mon + 6), 5);      // Mon-Sun
  EXPECT_EQ(WorkingDays(mon + 4, mon + 7), 2);  // Fri-Mon
  EXPECT_EQ(WorkingDays(mon + 5, mon + 6), 0);  // Sat-Sun
  EXPECT_EQ(WorkingDays(mon + 5, mon + 5), 0);  // Sat
  EXPECT_EQ(WorkingDays(mon + 6, mon + 7), 1);  // Sun-Mon
  EXPECT_EQ(WorkingDays(mon, mon + 13), 10);    // two weeks
  EXPECT_EQ(WorkingDays(mon + 1, mon), 0);      // b < a
  EXPECT_EQ(WorkingDays(mon + 100, mon), 0);
  EXPECT_EQ(WorkingDays(*ParseDate("2027-01-01"), *ParseDate("2027-12-31")), 261);
  EXPECT_EQ(WorkingDays(0, *ParseDate("9999-12-31")), SlowWorkingDays(0, 3652058));
}

TEST(WorkingDaysTest, MatchesCountingDayByDay) {
  for (DayNumber a = -10; a < 30; ++a) {
    for (DayNumber b = a - 2; b < a + 30; ++b) {
      ASSERT_EQ(WorkingDays(a, b), b < a ? 0 : SlowWorkingDays(a, b)) << a << " " << b;
    }
  }
}

}  // namespace
}  // namespace planlint::text

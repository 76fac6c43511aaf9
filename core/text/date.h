// Calendar dates of the plan format: `YYYY-MM-DD` and `MM/DD/YYYY`, years
// 0001-9999, proleptic Gregorian calendar. Dates are kept as a day number so
// that comparing and subtracting them is integer arithmetic.
#ifndef PLANLINT_CORE_TEXT_DATE_H_
#define PLANLINT_CORE_TEXT_DATE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace planlint::text {

// Days since 0001-01-01 (which is day 0, a Monday).
using DayNumber = int32_t;

// Parses exactly one of the two accepted shapes with nothing around them.
// Returns nullopt for anything else, including impossible dates
// (2027-02-30), short fields (2027-1-5) and surrounding white space.
std::optional<DayNumber> ParseDate(std::string_view s);

// ISO 8601 form of a day number, `YYYY-MM-DD`.
std::string FormatDate(DayNumber d);

// 0 = Monday ... 6 = Sunday.
int Weekday(DayNumber d);

// Monday-to-Friday days from `a` to `b`, both ends counted; 0 when b < a.
int64_t WorkingDays(DayNumber a, DayNumber b);

// Day number of a civil date, or nullopt when it does not exist.
std::optional<DayNumber> MakeDate(int year, int month, int day);

}  // namespace planlint::text

#endif  // PLANLINT_CORE_TEXT_DATE_H_

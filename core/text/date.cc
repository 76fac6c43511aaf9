#include "core/text/date.h"

#include "absl/strings/str_format.h"

namespace planlint::text {
namespace {

// Days from 1970-01-01 to 0001-01-01 is -719162; day numbers count from the
// latter.
constexpr int64_t kEpochShift = 719162;

// Howard Hinnant's days_from_civil: days since 1970-01-01 of a proleptic
// Gregorian date.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Value of s[pos, pos + width) when it is all ASCII digits, else -1.
int Digits(std::string_view s, size_t pos, size_t width) {
  int v = 0;
  for (size_t k = pos; k < pos + width; ++k) {
    if (s[k] < '0' || s[k] > '9') return -1;
    v = v * 10 + (s[k] - '0');
  }
  return v;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

// Working days in [0, x): day 0 is a Monday, so each full week has five and
// the first five days of a partial week are working days.
int64_t WorkingDaysBefore(int64_t x) {
  int64_t weeks = FloorDiv(x, 7);
  int64_t rest = x - weeks * 7;
  return weeks * 5 + (rest < 5 ? rest : 5);
}

}  // namespace

std::optional<DayNumber> MakeDate(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month)) {
    return std::nullopt;
  }
  return static_cast<DayNumber>(
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) + kEpochShift);
}

std::optional<DayNumber> ParseDate(std::string_view s) {
  if (s.size() != 10) return std::nullopt;
  int y, m, d;
  if (s[4] == '-' && s[7] == '-') {
    y = Digits(s, 0, 4);
    m = Digits(s, 5, 2);
    d = Digits(s, 8, 2);
  } else if (s[2] == '/' && s[5] == '/') {
    m = Digits(s, 0, 2);
    d = Digits(s, 3, 2);
    y = Digits(s, 6, 4);
  } else {
    return std::nullopt;
  }
  if (y < 0 || m < 0 || d < 0) return std::nullopt;
  return MakeDate(y, m, d);
}

std::string FormatDate(DayNumber d) {
  int64_t y;
  unsigned m, day;
  CivilFromDays(static_cast<int64_t>(d) - kEpochShift, y, m, day);
  return absl::StrFormat("%04d-%02d-%02d", y, m, day);
}

int Weekday(DayNumber d) {
  int w = d % 7;
  return w < 0 ? w + 7 : w;
}

int64_t WorkingDays(DayNumber a, DayNumber b) {
  if (b < a) return 0;
  return WorkingDaysBefore(static_cast<int64_t>(b) + 1) - WorkingDaysBefore(a);
}

}  // namespace planlint::text

#include "core/plan/input_error.h"

#include <cmath>
#include <cstdint>
#include <system_error>
#include <vector>

#include "absl/strings/charconv.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/text/unicode.h"

namespace planlint {
namespace {

bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// Length of the well-formed UTF-8 sequence at t[i] (a byte >= 0x80), or 0.
size_t Utf8Length(std::string_view t, size_t i) {
  size_t j = i;
  char32_t c = text::DecodeUtf8(t, j);
  if (c == 0xFFFD && j == i + 1) return 0;  // a well-formed U+FFFD takes 3 bytes
  return j - i;
}

// The iterative scanner. Every problem is reported at the first byte that
// makes the text invalid (the end of the text for a premature end), except a
// lone surrogate, reported at the `\u` escape that encodes it.
class Scanner {
 public:
  Scanner(std::string_view text, int max_depth,
          std::vector<std::pair<size_t, size_t>>* wide_integers)
      : t_(text), max_depth_(max_depth), wide_integers_(wide_integers) {}

  std::optional<InputProblem> Run();

 private:
  enum class State {
    kValue,        // a value is expected
    kArrayFirst,   // just after '[': a value or ']'
    kObjectFirst,  // just after '{': a key or '}'
    kObjectKey,    // after ',' in an object: a key
    kColon,        // after a key
    kAfterValue,   // a value has ended
  };

  std::optional<InputProblem> Fail(size_t offset, std::string message) const {
    return InputProblem{PositionAtOffset(t_, offset), std::move(message)};
  }
  std::optional<InputProblem> End() const { return Fail(t_.size(), "unexpected end of input"); }
  // "unexpected character 'x'" (or the invalid UTF-8 byte) at t_[i], then
  // what was expected there.
  std::optional<InputProblem> Unexpected(size_t i, std::string_view expected) const;

  std::optional<InputProblem> ScanString();
  std::optional<InputProblem> ScanEscape();
  std::optional<InputProblem> ScanNumber();
  std::optional<InputProblem> ScanLiteral(std::string_view literal);
  std::optional<InputProblem> CheckNumberRange(size_t start, bool integer);
  // A value starts at t_[i_]: containers are opened, scalars scanned.
  std::optional<InputProblem> ScanValue();

  void SkipSpace() {
    while (i_ < t_.size() && IsJsonSpace(t_[i_])) ++i_;
  }

  std::string_view t_;
  int max_depth_;
  size_t i_ = 0;
  std::vector<std::pair<size_t, size_t>>* wide_integers_;
  std::vector<char> stack_;  // '{' or '[' of each open container
  State state_ = State::kValue;
};

std::string Describe(std::string_view t, size_t i) {
  auto b = static_cast<unsigned char>(t[i]);
  if (b >= 0x21 && b <= 0x7E) return absl::StrCat("character '", std::string(1, t[i]), "'");
  size_t j = i;
  char32_t c = text::DecodeUtf8(t, j);
  return absl::StrFormat("character U+%04X", static_cast<uint32_t>(c));
}

std::optional<InputProblem> Scanner::Unexpected(size_t i, std::string_view expected) const {
  auto b = static_cast<unsigned char>(t_[i]);
  if (b >= 0x80 && Utf8Length(t_, i) == 0) {
    return Fail(i, absl::StrFormat("invalid UTF-8 byte 0x%02x", b));
  }
  std::string message = absl::StrCat("unexpected ", Describe(t_, i));
  if (!expected.empty()) absl::StrAppend(&message, ", expected ", std::string(expected));
  return Fail(i, std::move(message));
}

std::optional<InputProblem> Scanner::Run() {
  SkipSpace();
  if (i_ == t_.size()) return Fail(i_, "empty input");
  switch (t_[i_]) {
    case '{':
      break;
    case '[':
      return Fail(i_, "the top level must be a JSON object, found an array");
    case '"':
      return Fail(i_, "the top level must be a JSON object, found a string");
    case 't':
    case 'f':
      return Fail(i_, "the top level must be a JSON object, found a boolean");
    case 'n':
      return Fail(i_, "the top level must be a JSON object, found null");
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
      return Fail(i_, "the top level must be a JSON object, found a number");
    default:
      return Unexpected(i_, "a JSON object");
  }
  while (true) {
    SkipSpace();
    if (i_ == t_.size()) {
      if (state_ == State::kAfterValue && stack_.empty()) return std::nullopt;
      return End();
    }
    const char c = t_[i_];
    switch (state_) {
      case State::kValue:
        if (auto p = ScanValue()) return p;
        break;
      case State::kArrayFirst:
        if (c == ']') {
          stack_.pop_back();
          ++i_;
          state_ = State::kAfterValue;
        } else if (auto p = ScanValue()) {
          return p;
        }
        break;
      case State::kObjectFirst:
      case State::kObjectKey:
        if (c == '"') {
          if (auto p = ScanString()) return p;
          state_ = State::kColon;
        } else if (c == '}' && state_ == State::kObjectFirst) {
          stack_.pop_back();
          ++i_;
          state_ = State::kAfterValue;
        } else {
          return Unexpected(
              i_, state_ == State::kObjectFirst ? "a string key or '}'" : "a string key after ','");
        }
        break;
      case State::kColon:
        if (c != ':') return Unexpected(i_, "':' after an object key");
        ++i_;
        state_ = State::kValue;
        break;
      case State::kAfterValue:
        if (stack_.empty()) {
          auto b = static_cast<unsigned char>(c);
          if (b >= 0x80 && Utf8Length(t_, i_) == 0) return Unexpected(i_, "");
          return Fail(i_, "trailing characters after the JSON document");
        }
        if (stack_.back() == '{') {
          if (c == ',') {
            state_ = State::kObjectKey;
          } else if (c == '}') {
            stack_.pop_back();
          } else {
            return Unexpected(i_, "',' or '}' after an object member");
          }
        } else {
          if (c == ',') {
            state_ = State::kValue;
          } else if (c == ']') {
            stack_.pop_back();
          } else {
            return Unexpected(i_, "',' or ']' after an array item");
          }
        }
        ++i_;
        break;
    }
  }
}

std::optional<InputProblem> Scanner::ScanValue() {
  const char c = t_[i_];
  switch (c) {
    case '{':
    case '[':
      if (stack_.size() >= static_cast<size_t>(max_depth_)) {
        return Fail(i_, absl::StrCat("nesting deeper than ", max_depth_, " levels"));
      }
      stack_.push_back(c);
      ++i_;
      state_ = c == '{' ? State::kObjectFirst : State::kArrayFirst;
      return std::nullopt;
    case '"':
      if (auto p = ScanString()) return p;
      break;
    case 't':
      if (auto p = ScanLiteral("true")) return p;
      break;
    case 'f':
      if (auto p = ScanLiteral("false")) return p;
      break;
    case 'n':
      if (auto p = ScanLiteral("null")) return p;
      break;
    default:
      if (c == '-' || IsDigit(c)) {
        if (auto p = ScanNumber()) return p;
        break;
      }
      return Unexpected(i_, "a value");
  }
  state_ = State::kAfterValue;
  return std::nullopt;
}

std::optional<InputProblem> Scanner::ScanLiteral(std::string_view literal) {
  for (char expected : literal) {
    if (i_ == t_.size()) return End();
    if (t_[i_] != expected) return Unexpected(i_, absl::StrCat("'", std::string(literal), "'"));
    ++i_;
  }
  return std::nullopt;
}

std::optional<InputProblem> Scanner::ScanNumber() {
  const size_t start = i_;
  bool integer = true;
  if (t_[i_] == '-') ++i_;
  if (i_ == t_.size()) return End();
  if (t_[i_] == '0') {
    ++i_;
  } else if (IsDigit(t_[i_])) {
    while (i_ < t_.size() && IsDigit(t_[i_])) ++i_;
  } else {
    return Unexpected(i_, "a digit after '-'");
  }
  if (i_ < t_.size() && t_[i_] == '.') {
    integer = false;
    ++i_;
    if (i_ == t_.size()) return End();
    if (!IsDigit(t_[i_])) return Unexpected(i_, "a digit after '.'");
    while (i_ < t_.size() && IsDigit(t_[i_])) ++i_;
  }
  if (i_ < t_.size() && (t_[i_] == 'e' || t_[i_] == 'E')) {
    integer = false;
    ++i_;
    if (i_ < t_.size() && (t_[i_] == '+' || t_[i_] == '-')) ++i_;
    if (i_ == t_.size()) return End();
    if (!IsDigit(t_[i_])) return Unexpected(i_, "a digit in the exponent");
    while (i_ < t_.size() && IsDigit(t_[i_])) ++i_;
  }
  return CheckNumberRange(start, integer);
}

// The parser keeps integers as int64 or uint64 and other numbers as doubles;
// what fits neither a 64-bit integer nor a double is an input error
// (plan-format.md, Input). An integer beyond 64 bits is read as a double.
std::optional<InputProblem> Scanner::CheckNumberRange(size_t start, bool integer) {
  std::string_view number = t_.substr(start, i_ - start);
  if (integer) {
    bool negative = number[0] == '-';
    std::string_view digits = negative ? number.substr(1) : number;
    std::string_view limit = negative ? "9223372036854775808" : "18446744073709551615";
    if (digits.size() < limit.size() || (digits.size() == limit.size() && digits <= limit)) {
      return std::nullopt;
    }
  }
  double value = 0;
  auto result = absl::from_chars(number.data(), number.data() + number.size(), value);
  if (result.ec == std::errc::result_out_of_range && (std::isinf(value) || value != 0)) {
    // Overflow (underflow to zero is accepted, as the parser accepts it).
    return Fail(start, absl::StrCat("number out of range: ", std::string(number)));
  }
  if (integer && wide_integers_ != nullptr) wide_integers_->emplace_back(start, number.size());
  return std::nullopt;
}

std::optional<InputProblem> Scanner::ScanString() {
  ++i_;  // the opening quote
  while (true) {
    if (i_ == t_.size()) return Fail(i_, "unterminated string");
    auto b = static_cast<unsigned char>(t_[i_]);
    if (b == '"') {
      ++i_;
      return std::nullopt;
    }
    if (b == '\\') {
      if (auto p = ScanEscape()) return p;
    } else if (b < 0x20) {
      return Fail(i_, absl::StrFormat("unescaped control character U+%04X in a string", b));
    } else if (b < 0x80) {
      ++i_;
    } else {
      size_t len = Utf8Length(t_, i_);
      if (len == 0) return Fail(i_, absl::StrFormat("invalid UTF-8 byte 0x%02x", b));
      i_ += len;
    }
  }
}

std::optional<InputProblem> Scanner::ScanEscape() {
  const size_t start = i_;  // the backslash
  if (i_ + 1 == t_.size()) return Fail(t_.size(), "unterminated string");
  const char e = t_[i_ + 1];
  switch (e) {
    case '"':
    case '\\':
    case '/':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't':
      i_ += 2;
      return std::nullopt;
    case 'u':
      break;
    default:
      return Unexpected(i_ + 1,
                        "an escape character ('\"', '\\', '/', 'b', 'f', 'n', 'r', 't' or 'u')");
  }
  // Reads the four hex digits of a \u escape at t_[at] (the backslash).
  // Returns the code unit, -1 when the text ends first, -2 on a bad digit
  // (whose offset goes to `bad`).
  auto read_unit = [&](size_t at, size_t& bad) -> int {
    int unit = 0;
    for (size_t k = at + 2; k < at + 6; ++k) {
      if (k >= t_.size()) return -1;
      if (!IsHex(t_[k])) {
        bad = k;
        return -2;
      }
      unit = unit * 16 + HexValue(t_[k]);
    }
    return unit;
  };
  size_t bad = 0;
  int unit = read_unit(start, bad);
  if (unit == -1) return Fail(t_.size(), "unterminated string");
  if (unit == -2) return Unexpected(bad, "a hex digit in a \\u escape");
  auto lone = [&](size_t at) {
    return Fail(at, absl::StrCat("lone surrogate ", std::string(t_.substr(at, 6))));
  };
  if (unit >= 0xDC00 && unit <= 0xDFFF) return lone(start);
  i_ = start + 6;
  if (unit < 0xD800 || unit > 0xDBFF) return std::nullopt;
  // A high surrogate needs a \u escape of a low surrogate right after it.
  const size_t next = i_;
  if (next == t_.size()) return Fail(next, "unterminated string");
  if (t_[next] != '\\') return lone(start);
  if (next + 1 == t_.size()) return Fail(next + 1, "unterminated string");
  if (t_[next + 1] != 'u') return lone(start);
  int low = read_unit(next, bad);
  if (low == -1) {
    // The text ends inside the second escape: it could still have been a
    // low surrogate only if what is there is a prefix of one.
    std::string_view rest = t_.substr(next + 2);
    bool prefix = true;
    for (size_t k = 0; k < rest.size(); ++k) {
      char ch = rest[k];
      if (k == 0) prefix = prefix && (ch == 'd' || ch == 'D');
      if (k == 1) prefix = prefix && ((ch >= 'c' && ch <= 'f') || (ch >= 'C' && ch <= 'F'));
      if (k >= 2) prefix = prefix && IsHex(ch);
    }
    if (prefix) return Fail(t_.size(), "unterminated string");
    return lone(start);
  }
  if (low < 0xDC00 || low > 0xDFFF) return lone(start);  // a bad digit too
  i_ = next + 6;
  return std::nullopt;
}

}  // namespace

std::optional<InputProblem> FindInputProblem(
    std::string_view text, int max_depth, std::vector<std::pair<size_t, size_t>>* wide_integers) {
  return Scanner(text, max_depth, wide_integers).Run();
}

SourcePosition PositionAtOffset(std::string_view text, size_t offset) {
  if (offset > text.size()) offset = text.size();
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    } else if (text[i] == '\r') {
      if (i + 1 < offset && text[i + 1] == '\n') ++i;
      ++line;
      line_start = i + 1;
    }
  }
  size_t column = text::CountCodePoints(text.substr(line_start, offset - line_start)) + 1;
  return {line, static_cast<int>(column)};
}

}  // namespace planlint

#include "core/expr/lexer.h"

#include <charconv>
#include <limits>
#include <system_error>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/text/unicode.h"
#include "core/util/status.h"

namespace planlint::expr::internal {
namespace {

// Debian's abseil has its own string_view type.
absl::string_view AV(std::string_view s) { return absl::string_view(s.data(), s.size()); }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool IsOctalDigit(char c) { return c >= '0' && c <= '7'; }
bool IsIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsIdentChar(char c) { return IsIdentStart(c) || IsDigit(c); }
int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// A description of the character at s[i] for "unexpected character" errors.
std::string DescribeChar(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c >= 0x21 && c < 0x7f) return absl::StrCat("'", AV(s.substr(i, 1)), "'");
  char32_t cp = 0;
  size_t len = DecodeUtf8(s, i, cp);
  if (len == 0) return absl::StrFormat("byte 0x%02X (not valid UTF-8)", c);
  if (cp < 0x80) return absl::StrFormat("U+%04X", static_cast<uint32_t>(cp));
  return absl::StrFormat("'%s' (U+%04X)", AV(s.substr(i, len)), static_cast<uint32_t>(cp));
}

}  // namespace

size_t DecodeUtf8(std::string_view s, size_t i, char32_t& c) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  size_t len;
  char32_t min;
  if (b0 < 0x80) {
    c = b0;
    return 1;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    min = 0x80;
    c = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    min = 0x800;
    c = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    min = 0x10000;
    c = b0 & 0x07;
  } else {
    return 0;
  }
  if (s.size() - i < len) return 0;
  for (size_t k = 1; k < len; ++k) {
    unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) return 0;
    c = (c << 6) | (b & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return 0;
  return len;
}

std::string_view TokenSpelling(TokenKind kind) {
  switch (kind) {
    case TokenKind::kEnd:
      return "end of expression";
    case TokenKind::kIdent:
      return "name";
    case TokenKind::kInt:
    case TokenKind::kUint:
    case TokenKind::kDouble:
      return "number";
    case TokenKind::kString:
      return "string literal";
    case TokenKind::kTrue:
      return "'true'";
    case TokenKind::kFalse:
      return "'false'";
    case TokenKind::kNull:
      return "'null'";
    case TokenKind::kIn:
      return "'in'";
    case TokenKind::kLParen:
      return "'('";
    case TokenKind::kRParen:
      return "')'";
    case TokenKind::kLBracket:
      return "'['";
    case TokenKind::kRBracket:
      return "']'";
    case TokenKind::kLBrace:
      return "'{'";
    case TokenKind::kRBrace:
      return "'}'";
    case TokenKind::kDot:
      return "'.'";
    case TokenKind::kComma:
      return "','";
    case TokenKind::kColon:
      return "':'";
    case TokenKind::kQuestion:
      return "'?'";
    case TokenKind::kPlus:
      return "'+'";
    case TokenKind::kMinus:
      return "'-'";
    case TokenKind::kStar:
      return "'*'";
    case TokenKind::kSlash:
      return "'/'";
    case TokenKind::kPercent:
      return "'%'";
    case TokenKind::kBang:
      return "'!'";
    case TokenKind::kLt:
      return "'<'";
    case TokenKind::kLe:
      return "'<='";
    case TokenKind::kGt:
      return "'>'";
    case TokenKind::kGe:
      return "'>='";
    case TokenKind::kEqEq:
      return "'=='";
    case TokenKind::kNe:
      return "'!='";
    case TokenKind::kAndAnd:
      return "'&&'";
    case TokenKind::kOrOr:
      return "'||'";
  }
  return "token";
}

absl::Status Lexer::Error(size_t offset, std::string message) const {
  return WithOffset(absl::InvalidArgumentError(std::move(message)), static_cast<uint32_t>(offset));
}

void Lexer::SkipSpaceAndComments() {
  while (pos_ < src_.size()) {
    char c = src_[pos_];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      ++pos_;
    } else if (c == '/' && pos_ + 1 < src_.size() && src_[pos_ + 1] == '/') {
      while (pos_ < src_.size() && src_[pos_] != '\n' && src_[pos_] != '\r') ++pos_;
    } else {
      break;
    }
  }
}

absl::Status Lexer::Next(Token& token) {
  SkipSpaceAndComments();
  token = Token{};
  token.offset = static_cast<uint32_t>(pos_);
  if (pos_ >= src_.size()) {
    token.kind = TokenKind::kEnd;
    token.text = src_.substr(pos_, 0);
    return absl::OkStatus();
  }
  const size_t start = pos_;
  auto at = [&](size_t i) { return i < src_.size() ? src_[i] : '\0'; };
  auto is_quote = [](char c) { return c == '"' || c == '\''; };
  const char c = src_[pos_];

  if (IsDigit(c) || (c == '.' && IsDigit(at(pos_ + 1)))) return LexNumber(token);
  if (is_quote(c)) return LexString(token, pos_, /*raw=*/false);
  if ((c == 'r' || c == 'R') && is_quote(at(pos_ + 1))) {
    return LexString(token, pos_ + 1, /*raw=*/true);
  }
  if ((c == 'b' || c == 'B') &&
      (is_quote(at(pos_ + 1)) ||
       ((at(pos_ + 1) == 'r' || at(pos_ + 1) == 'R') && is_quote(at(pos_ + 2))))) {
    return Error(pos_, "bytes literals are not supported");
  }
  if (IsIdentStart(c)) {
    while (pos_ < src_.size() && IsIdentChar(src_[pos_])) ++pos_;
    token.text = src_.substr(start, pos_ - start);
    if (token.text == "true") {
      token.kind = TokenKind::kTrue;
    } else if (token.text == "false") {
      token.kind = TokenKind::kFalse;
    } else if (token.text == "null") {
      token.kind = TokenKind::kNull;
    } else if (token.text == "in") {
      token.kind = TokenKind::kIn;
    } else {
      token.kind = TokenKind::kIdent;
    }
    return absl::OkStatus();
  }

  const char n = at(pos_ + 1);
  size_t len = 1;
  switch (c) {
    case '(':
      token.kind = TokenKind::kLParen;
      break;
    case ')':
      token.kind = TokenKind::kRParen;
      break;
    case '[':
      token.kind = TokenKind::kLBracket;
      break;
    case ']':
      token.kind = TokenKind::kRBracket;
      break;
    case '{':
      token.kind = TokenKind::kLBrace;
      break;
    case '}':
      token.kind = TokenKind::kRBrace;
      break;
    case '.':
      token.kind = TokenKind::kDot;
      break;
    case ',':
      token.kind = TokenKind::kComma;
      break;
    case ':':
      token.kind = TokenKind::kColon;
      break;
    case '?':
      token.kind = TokenKind::kQuestion;
      break;
    case '+':
      token.kind = TokenKind::kPlus;
      break;
    case '-':
      token.kind = TokenKind::kMinus;
      break;
    case '*':
      token.kind = TokenKind::kStar;
      break;
    case '/':
      token.kind = TokenKind::kSlash;
      break;
    case '%':
      token.kind = TokenKind::kPercent;
      break;
    case '!':
      if (n == '=') {
        token.kind = TokenKind::kNe;
        len = 2;
      } else {
        token.kind = TokenKind::kBang;
      }
      break;
    case '<':
      if (n == '=') {
        token.kind = TokenKind::kLe;
        len = 2;
      } else {
        token.kind = TokenKind::kLt;
      }
      break;
    case '>':
      if (n == '=') {
        token.kind = TokenKind::kGe;
        len = 2;
      } else {
        token.kind = TokenKind::kGt;
      }
      break;
    case '=':
      if (n != '=') return Error(pos_, "unexpected '='; use '==' to compare values");
      token.kind = TokenKind::kEqEq;
      len = 2;
      break;
    case '&':
      if (n != '&') return Error(pos_, "unexpected '&'; the logical and operator is '&&'");
      token.kind = TokenKind::kAndAnd;
      len = 2;
      break;
    case '|':
      if (n != '|') return Error(pos_, "unexpected '|'; the logical or operator is '||'");
      token.kind = TokenKind::kOrOr;
      len = 2;
      break;
    default:
      return Error(pos_, absl::StrCat("unexpected character ", DescribeChar(src_, pos_)));
  }
  pos_ += len;
  token.text = src_.substr(start, len);
  return absl::OkStatus();
}

absl::Status Lexer::LexNumber(Token& token) {
  const size_t start = pos_;
  auto at = [&](size_t i) { return i < src_.size() ? src_[i] : '\0'; };
  // Reports a literal that runs into letters or digits it cannot contain
  // ("1abc", "0x1g", "1.5u") as a whole instead of splitting it into tokens.
  auto check_end = [&]() -> absl::Status {
    if (!IsIdentChar(at(pos_))) return absl::OkStatus();
    size_t end = pos_;
    while (IsIdentChar(at(end))) ++end;
    return Error(start, absl::StrCat("invalid number '", AV(src_.substr(start, end - start)), "'"));
  };

  // CEL's hexadecimal prefix is a lower-case "0x" (langdef.md: INT_LIT ::=
  // -? DIGIT+ | -? 0x HEXDIGIT+; cel-go's lexer reads "0X1F" as 0 then X1F,
  // a syntax error), so "0X..." is refused, with the spelling CEL accepts.
  if (src_[pos_] == '0' && at(pos_ + 1) == 'X') {
    size_t end = pos_ + 2;
    while (IsIdentChar(at(end))) ++end;
    return Error(start, absl::StrCat("invalid number '", AV(src_.substr(start, end - start)),
                                     "': the hexadecimal prefix is a lower-case '0x'"));
  }
  if (src_[pos_] == '0' && at(pos_ + 1) == 'x') {
    pos_ += 2;
    const size_t digits = pos_;
    uint64_t value = 0;
    bool overflow = false;
    while (IsHexDigit(at(pos_))) {
      if (value > (std::numeric_limits<uint64_t>::max() >> 4)) overflow = true;
      value = (value << 4) | static_cast<uint64_t>(HexValue(src_[pos_]));
      ++pos_;
    }
    if (pos_ == digits) {
      return Error(start, "invalid number: '0x' must be followed by hexadecimal digits");
    }
    token.kind = TokenKind::kInt;
    if (at(pos_) == 'u' || at(pos_) == 'U') {
      ++pos_;
      token.kind = TokenKind::kUint;
    }
    if (auto st = check_end(); !st.ok()) return st;
    token.text = src_.substr(start, pos_ - start);
    if (token.kind == TokenKind::kUint && overflow) {
      return Error(start, absl::StrCat("unsigned integer literal out of range: ", AV(token.text),
                                       " (the largest uint is 18446744073709551615)"));
    }
    token.int_value = value;
    token.int_overflow = overflow;
    return absl::OkStatus();
  }

  bool is_double = false;
  while (IsDigit(at(pos_))) ++pos_;
  if (at(pos_) == '.' && IsDigit(at(pos_ + 1))) {
    is_double = true;
    ++pos_;
    while (IsDigit(at(pos_))) ++pos_;
  }
  const size_t mantissa_end = pos_;
  if (at(pos_) == 'e' || at(pos_) == 'E') {
    size_t p = pos_ + 1;
    if (at(p) == '+' || at(p) == '-') ++p;
    if (IsDigit(at(p))) {
      is_double = true;
      while (IsDigit(at(p))) ++p;
      pos_ = p;
    }
  }
  if (is_double) {
    if (auto st = check_end(); !st.ok()) return st;
    token.kind = TokenKind::kDouble;
    token.text = src_.substr(start, pos_ - start);
    double value = 0;
    auto [ptr, ec] = std::from_chars(token.text.data(), token.text.data() + token.text.size(),
                                     value, std::chars_format::general);
    if (ec == std::errc::result_out_of_range) {
      // Overflow or underflow. Estimate the decimal exponent of the value:
      // underflow rounds to zero (as strtod and Go's ParseFloat do), overflow
      // is an error.
      std::string_view mantissa = src_.substr(start, mantissa_end - start);
      int64_t point = static_cast<int64_t>(mantissa.find('.'));
      if (point < 0) point = static_cast<int64_t>(mantissa.size());
      int64_t first_nonzero = -1;
      for (size_t i = 0; i < mantissa.size(); ++i) {
        if (mantissa[i] >= '1' && mantissa[i] <= '9') {
          first_nonzero = static_cast<int64_t>(i);
          break;
        }
      }
      int64_t exponent = 0;
      bool negative_exponent = false;
      for (size_t i = mantissa_end + 1; i < pos_; ++i) {
        if (src_[i] == '-') negative_exponent = true;
        if (IsDigit(src_[i]) && exponent < 1'000'000'000)
          exponent = exponent * 10 + (src_[i] - '0');
      }
      if (negative_exponent) exponent = -exponent;
      int64_t magnitude =
          (first_nonzero < point ? point - first_nonzero - 1 : point - first_nonzero) + exponent;
      if (first_nonzero >= 0 && magnitude > 0) {
        return Error(start, absl::StrCat("double literal out of range: ", AV(token.text)));
      }
      value = 0;
    } else if (ec != std::errc() || ptr != token.text.data() + token.text.size()) {
      return Error(start, absl::StrCat("invalid number '", AV(token.text), "'"));
    }
    token.double_value = value;
    return absl::OkStatus();
  }

  pos_ = mantissa_end;
  token.kind = TokenKind::kInt;
  if (at(pos_) == 'u' || at(pos_) == 'U') {
    ++pos_;
    token.kind = TokenKind::kUint;
  }
  if (auto st = check_end(); !st.ok()) return st;
  token.text = src_.substr(start, pos_ - start);
  uint64_t value = 0;
  bool overflow = false;
  for (size_t i = start; i < mantissa_end; ++i) {
    uint64_t digit = static_cast<uint64_t>(src_[i] - '0');
    if (value > (std::numeric_limits<uint64_t>::max() - digit) / 10) overflow = true;
    value = value * 10 + digit;
  }
  if (token.kind == TokenKind::kUint && overflow) {
    return Error(start, absl::StrCat("unsigned integer literal out of range: ", AV(token.text),
                                     " (the largest uint is 18446744073709551615)"));
  }
  token.int_value = value;
  token.int_overflow = overflow;
  return absl::OkStatus();
}

absl::Status Lexer::LexString(Token& token, size_t quote_pos, bool raw) {
  const size_t start = pos_;
  const char quote = src_[quote_pos];
  const bool triple =
      quote_pos + 2 < src_.size() && src_[quote_pos + 1] == quote && src_[quote_pos + 2] == quote;
  pos_ = quote_pos + (triple ? 3 : 1);
  std::string value;
  while (true) {
    if (pos_ >= src_.size()) {
      return Error(
          start,
          triple ? absl::StrCat("unterminated string: missing closing ", std::string(3, quote))
                 : absl::StrCat("unterminated string: missing closing ", std::string(1, quote)));
    }
    const char c = src_[pos_];
    if (triple) {
      if (c == quote && pos_ + 2 < src_.size() && src_[pos_ + 1] == quote &&
          src_[pos_ + 2] == quote) {
        pos_ += 3;
        break;
      }
    } else {
      if (c == quote) {
        ++pos_;
        break;
      }
      if (c == '\n' || c == '\r') {
        return Error(start,
                     "unterminated string: a quoted string cannot contain a line break (use \\n "
                     "or a triple-quoted string)");
      }
    }
    if (c == '\\' && !raw) {
      if (auto st = LexEscape(pos_, value); !st.ok()) return st;
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x80) {
      value.push_back(c);
      ++pos_;
      continue;
    }
    char32_t cp = 0;
    size_t len = DecodeUtf8(src_, pos_, cp);
    if (len == 0) return Error(pos_, "invalid UTF-8 in string literal");
    value.append(src_.substr(pos_, len));
    pos_ += len;
  }
  token.kind = TokenKind::kString;
  token.text = src_.substr(start, pos_ - start);
  token.string_value = std::move(value);
  return absl::OkStatus();
}

absl::Status Lexer::LexEscape(size_t& pos, std::string& out) {
  const size_t start = pos;  // the backslash
  if (pos + 1 >= src_.size()) return Error(start, "unterminated string: missing closing quote");
  const char e = src_[pos + 1];
  auto hex = [&](size_t count, char32_t& value) {
    value = 0;
    for (size_t i = 0; i < count; ++i) {
      size_t p = pos + 2 + i;
      if (p >= src_.size() || !IsHexDigit(src_[p])) return false;
      value = (value << 4) | static_cast<char32_t>(HexValue(src_[p]));
    }
    return true;
  };
  char simple = 0;
  switch (e) {
    case 'a':
      simple = '\a';
      break;
    case 'b':
      simple = '\b';
      break;
    case 'f':
      simple = '\f';
      break;
    case 'n':
      simple = '\n';
      break;
    case 'r':
      simple = '\r';
      break;
    case 't':
      simple = '\t';
      break;
    case 'v':
      simple = '\v';
      break;
    case '\\':
    case '\'':
    case '"':
    case '`':
    case '?':
      simple = e;
      break;
    case 'x':
    case 'X': {
      char32_t cp = 0;
      if (!hex(2, cp)) {
        return Error(start, absl::StrCat("invalid escape '\\", std::string(1, e),
                                         "': expected 2 hexadecimal digits after it"));
      }
      text::AppendUtf8(cp, out);
      pos += 4;
      return absl::OkStatus();
    }
    case 'u':
    case 'U': {
      const size_t digits = e == 'u' ? 4 : 8;
      char32_t cp = 0;
      if (!hex(digits, cp)) {
        return Error(start, absl::StrCat("invalid escape '\\", std::string(1, e), "': expected ",
                                         digits, " hexadecimal digits after it"));
      }
      std::string_view text = src_.substr(start, 2 + digits);
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        return Error(start, absl::StrCat("invalid escape '", AV(text),
                                         "': surrogate code points (U+D800 to U+DFFF) are not "
                                         "allowed; write the character itself or use \\U"));
      }
      if (cp > 0x10FFFF) {
        return Error(start,
                     absl::StrCat("invalid escape '", AV(text), "': code point beyond U+10FFFF"));
      }
      text::AppendUtf8(cp, out);
      pos += 2 + digits;
      return absl::OkStatus();
    }
    case '0':
    case '1':
    case '2':
    case '3': {
      if (pos + 3 >= src_.size() || !IsOctalDigit(src_[pos + 2]) || !IsOctalDigit(src_[pos + 3])) {
        return Error(start, absl::StrCat("invalid escape '\\", std::string(1, e),
                                         "': an octal escape has 3 digits, \\000 to \\377"));
      }
      char32_t cp = static_cast<char32_t>(((e - '0') << 6) | ((src_[pos + 2] - '0') << 3) |
                                          (src_[pos + 3] - '0'));
      text::AppendUtf8(cp, out);
      pos += 4;
      return absl::OkStatus();
    }
    default: {
      unsigned char u = static_cast<unsigned char>(e);
      if (u >= 0x21 && u < 0x7f) {
        return Error(start, absl::StrCat("invalid escape '\\", std::string(1, e), "'"));
      }
      return Error(start,
                   "invalid escape: a backslash must be followed by one of a b f n r t v \\ ' \" "
                   "` ? x u U or an octal digit 0-3");
    }
  }
  out.push_back(simple);
  pos += 2;
  return absl::OkStatus();
}

}  // namespace planlint::expr::internal

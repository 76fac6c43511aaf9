// The CEL lexer (cel-spec doc/langdef.md, "lexis"): source text -> tokens,
// one at a time on demand. Internal to core/expr; the parser is its only user.
#ifndef PLANLINT_CORE_EXPR_LEXER_H_
#define PLANLINT_CORE_EXPR_LEXER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace planlint::expr::internal {

enum class TokenKind : uint8_t {
  kEnd,     // end of the source
  kIdent,   // a name (reserved words included: the parser rejects them)
  kInt,     // decimal or hex integer without suffix (magnitude only)
  kUint,    // integer with a 'u' / 'U' suffix
  kDouble,  // floating point literal
  kString,  // string literal (decoded)
  kTrue,
  kFalse,
  kNull,
  kIn,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kLBrace,
  kRBrace,
  kDot,
  kComma,
  kColon,
  kQuestion,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
  kBang,
  kLt,
  kLe,
  kGt,
  kGe,
  kEqEq,
  kNe,
  kAndAnd,
  kOrOr,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  uint32_t offset = 0;    // byte offset of the token's first byte
  std::string_view text;  // the token's source text
  // kInt: the magnitude (the sign is a separate '-' token); int_overflow is
  // set when it does not even fit in 64 unsigned bits. kUint: the value.
  uint64_t int_value = 0;
  bool int_overflow = false;
  double double_value = 0;   // kDouble
  std::string string_value;  // kString: the decoded UTF-8 value
};

// Printable form of a token kind's spelling, for messages: "')'", "'&&'".
std::string_view TokenSpelling(TokenKind kind);

class Lexer {
 public:
  // `source` must outlive the lexer and the tokens it returns, and be shorter
  // than 2^32 bytes (the parser checks).
  explicit Lexer(std::string_view source) : src_(source) {}

  // Scans the next token into `token`. After the end of the source it keeps
  // returning kEnd. A lexical error is InvalidArgument with the offset of the
  // offending byte attached (WithOffset).
  absl::Status Next(Token& token);

 private:
  void SkipSpaceAndComments();
  absl::Status LexNumber(Token& token);
  absl::Status LexString(Token& token, size_t quote_pos, bool raw);
  absl::Status LexEscape(size_t& pos, std::string& out);
  absl::Status Error(size_t offset, std::string message) const;

  std::string_view src_;
  size_t pos_ = 0;
};

// Decodes one well-formed UTF-8 sequence at s[i] (no overlongs, surrogates or
// values beyond U+10FFFF). Returns its length (1-4) and sets `c`, or returns 0
// if the bytes at s[i] are not valid UTF-8.
size_t DecodeUtf8(std::string_view s, size_t i, char32_t& c);

}  // namespace planlint::expr::internal

#endif  // PLANLINT_CORE_EXPR_LEXER_H_

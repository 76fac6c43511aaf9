#include "core/expr/parser.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/expr/lexer.h"
#include "core/util/status.h"

namespace planlint::expr {
namespace {

using internal::Lexer;
using internal::Token;
using internal::TokenKind;

// The deepest tree the parser builds, and the deepest the parser recurses
// (brackets, call arguments, conditionals). Bounding the tree also bounds
// the recursion of Unparse, of later stages and of the tree's destructor.
constexpr int kMaxDepth = 250;
constexpr char kTooDeep[] =
    "expression nested too deeply (more than 250 levels of brackets, calls and operators)";
constexpr char kTooLong[] =
    "expression nested too deeply (more than 250 levels): each operator in a chain such as "
    "a + b + c nests one level; split the expression or group the chain in parentheses";

constexpr uint64_t kInt64Max = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

// Debian's abseil has its own string_view type.
absl::string_view AV(std::string_view s) { return absl::string_view(s.data(), s.size()); }

bool IsReserved(std::string_view name) {
  static constexpr std::string_view kReserved[] = {
      "as",  "break", "const",   "continue",  "else",   "for", "function", "if",    "import",
      "let", "loop",  "package", "namespace", "return", "var", "void",     "while",
  };
  return std::find(std::begin(kReserved), std::end(kReserved), name) != std::end(kReserved);
}

std::string ReservedMessage(std::string_view word) {
  return absl::StrCat("reserved word '", AV(word), "' cannot be used as a name");
}

// Binary operators: precedence (higher binds tighter) and internal name.
struct BinaryOp {
  int precedence = 0;  // 0: not a binary operator
  const char* name = nullptr;
};

BinaryOp BinaryOpOf(TokenKind kind) {
  switch (kind) {
    case TokenKind::kOrOr:
      return {1, kOr};
    case TokenKind::kAndAnd:
      return {2, kAnd};
    case TokenKind::kLt:
      return {3, kLt};
    case TokenKind::kLe:
      return {3, kLe};
    case TokenKind::kGt:
      return {3, kGt};
    case TokenKind::kGe:
      return {3, kGe};
    case TokenKind::kEqEq:
      return {3, kEq};
    case TokenKind::kNe:
      return {3, kNe};
    case TokenKind::kIn:
      return {3, kIn};
    case TokenKind::kPlus:
      return {4, kAdd};
    case TokenKind::kMinus:
      return {4, kSub};
    case TokenKind::kStar:
      return {5, kMul};
    case TokenKind::kSlash:
      return {5, kDiv};
    case TokenKind::kPercent:
      return {5, kMod};
    default:
      return {};
  }
}

std::string Unexpected(const Token& tok) {
  switch (tok.kind) {
    case TokenKind::kEnd:
      return "unexpected end of expression";
    case TokenKind::kIdent:
      return absl::StrCat("unexpected name '", AV(tok.text), "'");
    case TokenKind::kInt:
    case TokenKind::kUint:
    case TokenKind::kDouble:
      return absl::StrCat("unexpected number '", AV(tok.text), "'");
    default:
      return absl::StrCat("unexpected ", AV(internal::TokenSpelling(tok.kind)));
  }
}

std::string IntRangeMessage(const Token& tok) {
  return absl::StrCat("integer literal out of range: ", AV(tok.text),
                      " (an int is at most 9223372036854775807; add a 'u' suffix for a uint)");
}

// Where each argument of a call starts, for errors about one of them.
using ArgStarts = absl::InlinedVector<uint32_t, 4>;

// A subtree and its depth (a leaf has depth 1).
struct Parsed {
  ExprPtr expr;
  int depth = 0;
  explicit operator bool() const { return expr != nullptr; }
};

ExprPtr NewExpr(ExprKind kind, uint32_t offset) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->offset = offset;
  return e;
}

class Parser {
 public:
  explicit Parser(std::string_view source) : lexer_(source) {}

  absl::StatusOr<ExprPtr> Run() {
    if (!Advance()) return error_;
    if (tok_.kind == TokenKind::kEnd) {
      Fail(0, "empty expression");
      return error_;
    }
    Parsed result = ParseExpr();
    if (!result) return error_;
    if (tok_.kind != TokenKind::kEnd) {
      Fail(tok_.offset, Unexpected(tok_));
      return error_;
    }
    return std::move(result.expr);
  }

 private:
  Parsed Fail(uint32_t offset, std::string message) {
    error_ = WithOffset(absl::InvalidArgumentError(std::move(message)), offset);
    return {};
  }

  // Moves to the next token. False on a lexical error (error_ is set).
  bool Advance() {
    if (next_.has_value()) {
      tok_ = std::move(*next_);
      next_.reset();
      return true;
    }
    absl::Status status = lexer_.Next(tok_);
    if (!status.ok()) {
      error_ = std::move(status);
      return false;
    }
    return true;
  }

  // The token after the current one, or nullptr on a lexical error.
  const Token* Peek() {
    if (!next_.has_value()) {
      next_.emplace();
      absl::Status status = lexer_.Next(*next_);
      if (!status.ok()) {
        next_.reset();
        error_ = std::move(status);
        return nullptr;
      }
    }
    return &*next_;
  }

  // Wraps a finished node, failing when it is deeper than the limit.
  Parsed Finish(ExprPtr e, int depth, const char* too_deep = kTooDeep) {
    if (depth > kMaxDepth) return Fail(e->offset, too_deep);
    return Parsed{std::move(e), depth};
  }

  // An operator call. Takes the arguments' trees.
  Parsed Call(const char* name, uint32_t offset, std::initializer_list<Parsed*> args,
              const char* too_deep = kTooDeep) {
    auto e = NewExpr(ExprKind::kCall, offset);
    e->name = name;
    e->args.reserve(args.size());
    int depth = 0;
    for (Parsed* a : args) {
      depth = std::max(depth, a->depth);
      e->args.push_back(std::move(a->expr));
    }
    return Finish(std::move(e), depth + 1, too_deep);
  }

  Parsed Const(Constant value, uint32_t offset) {
    auto e = NewExpr(ExprKind::kConst, offset);
    e->constant = std::move(value);
    if (!Advance()) return {};
    return Parsed{std::move(e), 1};
  }

  // Expr = ConditionalOr ["?" ConditionalOr ":" Expr]
  Parsed ParseExpr() {
    if (recursion_ >= kMaxDepth) return Fail(tok_.offset, kTooDeep);
    ++recursion_;
    struct Guard {
      int& count;
      ~Guard() { --count; }
    } guard{recursion_};

    Parsed cond = ParseBinary(1);
    if (!cond || tok_.kind != TokenKind::kQuestion) return cond;
    const uint32_t offset = tok_.offset;
    if (!Advance()) return {};
    Parsed then = ParseBinary(1);
    if (!then) return {};
    if (tok_.kind != TokenKind::kColon) return Fail(tok_.offset, "missing ':' in conditional");
    if (!Advance()) return {};
    Parsed otherwise = ParseExpr();
    if (!otherwise) return {};
    return Call(kConditional, offset, {&cond, &then, &otherwise});
  }

  // ConditionalOr, ConditionalAnd, Relation, Addition and Multiplication by
  // precedence climbing: left-associative chains are loops, and the
  // recursion per nesting level is bounded by the number of levels.
  Parsed ParseBinary(int min_precedence) {
    Parsed lhs = ParseUnary();
    while (lhs) {
      const BinaryOp op = BinaryOpOf(tok_.kind);
      if (op.precedence == 0 || op.precedence < min_precedence) break;
      const uint32_t offset = tok_.offset;
      if (!Advance()) return {};
      Parsed rhs = ParseBinary(op.precedence + 1);
      if (!rhs) return {};
      lhs = Call(op.name, offset, {&lhs, &rhs}, kTooLong);
    }
    return lhs;
  }

  // Unary = Member | "!" {"!"} Member | "-" {"-"} Member
  Parsed ParseUnary() {
    if (tok_.kind != TokenKind::kBang && tok_.kind != TokenKind::kMinus) return ParseMember();
    const TokenKind op = tok_.kind;
    std::vector<uint32_t> offsets;
    while (tok_.kind == op) {
      offsets.push_back(tok_.offset);
      if (!Advance()) return {};
    }
    if (tok_.kind == TokenKind::kBang || tok_.kind == TokenKind::kMinus) {
      return Fail(tok_.offset,
                  op == TokenKind::kBang
                      ? "'-' cannot follow '!' directly; use parentheses, as in !(-x)"
                      : "'!' cannot follow '-' directly; use parentheses, as in -(!x)");
    }
    Parsed operand;
    bool folded = false;
    if (op == TokenKind::kMinus &&
        (tok_.kind == TokenKind::kInt || tok_.kind == TokenKind::kDouble)) {
      // A '-' directly before a numeric literal is part of the literal (as in
      // cel-go), so that -9223372036854775808 is an int. Not when the literal
      // is the target of a select or index: -1.f() is -(1.f()).
      const Token* next = Peek();
      if (next == nullptr) return {};
      if (next->kind != TokenKind::kDot && next->kind != TokenKind::kLBracket) {
        operand = NegativeLiteral(offsets.back());
        if (!operand) return {};
        offsets.pop_back();
        folded = true;
      }
    }
    if (!folded) {
      operand = ParseMember();
      if (!operand) return {};
    }
    for (auto it = offsets.rbegin(); it != offsets.rend(); ++it) {
      operand = Call(op == TokenKind::kBang ? kNot : kNeg, *it, {&operand});
      if (!operand) return {};
    }
    return operand;
  }

  // The current token is an int or double literal preceded by '-'.
  Parsed NegativeLiteral(uint32_t minus_offset) {
    if (tok_.kind == TokenKind::kDouble) return Const(-tok_.double_value, minus_offset);
    constexpr uint64_t kMinMagnitude = kInt64Max + 1;
    if (tok_.int_overflow || tok_.int_value > kMinMagnitude) {
      return Fail(tok_.offset, absl::StrCat("integer literal out of range: -", AV(tok_.text),
                                            " (an int is at least -9223372036854775808)"));
    }
    const int64_t value = tok_.int_value == kMinMagnitude ? std::numeric_limits<int64_t>::min()
                                                          : -static_cast<int64_t>(tok_.int_value);
    return Const(value, minus_offset);
  }

  // Member = Primary | Member "." IDENT ["(" [ExprList] ")"] | Member "[" Expr "]"
  Parsed ParseMember() {
    Parsed member = ParsePrimary();
    while (member) {
      if (tok_.kind == TokenKind::kDot) {
        member = ParseSelectOrMethod(std::move(member));
      } else if (tok_.kind == TokenKind::kLBracket) {
        const uint32_t offset = tok_.offset;
        if (!Advance()) return {};
        Parsed index = ParseExpr();
        if (!index) return {};
        if (tok_.kind != TokenKind::kRBracket) {
          return Fail(tok_.offset, "expected ']' after index");
        }
        if (!Advance()) return {};
        member = Call(kIndex, offset, {&member, &index});
      } else if (tok_.kind == TokenKind::kLBrace) {
        return Fail(tok_.offset, "message construction such as Foo{field: value} is not supported");
      } else {
        break;
      }
    }
    return member;
  }

  // "." IDENT ["(" [ExprList] ")"] after `member`; the current token is '.'.
  // Kept out of ParseMember so that its frame, on every level of recursion,
  // stays small.
  Parsed ParseSelectOrMethod(Parsed member) {
    if (!Advance()) return {};
    std::string name;
    uint32_t offset = 0;
    if (!ParseName("expected a field or method name after '.'", name, offset)) return {};
    const bool is_call = tok_.kind == TokenKind::kLParen;
    auto e = NewExpr(is_call ? ExprKind::kCall : ExprKind::kSelect, offset);
    e->name = std::move(name);
    int depth = member.depth;
    e->target = std::move(member.expr);
    if (is_call) {
      ArgStarts starts;
      if (!ParseArgs(*e, depth, starts)) return {};
      if (!CheckMacroVariable(*e, starts)) return {};
    }
    return Finish(std::move(e), depth + 1);
  }

  // Reads an identifier that is not a reserved word.
  bool ParseName(std::string_view expected, std::string& name, uint32_t& offset) {
    switch (tok_.kind) {
      case TokenKind::kTrue:
      case TokenKind::kFalse:
      case TokenKind::kNull:
      case TokenKind::kIn:
        Fail(tok_.offset, ReservedMessage(tok_.text));
        return false;
      case TokenKind::kIdent:
        break;
      default:
        Fail(tok_.offset, std::string(expected));
        return false;
    }
    if (IsReserved(tok_.text)) {
      Fail(tok_.offset, ReservedMessage(tok_.text));
      return false;
    }
    name = std::string(tok_.text);
    offset = tok_.offset;
    return Advance();
  }

  // "(" [ExprList] ")" into call.args; the current token is '('. Raises
  // `depth` to the deepest argument's and records where each argument starts.
  bool ParseArgs(Expr& call, int& depth, ArgStarts& starts) {
    if (!Advance()) return false;
    if (tok_.kind == TokenKind::kRParen) return Advance();
    // Most calls take one to three arguments.
    call.args.reserve(3);
    while (true) {
      starts.push_back(tok_.offset);
      Parsed arg = ParseExpr();
      if (!arg) return false;
      depth = std::max(depth, arg.depth);
      call.args.push_back(std::move(arg.expr));
      if (tok_.kind == TokenKind::kComma) {
        if (!Advance()) return false;
      } else if (tok_.kind == TokenKind::kRParen) {
        return Advance();
      } else {
        Fail(tok_.offset, "expected ')' after function arguments");
        return false;
      }
    }
  }

  // The comprehension macros bind a variable: e.all(x, p), e.map(x, p, t).
  bool CheckMacroVariable(const Expr& call, const ArgStarts& starts) {
    const std::string& n = call.name;
    const size_t argc = call.args.size();
    const bool macro =
        ((n == "all" || n == "exists" || n == "exists_one" || n == "filter") && argc == 2) ||
        (n == "map" && (argc == 2 || argc == 3));
    if (!macro || call.args[0]->kind == ExprKind::kIdent) return true;
    Fail(starts[0], absl::StrCat("the first argument of ", n, " must be a variable name"));
    return false;
  }

  bool CheckHas(const Expr& call, const ArgStarts& starts) {
    if (call.name != "has") return true;
    if (call.args.size() != 1) {
      Fail(call.offset, "has() takes exactly one argument, a field selection such as has(a.b)");
      return false;
    }
    if (call.args[0]->kind != ExprKind::kSelect) {
      Fail(starts[0], "the argument of has() must be a field selection such as has(a.b)");
      return false;
    }
    return true;
  }

  // Primary = IDENT ["(" [ExprList] ")"] | "(" Expr ")" | "[" [ExprList] [","] "]"
  //         | "{" [MapInits] [","] "}" | LITERAL
  Parsed ParsePrimary() {
    const uint32_t offset = tok_.offset;
    switch (tok_.kind) {
      case TokenKind::kIdent: {
        std::string name;
        uint32_t name_offset = 0;
        if (!ParseName("", name, name_offset)) return {};
        if (tok_.kind != TokenKind::kLParen) {
          auto e = NewExpr(ExprKind::kIdent, offset);
          e->name = std::move(name);
          return Parsed{std::move(e), 1};
        }
        auto e = NewExpr(ExprKind::kCall, offset);
        e->name = std::move(name);
        int depth = 0;
        ArgStarts starts;
        if (!ParseArgs(*e, depth, starts)) return {};
        if (!CheckHas(*e, starts)) return {};
        return Finish(std::move(e), depth + 1);
      }
      case TokenKind::kTrue:
        return Const(true, offset);
      case TokenKind::kFalse:
        return Const(false, offset);
      case TokenKind::kNull:
        return Const(NullConst{}, offset);
      case TokenKind::kInt:
        if (tok_.int_overflow || tok_.int_value > kInt64Max) {
          return Fail(offset, IntRangeMessage(tok_));
        }
        return Const(static_cast<int64_t>(tok_.int_value), offset);
      case TokenKind::kUint:
        return Const(tok_.int_value, offset);
      case TokenKind::kDouble:
        return Const(tok_.double_value, offset);
      case TokenKind::kString:
        return Const(std::move(tok_.string_value), offset);
      case TokenKind::kLParen: {
        if (!Advance()) return {};
        Parsed inner = ParseExpr();
        if (!inner) return {};
        if (tok_.kind != TokenKind::kRParen) {
          return Fail(tok_.offset, "expected ')' after parenthesized expression");
        }
        if (!Advance()) return {};
        return inner;
      }
      case TokenKind::kLBracket:
        return ParseList();
      case TokenKind::kLBrace:
        return ParseMap();
      case TokenKind::kDot: {
        const Token* next = Peek();
        if (next == nullptr) return {};
        if (next->kind == TokenKind::kIdent) {
          return Fail(offset, "names starting with '.' (root-scoped names) are not supported");
        }
        return Fail(offset, Unexpected(tok_));
      }
      default:
        return Fail(offset, Unexpected(tok_));
    }
  }

  Parsed ParseList() {
    auto e = NewExpr(ExprKind::kList, tok_.offset);
    int depth = 0;
    if (!Advance()) return {};
    while (tok_.kind != TokenKind::kRBracket) {
      Parsed element = ParseExpr();
      if (!element) return {};
      depth = std::max(depth, element.depth);
      e->args.push_back(std::move(element.expr));
      if (tok_.kind == TokenKind::kComma) {
        if (!Advance()) return {};
      } else if (tok_.kind != TokenKind::kRBracket) {
        return Fail(tok_.offset, "expected ']' after list elements");
      }
    }
    if (!Advance()) return {};
    return Finish(std::move(e), depth + 1);
  }

  Parsed ParseMap() {
    auto e = NewExpr(ExprKind::kMap, tok_.offset);
    int depth = 0;
    if (!Advance()) return {};
    while (tok_.kind != TokenKind::kRBrace) {
      Parsed key = ParseExpr();
      if (!key) return {};
      if (tok_.kind != TokenKind::kColon) return Fail(tok_.offset, "expected ':' after map key");
      if (!Advance()) return {};
      Parsed value = ParseExpr();
      if (!value) return {};
      depth = std::max({depth, key.depth, value.depth});
      e->args.push_back(std::move(key.expr));
      e->args.push_back(std::move(value.expr));
      if (tok_.kind == TokenKind::kComma) {
        if (!Advance()) return {};
      } else if (tok_.kind != TokenKind::kRBrace) {
        return Fail(tok_.offset, "expected '}' after map entries");
      }
    }
    if (!Advance()) return {};
    return Finish(std::move(e), depth + 1);
  }

  Lexer lexer_;
  Token tok_;
  std::optional<Token> next_;
  absl::Status error_;
  int recursion_ = 0;
};

// ---------------------------------------------------------------------------
// Unparse

const char* BinarySymbol(std::string_view name) {
  static constexpr std::pair<std::string_view, const char*> kSymbols[] = {
      {kOr, "||"}, {kAnd, "&&"}, {kEq, "=="}, {kNe, "!="}, {kLt, "<"},  {kLe, "<="}, {kGt, ">"},
      {kGe, ">="}, {kIn, "in"},  {kAdd, "+"}, {kSub, "-"}, {kMul, "*"}, {kDiv, "/"}, {kMod, "%"},
  };
  for (const auto& [n, symbol] : kSymbols) {
    if (n == name) return symbol;
  }
  return nullptr;
}

bool IsOperator(const Expr& e, std::string_view name, size_t argc) {
  return e.kind == ExprKind::kCall && e.target == nullptr && e.name == name &&
         e.args.size() == argc;
}

bool IsUnary(const Expr& e) { return IsOperator(e, kNot, 1) || IsOperator(e, kNeg, 1); }

bool IsNumericConst(const Expr& e) {
  return e.kind == ExprKind::kConst && (std::holds_alternative<int64_t>(e.constant) ||
                                        std::holds_alternative<double>(e.constant));
}

bool IsNegativeConst(const Expr& e) {
  if (e.kind != ExprKind::kConst) return false;
  if (const auto* i = std::get_if<int64_t>(&e.constant)) return *i < 0;
  if (const auto* d = std::get_if<double>(&e.constant)) return std::signbit(*d);
  return false;
}

void QuoteString(std::string_view s, std::string& out) {
  out.push_back('"');
  for (size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\a':
        out += "\\a";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      case '\v':
        out += "\\v";
        continue;
      default:
        break;
    }
    if (c < 0x20 || c == 0x7f) {
      absl::StrAppendFormat(&out, "\\x%02x", c);
      continue;
    }
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      continue;
    }
    char32_t cp = 0;
    const size_t len = internal::DecodeUtf8(s, i, cp);
    if (len == 0) {
      // Not UTF-8 (a string the parser cannot have produced): keep it
      // visible; it re-parses as the code point, not the byte.
      absl::StrAppendFormat(&out, "\\x%02x", c);
      continue;
    }
    out.append(s.substr(i, len));
    i += len - 1;
  }
  out.push_back('"');
}

void AppendDouble(double d, std::string& out) {
  if (std::isnan(d)) {
    out += "double(\"NaN\")";
    return;
  }
  if (std::isinf(d)) {
    out += d > 0 ? "double(\"Infinity\")" : "double(\"-Infinity\")";
    return;
  }
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof(buf), d);
  std::string_view text(buf, static_cast<size_t>(result.ptr - buf));
  out.append(text);
  if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
}

void AppendConstant(const Constant& c, std::string& out) {
  if (std::holds_alternative<NullConst>(c)) {
    out += "null";
  } else if (const auto* b = std::get_if<bool>(&c)) {
    out += *b ? "true" : "false";
  } else if (const auto* i = std::get_if<int64_t>(&c)) {
    absl::StrAppend(&out, *i);
  } else if (const auto* u = std::get_if<uint64_t>(&c)) {
    absl::StrAppend(&out, *u, "u");
  } else if (const auto* d = std::get_if<double>(&c)) {
    AppendDouble(*d, out);
  } else if (const auto* s = std::get_if<std::string>(&c)) {
    QuoteString(*s, out);
  }
}

void Print(const Expr& e, std::string& out);

void PrintArgs(const std::vector<ExprPtr>& args, size_t from, std::string& out) {
  for (size_t i = from; i < args.size(); ++i) {
    if (i > from) out += ", ";
    if (args[i] != nullptr) Print(*args[i], out);
  }
}

// Prints an operand in Member position (a select, call or index target):
// unary operators and negative literals need parentheses there.
void PrintMember(const Expr& e, std::string& out) {
  const bool parens = IsUnary(e) || IsNegativeConst(e);
  if (parens) out.push_back('(');
  Print(e, out);
  if (parens) out.push_back(')');
}

void Print(const Expr& e, std::string& out) {
  switch (e.kind) {
    case ExprKind::kConst:
      AppendConstant(e.constant, out);
      return;
    case ExprKind::kIdent:
      out += e.name;
      return;
    case ExprKind::kSelect:
      if (e.target != nullptr) {
        PrintMember(*e.target, out);
        out.push_back('.');
      }
      out += e.name;
      return;
    case ExprKind::kList:
      out.push_back('[');
      PrintArgs(e.args, 0, out);
      out.push_back(']');
      return;
    case ExprKind::kMap:
      out.push_back('{');
      for (size_t i = 0; i + 1 < e.args.size(); i += 2) {
        if (i > 0) out += ", ";
        Print(*e.args[i], out);
        out += ": ";
        Print(*e.args[i + 1], out);
      }
      out.push_back('}');
      return;
    case ExprKind::kCall:
      break;
  }
  if (e.target == nullptr) {
    const bool has_args =
        std::all_of(e.args.begin(), e.args.end(), [](const ExprPtr& a) { return a != nullptr; });
    if (has_args && e.args.size() == 2) {
      if (const char* symbol = BinarySymbol(e.name)) {
        out.push_back('(');
        Print(*e.args[0], out);
        absl::StrAppend(&out, " ", symbol, " ");
        Print(*e.args[1], out);
        out.push_back(')');
        return;
      }
      if (e.name == kIndex) {
        PrintMember(*e.args[0], out);
        out.push_back('[');
        Print(*e.args[1], out);
        out.push_back(']');
        return;
      }
    }
    if (has_args && e.args.size() == 3 && e.name == kConditional) {
      out.push_back('(');
      Print(*e.args[0], out);
      out += " ? ";
      Print(*e.args[1], out);
      out += " : ";
      Print(*e.args[2], out);
      out.push_back(')');
      return;
    }
    if (has_args && e.args.size() == 1 && (e.name == kNot || e.name == kNeg)) {
      const bool negate = e.name == kNeg;
      const Expr& operand = *e.args[0];
      out.push_back(negate ? '-' : '!');
      if (IsOperator(operand, e.name, 1)) {
        Print(operand, out);  // "!!x", "--x"
      } else if (negate && IsNumericConst(operand)) {
        // "-(1)": "-1" would re-parse as the constant -1.
        out.push_back('(');
        Print(operand, out);
        out.push_back(')');
      } else {
        PrintMember(operand, out);
      }
      return;
    }
  } else {
    PrintMember(*e.target, out);
    out.push_back('.');
  }
  out += e.name;
  out.push_back('(');
  PrintArgs(e.args, 0, out);
  out.push_back(')');
}

}  // namespace

absl::StatusOr<ExprPtr> Parse(std::string_view source) {
  if (source.size() > std::numeric_limits<uint32_t>::max()) {
    return WithOffset(absl::InvalidArgumentError("expression too long (4 GiB or more)"), 0);
  }
  return Parser(source).Run();
}

std::string Unparse(const Expr& expr) {
  std::string out;
  Print(expr, out);
  return out;
}

}  // namespace planlint::expr

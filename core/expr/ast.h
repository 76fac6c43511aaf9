// The syntax tree of one CEL expression, as the parser produces it (stage 1
// of parse -> check/plan -> evaluate). Macros (`has`, `all`, `exists`,
// `exists_one`, `map`, `filter` and the plan-domain ones) are left as calls;
// the planner gives them meaning. Operators are calls with CEL's internal
// function names (`_+_`, `_&&_`, `!_`, `_?_:_`, `_[_]`, `@in`, ...).
#ifndef PLANLINT_CORE_EXPR_AST_H_
#define PLANLINT_CORE_EXPR_AST_H_

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace planlint::expr {

struct NullConst {
  bool operator==(const NullConst&) const = default;
};
// A literal. std::string holds a string literal's decoded UTF-8 value.
using Constant = std::variant<NullConst, bool, int64_t, uint64_t, double, std::string>;

enum class ExprKind : uint8_t {
  kConst,   // constant
  kIdent,   // name
  kSelect,  // target.name (target is set)
  kCall,    // name(args...) or target.name(args...) when target is set
  kList,    // [args...]
  kMap,     // {args[0]: args[1], args[2]: args[3], ...}
};

struct Expr {
  ExprKind kind = ExprKind::kConst;
  // Byte offset in the expression's source of the token that names this node
  // (the operator, the identifier, the '.' of a select, the '(' of a call
  // is not used: the function name's first byte is).
  uint32_t offset = 0;
  Constant constant;  // kConst
  std::string name;   // kIdent, kSelect (field), kCall (function)
  std::unique_ptr<Expr> target;
  std::vector<std::unique_ptr<Expr>> args;
};

using ExprPtr = std::unique_ptr<Expr>;

// Internal function names of the operators.
inline constexpr char kAnd[] = "_&&_";
inline constexpr char kOr[] = "_||_";
inline constexpr char kNot[] = "!_";
inline constexpr char kNeg[] = "-_";
inline constexpr char kConditional[] = "_?_:_";
inline constexpr char kIndex[] = "_[_]";
inline constexpr char kIn[] = "@in";
inline constexpr char kEq[] = "_==_";
inline constexpr char kNe[] = "_!=_";
inline constexpr char kLt[] = "_<_";
inline constexpr char kLe[] = "_<=_";
inline constexpr char kGt[] = "_>_";
inline constexpr char kGe[] = "_>=_";
inline constexpr char kAdd[] = "_+_";
inline constexpr char kSub[] = "_-_";
inline constexpr char kMul[] = "_*_";
inline constexpr char kDiv[] = "_/_";
inline constexpr char kMod[] = "_%_";

}  // namespace planlint::expr

#endif  // PLANLINT_CORE_EXPR_AST_H_

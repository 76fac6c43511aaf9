// CEL parser: source text -> Expr tree. Follows the grammar of cel-spec
// doc/langdef.md for the subset planlint implements.
#ifndef PLANLINT_CORE_EXPR_PARSER_H_
#define PLANLINT_CORE_EXPR_PARSER_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "core/expr/ast.h"

namespace planlint::expr {

// Parses one expression. On error returns InvalidArgument with a message a
// person can act on and the byte offset of the problem attached with
// WithOffset (core/util/status.h).
absl::StatusOr<ExprPtr> Parse(std::string_view source);

// Renders an expression back to CEL text (for diagnostics and tests).
std::string Unparse(const Expr& expr);

}  // namespace planlint::expr

#endif  // PLANLINT_CORE_EXPR_PARSER_H_

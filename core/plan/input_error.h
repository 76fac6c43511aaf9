// The careful scanner that explains why JSON text is not a valid plan: the
// first syntax error, invalid UTF-8 (lone surrogate escapes included), nesting
// deeper than kMaxPlanDepth, or a top level that is not an object, with the
// 1-based line and column (code points, BOM not counted) where it is.
// Only used on the error path, after the fast parser has refused the text.
#ifndef PLANLINT_CORE_PLAN_INPUT_ERROR_H_
#define PLANLINT_CORE_PLAN_INPUT_ERROR_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/util/status.h"

namespace planlint {

struct InputProblem {
  SourcePosition position;
  std::string message;  // e.g. "expected ',' or '}' after an object member"
};

// Returns the first problem of `text` (BOM already removed), or nullopt when
// the text is a valid plan document. When `wide_integers` is given, it gets
// the byte offset and length of each integer literal (outside strings) that
// fits no 64-bit integer but fits a double: valid numbers the fast parser
// refuses (plan-format.md rejects only numbers that fit neither).
std::optional<InputProblem> FindInputProblem(
    std::string_view text, int max_depth,
    std::vector<std::pair<size_t, size_t>>* wide_integers = nullptr);

// 1-based line/column of a byte offset (LF, CRLF or lone CR end a line;
// columns count code points).
SourcePosition PositionAtOffset(std::string_view text, size_t offset);

}  // namespace planlint

#endif  // PLANLINT_CORE_PLAN_INPUT_ERROR_H_

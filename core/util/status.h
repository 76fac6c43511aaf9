// Structured positions carried inside absl::Status payloads, so that an error
// can travel as a Status and still give its caller the line and column (or the
// offset inside an expression) as numbers.
#ifndef PLANLINT_CORE_UTIL_STATUS_H_
#define PLANLINT_CORE_UTIL_STATUS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"

namespace planlint {

// A 1-based line and column in a file (columns count code points).
struct SourcePosition {
  int line = 0;
  int column = 0;
};

// Attaches / reads the file position of an input or pack error.
absl::Status WithPosition(absl::Status status, std::string file, SourcePosition pos);
std::optional<SourcePosition> PositionOf(const absl::Status& status);
std::optional<std::string> FileOf(const absl::Status& status);

// Attaches / reads a byte offset into an expression's source text.
absl::Status WithOffset(absl::Status status, uint32_t offset);
std::optional<uint32_t> OffsetOf(const absl::Status& status);

}  // namespace planlint

#endif  // PLANLINT_CORE_UTIL_STATUS_H_

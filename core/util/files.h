#ifndef PLANLINT_CORE_UTIL_FILES_H_
#define PLANLINT_CORE_UTIL_FILES_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace planlint {

// The bytes of the regular file at `path`, with room for `extra_capacity`
// more reserved after them (simdjson's padding, for a plan). Only regular
// files are read: a FIFO, device or folder could block or never end
// (`--rules /dev/zero`, `extends: /dev/stdin`). The error says why, without
// the path: NotFound with strerror's text for a missing file,
// InvalidArgument with strerror's text or "not a regular file" otherwise.
absl::StatusOr<std::string> ReadRegularFile(const std::string& path, size_t extra_capacity = 0);

// Whether `path` names a regular file, without opening it: OK, or the error
// ReadRegularFile would give for a missing file or one that is not regular.
absl::Status CheckRegularFile(const std::string& path);

// ReadRegularFile's error `why` after `what` (which names the file):
// "WHAT: No such file or directory", with `why`'s code.
absl::Status CannotReadError(std::string_view what, const absl::Status& why);

}  // namespace planlint

#endif  // PLANLINT_CORE_UTIL_FILES_H_

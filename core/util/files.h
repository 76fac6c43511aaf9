#ifndef PLANLINT_CORE_UTIL_FILES_H_
#define PLANLINT_CORE_UTIL_FILES_H_

#include <optional>
#include <string>

namespace planlint {

// The bytes of the regular file at `path`; nullopt when it cannot be opened
// or is not a regular file (a FIFO, device or folder could block or never
// end: `--rules /dev/zero` or `extends: /dev/stdin` must not hang).
std::optional<std::string> ReadRegularFile(const std::string& path);

}  // namespace planlint

#endif  // PLANLINT_CORE_UTIL_FILES_H_

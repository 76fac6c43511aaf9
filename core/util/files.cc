#include "core/util/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/status/status.h"
#include "core/util/strings.h"

namespace planlint {
namespace {

absl::Status ErrnoError(int err) {
  return err == ENOENT ? absl::NotFoundError(std::strerror(err))
                       : absl::InvalidArgumentError(std::strerror(err));
}

}  // namespace

absl::StatusOr<std::string> ReadRegularFile(const std::string& path, size_t extra_capacity) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return ErrnoError(errno);
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return ErrnoError(err);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return absl::InvalidArgumentError("not a regular file");
  }
  std::string text;
  if (st.st_size > 0) text.reserve(static_cast<size_t>(st.st_size) + extra_capacity);
  char buffer[64 * 1024];
  while (true) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return ErrnoError(err);
    }
    if (got == 0) break;
    text.append(buffer, static_cast<size_t>(got));
  }
  ::close(fd);
  return text;
}

absl::Status CheckRegularFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return ErrnoError(errno);
  if (!S_ISREG(st.st_mode)) return absl::InvalidArgumentError("not a regular file");
  return absl::OkStatus();
}

absl::Status CannotReadError(std::string_view what, const absl::Status& why) {
  return absl::Status(why.code(), Cat(what, ": ", why.message()));
}

}  // namespace planlint

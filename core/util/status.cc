#include "core/util/status.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace planlint {
namespace {
constexpr char kPositionUrl[] = "planlint.dev/position";
constexpr char kFileUrl[] = "planlint.dev/file";
constexpr char kOffsetUrl[] = "planlint.dev/offset";
}  // namespace

absl::Status WithPosition(absl::Status status, std::string file, SourcePosition pos) {
  status.SetPayload(kPositionUrl, absl::Cord(absl::StrCat(pos.line, ":", pos.column)));
  status.SetPayload(kFileUrl, absl::Cord(std::move(file)));
  return status;
}

std::optional<SourcePosition> PositionOf(const absl::Status& status) {
  auto payload = status.GetPayload(kPositionUrl);
  if (!payload) return std::nullopt;
  std::pair<std::string, std::string> parts = absl::StrSplit(std::string(*payload), ':');
  SourcePosition pos;
  if (!absl::SimpleAtoi(parts.first, &pos.line) || !absl::SimpleAtoi(parts.second, &pos.column)) {
    return std::nullopt;
  }
  return pos;
}

std::optional<std::string> FileOf(const absl::Status& status) {
  auto payload = status.GetPayload(kFileUrl);
  if (!payload) return std::nullopt;
  return std::string(*payload);
}

absl::Status WithOffset(absl::Status status, uint32_t offset) {
  status.SetPayload(kOffsetUrl, absl::Cord(absl::StrCat(offset)));
  return status;
}

std::optional<uint32_t> OffsetOf(const absl::Status& status) {
  auto payload = status.GetPayload(kOffsetUrl);
  uint32_t offset = 0;
  if (!payload || !absl::SimpleAtoi(std::string(*payload), &offset)) return std::nullopt;
  return offset;
}

}  // namespace planlint

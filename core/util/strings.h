// Debian's abseil (20220623) has its own absl::string_view, distinct from
// std::string_view, and so absl::StrCat does not take std::string_view. The
// project's APIs use std::string_view; these helpers bridge the two.
#ifndef PLANLINT_CORE_UTIL_STRINGS_H_
#define PLANLINT_CORE_UTIL_STRINGS_H_

#include <string>
#include <string_view>
#include <type_traits>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace planlint {

inline absl::string_view Sv(std::string_view s) { return absl::string_view(s.data(), s.size()); }
inline std::string_view Sv(absl::string_view s) { return std::string_view(s.data(), s.size()); }

namespace strings_internal {
inline void AppendPiece(std::string& out, std::string_view s) { out.append(s); }
inline void AppendPiece(std::string& out, absl::string_view s) { out.append(s.data(), s.size()); }
inline void AppendPiece(std::string& out, const std::string& s) { out.append(s); }
inline void AppendPiece(std::string& out, const char* s) { out.append(s); }
inline void AppendPiece(std::string& out, char c) { out.push_back(c); }
template <typename T, typename = std::enable_if_t<std::is_arithmetic_v<T>>>
void AppendPiece(std::string& out, T value) {
  absl::StrAppend(&out, value);
}
inline void AppendPiece(std::string& out, const absl::AlphaNum& a) {
  out.append(a.data(), a.size());
}
}  // namespace strings_internal

// absl::StrCat / StrAppend that also take std::string_view.
template <typename... Args>
std::string Cat(const Args&... args) {
  std::string out;
  (strings_internal::AppendPiece(out, args), ...);
  return out;
}
template <typename... Args>
void Append(std::string* out, const Args&... args) {
  (strings_internal::AppendPiece(*out, args), ...);
}

}  // namespace planlint

#endif  // PLANLINT_CORE_UTIL_STRINGS_H_

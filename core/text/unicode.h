// Text helpers with the plan format's exact meanings (plan-format.md,
// "Conventions"): UTF-8 decoding, white space, trimming, collapsing and
// Unicode simple case folding.
#ifndef PLANLINT_CORE_TEXT_UNICODE_H_
#define PLANLINT_CORE_TEXT_UNICODE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace planlint::text {

// True for the code points ECMAScript's trim() removes: tab, LF, VT, FF, CR,
// space, U+00A0, U+FEFF, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F,
// U+205F, U+3000.
bool IsSpace(char32_t c);

// Decodes one code point of valid UTF-8 at s[i], advancing i. The input is
// assumed valid (plans are validated by the parser); on a malformed byte it
// returns U+FFFD and advances by one.
char32_t DecodeUtf8(std::string_view s, size_t& i);
void AppendUtf8(char32_t c, std::string& out);

// Number of code points in valid UTF-8 text.
size_t CountCodePoints(std::string_view s);

// Removes white space (IsSpace) at both ends. Returns a view into `s`.
std::string_view TrimSlow(std::string_view s);
inline std::string_view Trim(std::string_view s) {
  // Most text starts and ends with a printable ASCII character (0x21-0x7F,
  // never white space): then there is nothing to trim.
  if (!s.empty() && static_cast<unsigned char>(s.front()) - 0x21u < 0x5Fu &&
      static_cast<unsigned char>(s.back()) - 0x21u < 0x5Fu) {
    return s;
  }
  return TrimSlow(s);
}

// Trims, then turns each inner run of white space into one ASCII space.
std::string Collapse(std::string_view s);

// Unicode simple case folding (CaseFolding.txt statuses C and S), the
// folding RE2's (?i) uses. No normalisation.
char32_t FoldCase(char32_t c);
std::string FoldCase(std::string_view s);

// Collapse + FoldCase: the key names of people and roles are compared by.
std::string NormalizeName(std::string_view s);

// The same three into `*out` (replacing its contents), so that a caller can
// reuse one buffer instead of allocating a string per call.
void Collapse(std::string_view s, std::string* out);
void FoldCase(std::string_view s, std::string* out);
void NormalizeName(std::string_view s, std::string* out);

// The same three into a caller's buffer of at least MaxTextSize(s.size())
// bytes; they return the number of bytes written. Folding can lengthen a
// code point by half (2 bytes to 3, e.g. U+023A to U+2C65), never more.
constexpr size_t MaxTextSize(size_t n) { return n + n / 2 + 4; }
size_t CollapseTo(std::string_view s, char* out);
size_t FoldCaseTo(std::string_view s, char* out);
size_t NormalizeNameTo(std::string_view s, char* out);

}  // namespace planlint::text

#endif  // PLANLINT_CORE_TEXT_UNICODE_H_

#include "core/text/unicode.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <iterator>

namespace planlint::text {
namespace {

struct FoldRange {
  char32_t lo;
  char32_t hi;
  int32_t delta;
  uint32_t stride;
};

constexpr FoldRange kFoldRanges[] = {
#include "core/text/casefold_table.inc"
};

constexpr char32_t kReplacement = 0xFFFD;

// Decodes one well-formed UTF-8 sequence at s[i]. Returns its length (1-4)
// and sets `c`, or 0 when the bytes at s[i] are not well-formed UTF-8
// (overlong forms, surrogates and code points above U+10FFFF included).
size_t DecodeChecked(std::string_view s, size_t i, char32_t& c) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + i;
  size_t left = s.size() - i;
  unsigned char b0 = p[0];
  if (b0 < 0x80) {
    c = b0;
    return 1;
  }
  auto cont = [&](size_t k) { return k < left && (p[k] & 0xC0) == 0x80; };
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    if (!cont(1)) return 0;
    c = (char32_t(b0 & 0x1F) << 6) | (p[1] & 0x3F);
    return 2;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (b0 == 0xE0 && p[1] < 0xA0) return 0;   // overlong
    if (b0 == 0xED && p[1] >= 0xA0) return 0;  // surrogate
    c = (char32_t(b0 & 0x0F) << 12) | (char32_t(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (b0 == 0xF0 && p[1] < 0x90) return 0;   // overlong
    if (b0 == 0xF4 && p[1] >= 0x90) return 0;  // above U+10FFFF
    c = (char32_t(b0 & 0x07) << 18) | (char32_t(p[1] & 0x3F) << 12) | (char32_t(p[2] & 0x3F) << 6) |
        (p[3] & 0x3F);
    return 4;
  }
  return 0;
}

bool IsAsciiSpace(unsigned char b) { return b == ' ' || (b >= 0x09 && b <= 0x0D); }

}  // namespace

bool IsSpace(char32_t c) {
  if (c < 0x80) return IsAsciiSpace(static_cast<unsigned char>(c));
  switch (c) {
    case 0x00A0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

char32_t DecodeUtf8(std::string_view s, size_t& i) {
  if (i >= s.size()) {
    ++i;
    return kReplacement;
  }
  char32_t c = 0;
  size_t len = DecodeChecked(s, i, c);
  if (len == 0) {
    ++i;
    return kReplacement;
  }
  i += len;
  return c;
}

void AppendUtf8(char32_t c, std::string& out) {
  if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = kReplacement;
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

size_t CountCodePoints(std::string_view s) {
  size_t n = 0;
  for (char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  return n;
}

std::string_view TrimSlow(std::string_view s) {
  size_t begin = 0;
  while (begin < s.size()) {
    auto b = static_cast<unsigned char>(s[begin]);
    if (b < 0x80) {
      if (!IsAsciiSpace(b)) break;
      ++begin;
      continue;
    }
    char32_t c = 0;
    size_t len = DecodeChecked(s, begin, c);
    if (len == 0 || !IsSpace(c)) break;
    begin += len;
  }
  size_t end = s.size();
  while (end > begin) {
    auto b = static_cast<unsigned char>(s[end - 1]);
    if (b < 0x80) {
      if (!IsAsciiSpace(b)) break;
      --end;
      continue;
    }
    // Step back to the lead byte of the last sequence (at most 4 bytes).
    size_t start = end - 1;
    while (start > begin && end - start < 4 &&
           (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) {
      --start;
    }
    char32_t c = 0;
    size_t len = DecodeChecked(s, start, c);
    if (len == 0 || start + len != end || !IsSpace(c)) break;
    end = start;
  }
  return s.substr(begin, end - begin);
}

namespace {

// What the copying loops do with each byte: ASCII other than white space is
// copied (lower-cased when folding), ASCII white space is collapsed, a byte
// of 0x80 or above starts a sequence to decode.
enum ByteKind : uint8_t { kCopy = 0, kAsciiSpace = 1, kMultiByte = 2 };

constexpr std::array<uint8_t, 256> MakeByteKinds() {
  std::array<uint8_t, 256> kinds{};
  for (int b = 0; b < 256; ++b) {
    if (b >= 0x80) {
      kinds[b] = kMultiByte;
    } else if (b == ' ' || (b >= 0x09 && b <= 0x0D)) {
      kinds[b] = kAsciiSpace;
    }
  }
  return kinds;
}
constexpr std::array<uint8_t, 256> kByteKind = MakeByteKinds();

constexpr std::array<unsigned char, 128> MakeAsciiLower() {
  std::array<unsigned char, 128> lower{};
  for (int b = 0; b < 128; ++b) lower[b] = (b >= 'A' && b <= 'Z') ? b + 32 : b;
  return lower;
}
constexpr std::array<unsigned char, 128> kAsciiLower = MakeAsciiLower();

// Whether any code point of the 256-code-point block (c >> 8) has a case
// folding: most non-ASCII text (punctuation, CJK, ...) has none, and then
// FoldCase needs no search of kFoldRanges.
constexpr size_t kBlocks = 0x110000 >> 8;
constexpr std::array<uint64_t, kBlocks / 64> MakeFoldBlocks() {
  std::array<uint64_t, kBlocks / 64> blocks{};
  for (const FoldRange& r : kFoldRanges) {
    for (char32_t b = r.lo >> 8; b <= (r.hi >> 8); ++b) blocks[b / 64] |= uint64_t{1} << (b % 64);
  }
  return blocks;
}
constexpr std::array<uint64_t, kBlocks / 64> kFoldBlocks = MakeFoldBlocks();

// Whether c (a valid code point) may have a case folding: false for every
// code point of a block without any.
inline bool MayFold(char32_t c) {
  const char32_t block = c >> 8;
  return block < kBlocks && ((kFoldBlocks[block / 64] >> (block % 64)) & 1) != 0;
}

// IsSpace for a code point of 0x80 or above, inline for the copying loops.
inline bool IsNonAsciiSpace(char32_t c) {
  if (c < 0x2000) return c == 0x00A0 || c == 0x1680;
  return c <= 0x200A || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 ||
         c == 0xFEFF;
}

// AppendUtf8 into a raw buffer; returns the end of what it wrote.
char* PutUtf8(char32_t c, char* out) {
  if ((c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF) c = kReplacement;
  if (c < 0x80) {
    *out++ = static_cast<char>(c);
  } else if (c < 0x800) {
    *out++ = static_cast<char>(0xC0 | (c >> 6));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (c >> 12));
    *out++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (c >> 18));
    *out++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (c & 0x3F));
  }
  return out;
}

// Eight bytes at a time (little-endian machines): the words of plain ASCII
// text, where a byte-by-byte loop would only copy (and lower-case).
constexpr bool kWordAtATime = std::endian::native == std::endian::little;
constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHighBits = 0x8080808080808080ull;

// Whether a byte of w is 0x80 or above, or below 0x20 (control characters
// and ASCII white space other than ' ').
inline bool HasHighOrControl(uint64_t w) {
  return ((((w - kOnes * 0x20) & ~w) | w) & kHighBits) != 0;
}

// The high bit of each byte of w that is ' ', w being ASCII.
inline uint64_t SpaceBytes(uint64_t w) {
  const uint64_t x = w ^ (kOnes * 0x20);
  return ~(((x & ~kHighBits) + ~kHighBits) | x) & kHighBits;
}

// w with its ASCII upper-case letters lower-cased, w being ASCII.
inline uint64_t LowerAsciiWord(uint64_t w) {
  const uint64_t at_least_a = w + kOnes * (0x80 - 'A');
  const uint64_t above_z = w + kOnes * (0x80 - 'Z' - 1);
  return w | (((at_least_a & ~above_z) & kHighBits) >> 2);
}

// Copies the non-ASCII character at `p` to `w`, case-folded when kFold:
// `len` bytes decoded as `c`, or a malformed byte (`len` 0) kept as it is.
// Returns the new write position and moves `p` past the character.
template <bool kFold>
inline char* PutDecoded(const unsigned char*& p, size_t len, char32_t c, char* w) {
  if (len == 0) {
    *w++ = static_cast<char>(*p++);
    return w;
  }
  if (kFold && MayFold(c)) {
    w = PutUtf8(FoldCase(c), w);
  } else {
    std::memcpy(w, p, len);
    w += len;
  }
  p += len;
  return w;
}

// Collapse (kFold == false) or Collapse + FoldCase (kFold == true) in one
// pass into `out` (at least MaxTextSize(s.size()) bytes); returns the bytes
// written. Folding never makes or unmakes white space, so folding each code
// point as it is copied gives FoldCase(Collapse(s)). A run of white space
// is written as one space where it starts: `s` is trimmed, so every run is
// followed by something else, which Collapse's space comes before.
template <bool kFold>
size_t CollapseTo(std::string_view s, char* const out) {
  s = Trim(s);
  char* w = out;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* const end = p + s.size();
  // Whether the last byte written is the space of a run of white space
  // (the rest of the run is skipped).
  bool after_space = false;
  // Byte by byte up to here (where a word of eight bytes could not be
  // copied whole).
  const unsigned char* slow_until = p;
  while (p < end) {
    if constexpr (kWordAtATime) {
      // Eight bytes of ASCII without control characters, whose spaces are
      // single (none beside another, none first right after a space):
      // copied as they are.
      if (p >= slow_until && end - p >= 8) {
        uint64_t word;
        std::memcpy(&word, p, 8);
        if (!HasHighOrControl(word)) {
          const uint64_t spaces = SpaceBytes(word);
          if ((spaces & ((spaces << 8) | (after_space ? 0x80 : 0))) == 0) {
            if constexpr (kFold) word = LowerAsciiWord(word);
            std::memcpy(w, &word, 8);
            w += 8;
            p += 8;
            after_space = (spaces >> 63) != 0;
            continue;
          }
        }
        slow_until = p + 8;
      }
    }
    const unsigned char b = *p;
    const uint8_t kind = kByteKind[b];
    if (kind == kCopy) {
      *w++ = static_cast<char>(kFold ? kAsciiLower[b] : b);
      after_space = false;
      ++p;
      continue;
    }
    if (kind == kAsciiSpace) {
      if (!after_space) *w++ = ' ';
      after_space = true;
      ++p;
      continue;
    }
    const size_t i = static_cast<size_t>(p - reinterpret_cast<const unsigned char*>(s.data()));
    char32_t c = 0;
    const size_t len = DecodeChecked(s, i, c);
    if (len != 0 && IsNonAsciiSpace(c)) {
      if (!after_space) *w++ = ' ';
      after_space = true;
      p += len;
      continue;
    }
    after_space = false;
    w = PutDecoded<kFold>(p, len, c, w);
  }
  return static_cast<size_t>(w - out);
}

}  // namespace

std::string Collapse(std::string_view s) {
  std::string out;
  Collapse(s, &out);
  return out;
}

size_t CollapseTo(std::string_view s, char* out) { return CollapseTo<false>(s, out); }
size_t NormalizeNameTo(std::string_view s, char* out) { return CollapseTo<true>(s, out); }

size_t FoldCaseTo(std::string_view s, char* const out) {
  char* w = out;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* const end = p + s.size();
  if constexpr (kWordAtATime) {
    for (; end - p >= 8; p += 8, w += 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      if ((word & kHighBits) != 0) break;
      word = LowerAsciiWord(word);
      std::memcpy(w, &word, 8);
    }
  }
  while (p < end) {
    const unsigned char b = *p;
    if (b < 0x80) {
      *w++ = static_cast<char>(kAsciiLower[b]);
      ++p;
      continue;
    }
    const size_t i = static_cast<size_t>(p - reinterpret_cast<const unsigned char*>(s.data()));
    char32_t c = 0;
    const size_t len = DecodeChecked(s, i, c);
    w = PutDecoded<true>(p, len, c, w);
  }
  return static_cast<size_t>(w - out);
}

namespace {

// Runs one of the *To functions into `out`, sized for it and then cut to
// what it wrote.
template <size_t (*kTo)(std::string_view, char*)>
void Into(std::string_view s, std::string* out) {
  out->resize(MaxTextSize(s.size()));
  out->resize(kTo(s, out->data()));
}

}  // namespace

void Collapse(std::string_view s, std::string* out) { Into<CollapseTo>(s, out); }

char32_t FoldCase(char32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (!MayFold(c)) return c;
  // Last range whose lo <= c.
  auto it = std::upper_bound(std::begin(kFoldRanges), std::end(kFoldRanges), c,
                             [](char32_t v, const FoldRange& r) { return v < r.lo; });
  if (it == std::begin(kFoldRanges)) return c;
  --it;
  if (c > it->hi || (c - it->lo) % it->stride != 0) return c;
  return static_cast<char32_t>(static_cast<int32_t>(c) + it->delta);
}

std::string FoldCase(std::string_view s) {
  std::string out;
  FoldCase(s, &out);
  return out;
}

void FoldCase(std::string_view s, std::string* out) { Into<FoldCaseTo>(s, out); }

std::string NormalizeName(std::string_view s) {
  std::string out;
  NormalizeName(s, &out);
  return out;
}

void NormalizeName(std::string_view s, std::string* out) { Into<NormalizeNameTo>(s, out); }

}  // namespace planlint::text

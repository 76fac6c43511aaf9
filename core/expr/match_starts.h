// Where a match of a regular expression can start: a filter on the first two
// bytes of every match, derived once from the pattern's text, so that
// findAll and matches call RE2 only from positions where a match may begin
// and skip the strings where none can (RE2's DFA reads every byte at about
// 19 instructions, and every call costs several hundred more).
//
// The filter over-approximates: it reads the pattern as the language without
// its empty-width assertions (\b, ^, $, ...), which holds every match, and
// takes the bytes that can come first and second in that language. A
// position it rejects starts no match, so searching from the next position it
// accepts finds RE2's own leftmost match. A pattern it cannot model (flags,
// Unicode classes, non-ASCII literals, options other than the defaults,
// anything unusual) or one that can match the empty string gets no filter:
// every position is possible, and RE2 runs as before.
#ifndef PLANLINT_CORE_EXPR_MATCH_STARTS_H_
#define PLANLINT_CORE_EXPR_MATCH_STARTS_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "re2/re2.h"

namespace planlint::expr {

class MatchStarts {
 public:
  static constexpr size_t npos = static_cast<size_t>(-1);

  // No filter: every position is possible.
  MatchStarts() = default;
  // The filter of `re` (none when its pattern or options are not modelled).
  static MatchStarts For(const RE2& re);
  // The filter of a pattern compiled with RE2's default options (tests).
  static MatchStarts ForPattern(std::string_view pattern);

  bool active() const { return active_; }

  // RE2's leftmost match of `re` (the pattern this filter was made from) at
  // or after `pos` in `text`: what re.Match(text, pos, text.size(),
  // RE2::UNANCHORED, match, 1) finds, found from the positions Next leaves.
  bool Find(const RE2& re, std::string_view text, size_t pos, re2::StringPiece* match) const;

  // The first position at or after `pos` where a match may start, or npos
  // when none can. Without a filter, `pos` itself (npos past the end).
  size_t Next(std::string_view s, size_t pos) const {
    if (!active_) return pos <= s.size() ? pos : npos;
    const auto* d = reinterpret_cast<const unsigned char*>(s.data());
    const size_t n = s.size();
    if (one_) {
      for (size_t p = pos; p < n; ++p) {
        if (table_[d[p]] & kFirst) return p;
      }
      return npos;
    }
    // Every match is at least two bytes long. A byte that can come neither
    // first nor second rules out the position before it and its own.
    size_t p = pos;
    while (p + 1 < n) {
      // Eight positions at a time where every other byte is such a byte.
      if (p + 7 < n &&
          (table_[d[p + 1]] | table_[d[p + 3]] | table_[d[p + 5]] | table_[d[p + 7]]) == 0) {
        p += 8;
        continue;
      }
      const uint8_t next = table_[d[p + 1]];
      if (next == 0) {
        p += 2;
      } else if ((next & kSecond) && (table_[d[p]] & kFirst)) {
        return p;
      } else {
        ++p;
      }
    }
    return npos;
  }

 private:
  static constexpr uint8_t kFirst = 1;   // may be a match's first byte
  static constexpr uint8_t kSecond = 2;  // may be a match's second byte

  bool active_ = false;
  // A match may be one byte long: the second byte is not tested.
  bool one_ = false;
  uint8_t table_[256] = {};
};

}  // namespace planlint::expr

#endif  // PLANLINT_CORE_EXPR_MATCH_STARTS_H_

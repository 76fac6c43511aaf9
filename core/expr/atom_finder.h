// Finds which of a fixed set of literal "atoms" (the lower-case strings
// FilteredRE2 extracts from the fused scan's patterns) occur in a string, in
// one pass over its bytes: an Aho-Corasick automaton whose table reads ASCII
// letters case-insensitively. PatternSet uses it to decide which patterns a
// plan string needs RE2 for; most strings contain no atom and need none.
#ifndef PLANLINT_CORE_EXPR_ATOM_FINDER_H_
#define PLANLINT_CORE_EXPR_ATOM_FINDER_H_

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace planlint::expr {

class AtomFinder {
 public:
  // Builds the automaton. Atoms are matched with ASCII letters folded to
  // lower case, so they should be lower case (FilteredRE2's are).
  explicit AtomFinder(const std::vector<std::string>& atoms);
  AtomFinder() = default;

  // Appends to `found` (once each) the index of every atom that occurs in
  // `s` with RE2's case-insensitive reading of ASCII letters. Returns false,
  // with `found` unspecified, when the bytes alone cannot tell: `s` has a
  // non-ASCII character that case-folds to an ASCII letter (U+017F, U+212A),
  // or an atom has non-ASCII bytes and so may need Unicode folding, or the
  // automaton was too big to build. `seen` is scratch space (a byte per
  // atom, all zero between calls).
  bool Find(std::string_view s, std::vector<int>* found, std::vector<uint8_t>* seen) const;

  // False when Find would find no atom and could tell: the quick test for
  // the many strings that hold none. True when an atom occurs or Find would
  // answer "cannot tell".
  // Inline for the common case: the two-byte automaton with 16-bit entries,
  // which also sees the characters that need Unicode folding.
  bool MayHaveAtoms(std::string_view s) const {
    if (pairs16_only_) {
      return PairScan(s, pair_next16_.get(), pair_column_.get(), last_column_, pair_hit_);
    }
    return MayHaveAtomsSlow(s);
  }

  // MayHaveAtoms' common case on its own, for a loop over many strings that
  // keeps the tables it reads in registers: MayHaveAtoms(s) answers what
  // MayHaveAtoms would, when `next` is set (pair_tables() leaves it null
  // when MayHaveAtoms has to take another way).
  struct PairTables {
    const uint16_t* next = nullptr;
    const uint16_t* column = nullptr;
    const uint16_t* last_column = nullptr;
    uint32_t hit = 0;
    bool MayHaveAtoms(std::string_view s) const {
      return PairScan(s, next, column, last_column, hit);
    }
  };
  PairTables pair_tables() const {
    if (!pairs16_only_) return {};
    return {pair_next16_.get(), pair_column_.get(), last_column_, pair_hit_};
  }

 private:
  // For a string with non-ASCII bytes: whether the bytes alone cannot tell
  // which atoms occur (an atom needs Unicode folding, or `s` holds a
  // character that folds to an ASCII letter).
  bool NeedsUnicodeFolding(std::string_view s) const;
  // MayHaveAtoms for every other case.
  bool MayHaveAtomsSlow(std::string_view s) const;
  // MayHaveAtoms' two-bytes-per-step pass over `s` (pair_next16_ or
  // pair_next32_): true when an atom ends in it. The hit row leads to
  // itself, so the state is tested once per sixteen bytes.
  template <typename Entry>
  static bool PairScan(std::string_view s, const Entry* next, const uint16_t* column,
                       const uint16_t* last_column, uint32_t hit) {
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    const size_t n = s.size();
    uint32_t at = 0;
    // One step: the two bytes at q.
    auto step = [&](const unsigned char* q) {
      uint16_t pair;
      std::memcpy(&pair, q, 2);
      at = next[at + column[pair]];
    };
    const unsigned char* const end16 = p + (n & ~size_t{15});
    for (; p < end16; p += 16) {
      step(p);
      step(p + 2);
      step(p + 4);
      step(p + 6);
      step(p + 8);
      step(p + 10);
      step(p + 12);
      step(p + 14);
      if (at >= hit) return true;
    }
    // Then the last four pairs, two pairs, the last pair, and an odd last
    // byte, paired with a byte of class 0 (in no atom, so it ends none).
    if (n & 8) {
      step(p);
      step(p + 2);
      step(p + 4);
      step(p + 6);
      p += 8;
    }
    if (n & 4) {
      step(p);
      step(p + 2);
      p += 4;
    }
    if (n & 2) {
      step(p);
      p += 2;
    }
    if (n & 1) at = next[at + last_column[*p]];
    return at >= hit;
  }
  // Builds the automaton MayHaveAtoms runs (see pair_next_).
  void BuildPairs(const std::vector<std::string>& atoms);

  // One row per state, one column per byte class; an entry is the next
  // state's row offset (state * classes_). Rows at or after first_output_
  // are states that end at least one atom.
  std::vector<uint32_t> next_;
  uint8_t class_of_[256] = {};
  uint32_t classes_ = 1;
  uint32_t first_output_ = UINT32_MAX;
  // Atoms ending at the i-th output state: outputs_[out_begin_[i] ..
  // out_begin_[i + 1]).
  std::vector<uint32_t> out_begin_;
  std::vector<int> outputs_;
  // Atoms found in every string (empty atoms).
  std::vector<int> always_;
  size_t atom_count_ = 0;
  size_t longest_ = 0;  // bytes of the longest atom
  bool ascii_atoms_ = true;
  bool built_ = false;

  // MayHaveAtoms' automaton, which only tells whether some atom occurs: it
  // reads two bytes per step. Its atoms are the atoms that contain no other
  // atom (a string holding "name x" holds "name"), and, when the atoms are
  // ASCII, also the characters that fold to ASCII letters (kFoldsToAscii),
  // so that one pass answers both questions. One row per state that ends
  // no atom, one column per pair of byte classes; an entry is the next
  // state's row offset, or pair_hit_ when an atom ends at either byte.
  // Entries are 16 bits when the table has fewer than 65536 of them (the
  // built-in pack's do: half the memory to touch when building it), else
  // 32; one of the two is set. (Arrays, not vectors: every entry is written
  // once, so zeroing them first would only cost time.)
  std::unique_ptr<uint16_t[]> pair_next16_;
  std::unique_ptr<uint32_t[]> pair_next32_;
  // The column of the two bytes at p[0], p[1], indexed by the 16 bits read
  // from p in the machine's byte order.
  std::unique_ptr<uint16_t[]> pair_column_;
  // The column of a last byte b with nothing after it: (b, a byte of no atom).
  uint16_t last_column_[256] = {};
  uint32_t pair_hit_ = 0;
  bool pairs_fold_ = false;  // kFoldsToAscii are among its atoms
  // pair_next16_ is built and answers for every string (pairs_fold_).
  bool pairs16_only_ = false;
};

}  // namespace planlint::expr

#endif  // PLANLINT_CORE_EXPR_ATOM_FINDER_H_

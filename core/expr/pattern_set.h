// The regular expressions of a compiled pack that are tested against every
// string of a plan (`findStrings`, and `matches` on plan strings with the same
// constant pattern). They are tested together behind RE2's FilteredRE2
// literal prefilter: one automaton pass per string finds the prefilter's
// literals, and RE2 runs only for the patterns those leave possible. The
// results are a bitset per string.
#ifndef PLANLINT_CORE_EXPR_PATTERN_SET_H_
#define PLANLINT_CORE_EXPR_PATTERN_SET_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/call_once.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "core/expr/atom_finder.h"
#include "re2/filtered_re2.h"
#include "re2/re2.h"
#include "re2/set.h"

namespace planlint::expr {

// At most this many patterns take part in the fused scan; later ones are
// matched one by one.
inline constexpr int kMaxScanPatterns = 64;

class PatternSet {
 public:
  PatternSet();
  ~PatternSet();

  // Compiles `pattern` (once per distinct text) and returns its RE2.
  absl::StatusOr<const RE2*> Intern(std::string_view pattern);
  // As Intern, for a pattern about to join the scan (AddToScan): a pattern
  // not interned yet is compiled once, by the scan's prefilter, whose RE2
  // then serves everyone, instead of again in Finish.
  absl::StatusOr<const RE2*> InternForScan(std::string_view pattern);
  // The compiled pattern if it was interned, else nullptr.
  const RE2* Find(std::string_view pattern) const;
  // Marks a pattern as part of the fused scan; returns its bit, or -1 when
  // the scan is full.
  int AddToScan(const RE2* re);
  // The bit of a pattern in the scan, or -1.
  int ScanBit(const RE2* re) const;

  // Freezes the scan (builds the prefilter). Call once after all AddToScan.
  void Finish();
  // Whether Finish was called: from then on ScanBit's answers never change.
  bool finished() const { return finished_; }

  // Buffers Scan reuses from string to string, so that scanning a plan
  // allocates nothing per string. One per thread (EvalContext keeps one).
  struct ScanScratch {
    std::vector<int> atoms;
    std::vector<uint8_t> atom_seen;
    std::vector<int> candidates;
    // Candidates by the set of atoms found (when there are at most 64
    // atoms): the same few sets come back string after string.
    absl::flat_hash_map<uint64_t, std::vector<int>> candidates_by_atoms;
  };

  // Bitset of the scan patterns that match `s`. Inline for the common
  // case: most strings hold no atom, and then only the patterns without
  // atoms can match (usually there are none: atoms_decide_).
  uint64_t Scan(std::string_view s, ScanScratch* scratch) const {
    if (atoms_decide_ && !finder_.MayHaveAtoms(s)) return 0;
    return ScanCandidates(s, scratch);
  }
  uint64_t Scan(std::string_view s) const;
  // For a loop over many strings: when its `next` is set, a string these
  // tables say holds no atom (AtomFinder::PairTables::MayHaveAtoms false)
  // is one Scan gives 0; null when Scan has to be asked for every string.
  AtomFinder::PairTables NoMatchTables() const {
    return atoms_decide_ ? finder_.pair_tables() : AtomFinder::PairTables{};
  }
  bool has_scan() const { return !scan_.empty(); }

 private:
  // Scan for a string that may hold atoms (or when atoms do not decide).
  uint64_t ScanCandidates(std::string_view s, ScanScratch* scratch) const;
  // The atoms (prefilter literals) of string `s`, into scratch->atoms.
  void FindAtoms(std::string_view s, ScanScratch* scratch) const;
  // atom_set_, built on first use: few plans hold a string the automaton
  // cannot read, so most processes never need it.
  const RE2::Set* AtomSet() const;

  // Every interned pattern's RE2: one of owned_, or one the filter owns.
  absl::flat_hash_map<std::string, const RE2*> compiled_;
  std::vector<std::unique_ptr<RE2>> owned_;
  std::vector<const RE2*> scan_;
  absl::flat_hash_map<const RE2*, int> scan_bit_;
  std::unique_ptr<re2::FilteredRE2> filter_;
  std::vector<std::string> atoms_;
  // Finds the atoms in one pass over a string (AtomFinder); for the strings
  // it cannot read byte by byte (Unicode case folding), every atom,
  // case-insensitive, in one RE2::Set (built by AtomSet, once, by whichever
  // thread first needs it; null when RE2 cannot build it).
  AtomFinder finder_;
  mutable absl::once_flag atom_set_once_;
  mutable std::unique_ptr<RE2::Set> atom_set_;

  // The scan bit of each of the filter's patterns (-1: none).
  std::vector<int> filter_to_bit_;
  std::vector<int> direct_bits_;
  // The filter's candidates when no atom occurs (the patterns it could not
  // prefilter): the same for every such string.
  std::vector<int> unfiltered_;
  // Whether a string without atoms matches no scan pattern: there are scan
  // patterns, and all have atoms (no unfiltered_, no direct_bits_).
  bool atoms_decide_ = false;
  bool finished_ = false;
};

}  // namespace planlint::expr

#endif  // PLANLINT_CORE_EXPR_PATTERN_SET_H_

#include "core/util/strings.h"
#include "core/expr/pattern_set.h"

#include <array>
#include <utility>

#include "absl/strings/str_cat.h"

namespace planlint::expr {

namespace {
RE2::Options PatternOptions() {
  RE2::Options options;
  options.set_log_errors(false);
  return options;
}

// Which bytes occur in a string, for a cheap test before searching atoms.
struct ByteSet {
  std::array<uint64_t, 4> bits{};
  void Add(unsigned char c) { bits[c >> 6] |= uint64_t{1} << (c & 63); }
  bool Has(unsigned char c) const { return (bits[c >> 6] >> (c & 63)) & 1; }
};
}  // namespace

PatternSet::PatternSet() = default;
PatternSet::~PatternSet() = default;

absl::StatusOr<const RE2*> PatternSet::Intern(std::string_view pattern) {
  auto it = compiled_.find(Sv(pattern));
  if (it != compiled_.end()) return it->second.get();
  auto re = std::make_unique<RE2>(pattern, PatternOptions());
  if (!re->ok()) {
    return absl::InvalidArgumentError(Cat("invalid regular expression '", pattern,
                                                   "': ", re->error()));
  }
  const RE2* raw = re.get();
  compiled_.emplace(std::string(pattern), std::move(re));
  return raw;
}

const RE2* PatternSet::Find(std::string_view pattern) const {
  auto it = compiled_.find(Sv(pattern));
  return it == compiled_.end() ? nullptr : it->second.get();
}

int PatternSet::AddToScan(const RE2* re) {
  auto it = scan_bit_.find(re);
  if (it != scan_bit_.end()) return it->second;
  if (finished_ || static_cast<int>(scan_.size()) >= kMaxScanPatterns) return -1;
  int bit = static_cast<int>(scan_.size());
  scan_.push_back(re);
  scan_bit_[re] = bit;
  return bit;
}

int PatternSet::ScanBit(const RE2* re) const {
  auto it = scan_bit_.find(re);
  return it == scan_bit_.end() ? -1 : it->second;
}

void PatternSet::Finish() {
  finished_ = true;
  if (scan_.empty()) return;
  filter_ = std::make_unique<re2::FilteredRE2>(1);
  for (size_t bit = 0; bit < scan_.size(); ++bit) {
    int id = -1;
    if (filter_->Add(scan_[bit]->pattern(), PatternOptions(), &id) == RE2::NoError) {
      filter_to_bit_.resize(id + 1, -1);
      filter_to_bit_[id] = static_cast<int>(bit);
    }
  }
  filter_->Compile(&atoms_);
  for (const std::string& atom : atoms_) {
    ByteSet seen;
    std::string bytes;
    for (unsigned char c : atom) {
      if (!seen.Has(c)) bytes.push_back(static_cast<char>(c));
      seen.Add(c);
    }
    atom_bytes_.push_back(std::move(bytes));
  }
  // With no atom found, the filter's candidates are the patterns it could
  // not prefilter; they are the same for every such string.
  filter_->AllPotentials({}, &unfiltered_);
  for (size_t bit = 0; bit < scan_.size(); ++bit) {
    bool in_filter = false;
    for (int b : filter_to_bit_) in_filter |= (b == static_cast<int>(bit));
    if (!in_filter) direct_bits_.push_back(static_cast<int>(bit));
  }
}

uint64_t PatternSet::Scan(std::string_view s) const {
  ScanScratch scratch;
  return Scan(s, &scratch);
}

uint64_t PatternSet::Scan(std::string_view s, ScanScratch* scratch) const {
  if (scan_.empty()) return 0;
  uint64_t bits = 0;
  if (filter_ != nullptr) {
    // Atoms are lower case: compare against an ASCII-lowered view. A string
    // with non-ASCII bytes may match case-insensitive patterns through
    // Unicode folding that the atoms do not see, so it takes every atom as
    // present. First, which bytes occur (one store per byte); upper-case
    // letters count as their lower-case forms.
    bool present[256] = {};
    unsigned char any = 0;
    for (unsigned char c : s) {
      present[c] = true;
      any |= c;
    }
    for (int c = 'A'; c <= 'Z'; ++c) present[c + 32] |= present[c];
    const bool ascii = any < 0x80;
    std::vector<int>& found = scratch->atoms;
    found.clear();
    if (!ascii) {
      for (size_t a = 0; a < atoms_.size(); ++a) found.push_back(static_cast<int>(a));
    } else {
      bool lowered = false;
      for (size_t a = 0; a < atoms_.size(); ++a) {
        bool possible = true;
        for (unsigned char c : atom_bytes_[a]) possible &= present[c];
        if (!possible) continue;  // a byte of the atom is missing from the string
        if (!lowered) {
          scratch->lowered.assign(s);
          for (char& c : scratch->lowered) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
          }
          lowered = true;
        }
        if (scratch->lowered.find(atoms_[a]) != std::string::npos)
          found.push_back(static_cast<int>(a));
      }
    }
    // What FilteredRE2::AllMatches does, without its allocations when no
    // atom occurs (most strings): the candidates, then a match of each.
    const std::vector<int>* candidates = &unfiltered_;
    if (!found.empty()) {
      filter_->AllPotentials(found, &scratch->candidates);
      candidates = &scratch->candidates;
    }
    for (int id : *candidates) {
      if (id < 0 || id >= static_cast<int>(filter_to_bit_.size()) || filter_to_bit_[id] < 0)
        continue;
      if (RE2::PartialMatch(s, filter_->GetRE2(id))) bits |= uint64_t{1} << filter_to_bit_[id];
    }
  }
  // Patterns FilteredRE2 could not take are matched directly.
  for (int bit : direct_bits_) {
    if (RE2::PartialMatch(s, *scan_[bit])) bits |= uint64_t{1} << bit;
  }
  return bits;
}

}  // namespace planlint::expr

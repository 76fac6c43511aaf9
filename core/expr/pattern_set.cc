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
  if (!atoms_.empty()) {
    RE2::Options options = PatternOptions();
    options.set_case_sensitive(false);
    atom_set_ = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
    for (const std::string& atom : atoms_) {
      if (atom_set_->Add(RE2::QuoteMeta(atom), nullptr) < 0) {
        atom_set_.reset();
        break;
      }
    }
    if (atom_set_ != nullptr && !atom_set_->Compile()) atom_set_.reset();
  }
  pair_bits_.assign(65536 / 64, 0);
  by_byte_.assign(256, {});
  for (size_t a = 0; a < atoms_.size(); ++a) {
    const std::string& atom = atoms_[a];
    if (atom.empty()) continue;
    // Atoms are lower case already; compare against lowered text.
    if (atom.size() == 1) {
      by_byte_[static_cast<unsigned char>(atom[0])].push_back(static_cast<int>(a));
      continue;
    }
    uint16_t pair = static_cast<uint16_t>((static_cast<unsigned char>(atom[0]) << 8) |
                                          static_cast<unsigned char>(atom[1]));
    pair_bits_[pair >> 6] |= uint64_t{1} << (pair & 63);
    by_pair_[pair].push_back(static_cast<int>(a));
  }
  // Regexps with no atoms always need running; so do all when the atom set
  // could not be built.
  std::vector<int> none, potentials;
  filter_->AllPotentials(none, &potentials);
  has_unfiltered_ = !potentials.empty() || atom_set_ == nullptr;
  for (size_t bit = 0; bit < scan_.size(); ++bit) {
    bool in_filter = false;
    for (int b : filter_to_bit_) in_filter |= (b == static_cast<int>(bit));
    if (!in_filter) direct_bits_.push_back(static_cast<int>(bit));
  }
}

namespace {
inline unsigned char Lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
}  // namespace

void PatternSet::FindAtomsAscii(std::string_view s, std::vector<int>* found) const {
  thread_local std::vector<uint8_t> seen;
  seen.assign(atoms_.size(), 0);
  const size_t n = s.size();
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = Lower(static_cast<unsigned char>(s[i]));
    for (int a : by_byte_[c]) {
      if (!seen[a]) {
        seen[a] = 1;
        found->push_back(a);
      }
    }
    if (i + 1 >= n) break;
    uint16_t pair = static_cast<uint16_t>((c << 8) | Lower(static_cast<unsigned char>(s[i + 1])));
    if (((pair_bits_[pair >> 6] >> (pair & 63)) & 1) == 0) continue;
    for (int a : by_pair_.find(pair)->second) {
      const std::string& atom = atoms_[a];
      if (seen[a] || atom.size() > n - i) continue;
      bool equal = true;
      for (size_t k = 2; k < atom.size() && equal; ++k) {
        equal = Lower(static_cast<unsigned char>(s[i + k])) == static_cast<unsigned char>(atom[k]);
      }
      if (equal) {
        seen[a] = 1;
        found->push_back(a);
      }
    }
  }
}

uint64_t PatternSet::Scan(std::string_view s) const {
  if (scan_.empty()) return 0;
  thread_local std::vector<int> found;
  thread_local std::vector<int> matched;
  found.clear();
  matched.clear();
  uint64_t bits = 0;
  bool ascii = true;
  for (unsigned char c : s) {
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    FindAtomsAscii(s, &found);
  } else if (atom_set_ != nullptr) {
    atom_set_->Match(s, &found);
  } else {
    for (size_t a = 0; a < atoms_.size(); ++a) found.push_back(static_cast<int>(a));
  }
  if (!found.empty() || has_unfiltered_) {
    filter_->AllMatches(s, found, &matched);
    for (int id : matched) {
      if (id >= 0 && id < static_cast<int>(filter_to_bit_.size()) && filter_to_bit_[id] >= 0) {
        bits |= uint64_t{1} << filter_to_bit_[id];
      }
    }
  }
  // Patterns FilteredRE2 could not take are matched directly.
  for (int bit : direct_bits_) {
    if (RE2::PartialMatch(s, *scan_[bit])) bits |= uint64_t{1} << bit;
  }
  return bits;
}

}  // namespace planlint::expr

#include "core/expr/pattern_set.h"
#include "core/util/strings.h"

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
  if (const RE2* known = Find(pattern)) return known;
  auto re = std::make_unique<RE2>(pattern, PatternOptions());
  if (!re->ok()) {
    return absl::InvalidArgumentError(
        Cat("invalid regular expression '", pattern, "': ", re->error()));
  }
  const RE2* raw = re.get();
  owned_.push_back(std::move(re));
  compiled_.emplace(std::string(pattern), raw);
  return raw;
}

absl::StatusOr<const RE2*> PatternSet::InternForScan(std::string_view pattern) {
  if (const RE2* known = Find(pattern)) return known;
  if (finished_ || static_cast<int>(scan_.size()) >= kMaxScanPatterns) return Intern(pattern);
  if (filter_ == nullptr) filter_ = std::make_unique<re2::FilteredRE2>(1);
  int id = -1;
  if (filter_->Add(re2::StringPiece(pattern.data(), pattern.size()), PatternOptions(), &id) !=
      RE2::NoError) {
    return Intern(pattern);  // for its error message
  }
  const RE2* re = &filter_->GetRE2(id);
  compiled_.emplace(std::string(pattern), re);
  filter_to_bit_.resize(id + 1, -1);
  filter_to_bit_[id] = AddToScan(re);
  return re;
}

const RE2* PatternSet::Find(std::string_view pattern) const {
  auto it = compiled_.find(Sv(pattern));
  return it == compiled_.end() ? nullptr : it->second;
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
  if (filter_ == nullptr) filter_ = std::make_unique<re2::FilteredRE2>(1);
  // The scan's patterns InternForScan did not give the filter yet.
  std::vector<bool> in_filter(scan_.size(), false);
  for (int b : filter_to_bit_) {
    if (b >= 0) in_filter[b] = true;
  }
  for (size_t bit = 0; bit < scan_.size(); ++bit) {
    if (in_filter[bit]) continue;
    int id = -1;
    if (filter_->Add(scan_[bit]->pattern(), PatternOptions(), &id) == RE2::NoError) {
      filter_to_bit_.resize(id + 1, -1);
      filter_to_bit_[id] = static_cast<int>(bit);
      in_filter[bit] = true;
    }
  }
  filter_->Compile(&atoms_);
  finder_ = AtomFinder(atoms_);
  filter_->AllPotentials({}, &unfiltered_);
  for (size_t bit = 0; bit < scan_.size(); ++bit) {
    if (!in_filter[bit]) direct_bits_.push_back(static_cast<int>(bit));
  }
  atoms_decide_ = unfiltered_.empty() && direct_bits_.empty();
}

const RE2::Set* PatternSet::AtomSet() const {
  absl::call_once(atom_set_once_, [this] {
    if (atoms_.empty()) return;
    RE2::Options options = PatternOptions();
    options.set_case_sensitive(false);
    auto set = std::make_unique<RE2::Set>(options, RE2::UNANCHORED);
    for (const std::string& atom : atoms_) {
      if (set->Add(RE2::QuoteMeta(atom), nullptr) < 0) return;
    }
    if (set->Compile()) atom_set_ = std::move(set);
  });
  return atom_set_.get();
}

void PatternSet::FindAtoms(std::string_view s, ScanScratch* scratch) const {
  std::vector<int>& found = scratch->atoms;
  if (finder_.Find(s, &found, &scratch->atom_seen)) return;
  // Strings the automaton cannot read byte by byte.
  found.clear();
  if (const RE2::Set* atom_set = AtomSet()) {
    atom_set->Match(s, &found);
  } else {
    for (size_t a = 0; a < atoms_.size(); ++a) found.push_back(static_cast<int>(a));
  }
}

uint64_t PatternSet::Scan(std::string_view s) const {
  ScanScratch scratch;
  return Scan(s, &scratch);
}

uint64_t PatternSet::ScanCandidates(std::string_view s, ScanScratch* scratch) const {
  if (scan_.empty()) return 0;
  uint64_t bits = 0;
  FindAtoms(s, scratch);
  const std::vector<int>& found = scratch->atoms;
  // What FilteredRE2::AllMatches does, without its allocations: the
  // candidates for the atoms found, then a match of each.
  const std::vector<int>* candidates = &unfiltered_;
  if (!found.empty()) {
    if (atoms_.size() <= 64) {
      uint64_t key = 0;
      for (int a : found) key |= uint64_t{1} << a;
      auto [it, fresh] = scratch->candidates_by_atoms.try_emplace(key);
      if (fresh) filter_->AllPotentials(found, &it->second);
      candidates = &it->second;
    } else {
      filter_->AllPotentials(found, &scratch->candidates);
      candidates = &scratch->candidates;
    }
  }
  for (int id : *candidates) {
    if (id < 0 || id >= static_cast<int>(filter_to_bit_.size()) || filter_to_bit_[id] < 0) {
      continue;
    }
    if (RE2::PartialMatch(s, filter_->GetRE2(id))) bits |= uint64_t{1} << filter_to_bit_[id];
  }
  // Patterns FilteredRE2 could not take are matched directly.
  for (int bit : direct_bits_) {
    if (RE2::PartialMatch(s, *scan_[bit])) bits |= uint64_t{1} << bit;
  }
  return bits;
}

}  // namespace planlint::expr

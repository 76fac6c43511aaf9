#include "core/expr/atom_finder.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace planlint::expr {

namespace {

inline unsigned char Lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

// Beyond this many table entries the automaton is not built (Find then
// always answers "cannot tell", which is slower but still correct).
constexpr size_t kMaxEntries = size_t{1} << 22;

// The non-ASCII characters whose case-folding orbit holds an ASCII letter:
// U+017F (long s: s, S) and U+212A (Kelvin sign: k, K), in UTF-8. RE2's
// case-insensitive matching lets them stand for those letters, which a
// byte-wise automaton cannot see (atom_finder_test checks the list against
// RE2 over every code point).
constexpr std::string_view kFoldsToAscii[] = {"\xC5\xBF", "\xE2\x84\xAA"};

// Beyond this many entries MayHaveAtoms' two-byte automaton is not built
// (it then reads a byte per step).
constexpr size_t kMaxPairEntries = size_t{1} << 18;

// An Aho-Corasick automaton over byte classes, failure links folded in: the
// next state for each state and class, and whether a state ends an atom.
struct Automaton {
  std::vector<uint32_t> go;
  std::vector<bool> ends;
};

// Computes the failure links of the trie in `go` (`states` rows of `width`
// classes; 0 = no edge) breadth first and folds them into the table: a
// missing edge goes where the longest proper suffix that is a trie path
// goes. `inherit(state, fail_state)` is called for every state in
// breadth-first order, once its failure state is known and complete, so a
// state can take over the atoms its failure state ends.
template <typename Inherit>
void FoldFailureLinks(std::vector<uint32_t>& go, uint32_t width, uint32_t states, Inherit inherit) {
  std::vector<uint32_t> fail(states, 0);
  std::vector<uint32_t> queue;
  queue.reserve(states);
  for (uint32_t k = 0; k < width; ++k) {
    if (go[k] != 0) queue.push_back(go[k]);
  }
  for (size_t head = 0; head < queue.size(); ++head) {
    const uint32_t state = queue[head];
    inherit(state, fail[state]);
    for (uint32_t k = 0; k < width; ++k) {
      uint32_t& next = go[size_t{state} * width + k];
      const uint32_t via_fail = go[size_t{fail[state]} * width + k];
      if (next != 0) {
        fail[next] = via_fail;
        queue.push_back(next);
      } else {
        next = via_fail;
      }
    }
  }
}

// Atoms are matched with ASCII letters folded (class_of maps both cases to
// one class). Returns false when the table would outgrow max_entries.
bool BuildAutomaton(const std::vector<std::string>& atoms, const uint8_t* class_of, uint32_t width,
                    size_t max_entries, Automaton* out) {
  std::vector<uint32_t>& go = out->go;
  std::vector<bool>& ends = out->ends;
  go.assign(width, 0);
  ends.assign(1, false);
  for (const std::string& atom : atoms) {
    uint32_t state = 0;
    for (unsigned char c : atom) {
      const size_t at = size_t{state} * width + class_of[c];
      if (go[at] == 0) {
        go[at] = static_cast<uint32_t>(ends.size());
        ends.push_back(false);
        go.resize(go.size() + width, 0);
        if (go.size() > max_entries) return false;
      }
      state = go[at];
    }
    ends[state] = true;
  }
  FoldFailureLinks(go, width, static_cast<uint32_t>(ends.size()),
                   [&](uint32_t state, uint32_t fail) {
                     if (ends[fail]) ends[state] = true;
                   });
  return true;
}

// Fills MayHaveAtoms' table (AtomFinder::pair_next16_) with `Entry`s: `dfa`
// is its automaton over `width` byte classes, `row` the row of each state
// that ends no atom, `hit` the entry for "an atom ends here", which is also
// the offset of one more row that leads to itself (so that a scan may test
// for it only now and then).
template <typename Entry>
void FillPairs(Entry* table, const Automaton& dfa, const std::vector<uint32_t>& row, uint32_t width,
               uint32_t hit) {
  const uint32_t columns = width * width;
  const uint32_t states = static_cast<uint32_t>(dfa.ends.size());
  // One step's entries from each state, as the pair table holds them.
  std::vector<Entry> step(size_t{states} * width);
  for (uint32_t s = 0; s < states; ++s) {
    for (uint32_t c = 0; c < width; ++c) {
      const uint32_t next = dfa.go[size_t{s} * width + c];
      step[size_t{s} * width + c] = static_cast<Entry>(dfa.ends[next] ? hit : row[next] * columns);
    }
  }
  for (uint32_t s = 0; s < states; ++s) {
    if (dfa.ends[s]) continue;
    Entry* out = table + size_t{row[s]} * columns;
    for (uint32_t c1 = 0; c1 < width; ++c1, out += width) {
      const uint32_t mid = dfa.go[size_t{s} * width + c1];
      if (dfa.ends[mid]) {
        std::fill(out, out + width, static_cast<Entry>(hit));
      } else {
        std::copy_n(step.data() + size_t{mid} * width, width, out);
      }
    }
  }
  std::fill_n(table + size_t{hit}, columns, static_cast<Entry>(hit));
}

}  // namespace

AtomFinder::AtomFinder(const std::vector<std::string>& atoms) : atom_count_(atoms.size()) {
  // Byte classes: one per distinct byte of the atoms (an upper-case ASCII
  // letter reads as its lower-case one), class 0 for every other byte.
  for (const std::string& atom : atoms) {
    longest_ = std::max(longest_, atom.size());
    for (unsigned char c : atom) {
      if (c >= 0x80) ascii_atoms_ = false;
      unsigned char l = Lower(c);
      if (class_of_[l] == 0) class_of_[l] = static_cast<uint8_t>(classes_++);
    }
  }
  for (int c = 'A'; c <= 'Z'; ++c) class_of_[c] = class_of_[c + 32];
  const uint32_t width = classes_;

  // The trie: state 0 is the root; an entry of 0 means "no edge" for now.
  std::vector<uint32_t> go(width, 0);
  std::vector<std::vector<int>> ends(1);
  for (size_t a = 0; a < atoms.size(); ++a) {
    if (atoms[a].empty()) {
      always_.push_back(static_cast<int>(a));
      continue;
    }
    uint32_t state = 0;
    for (unsigned char c : atoms[a]) {
      const size_t at = size_t{state} * width + class_of_[Lower(c)];
      if (go[at] == 0) {
        go[at] = static_cast<uint32_t>(ends.size());
        ends.emplace_back();
        go.resize(go.size() + width, 0);
        if (go.size() > kMaxEntries) return;
      }
      state = go[at];
    }
    ends[state].push_back(static_cast<int>(a));
  }
  const uint32_t states = static_cast<uint32_t>(ends.size());

  // Failure links, breadth first, folded into the table: a missing edge
  // goes where the longest proper suffix that is a trie path goes, and a
  // state also ends the atoms its failure state ends.
  FoldFailureLinks(go, width, states, [&](uint32_t state, uint32_t fail) {
    const std::vector<int>& inherited = ends[fail];
    ends[state].insert(ends[state].end(), inherited.begin(), inherited.end());
  });

  // Renumber so that the states ending atoms come last (one comparison per
  // byte tells whether to look at outputs); the root stays 0. Entries hold
  // row offsets (state * width), so the scan needs no multiplication.
  std::vector<uint32_t> renamed(states);
  uint32_t count = 0;
  for (uint32_t s = 0; s < states; ++s) {
    if (ends[s].empty()) renamed[s] = count++;
  }
  first_output_ = count * width;
  out_begin_.push_back(0);
  for (uint32_t s = 0; s < states; ++s) {
    if (ends[s].empty()) continue;
    renamed[s] = count++;
    outputs_.insert(outputs_.end(), ends[s].begin(), ends[s].end());
    out_begin_.push_back(static_cast<uint32_t>(outputs_.size()));
  }
  next_.assign(go.size(), 0);
  for (uint32_t s = 0; s < states; ++s) {
    for (uint32_t k = 0; k < width; ++k) {
      next_[size_t{renamed[s]} * width + k] = renamed[go[size_t{s} * width + k]] * width;
    }
  }
  built_ = true;
  if (always_.empty()) BuildPairs(atoms);
}

void AtomFinder::BuildPairs(const std::vector<std::string>& atoms) {
  std::vector<std::string> words;
  for (const std::string& atom : atoms) {
    std::string word = atom;
    for (char& c : word) c = static_cast<char>(Lower(static_cast<unsigned char>(c)));
    words.push_back(std::move(word));
  }
  if (ascii_atoms_) {
    for (std::string_view folds : kFoldsToAscii) words.emplace_back(folds);
  }
  // Only the atoms that contain no other: shortest first, each kept unless
  // a kept one occurs in it.
  std::stable_sort(words.begin(), words.end(),
                   [](const std::string& a, const std::string& b) { return a.size() < b.size(); });
  std::vector<std::string> kept;
  for (const std::string& word : words) {
    bool covered = false;
    for (const std::string& k : kept) covered = covered || word.find(k) != std::string::npos;
    if (!covered) kept.push_back(word);
  }
  uint8_t class_of[256] = {};
  uint32_t width = 1;
  for (const std::string& word : kept) {
    for (unsigned char c : word) {
      if (class_of[c] == 0) class_of[c] = static_cast<uint8_t>(width++);
    }
  }
  for (int c = 'A'; c <= 'Z'; ++c) class_of[c] = class_of[c + 32];
  Automaton dfa;
  if (!BuildAutomaton(kept, class_of, width, kMaxEntries, &dfa)) return;
  // Rows for the states that end no atom (the root is one: no atom is
  // empty here), numbered in order.
  const uint32_t states = static_cast<uint32_t>(dfa.ends.size());
  std::vector<uint32_t> row(states, 0);
  uint32_t rows = 0;
  for (uint32_t s = 0; s < states; ++s) {
    if (!dfa.ends[s]) row[s] = rows++;
  }
  const uint32_t columns = width * width;
  // The rows of the states, and the hit row.
  const size_t entries = (size_t{rows} + 1) * columns;
  if (entries > kMaxPairEntries || columns > UINT16_MAX) return;
  pair_hit_ = rows * columns;
  if (pair_hit_ <= UINT16_MAX) {
    pair_next16_ = std::make_unique_for_overwrite<uint16_t[]>(entries);
    FillPairs(pair_next16_.get(), dfa, row, width, pair_hit_);
  } else {
    pair_next32_ = std::make_unique_for_overwrite<uint32_t[]>(entries);
    FillPairs(pair_next32_.get(), dfa, row, width, pair_hit_);
  }
  // Columns by the 16 bits of two bytes: `low` is the byte in the low
  // bits (the first one on a little-endian machine).
  uint16_t first_part[256];
  for (uint32_t b = 0; b < 256; ++b) first_part[b] = static_cast<uint16_t>(class_of[b] * width);
  constexpr bool kLittle = std::endian::native == std::endian::little;
  pair_column_ = std::make_unique_for_overwrite<uint16_t[]>(65536);
  for (uint32_t high = 0; high < 256; ++high) {
    uint16_t* out = pair_column_.get() + high * 256;
    for (uint32_t low = 0; low < 256; ++low) {
      out[low] = kLittle ? static_cast<uint16_t>(first_part[low] + class_of[high])
                         : static_cast<uint16_t>(first_part[high] + class_of[low]);
    }
  }
  for (uint32_t b = 0; b < 256; ++b) last_column_[b] = static_cast<uint16_t>(class_of[b] * width);
  pairs_fold_ = ascii_atoms_;
  pairs16_only_ = pair_next16_ != nullptr && pairs_fold_;
}

namespace {

// Whether any byte of s is 0x80 or above, a word at a time.
bool HasNonAscii(std::string_view s) {
  uint64_t any = 0;
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    any |= word;
  }
  for (; i < s.size(); ++i) any |= static_cast<unsigned char>(s[i]);
  return (any & 0x8080808080808080ull) != 0;
}

}  // namespace

bool AtomFinder::NeedsUnicodeFolding(std::string_view s) const {
  if (!ascii_atoms_) return true;
  for (std::string_view folds : kFoldsToAscii) {
    if (s.find(folds) != std::string_view::npos) return true;
  }
  return false;
}

bool AtomFinder::MayHaveAtomsSlow(std::string_view s) const {
  if (!built_ || !always_.empty()) return true;
  if (pair_next16_ != nullptr) {
    // Non-ASCII text needs Unicode folding unless the automaton looks for
    // the characters that fold to ASCII itself.
    if (!pairs_fold_ && HasNonAscii(s)) return true;
    return PairScan(s, pair_next16_.get(), pair_column_.get(), last_column_, pair_hit_);
  }
  if (pair_next32_ != nullptr) {
    if (!pairs_fold_ && HasNonAscii(s)) return true;
    return PairScan(s, pair_next32_.get(), pair_column_.get(), last_column_, pair_hit_);
  }
  if (HasNonAscii(s) && NeedsUnicodeFolding(s)) return true;
  const uint32_t* next = next_.data();
  const uint8_t* class_of = class_of_;
  const uint32_t first_output = first_output_;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  // Each byte's look-up waits for the one before it, so two runs of the
  // automaton go side by side: over the first half, and over the second
  // half started longest_ - 1 bytes early, so that an atom across the
  // middle is still seen whole by the second run.
  size_t a = 0, b = 0, end_a = 0;
  uint32_t at_a = 0, at_b = 0;
  if (longest_ > 0 && n >= 32 && n / 2 >= longest_) {
    end_a = n / 2;
    b = end_a - (longest_ - 1);
    for (; a < end_a; ++a, ++b) {
      at_a = next[at_a + class_of[p[a]]];
      at_b = next[at_b + class_of[p[b]]];
      if ((at_a >= first_output) | (at_b >= first_output)) return true;
    }
  }
  for (; b < n; ++b) {
    at_b = next[at_b + class_of[p[b]]];
    if (at_b >= first_output) return true;
  }
  return false;
}

bool AtomFinder::Find(std::string_view s, std::vector<int>* found,
                      std::vector<uint8_t>* seen) const {
  found->clear();
  if (!built_) return false;
  seen->resize(atom_count_, 0);
  // Locals, so that the loop keeps them in registers.
  const uint32_t* next = next_.data();
  const uint8_t* class_of = class_of_;
  const uint32_t first_output = first_output_;
  uint32_t at = 0;
  unsigned char high = 0;
  for (unsigned char c : s) {
    high |= c;
    at = next[at + class_of[c]];
    if (at >= first_output) [[unlikely]] {
      const uint32_t row = (at - first_output) / classes_;
      for (uint32_t i = out_begin_[row]; i < out_begin_[row + 1]; ++i) {
        const int a = outputs_[i];
        if (!(*seen)[a]) {
          (*seen)[a] = 1;
          found->push_back(a);
        }
      }
    }
  }
  for (int a : always_) {
    if (!(*seen)[a]) {
      (*seen)[a] = 1;
      found->push_back(a);
    }
  }
  for (int a : *found) (*seen)[a] = 0;
  return high < 0x80 || !NeedsUnicodeFolding(s);
}

}  // namespace planlint::expr

#include "core/expr/match_starts.h"

#include <cstring>

namespace planlint::expr {

namespace {

// A set of bytes.
struct Bytes {
  uint64_t w[4] = {0, 0, 0, 0};

  void Add(unsigned c) { w[c >> 6] |= uint64_t{1} << (c & 63); }
  void AddRange(unsigned lo, unsigned hi) {
    for (unsigned c = lo; c <= hi; ++c) Add(c);
  }
  bool Has(unsigned c) const { return (w[c >> 6] >> (c & 63)) & 1; }
  Bytes& operator|=(const Bytes& o) {
    for (int i = 0; i < 4; ++i) w[i] |= o.w[i];
    return *this;
  }
};

// What the analysis knows of a sub-pattern's language (assertions read as
// the empty string): whether it holds the empty string, a string of one
// byte, and which bytes can come first and second in its strings.
struct Info {
  bool nullable = false;
  bool one = false;
  Bytes first;
  Bytes second;
};

// Info of a sub-pattern followed by another.
Info Concat(const Info& a, const Info& b) {
  Info r;
  r.nullable = a.nullable && b.nullable;
  r.one = (a.one && b.nullable) || (a.nullable && b.one);
  r.first = a.first;
  if (a.nullable) r.first |= b.first;
  r.second = a.second;
  if (a.one) r.second |= b.first;
  if (a.nullable) r.second |= b.second;
  return r;
}

Info Alternate(const Info& a, const Info& b) {
  Info r = a;
  r.nullable |= b.nullable;
  r.one |= b.one;
  r.first |= b.first;
  r.second |= b.second;
  return r;
}

// Zero or more repetitions of a sub-pattern.
Info Star(const Info& a) {
  Info r = a;
  r.nullable = true;
  if (a.one) r.second |= a.first;
  return r;
}

// One character matched by a class: `set` holds its ASCII bytes; `non_ascii`
// whether it also matches characters of several bytes (and, to be safe, any
// byte of 0x80 and above in either place).
Info CharClass(const Bytes& set, bool non_ascii) {
  Info r;
  r.one = true;
  r.first = set;
  if (non_ascii) {
    r.first.AddRange(0x80, 0xff);
    r.second.AddRange(0x80, 0xff);
  }
  return r;
}

Bytes Digits() {
  Bytes b;
  b.AddRange('0', '9');
  return b;
}
Bytes Word() {
  Bytes b;
  b.AddRange('0', '9');
  b.AddRange('A', 'Z');
  b.AddRange('a', 'z');
  b.Add('_');
  return b;
}
Bytes Space() {
  Bytes b;
  for (unsigned c : {'\t', '\n', '\f', '\r', ' '}) b.Add(c);
  return b;
}
// The ASCII bytes not in `b`.
Bytes AsciiComplement(const Bytes& b) {
  Bytes r;
  for (unsigned c = 0; c < 0x80; ++c) {
    if (!b.Has(c)) r.Add(c);
  }
  return r;
}

bool IsAsciiPunct(unsigned char c) {
  return c > 0x20 && c < 0x7f && !(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z') &&
         !(c >= 'a' && c <= 'z');
}

// The control characters RE2 reads as escapes (\n, \t, ...); 0 for none.
unsigned ControlEscape(char c) {
  switch (c) {
    case 'a':
      return 7;
    case 'f':
      return 12;
    case 'n':
      return 10;
    case 'r':
      return 13;
    case 't':
      return 9;
    case 'v':
      return 11;
    default:
      return 0;
  }
}

// A recursive-descent reading of RE2's syntax, restricted to what it models:
// literals, escapes of punctuation and control characters, \d \w \s and their
// negations, classes of ASCII characters, '.', groups '(...)' and '(?:...)',
// alternation, the repetitions * + ? {n} {n,} {n,m} (greedy or lazy), and the
// assertions ^ $ \b \B \A \z. Anything else fails (ok_ = false).
class Reader {
 public:
  explicit Reader(std::string_view p) : p_(p) {}

  bool Read(Info* out) {
    *out = Alternation(0);
    return ok_ && i_ == p_.size();
  }

 private:
  static constexpr int kMaxDepth = 100;

  bool AtEnd() const { return i_ >= p_.size(); }
  char Peek() const { return p_[i_]; }
  Info Fail() {
    ok_ = false;
    return Info{};
  }

  Info Alternation(int depth) {
    if (depth > kMaxDepth) return Fail();
    Info r = Sequence(depth);
    while (ok_ && !AtEnd() && Peek() == '|') {
      ++i_;
      r = Alternate(r, Sequence(depth));
    }
    return r;
  }

  Info Sequence(int depth) {
    Info r;
    r.nullable = true;
    while (ok_ && !AtEnd() && Peek() != '|' && Peek() != ')') {
      Info atom = Atom(depth);
      if (!ok_) break;
      atom = Repeat(atom);
      r = Concat(r, atom);
    }
    return r;
  }

  // A repetition operator after an atom, if any; a second one fails.
  Info Repeat(const Info& atom) {
    if (AtEnd()) return atom;
    Info r = atom;
    const char c = Peek();
    if (c == '*' || c == '?') {
      ++i_;
      r = c == '*' ? Star(atom) : Alternate(atom, Info{true, false, {}, {}});
    } else if (c == '+') {
      ++i_;
      r = Concat(atom, Star(atom));
    } else if (c == '{') {
      size_t j = i_ + 1;
      int min = 0;
      size_t digits = 0;
      while (j < p_.size() && p_[j] >= '0' && p_[j] <= '9' && digits < 5) {
        min = min * 10 + (p_[j] - '0');
        ++j;
        ++digits;
      }
      if (digits == 0 || j >= p_.size()) return atom;  // a literal '{'
      if (p_[j] == ',') {
        ++j;
        while (j < p_.size() && p_[j] >= '0' && p_[j] <= '9') ++j;
      }
      if (j >= p_.size() || p_[j] != '}') return atom;  // a literal '{'
      i_ = j + 1;
      // Over-approximated: {0,...} as *, else as +.
      r = min == 0 ? Star(atom) : Concat(atom, Star(atom));
    } else {
      return atom;
    }
    if (!AtEnd() && Peek() == '?') ++i_;  // lazy
    if (!AtEnd() && (Peek() == '*' || Peek() == '+' || Peek() == '?' || Peek() == '{')) {
      return Fail();
    }
    return r;
  }

  Info Atom(int depth) {
    const unsigned char c = static_cast<unsigned char>(Peek());
    if (c >= 0x80) return Fail();
    switch (c) {
      case '(': {
        ++i_;
        if (!AtEnd() && Peek() == '?') {
          if (i_ + 1 >= p_.size() || p_[i_ + 1] != ':') return Fail();
          i_ += 2;
        }
        Info r = Alternation(depth + 1);
        if (!ok_ || AtEnd() || Peek() != ')') return Fail();
        ++i_;
        return r;
      }
      case '[':
        return Class();
      case '.': {
        ++i_;
        Bytes b;
        b.AddRange(0, 0x7f);
        b.w[0] &= ~(uint64_t{1} << '\n');
        return CharClass(b, true);
      }
      case '^':
      case '$': {
        ++i_;
        return Info{true, false, {}, {}};
      }
      case '\\':
        return Escape();
      case '*':
      case '+':
      case '?':
      case '{':
      case '}':
      case ']':
      case ')':
      case '|':
        return Fail();
      default: {
        ++i_;
        Bytes b;
        b.Add(c);
        return CharClass(b, false);
      }
    }
  }

  // An escape outside a class.
  Info Escape() {
    if (i_ + 1 >= p_.size()) return Fail();
    const char e = p_[i_ + 1];
    i_ += 2;
    switch (e) {
      case 'b':
      case 'B':
      case 'A':
      case 'z':
        return Info{true, false, {}, {}};
      default:
        break;
    }
    Bytes b;
    bool non_ascii = false;
    if (!ClassEscape(e, &b, &non_ascii)) return Fail();
    return CharClass(b, non_ascii);
  }

  // The escapes that stand for characters, in or out of a class.
  static bool ClassEscape(char e, Bytes* b, bool* non_ascii) {
    switch (e) {
      case 'd':
        *b |= Digits();
        return true;
      case 'w':
        *b |= Word();
        return true;
      case 's':
        *b |= Space();
        return true;
      case 'D':
        *b |= AsciiComplement(Digits());
        *non_ascii = true;
        return true;
      case 'W':
        *b |= AsciiComplement(Word());
        *non_ascii = true;
        return true;
      case 'S':
        *b |= AsciiComplement(Space());
        *non_ascii = true;
        return true;
      default:
        break;
    }
    if (unsigned ctl = ControlEscape(e)) {
      b->Add(ctl);
      return true;
    }
    if (IsAsciiPunct(static_cast<unsigned char>(e))) {
      b->Add(static_cast<unsigned char>(e));
      return true;
    }
    return false;
  }

  // One character of a class, as a single byte (for ranges): a plain ASCII
  // character or an escaped punctuation or control character. Returns -1
  // when it is something else (a class escape is handled by the caller).
  int ClassChar() {
    const unsigned char c = static_cast<unsigned char>(Peek());
    if (c >= 0x80 || c == '[') return -1;
    if (c != '\\') {
      ++i_;
      return c;
    }
    if (i_ + 1 >= p_.size()) return -1;
    const char e = p_[i_ + 1];
    if (unsigned ctl = ControlEscape(e)) {
      i_ += 2;
      return static_cast<int>(ctl);
    }
    if (IsAsciiPunct(static_cast<unsigned char>(e))) {
      i_ += 2;
      return static_cast<unsigned char>(e);
    }
    return -1;
  }

  Info Class() {
    ++i_;  // '['
    bool negated = false;
    if (!AtEnd() && Peek() == '^') {
      negated = true;
      ++i_;
    }
    Bytes set;
    bool non_ascii = false;
    bool first = true;
    while (true) {
      if (AtEnd()) return Fail();
      if (Peek() == ']' && !first) break;
      first = false;
      if (Peek() == '\\' && i_ + 1 < p_.size() &&
          (p_[i_ + 1] == 'd' || p_[i_ + 1] == 'w' || p_[i_ + 1] == 's' || p_[i_ + 1] == 'D' ||
           p_[i_ + 1] == 'W' || p_[i_ + 1] == 'S')) {
        ClassEscape(p_[i_ + 1], &set, &non_ascii);
        i_ += 2;
        continue;
      }
      const int lo = ClassChar();
      if (lo < 0) return Fail();
      if (!AtEnd() && Peek() == '-' && i_ + 1 < p_.size() && p_[i_ + 1] != ']') {
        ++i_;
        const int hi = ClassChar();
        if (hi < 0 || hi < lo) return Fail();
        set.AddRange(static_cast<unsigned>(lo), static_cast<unsigned>(hi));
      } else {
        set.Add(static_cast<unsigned>(lo));
      }
    }
    ++i_;  // ']'
    if (negated) return CharClass(AsciiComplement(set), true);
    return CharClass(set, non_ascii);
  }

  std::string_view p_;
  size_t i_ = 0;
  bool ok_ = true;
};

}  // namespace

MatchStarts MatchStarts::For(const RE2& re) {
  MatchStarts m;
  const RE2::Options& o = re.options();
  if (!re.ok() || o.literal() || !o.case_sensitive() || o.dot_nl() || o.never_nl() ||
      o.posix_syntax() || o.encoding() != RE2::Options::EncodingUTF8) {
    return m;
  }
  Info info;
  if (!Reader(re.pattern()).Read(&info) || info.nullable) return m;
  m.active_ = true;
  m.one_ = info.one;
  for (unsigned c = 0; c < 256; ++c) {
    m.table_[c] =
        static_cast<uint8_t>((info.first.Has(c) ? kFirst : 0) | (info.second.Has(c) ? kSecond : 0));
  }
  return m;
}

bool MatchStarts::Find(const RE2& re, std::string_view text, size_t pos,
                       re2::StringPiece* match) const {
  if (!active_) return re.Match(text, pos, text.size(), RE2::UNANCHORED, match, 1);
  const size_t start = Next(text, pos);
  if (start == npos) return false;
  // No match starts before `start`, so RE2's leftmost match from there is
  // its leftmost match from `pos` (RE2 reads the text before `start` for \b).
  // Where the filter is good a match usually starts at `start`: one anchored
  // search finds it, where an unanchored one searches twice (forward for its
  // end, then back for its start). When none starts there, the unanchored
  // search from the next byte finds the next match, so a filter that passes
  // many positions costs at most one anchored search per match more than
  // RE2 alone.
  return re.Match(text, start, text.size(), RE2::ANCHOR_START, match, 1) ||
         re.Match(text, start + 1, text.size(), RE2::UNANCHORED, match, 1);
}

MatchStarts MatchStarts::ForPattern(std::string_view pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  const RE2 re(re2::StringPiece(pattern.data(), pattern.size()), options);
  return For(re);
}

}  // namespace planlint::expr

#include "core/pack/pack_spec_codec.h"

#include <concepts>
#include <cstdint>
#include <map>
#include <optional>
#include <type_traits>
#include <utility>

#include "core/util/strings.h"

namespace planlint {
namespace {

// The format: kMagic, the file-name table (a count, then the names), then
// the PackSpec's fields and the problems, in the order the Fields functions
// below list them. Numbers are LEB128 varints (ints zigzag-encoded first),
// texts a length then bytes, optionals a presence byte, vectors and maps a
// count then items; a file name is its index in the table.
constexpr std::string_view kMagic = "planlint-packspec-1\n";

// One list of fields per record, walked by the Encoder and by the Decoder
// alike, so that the two cannot disagree on the order.
template <typename T, typename U>
concept Is = std::same_as<std::remove_const_t<T>, U>;

template <typename Io, Is<SpecValue> T>
void Fields(Io& io, T& v) {
  io(v.kind);
  io(v.quoted);
  io(v.line);
  io(v.column);
  io(v.scalar);
  io(v.items);
  io(v.keys);
}

template <typename Io, Is<SourceText> T>
void Fields(Io& io, T& s) {
  io(s.text);
  io.FileAndLines(s);
  io(s.line);
  io(s.column);
  io(s.style);
}

template <typename Io, Is<RuleSpec> T>
void Fields(Io& io, T& r) {
  io.File(r.file);
  io(r.line);
  io(r.column);
  io(r.id_line);
  io(r.id_column);
  io(r.name_line);
  io(r.name_column);
  io(r.severity_line);
  io(r.severity_column);
  io(r.id);
  io(r.name);
  io(r.severity);
  io(r.section);
  io(r.summary);
  io(r.description);
  io(r.stage);
  io(r.selectors);
  io(r.lets);
  io(r.when);
  io(r.assert_expr);
  io(r.each);
  io(r.at);
  io(r.message);
  io(r.options);
  io(r.waivable);
  io(r.example_fail);
  io(r.example_pass);
  io(r.scope);
  io(r.keep);
}

template <typename Io, Is<FunctionSpec> T>
void Fields(Io& io, T& f) {
  io(f.name);
  io(f.params);
  io(f.body);
}

template <typename Io, Is<SuppressionSpec> T>
void Fields(Io& io, T& s) {
  io(s.selectors);
  io(s.when);
  io(s.rule);
  io(s.path);
}

template <typename Io, Is<OverrideSpec> T>
void Fields(Io& io, T& o) {
  io.File(o.file);
  io(o.line);
  io(o.column);
  io(o.enabled);
  io(o.severity);
  io(o.options);
}

template <typename Io, Is<PackSpec> T>
void Fields(Io& io, T& p) {
  io(p.name);
  io(p.description);
  io.File(p.file);
  io(p.extends);
  io(p.schema);
  io.File(p.schema_file);
  io(p.options);
  io(p.functions);
  io(p.suppressions);
  io(p.rules);
  io(p.overrides);
}

template <typename Io, Is<PackProblem> T>
void Fields(Io& io, T& p) {
  io.File(p.file);
  io(p.line);
  io(p.column);
  io(p.message);
}

class Encoder {
 public:
  void operator()(const std::string& s) {
    Uint(s.size());
    body_.append(s);
  }
  void operator()(int v) {
    uint32_t u = static_cast<uint32_t>(v);
    Uint((u << 1) ^ (v < 0 ? 0xffffffffu : 0u));
  }
  void operator()(bool v) { body_.push_back(v ? 1 : 0); }
  void operator()(char v) { body_.push_back(v); }
  void operator()(SpecValue::Kind v) { body_.push_back(static_cast<char>(v)); }
  template <typename T>
  void operator()(const std::optional<T>& v) {
    (*this)(v.has_value());
    if (v) (*this)(*v);
  }
  template <typename T>
  void operator()(const std::vector<T>& v) {
    Uint(v.size());
    for (const T& item : v) (*this)(item);
  }
  template <typename T>
  void operator()(const std::map<std::string, T>& m) {
    Uint(m.size());
    for (const auto& [key, value] : m) {
      (*this)(key);
      (*this)(value);
    }
  }
  template <typename A, typename B>
  void operator()(const std::pair<A, B>& p) {
    (*this)(p.first);
    (*this)(p.second);
  }
  template <typename T>
  requires requires(Encoder& e, const T& t) { Fields(e, t); }
  void operator()(const T& record) { Fields(*this, record); }

  void File(const std::string& name) {
    auto [it, added] = file_index_.try_emplace(name, files_.size());
    if (added) files_.push_back(name);
    Uint(it->second);
  }
  // Whether the text has the lines of its file (only texts read from a file
  // do); the decoder gets them back by file name.
  void FileAndLines(const SourceText& s) {
    File(s.file);
    (*this)(s.lines != nullptr);
  }

  std::string Finish() {
    std::string body = std::move(body_);
    body_ = std::string(kMagic);
    Uint(files_.size());
    for (const std::string& f : files_) (*this)(f);
    body_.append(body);
    return std::move(body_);
  }

 private:
  void Uint(uint64_t v) {
    while (v >= 0x80) {
      body_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    body_.push_back(static_cast<char>(v));
  }

  std::string body_;
  std::vector<std::string> files_;
  std::map<std::string, size_t> file_index_;
};

// Reads what the Encoder wrote. A read past the end or a value out of range
// marks the decoder failed; from then on every read yields a default.
class Decoder {
 public:
  Decoder(std::string_view data, const FileLines& lines) : data_(data), lines_(lines) {}

  bool ReadHeader() {
    if (data_.substr(0, kMagic.size()) != kMagic) return Fail();
    pos_ = kMagic.size();
    size_t n = Count();
    files_.resize(n);
    file_lines_.resize(n);
    for (std::string& f : files_) (*this)(f);
    return ok_;
  }

  void operator()(std::string& s) {
    size_t n = Count();
    s.assign(data_.data() + pos_, n);
    pos_ += n;
  }
  void operator()(int& v) {
    uint64_t u = Uint();
    if (u > 0xffffffffu) Fail();
    uint32_t z = static_cast<uint32_t>(u);
    v = static_cast<int>((z >> 1) ^ (0u - (z & 1)));
  }
  void operator()(bool& v) {
    uint8_t b = Byte();
    if (b > 1) Fail();
    v = b == 1;
  }
  void operator()(char& v) { v = static_cast<char>(Byte()); }
  void operator()(SpecValue::Kind& v) {
    uint8_t b = Byte();
    if (b > static_cast<uint8_t>(SpecValue::Kind::kMap)) Fail();
    v = ok_ ? static_cast<SpecValue::Kind>(b) : SpecValue::Kind::kNull;
  }
  template <typename T>
  void operator()(std::optional<T>& v) {
    bool has = false;
    (*this)(has);
    v.reset();
    if (has) (*this)(v.emplace());
  }
  template <typename T>
  void operator()(std::vector<T>& v) {
    size_t n = Count();
    v.clear();
    v.reserve(n);
    for (size_t i = 0; i < n && ok_; ++i) (*this)(v.emplace_back());
  }
  template <typename T>
  void operator()(std::map<std::string, T>& m) {
    size_t n = Count();
    m.clear();
    for (size_t i = 0; i < n && ok_; ++i) {
      std::string key;
      (*this)(key);
      (*this)(m[std::move(key)]);
    }
  }
  template <typename A, typename B>
  void operator()(std::pair<A, B>& p) {
    (*this)(p.first);
    (*this)(p.second);
  }
  template <typename T>
  requires requires(Decoder& d, T& t) { Fields(d, t); }
  void operator()(T& record) { Fields(*this, record); }

  void File(std::string& name) {
    size_t i = FileIndex();
    if (ok_) name = files_[i];
  }
  void FileAndLines(SourceText& s) {
    size_t i = FileIndex();
    bool has_lines = false;
    (*this)(has_lines);
    if (!ok_) return;
    s.file = files_[i];
    if (!has_lines) return;
    // Asked once per file; the texts of a file share its lines.
    if (!file_lines_[i]) file_lines_[i] = lines_(files_[i]);
    s.lines = *file_lines_[i];
  }

  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == data_.size(); }

 private:
  bool Fail() {
    ok_ = false;
    pos_ = data_.size();
    return false;
  }
  uint8_t Byte() {
    if (pos_ >= data_.size()) {
      Fail();
      return 0;
    }
    return static_cast<uint8_t>(data_[pos_++]);
  }
  uint64_t Uint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      uint8_t b = Byte();
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    Fail();
    return 0;
  }
  // A count of items or bytes: each takes at least a byte, so a count
  // larger than what is left is damage (and is not allocated).
  size_t Count() {
    uint64_t n = Uint();
    if (n > data_.size() - pos_) {
      Fail();
      return 0;
    }
    return static_cast<size_t>(n);
  }
  size_t FileIndex() {
    uint64_t i = Uint();
    if (i >= files_.size()) {
      Fail();
      return 0;
    }
    return static_cast<size_t>(i);
  }

  std::string_view data_;
  size_t pos_ = 0;
  bool ok_ = true;
  const FileLines& lines_;
  std::vector<std::string> files_;
  std::vector<std::optional<std::shared_ptr<const SourceLines>>> file_lines_;
};

}  // namespace

std::string EncodePackSpec(const PackSpec& spec, const std::vector<PackProblem>& problems) {
  Encoder e;
  e(spec);
  e(problems);
  return e.Finish();
}

absl::Status DecodePackSpec(std::string_view data, const FileLines& lines, PackSpec* spec,
                            std::vector<PackProblem>* problems) {
  Decoder d(data, lines);
  PackSpec decoded;
  std::vector<PackProblem> found;
  if (d.ReadHeader()) {
    d(decoded);
    d(found);
  }
  if (!d.ok() || !d.at_end()) {
    return absl::DataLossError("not a PackSpec written by EncodePackSpec (or a damaged one)");
  }
  *spec = std::move(decoded);
  problems->insert(problems->end(), found.begin(), found.end());
  return absl::OkStatus();
}

}  // namespace planlint

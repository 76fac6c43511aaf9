#include "core/plan/plan.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/container/inlined_vector.h"
#include "absl/strings/str_cat.h"
#include "core/text/unicode.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define PLANLINT_AVX2_LINE_SCAN 1
#endif

namespace planlint {
namespace {

#ifdef PLANLINT_AVX2_LINE_SCAN
// Appends to `line_starts` the offset after each '\n' of the text, 64 bytes
// at a time. Returns false, having appended some, if the text has a '\r'
// (then the caller's careful loop finds CR and CRLF line ends).
__attribute__((target("avx2"))) bool AppendLineStartsAvx2(std::string_view text,
                                                          std::vector<uint32_t>* line_starts) {
  const char* const data = text.data();
  const size_t n = text.size();
  const __m256i lf = _mm256_set1_epi8('\n');
  const __m256i cr = _mm256_set1_epi8('\r');
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + i));
    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(data + i + 32));
    if (_mm256_movemask_epi8(_mm256_or_si256(_mm256_cmpeq_epi8(a, cr), _mm256_cmpeq_epi8(b, cr))) !=
        0) {
      return false;
    }
    uint64_t ends = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(a, lf))) |
                    uint64_t{static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(b, lf)))}
                        << 32;
    while (ends != 0) {
      line_starts->push_back(
          static_cast<uint32_t>(i + static_cast<size_t>(__builtin_ctzll(ends)) + 1));
      ends &= ends - 1;
    }
  }
  for (; i < n; ++i) {
    if (data[i] == '\r') return false;
    if (data[i] == '\n') line_starts->push_back(static_cast<uint32_t>(i + 1));
  }
  return true;
}
#endif

}  // namespace

std::string_view JsonKindName(JsonKind kind) {
  switch (kind) {
    case JsonKind::kNull:
      return "null";
    case JsonKind::kBool:
      return "boolean";
    case JsonKind::kInt:
    case JsonKind::kUint:
    case JsonKind::kDouble:
      return "number";
    case JsonKind::kString:
      return "string";
    case JsonKind::kArray:
      return "array";
    case JsonKind::kObject:
      return "object";
  }
  return "unknown";
}

Plan::Plan() {
  // Node::offset lives in what would otherwise be padding.
  static_assert(sizeof(Node) == 40);
}
Plan::Plan(Plan&&) noexcept = default;
Plan& Plan::operator=(Plan&&) noexcept = default;
Plan::~Plan() = default;

NodeId Plan::FindMember(NodeId n, std::string_view key) const {
  if (n >= nodes_.size() || nodes_[n].kind != JsonKind::kObject) return kNoNode;
  for (NodeId child : children(n)) {
    if (!nodes_[child].shadowed && this->key(child) == key) return child;
  }
  return kNoNode;
}

std::string Plan::Pointer(NodeId n) const {
  std::string out;
  Pointer(n, &out);
  return out;
}

void Plan::Pointer(NodeId n, std::string* out) const {
  out->clear();
  if (n >= nodes_.size()) return;
  // Nodes from `n` up to (not including) the root, deepest first.
  absl::InlinedVector<NodeId, 16> path;
  for (NodeId at = n; at != kNoNode && nodes_[at].parent != kNoNode; at = nodes_[at].parent) {
    path.push_back(at);
  }
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    out->push_back('/');
    if (nodes_[nodes_[*it].parent].kind == JsonKind::kArray) {
      absl::StrAppend(out, nodes_[*it].index);
      continue;
    }
    // The key, escaped: runs of plain characters are appended whole.
    const std::string_view k = key(*it);
    size_t run = 0;
    for (size_t i = 0; i < k.size(); ++i) {
      if (k[i] != '~' && k[i] != '/') continue;
      out->append(k.data() + run, i - run);
      out->append(k[i] == '~' ? "~0" : "~1");
      run = i + 1;
    }
    out->append(k.data() + run, k.size() - run);
  }
}

bool Plan::SamePointer(NodeId a, NodeId b) const {
  // Nodes out of range have the root's pointer (""), as Pointer() gives.
  if (a >= nodes_.size()) a = root();
  if (b >= nodes_.size()) b = root();
  // Up from both nodes, one segment at a time: the root's pointer is empty
  // and every other node's adds a segment, so the pointers are equal when
  // every segment is until the paths meet.
  while (a != b) {
    const NodeId pa = nodes_[a].parent;
    const NodeId pb = nodes_[b].parent;
    if (pa == kNoNode || pb == kNoNode) return false;  // one is the root
    const bool array_a = nodes_[pa].kind == JsonKind::kArray;
    const bool array_b = nodes_[pb].kind == JsonKind::kArray;
    if (array_a && array_b) {
      if (nodes_[a].index != nodes_[b].index) return false;
    } else if (!array_a && !array_b) {
      // Escaping is one-to-one: equal keys, equal segments.
      if (key(a) != key(b)) return false;
    } else {
      // An index against a key: the same text only if the key is the
      // index's decimal digits (which need no escaping).
      const std::string digits = absl::StrCat(array_a ? nodes_[a].index : nodes_[b].index);
      if ((array_a ? key(b) : key(a)) != digits) return false;
    }
    a = pa;
    b = pb;
  }
  return true;
}

NodeId Plan::Resolve(std::string_view pointer) const {
  if (nodes_.empty()) return kNoNode;
  NodeId at = root();
  if (pointer.empty()) return at;
  if (pointer[0] != '/') return kNoNode;
  std::string token;
  size_t i = 1;
  while (true) {
    // One reference token: up to the next '/' or the end, unescaped.
    token.clear();
    while (i < pointer.size() && pointer[i] != '/') {
      char c = pointer[i++];
      if (c == '~') {
        if (i >= pointer.size()) return kNoNode;
        char e = pointer[i++];
        if (e == '0') {
          token.push_back('~');
        } else if (e == '1') {
          token.push_back('/');
        } else {
          return kNoNode;
        }
      } else {
        token.push_back(c);
      }
    }
    const Node& node = nodes_[at];
    if (node.kind == JsonKind::kObject) {
      at = FindMember(at, token);
      if (at == kNoNode) return kNoNode;
    } else if (node.kind == JsonKind::kArray) {
      // A decimal index without leading zeros ("-" names nothing that exists).
      if (token.empty() || token.size() > 10 || (token.size() > 1 && token[0] == '0')) {
        return kNoNode;
      }
      uint64_t index = 0;
      for (char c : token) {
        if (c < '0' || c > '9') return kNoNode;
        index = index * 10 + static_cast<uint64_t>(c - '0');
      }
      if (index >= node.count) return kNoNode;
      at = children_[node.first + index];
    } else {
      return kNoNode;
    }
    if (i >= pointer.size()) return at;
    ++i;  // the '/' before the next token
  }
}

void Plan::ComputeOffsets() const {
  offsets_.clear();
  line_starts_.clear();
  const std::string_view t = text_;
  const size_t n = t.size();
  const char* const data = t.data();

  // Line starts. In valid JSON line ends are only in white space.
  line_starts_.push_back(0);
  bool have_line_starts = false;
#ifdef PLANLINT_AVX2_LINE_SCAN
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2) {
    have_line_starts = AppendLineStartsAvx2(t, &line_starts_);
    if (!have_line_starts) line_starts_.resize(1);
  }
#endif
  if (have_line_starts) {
    // Found in one pass (no '\r' in the text).
  } else if (std::memchr(data, '\r', n) == nullptr) {
    for (const char* p = data;
         (p = static_cast<const char*>(std::memchr(p, '\n', data + n - p)));) {
      ++p;
      line_starts_.push_back(static_cast<uint32_t>(p - data));
    }
  } else {
    for (size_t i = 0; i < n; ++i) {
      if (t[i] == '\r') {
        if (i + 1 < n && t[i + 1] == '\n') ++i;
        line_starts_.push_back(static_cast<uint32_t>(i + 1));
      } else if (t[i] == '\n') {
        line_starts_.push_back(static_cast<uint32_t>(i + 1));
      }
    }
  }

  block_columns_.assign(n / kColumnBlock + 1, 0);
  size_t next_line = 1;  // index in line_starts_ of the next line start
  size_t from = 0;
  uint32_t count = 0;
  for (size_t k = 1; k < block_columns_.size(); ++k) {
    const size_t boundary = k * kColumnBlock;
    while (next_line < line_starts_.size() && line_starts_[next_line] <= boundary) {
      from = line_starts_[next_line++];
      count = 0;
    }
    count += static_cast<uint32_t>(text::CountCodePoints(t.substr(from, boundary - from)));
    from = boundary;
    block_columns_[k] = count;
  }

  if (offsets_in_nodes_) return;

  // Value starts. The text is valid JSON (the parser checked it), so a light
  // scan suffices: every value start is recorded in order, which is node
  // order. Keys are strings too, so the scan tracks whether a string is a key.
  offsets_.reserve(nodes_.size());
  std::vector<bool> in_object;
  bool expect_key = false;
  size_t i = 0;
  while (i < n) {
    const char c = t[i];
    switch (c) {
      case ' ':
      case '\t':
      case '\n':
      case '\r':
        ++i;
        while (i < n && t[i] == ' ') ++i;  // indentation
        break;
      case '{':
      case '[':
        offsets_.push_back(static_cast<uint32_t>(i));
        in_object.push_back(c == '{');
        expect_key = c == '{';
        ++i;
        break;
      case '}':
      case ']':
        if (!in_object.empty()) in_object.pop_back();
        expect_key = false;
        ++i;
        break;
      case ',':
        expect_key = !in_object.empty() && in_object.back();
        ++i;
        break;
      case ':':
        expect_key = false;
        ++i;
        break;
      case '"': {
        if (!expect_key) offsets_.push_back(static_cast<uint32_t>(i));
        expect_key = false;
        // The closing quote: the first '"' not preceded by an odd number of
        // backslashes.
        size_t j = i + 1;
        while (true) {
          const void* q = j < n ? std::memchr(data + j, '"', n - j) : nullptr;
          if (q == nullptr) {
            j = n;
            break;
          }
          j = static_cast<size_t>(static_cast<const char*>(q) - data);
          size_t backslashes = 0;
          while (j - backslashes > i + 1 && t[j - backslashes - 1] == '\\') ++backslashes;
          if (backslashes % 2 == 0) break;
          ++j;
        }
        i = j + 1;
        break;
      }
      default:
        // A number or literal.
        offsets_.push_back(static_cast<uint32_t>(i));
        while (i < n && t[i] != ',' && t[i] != '}' && t[i] != ']' && t[i] != ' ' && t[i] != '\t' &&
               t[i] != '\n' && t[i] != '\r') {
          ++i;
        }
        break;
    }
  }
}

SourcePosition Plan::PositionOf(NodeId n) const {
  if (text_.empty()) return {0, 0};
  if (line_starts_.empty()) ComputeOffsets();
  uint32_t offset;
  if (offsets_in_nodes_) {
    if (n >= nodes_.size()) return {0, 0};
    offset = nodes_[n].offset;
  } else {
    if (n >= offsets_.size()) return {0, 0};
    offset = offsets_[n];
  }
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  size_t line = static_cast<size_t>(it - line_starts_.begin());  // 1-based
  uint32_t start = line_starts_[line - 1];
  size_t column = 1;
  if (offset - start > kColumnBlock) {
    const uint32_t block = offset / kColumnBlock;
    start = block * kColumnBlock;  // after the line's start: offset - start > one block
    column += block_columns_[block];
  }
  column += text::CountCodePoints(std::string_view(text_).substr(start, offset - start));
  return {static_cast<int>(line), static_cast<int>(column)};
}

PlanBuilder::PlanBuilder(std::string file, std::string text) {
  plan_.file_ = file.empty() ? std::string("<memory>") : std::move(file);
  plan_.text_ = std::move(text);
  if (!plan_.text_.empty()) {
    // Unescaped strings and keys are never longer than their JSON text.
    plan_.pool_.reserve(plan_.text_.size());
    // A generous guess (a value takes 8 bytes of pretty-printed JSON or
    // more); pages never written cost nothing.
    plan_.nodes_.reserve(plan_.text_.size() / 8 + 16);
    plan_.children_.reserve(plan_.text_.size() / 8 + 16);
  }
  stack_.reserve(64);
  child_stack_.reserve(256);
}

bool PlanBuilder::RepeatsKey(const Open& top, NodeId next) {
  const std::span<const NodeId> members(child_stack_.data() + top.child_start,
                                        child_stack_.size() - top.child_start);
  return repeated_keys_.Repeats(
      top.node, members, next,
      std::string_view(plan_.pool_.data() + pending_key_offset_, pending_key_length_),
      [&](NodeId m) { return plan_.key(m); });
}

NodeId PlanBuilder::Add(JsonKind kind) {
  const NodeId id = static_cast<NodeId>(plan_.nodes_.size());
  // Written in place: building a Node on the stack and copying it costs a
  // store-forwarding stall per node.
  Plan::Node& node = plan_.nodes_.emplace_back();
  node.kind = kind;
  if (!stack_.empty()) {
    const Open& top = stack_.back();
    node.parent = top.node;
    node.index = static_cast<uint32_t>(child_stack_.size()) - top.child_start;
    if (plan_.nodes_[top.node].kind == JsonKind::kObject) {
      node.key_offset = pending_key_offset_;
      node.key_length = pending_key_length_;
      node.shadowed = RepeatsKey(top, id);
    }
    child_stack_.push_back(id);
  }
  pending_key_offset_ = 0;
  pending_key_length_ = 0;
  return id;
}

// A value after the top-level value is complete would start a second
// document; such calls are ignored, as are unbalanced End calls.
bool PlanBuilder::Done() const { return stack_.empty() && !plan_.nodes_.empty(); }

void PlanBuilder::Null() {
  if (Done()) return;
  Add(JsonKind::kNull);
}

void PlanBuilder::Bool(bool b) {
  if (Done()) return;
  plan_.nodes_[Add(JsonKind::kBool)].scalar.b = b;
}

void PlanBuilder::Int(int64_t i) {
  if (Done()) return;
  plan_.nodes_[Add(JsonKind::kInt)].scalar.i = i;
}

void PlanBuilder::Uint(uint64_t u) {
  if (Done()) return;
  plan_.nodes_[Add(JsonKind::kUint)].scalar.u = u;
}

void PlanBuilder::Double(double d) {
  if (Done()) return;
  plan_.nodes_[Add(JsonKind::kDouble)].scalar.d = d;
}

void PlanBuilder::String(std::string_view s) {
  if (Done()) return;
  const uint32_t offset = static_cast<uint32_t>(plan_.pool_.size());
  plan_.pool_.append(s);
  Plan::Node& node = plan_.nodes_[Add(JsonKind::kString)];
  node.first = offset;
  node.count = static_cast<uint32_t>(s.size());
}

void PlanBuilder::BeginArray() {
  if (Done()) return;
  NodeId id = Add(JsonKind::kArray);
  stack_.push_back({id, static_cast<uint32_t>(child_stack_.size())});
}

void PlanBuilder::BeginObject() {
  if (Done()) return;
  NodeId id = Add(JsonKind::kObject);
  stack_.push_back({id, static_cast<uint32_t>(child_stack_.size())});
}

void PlanBuilder::Key(std::string_view key) {
  pending_key_offset_ = static_cast<uint32_t>(plan_.pool_.size());
  pending_key_length_ = static_cast<uint32_t>(key.size());
  plan_.pool_.append(key);
}

void PlanBuilder::Close(JsonKind kind) {
  if (stack_.empty() || plan_.nodes_[stack_.back().node].kind != kind) return;
  const Open top = stack_.back();
  stack_.pop_back();
  Plan::Node& node = plan_.nodes_[top.node];
  node.first = static_cast<uint32_t>(plan_.children_.size());
  node.count = static_cast<uint32_t>(child_stack_.size()) - top.child_start;
  node.scalar.u = plan_.nodes_.size();
  plan_.children_.insert(plan_.children_.end(), child_stack_.begin() + top.child_start,
                         child_stack_.end());
  child_stack_.resize(top.child_start);
}

void PlanBuilder::EndArray() { Close(JsonKind::kArray); }

void PlanBuilder::EndObject() { Close(JsonKind::kObject); }

Plan PlanBuilder::Build() {
  while (!stack_.empty()) Close(plan_.nodes_[stack_.back().node].kind);
  if (plan_.nodes_.empty()) Add(JsonKind::kNull);
  repeated_keys_.Clear();
  return std::move(plan_);
}

}  // namespace planlint

#include "core/expr/selector.h"
#include "core/util/strings.h"

#include <algorithm>

#include "absl/container/inlined_vector.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/util/status.h"

namespace planlint::expr {

namespace {

absl::Status Bad(size_t offset, std::string_view message) {
  return WithOffset(absl::InvalidArgumentError(Cat("bad selector: ", message)),
                    static_cast<uint32_t>(offset));
}

bool IsNameStart(char c) {
  return absl::ascii_isalpha(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsNameChar(char c) {
  return IsNameStart(c) || absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '-';
}

}  // namespace

absl::StatusOr<Selector> Selector::Parse(std::string_view text) {
  Selector sel;
  sel.text_ = std::string(text);
  size_t i = 0;
  auto skip_ws = [&] {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
  };
  skip_ws();
  if (i >= text.size() || text[i] != '$') return Bad(i, "a selector starts with '$'");
  ++i;
  while (true) {
    skip_ws();
    if (i >= text.size()) break;
    Segment seg;
    if (text[i] == '.') {
      ++i;
      if (i < text.size() && text[i] == '.') {
        seg.descendant = true;
        ++i;
        if (i < text.size() && text[i] == '[') goto bracket;
      }
      if (i < text.size() && text[i] == '*') {
        seg.kind = Segment::Kind::kWildcard;
        ++i;
      } else if (i < text.size() && IsNameStart(text[i])) {
        size_t start = i;
        while (i < text.size() && IsNameChar(text[i])) ++i;
        seg.kind = Segment::Kind::kName;
        seg.name = std::string(text.substr(start, i - start));
      } else {
        return Bad(i, "expected a name or '*' after '.'");
      }
      sel.segments_.push_back(std::move(seg));
      continue;
    }
    if (text[i] != '[') return Bad(i, Cat("unexpected '", text.substr(i, 1), "'"));
  bracket:
    ++i;  // '['
    skip_ws();
    if (i >= text.size()) return Bad(i, "unterminated '['");
    if (text[i] == '*') {
      seg.kind = Segment::Kind::kWildcard;
      ++i;
    } else if (text[i] == '\'' || text[i] == '"') {
      char quote = text[i++];
      std::string name;
      while (i < text.size() && text[i] != quote) {
        if (text[i] == '\\' && i + 1 < text.size()) {
          char e = text[i + 1];
          if (e == quote || e == '\\' || e == '/') {
            name.push_back(e);
          } else if (e == 'n') {
            name.push_back('\n');
          } else if (e == 't') {
            name.push_back('\t');
          } else {
            return Bad(i, "unsupported escape in a quoted name");
          }
          i += 2;
          continue;
        }
        name.push_back(text[i++]);
      }
      if (i >= text.size()) return Bad(i, "unterminated quoted name");
      ++i;
      seg.kind = Segment::Kind::kName;
      seg.name = std::move(name);
    } else if (text[i] == '-' || absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) {
      size_t start = i;
      if (text[i] == '-') ++i;
      while (i < text.size() && absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) ++i;
      if (!absl::SimpleAtoi(Sv(text.substr(start, i - start)), &seg.index)) {
        return Bad(start, "bad array index");
      }
      seg.kind = Segment::Kind::kIndex;
    } else {
      return Bad(i, "expected '*', a quoted name or an index inside '[ ]'");
    }
    skip_ws();
    if (i >= text.size() || text[i] != ']') return Bad(i, "expected ']'");
    ++i;
    sel.segments_.push_back(std::move(seg));
  }
  return sel;
}

namespace {

// Appends to *out the children of `v` that segment `seg` selects (`Out`: a
// std::vector or an absl::InlinedVector of values).
template <typename Out>
void Children(EvalContext& ctx, const Value& v, const Selector::Segment& seg, Out* out) {
  const Plan& plan = *ctx.plan();
  if (v.node == kNoNode) return;
  NodeId n = v.node;
  JsonKind kind = plan.kind(n);
  auto visible = [&](NodeId c) {
    return !plan.shadowed(c) && (v.raw || !ctx.typed_view().masked(c));
  };
  switch (seg.kind) {
    case Selector::Segment::Kind::kName: {
      if (kind != JsonKind::kObject) return;
      NodeId m = ctx.FindMember(n, KeyRef{seg.name, seg.key_id});
      if (m != kNoNode && visible(m)) out->push_back(ctx.NodeValue(m, v.raw));
      return;
    }
    case Selector::Segment::Kind::kIndex: {
      if (kind != JsonKind::kArray) return;
      // Indexes count the visible items, as `list[i]` in an expression does:
      // in the typed view a wrong-typed item is not there.
      const std::span<const NodeId> children = plan.container_children(n);
      int64_t idx = seg.index;
      if (idx < 0) {
        int64_t size = 0;
        for (NodeId c : children) size += visible(c) ? 1 : 0;
        idx += size;
        if (idx < 0) return;
      }
      for (NodeId c : children) {
        if (!visible(c)) continue;
        if (idx-- == 0) {
          out->push_back(ctx.NodeValue(c, v.raw));
          return;
        }
      }
      return;
    }
    case Selector::Segment::Kind::kWildcard: {
      if (kind != JsonKind::kArray && kind != JsonKind::kObject) return;
      // Room for every child, growing geometrically (a selector visits
      // many parents).
      if (const size_t want = out->size() + plan.children(n).size(); want > out->capacity())
        out->reserve(std::max(want, 2 * out->capacity()));
      for (NodeId c : plan.children(n)) {
        if (visible(c)) out->push_back(ctx.NodeValue(c, v.raw));
      }
      return;
    }
  }
}

// `v` and all its visible descendants (raw), pre-order.
void SelfAndDescendants(EvalContext& ctx, NodeId n, std::vector<Value>* out) {
  ctx.ForEachVisible(n, [&](NodeId cur) { out->push_back(ctx.NodeValue(cur, true)); });
}

// Sorts `values` by node and drops repeated nodes (document order, as node
// ids are pre-order). The children of one node, or of nodes in document
// order without nesting, come in strictly increasing order already:
// nothing to sort or remove.
template <typename Values>
void SortUnique(Values* values) {
  auto before = [](const Value& a, const Value& b) { return a.node < b.node; };
  if (std::adjacent_find(values->begin(), values->end(), [&](const Value& a, const Value& b) {
        return !before(a, b);
      }) != values->end()) {
    std::sort(values->begin(), values->end(), before);
    values->erase(std::unique(values->begin(), values->end(),
                              [](const Value& a, const Value& b) { return a.node == b.node; }),
                  values->end());
  }
}

}  // namespace

// The values between segments are kept in buffers on the stack while they
// are few (most steps select one member), and only the last segment's go
// into the vector returned: a selection allocates that vector and little
// else.
std::vector<Value> Selector::Select(EvalContext& ctx, const Value& start, uint64_t* visited) const {
  std::vector<Value> result;
  uint64_t count = 0;
  if (visited != nullptr) *visited = 0;
  if (start.node == kNoNode || ctx.plan() == nullptr) return result;
  if (segments_.empty()) {
    result.push_back(start);
    return result;
  }
  using Stage = absl::InlinedVector<Value, 4>;
  Stage current = {start};
  Stage next;
  std::vector<Value> all;
  // The values segment `seg` selects from `current`, appended to *out.
  auto step = [&](const Segment& seg, auto* out) {
    if (seg.descendant) {
      all.clear();
      for (const Value& v : current) SelfAndDescendants(ctx, v.node, &all);
      count += all.size();
      for (const Value& v : all) Children(ctx, v, seg, out);
    } else {
      for (const Value& v : current) Children(ctx, v, seg, out);
    }
    count += out->size();
    if (visited != nullptr) *visited = count;
    SortUnique(out);
  };
  const size_t last = segments_.size() - 1;
  for (size_t i = 0; i < last; ++i) {
    next.clear();
    step(segments_[i], &next);
    current.swap(next);
    if (current.empty()) return result;
  }
  step(segments_[last], &result);
  return result;
}

void Selector::ResolveKeys(KeyTable* keys) {
  for (Segment& seg : segments_) {
    if (seg.kind == Segment::Kind::kName) seg.key_id = keys->Intern(seg.name);
  }
}

const SchemaType* Selector::StaticType(const Schema& schema) const {
  const SchemaType* type = &schema.root();
  for (const Segment& seg : segments_) {
    if (seg.descendant) return nullptr;
    switch (seg.kind) {
      case Segment::Kind::kName:
        type = schema.FieldType(*type, seg.name);
        break;
      case Segment::Kind::kIndex:
      case Segment::Kind::kWildcard:
        type = schema.ItemType(*type);
        break;
    }
    if (type == nullptr) return nullptr;
  }
  return type;
}

}  // namespace planlint::expr

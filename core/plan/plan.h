// A parsed plan: every JSON value of one document in a flat, immutable arena
// of nodes, numbered in document order (pre-order). Rules never see the
// source text; they see nodes. Line and column are worked out only when a
// finding asks for them (PositionOf), from the source text the plan keeps.
//
// A member whose key repeats an earlier key of the same object is kept (so
// DOC007 can report it) but marked shadowed: look-ups and traversals skip it
// and its subtree, because "the first occurrence is the one the rules see".
#ifndef PLANLINT_CORE_PLAN_PLAN_H_
#define PLANLINT_CORE_PLAN_PLAN_H_

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/plan/node_id.h"
#include "core/plan/repeated_keys.h"
#include "core/util/status.h"

namespace planlint {

enum class JsonKind : uint8_t { kNull, kBool, kInt, kUint, kDouble, kString, kArray, kObject };

// Name of a kind as a person reads it: "null", "boolean", "number",
// "string", "array", "object".
std::string_view JsonKindName(JsonKind kind);

class PlanBuilder;
class PlanTapeBuilder;

class Plan {
 public:
  Plan(Plan&&) noexcept;
  Plan& operator=(Plan&&) noexcept;
  ~Plan();

  // The file name the plan was read from ("<memory>" when it had none).
  const std::string& file() const { return file_; }
  // The source text with any UTF-8 byte order mark removed; empty for a plan
  // built from memory (then positions are unknown: line 0, column 0).
  std::string_view text() const { return text_; }

  NodeId root() const { return 0; }
  size_t node_count() const { return nodes_.size(); }

  JsonKind kind(NodeId n) const { return nodes_[n].kind; }
  bool shadowed(NodeId n) const { return nodes_[n].shadowed; }
  NodeId parent(NodeId n) const { return nodes_[n].parent; }
  // Raw index of `n` among its parent's items or members (shadowed ones
  // included), as a JSON Pointer names it.
  uint32_t index_in_parent(NodeId n) const { return nodes_[n].index; }
  // The key under which `n` is a member of its parent object ("" otherwise).
  std::string_view key(NodeId n) const {
    const Node& node = nodes_[n];
    return std::string_view(pool_.data() + node.key_offset, node.key_length);
  }

  bool boolean(NodeId n) const { return nodes_[n].scalar.b; }
  int64_t int_value(NodeId n) const { return nodes_[n].scalar.i; }
  uint64_t uint_value(NodeId n) const { return nodes_[n].scalar.u; }
  // Any number as a double (CEL's JSON mapping makes every number a double).
  double number(NodeId n) const {
    const Node& node = nodes_[n];
    switch (node.kind) {
      case JsonKind::kInt:
        return static_cast<double>(node.scalar.i);
      case JsonKind::kUint:
        return static_cast<double>(node.scalar.u);
      case JsonKind::kDouble:
        return node.scalar.d;
      default:
        return 0.0;
    }
  }
  // The text of a string node ("" for any other kind of node).
  std::string_view string(NodeId n) const {
    const Node& node = nodes_[n];
    if (node.kind != JsonKind::kString) return {};
    return std::string_view(pool_.data() + node.first, node.count);
  }
  // Items of an array or members of an object, shadowed members included.
  // Empty for any other kind of node.
  std::span<const NodeId> children(NodeId n) const {
    const JsonKind kind = nodes_[n].kind;
    if (kind != JsonKind::kArray && kind != JsonKind::kObject) return {};
    return container_children(n);
  }

  // children(n) of a node known to be an array or an object, without
  // testing its kind (the field look-ups of the evaluator know it).
  std::span<const NodeId> container_children(NodeId n) const {
    const Node& node = nodes_[n];
    return std::span<const NodeId>(children_.data() + node.first, node.count);
  }

  // One past the last node of `n`'s subtree: nodes are numbered in
  // pre-order, so a subtree is the range [n, subtree_end(n)).
  NodeId subtree_end(NodeId n) const {
    const Node& node = nodes_[n];
    if (node.kind != JsonKind::kArray && node.kind != JsonKind::kObject) return n + 1;
    return static_cast<NodeId>(node.scalar.u);
  }

  // Every container's children in one array; children(n) is a slice of it.
  // Tables kept beside a plan, one entry per member or item, index it.
  std::span<const NodeId> all_children() const { return children_; }

  // First member of object `n` with `key`, or kNoNode.
  NodeId FindMember(NodeId n, std::string_view key) const;

  // RFC 6901 JSON Pointer of `n` ("" for the root).
  std::string Pointer(NodeId n) const;
  // The same into `*out` (replacing its contents), to reuse one buffer.
  void Pointer(NodeId n, std::string* out) const;
  // Whether Pointer(a) == Pointer(b), without building either: the same
  // node, or nodes whose paths name the same keys and indexes (a shadowed
  // member and the member whose key it repeats, and their descendants).
  bool SamePointer(NodeId a, NodeId b) const;
  // Resolves a JSON Pointer; kNoNode when it names nothing.
  NodeId Resolve(std::string_view pointer) const;

  // 1-based line and column (in code points) of the node's first character.
  // {0, 0} for a plan built from memory. Computed lazily on first call; not
  // thread-safe on one Plan (a Plan is checked by one thread at a time).
  SourcePosition PositionOf(NodeId n) const;

 private:
  friend class PlanBuilder;
  // The JSON parser's fast path (plan_parser.cc): writes nodes, children and
  // pool directly from simdjson's tape.
  friend class PlanTapeBuilder;
  Plan();

  struct Node {
    JsonKind kind = JsonKind::kNull;
    bool shadowed = false;
    NodeId parent = kNoNode;
    uint32_t index = 0;
    uint32_t key_offset = 0;
    uint32_t key_length = 0;
    // Strings: offset and length in pool_. Containers: offset and count in
    // children_.
    uint32_t first = 0;
    uint32_t count = 0;
    // Byte offset in text_ of the node's first character, when
    // offsets_in_nodes_ (it fills what would be padding).
    uint32_t offset = 0;
    // Scalars: the value. Containers: `u` is subtree_end(), set when the
    // container closes.
    union {
      bool b;
      int64_t i;
      uint64_t u;
      double d;
    } scalar{};
  };

  void ComputeOffsets() const;
  void ComputeBlockColumns() const;

  std::string file_;
  std::string text_;
  std::vector<Node> nodes_;
  std::vector<NodeId> children_;
  std::string pool_;
  // Whether Node::offset holds each node's start (set by the JSON parser);
  // otherwise ComputeOffsets scans the text for them into offsets_.
  bool offsets_in_nodes_ = false;
  // Byte offset in text_ of each node's first character; filled lazily.
  mutable std::vector<uint32_t> offsets_;
  mutable std::vector<uint32_t> line_starts_;
  // Code points from the start of its line to each kColumnBlock boundary of
  // the text, so that a column on a long (minified) line costs at most one
  // block of counting, not the whole line. Computed when first needed.
  static constexpr uint32_t kColumnBlock = 256;
  mutable std::vector<uint32_t> block_columns_;
};

// Builds a Plan value by value in document order. Used by the JSON parser
// and by the Python bindings (which build from a dict without JSON text).
class PlanBuilder {
 public:
  explicit PlanBuilder(std::string file, std::string text = "");
  void Null();
  void Bool(bool b);
  void Int(int64_t i);
  void Uint(uint64_t u);
  void Double(double d);
  void String(std::string_view s);
  void BeginArray();
  void EndArray();
  void BeginObject();
  // The key of the next value inside the current object.
  void Key(std::string_view key);
  void EndObject();
  // Finishes the document (exactly one top-level value must have been added).
  Plan Build();

 private:
  // An open array or object: its node and where its children start in
  // child_stack_ (one shared stack, so a container costs no allocation).
  struct Open {
    NodeId node;
    uint32_t child_start;
  };
  bool Done() const;
  NodeId Add(JsonKind kind);
  void Close(JsonKind kind);
  // Whether member `next` about to join `top` (its key pending) repeats an
  // earlier key of that object.
  bool RepeatsKey(const Open& top, NodeId next);

  Plan plan_;
  std::vector<Open> stack_;
  std::vector<NodeId> child_stack_;
  RepeatedKeys repeated_keys_;
  uint32_t pending_key_offset_ = 0;
  uint32_t pending_key_length_ = 0;
};

}  // namespace planlint

#endif  // PLANLINT_CORE_PLAN_PLAN_H_

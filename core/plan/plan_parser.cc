#include "core/plan/plan_parser.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <type_traits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/plan/input_error.h"
#include "core/plan/repeated_keys.h"
#include "core/util/files.h"
#include "simdjson.h"

namespace planlint {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
// simdjson's buffers start at this capacity and grow with the documents.
constexpr size_t kInitialCapacity = 64 * 1024;
// Offsets into a plan's text are 32-bit.
constexpr size_t kMaxTextSize = UINT32_MAX - simdjson::SIMDJSON_PADDING;
// simdjson's max_depth N accepts N nested containers only when the innermost
// is empty (a non-empty container's contents count as one more level), so it
// is given one more level and Build() enforces kMaxPlanDepth exactly.
constexpr size_t kSimdjsonMaxDepth = kMaxPlanDepth + 1;

// Big copies go in pieces below glibc's threshold for `rep movsb`, which
// valgrind counts byte by byte (in time, both are as fast).
constexpr size_t kCopyPiece = 2048;

void CopyInPieces(char* to, const char* from, size_t size) {
  for (size_t at = 0; at < size; at += kCopyPiece) {
    std::memcpy(to + at, from + at, std::min(kCopyPiece, size - at));
  }
}

absl::Status InputError(const std::string& file, SourcePosition pos, std::string_view message) {
  return WithPosition(absl::InvalidArgumentError(absl::StrCat(file, ":", pos.line, ":", pos.column,
                                                              ": ", std::string(message))),
                      file, pos);
}

}  // namespace

// The tape layout and the structural indexes read below are simdjson
// internals (documented in simdjson's doc/tape.md; the structural indexes are
// stage 1's output). Checked where the compiler can; the structural indexes
// are also checked while they are read (PlanTapeBuilder falls back to
// Plan::ComputeOffsets' scan when they do not match the tape).
static_assert(std::is_same_v<decltype(simdjson::dom::document::tape), std::unique_ptr<uint64_t[]>>);
static_assert(
    std::is_same_v<decltype(simdjson::dom::document::string_buf), std::unique_ptr<uint8_t[]>>);
static_assert(
    std::is_same_v<decltype(simdjson::internal::dom_parser_implementation::structural_indexes),
                   std::unique_ptr<uint32_t[]>>);
static_assert(
    std::is_same_v<decltype(simdjson::internal::dom_parser_implementation::n_structural_indexes),
                   uint32_t>);

// What a value's first character, or a tape word's type, says the value is:
// the same class for both when they agree ('#' for a number: '-' or a digit
// starts one, 'l', 'u' and 'd' are the tape's number types; 0 for anything
// else, which no tape type has).
constexpr std::array<uint8_t, 256> kTokenClass = [] {
  std::array<uint8_t, 256> classes{};
  for (char c : std::string_view("{[\"tfn")) classes[static_cast<uint8_t>(c)] = c;
  for (char c : std::string_view("-0123456789lud")) classes[static_cast<uint8_t>(c)] = '#';
  return classes;
}();

// Builds a Plan from the tape of the document simdjson just parsed, in one
// loop: each value becomes a node in document order (the tape's order), each
// container reserves its children's slots when it opens (the tape gives its
// size), strings and keys point into a copy of simdjson's string buffer, and
// each node's start offset comes from stage 1's structural indexes.
class PlanTapeBuilder {
 public:
  // `parsed` is the text simdjson parsed (`parsed_size` bytes), `text` the
  // text the plan keeps (the same bytes unless integers were widened, then
  // `structural_offsets` is false). `slow` takes the paths meant for huge
  // documents and leaves the offsets to the scan (for tests). Returns nothing
  // for a container deeper than kMaxPlanDepth, leaving `file` and `text`
  // alone.
  static std::optional<Plan> Build(const simdjson::dom::parser& parser, const char* parsed,
                                   size_t parsed_size, bool structural_offsets, bool slow,
                                   std::string& file, std::string& text);

 private:
  // Texts up to this size keep simdjson's string buffer whole as the pool
  // (each string of n bytes of JSON takes at most 2.5 n bytes there; pool
  // offsets are 32-bit); bigger ones copy string by string.
  static constexpr size_t kWholePoolMaxText = UINT32_MAX / 5 * 2 - 64;

  // Number of items of the array, or members of the object, opening at
  // tape[open]: the tape's count saturates at 2^24 - 1.
  static uint32_t CountChildren(const uint64_t* tape, size_t open, bool object) {
    const size_t close = static_cast<uint32_t>(tape[open]) - 1;
    uint32_t count = 0;
    for (size_t i = open + 1; i < close; ++count) {
      if (object) ++i;  // the key
      switch (static_cast<char>(tape[i] >> 56)) {
        case '{':
        case '[':
          i = static_cast<uint32_t>(tape[i]);
          break;
        case 'l':
        case 'u':
        case 'd':
          i += 2;
          break;
        default:
          ++i;
          break;
      }
    }
    return count;
  }
};

std::optional<Plan> PlanTapeBuilder::Build(const simdjson::dom::parser& parser, const char* parsed,
                                           size_t parsed_size, bool structural_offsets, bool slow,
                                           std::string& file, std::string& text) {
  using simdjson::internal::JSON_COUNT_MASK;
  using simdjson::internal::JSON_VALUE_MASK;
  Plan plan;
  const uint64_t* const tape = parser.doc.tape.get();
  const char* const strings = reinterpret_cast<const char*>(parser.doc.string_buf.get());
  std::vector<Plan::Node>& nodes = plan.nodes_;
  std::vector<NodeId>& children = plan.children_;
  std::string& pool = plan.pool_;
  // A generous guess (a value takes 8 bytes of pretty-printed JSON or more);
  // pages never written cost nothing.
  nodes.reserve(parsed_size / 8 + 16);
  children.reserve(parsed_size / 8 + 16);
  const bool whole_pool = !slow && parsed_size <= kWholePoolMaxText;
  // Unescaped strings and keys are never longer than their JSON text.
  if (!whole_pool) pool.reserve(parsed_size);
  size_t pool_end = 0;
  // Where key and string bytes are while building.
  auto bytes = [&]() -> const char* { return whole_pool ? strings : pool.data(); };
  // The string at tape word `word`: its offset and length in the pool.
  auto add_string = [&](uint64_t word, uint32_t* offset, uint32_t* length) {
    const size_t at = static_cast<size_t>(word & JSON_VALUE_MASK);
    uint32_t size;
    std::memcpy(&size, strings + at, sizeof size);
    *length = size;
    if (whole_pool) {
      *offset = static_cast<uint32_t>(at + sizeof size);
      pool_end = std::max(pool_end, at + sizeof size + size);
    } else {
      *offset = static_cast<uint32_t>(pool.size());
      pool.append(strings + at + sizeof size, size);
    }
  };

  // Stage 1's structural indexes: in valid JSON, one per token ({ } [ ] : ,
  // the opening quote of a string or key, the first character of a number or
  // literal), in text order, so they are read along with the tape: a value
  // is preceded by a ',' unless it comes first in its container, and by its
  // key and ':' in an object. The first character of each value and closing
  // bracket is checked, and the count at the end; on any mismatch the offsets
  // are dropped (Plan::ComputeOffsets scans for them).
  const uint32_t* const structurals = parser.implementation->structural_indexes.get();
  const uint32_t structural_count = parser.implementation->n_structural_indexes;
  const bool use_structurals = structural_offsets && !slow && structural_count > 0;
  const uint32_t last_structural = structural_count - 1;
  uint32_t k = 0;    // next structural index
  bool bad = false;  // a structural index that does not fit the tape
  // The first character of the token at structural index `k` (clamped, so
  // that a mismatch cannot read out of bounds).
  auto token = [&](uint32_t at) { return parsed[structurals[std::min(at, last_structural)]]; };

  // Open containers.
  struct Frame {
    NodeId node;
    uint32_t first;  // its first child's slot in children
    uint32_t slot;   // the next child's slot
    bool object;
  };
  Frame frames[kMaxPlanDepth];
  int depth = 0;
  RepeatedKeys repeated_keys;
  // Whether the key at (offset, length) repeats a key of the members before
  // it in `top`; `next` is the member it will be.
  auto repeats_key = [&](const Frame& top, NodeId next, uint32_t offset, uint32_t length) {
    const char* const base = bytes();
    return repeated_keys.Repeats(
        top.node, std::span<const NodeId>(children.data() + top.first, top.slot - top.first), next,
        std::string_view(base + offset, length), [&](NodeId m) {
          return std::string_view(base + nodes[m].key_offset, nodes[m].key_length);
        });
  };

  size_t j = 1;  // tape[0] is the root word; the document's value follows
  while (true) {
    uint64_t word = tape[j];
    char type = static_cast<char>(word >> 56);
    const NodeId id = static_cast<NodeId>(nodes.size());
    NodeId parent = kNoNode;
    uint32_t index = 0;
    uint32_t key_offset = 0;
    uint32_t key_length = 0;
    bool shadowed = false;
    if (depth > 0) {
      Frame& top = frames[depth - 1];
      if (type == '}' || type == ']') {
        if (use_structurals) bad |= token(k++) != type;
        nodes[top.node].scalar.u = nodes.size();  // its subtree's end
        ++j;
        if (--depth == 0) break;
        continue;
      }
      parent = top.node;
      index = top.slot - top.first;
      k += index > 0 ? 1 : 0;  // ','
      if (top.object) {
        k += 2;  // the key and ':'
        add_string(word, &key_offset, &key_length);
        shadowed = repeats_key(top, id, key_offset, key_length);
        word = tape[++j];
        type = static_cast<char>(word >> 56);
      }
      children[top.slot++] = id;
    }
    Plan::Node& node = nodes.emplace_back();
    node.parent = parent;
    node.index = index;
    node.key_offset = key_offset;
    node.key_length = key_length;
    node.shadowed = shadowed;
    if (use_structurals) {
      const uint32_t at = std::min(k++, last_structural);
      node.offset = structurals[at];
      bad |= kTokenClass[static_cast<uint8_t>(parsed[node.offset])] !=
             kTokenClass[static_cast<uint8_t>(type)];
    }
    switch (type) {
      case '{':
      case '[': {
        if (depth == kMaxPlanDepth) return std::nullopt;
        const bool object = type == '{';
        node.kind = object ? JsonKind::kObject : JsonKind::kArray;
        uint32_t count = static_cast<uint32_t>(word >> 32) & JSON_COUNT_MASK;
        if (count == JSON_COUNT_MASK || slow) count = CountChildren(tape, j, object);
        const uint32_t first = static_cast<uint32_t>(children.size());
        node.first = first;
        node.count = count;
        children.resize(first + size_t{count});
        frames[depth++] = {id, first, first, object};
        ++j;
        break;
      }
      case '"':
        node.kind = JsonKind::kString;
        add_string(word, &node.first, &node.count);
        ++j;
        break;
      case 'l':
        node.kind = JsonKind::kInt;
        node.scalar.i = static_cast<int64_t>(tape[j + 1]);
        j += 2;
        break;
      case 'u':
        node.kind = JsonKind::kUint;
        node.scalar.u = tape[j + 1];
        j += 2;
        break;
      case 'd':
        node.kind = JsonKind::kDouble;
        std::memcpy(&node.scalar.d, &tape[j + 1], sizeof node.scalar.d);
        j += 2;
        break;
      case 't':
      case 'f':
        node.kind = JsonKind::kBool;
        node.scalar.b = type == 't';
        ++j;
        break;
      default:  // 'n'
        node.kind = JsonKind::kNull;
        ++j;
        break;
    }
    if (depth == 0) break;  // a scalar document
  }
  if (whole_pool) {
    // In pieces (see kCopyPiece).
    pool.reserve(pool_end);
    for (size_t at = 0; at < pool_end; at += kCopyPiece) {
      pool.append(strings + at, std::min(kCopyPiece, pool_end - at));
    }
  }
  plan.offsets_in_nodes_ = use_structurals && !bad && k == structural_count;
  plan.file_ = file.empty() ? std::string("<memory>") : std::move(file);
  plan.text_ = std::move(text);
  return plan;
}

namespace {

// The error of text that the fast parser refused: the careful scanner finds
// where and why.
absl::Status ReportInputError(const std::string& file, std::string_view text,
                              simdjson::error_code error) {
  if (std::optional<InputProblem> problem = FindInputProblem(text, kMaxPlanDepth)) {
    return InputError(file, problem->position, problem->message);
  }
  // The careful scanner found nothing wrong: say what simdjson says.
  return InputError(file, {1, 1}, simdjson::error_message(error));
}

}  // namespace

struct PlanParser::Impl {
  simdjson::dom::parser parser;
  simdjson::error_code allocation = simdjson::SUCCESS;
  bool slow_paths_for_testing = false;
  // A copy of the text with SIMDJSON_PADDING zero bytes after it, for texts
  // whose string has no room for them; reused from plan to plan.
  std::unique_ptr<char[]> padded;
  size_t padded_capacity = 0;

  const char* Padded(std::string_view text) {
    const size_t needed = text.size() + simdjson::SIMDJSON_PADDING;
    if (padded_capacity < needed) {
      padded_capacity = std::max(needed, padded_capacity * 2);
      padded = std::make_unique_for_overwrite<char[]>(padded_capacity);
    }
    CopyInPieces(padded.get(), text.data(), text.size());
    std::memset(padded.get() + text.size(), 0, simdjson::SIMDJSON_PADDING);
    return padded.get();
  }
};

PlanParser::PlanParser() : impl_(std::make_unique<Impl>()) {
  impl_->allocation = impl_->parser.allocate(kInitialCapacity, kSimdjsonMaxDepth);
}

PlanParser::~PlanParser() = default;

static_assert(PlanParser::kJsonPadding >= simdjson::SIMDJSON_PADDING);

bool PlanParser::ParseJsonOnly(std::string_view text) {
  if (impl_->allocation != simdjson::SUCCESS) return false;
  simdjson::dom::element root;
  return impl_->parser.parse(text.data(), text.size(), /*realloc_if_needed=*/false).get(root) ==
         simdjson::SUCCESS;
}

absl::StatusOr<Plan> PlanParser::Parse(std::string file, std::string text) {
  if (text.size() >= kBom.size() && std::string_view(text).substr(0, kBom.size()) == kBom) {
    text.erase(0, kBom.size());
  }
  if (text.size() > kMaxTextSize) {
    return InputError(file, {1, 1}, "the file is too large (4 GiB at most)");
  }
  if (impl_->allocation != simdjson::SUCCESS) {
    return absl::ResourceExhaustedError(absl::StrCat(
        file, ": cannot allocate the JSON parser: ", simdjson::error_message(impl_->allocation)));
  }
  // simdjson reads up to SIMDJSON_PADDING bytes past the end: give it zeroed
  // ones inside the string when it has room for them (ReadPlanFile makes
  // room), else a copy in the parser's own buffer (growing the string would
  // copy it too, into a new allocation each time).
  const size_t size = text.size();
  const char* parsed = text.data();
  if (text.capacity() >= size + simdjson::SIMDJSON_PADDING) {
    text.resize(size + simdjson::SIMDJSON_PADDING, '\0');
    text.resize(size);
  } else {
    parsed = impl_->Padded(text);
  }
  simdjson::dom::element root;
  simdjson::error_code error =
      impl_->parser.parse(parsed, size, /*realloc_if_needed=*/false).get(root);
  if (error == simdjson::SUCCESS && root.type() != simdjson::dom::element_type::OBJECT) {
    error = simdjson::INCORRECT_TYPE;
  }
  if (error == simdjson::MEMALLOC || error == simdjson::CAPACITY) {
    return absl::ResourceExhaustedError(
        absl::StrCat(file, ": cannot parse: ", simdjson::error_message(error)));
  }
  std::string widened;
  if (error != simdjson::SUCCESS) {
    // simdjson refuses integers beyond 64 bits; plan-format.md accepts every
    // number a double holds. When the careful scanner finds nothing else
    // wrong, such integers are parsed as doubles from a copy of the text in
    // which each of them has a ".0" appended (positions still come from the
    // original text, which the plan keeps).
    std::vector<std::pair<size_t, size_t>> wide;
    std::optional<InputProblem> problem = FindInputProblem(text, kMaxPlanDepth, &wide);
    if (problem) return InputError(file, problem->position, problem->message);
    if (!wide.empty()) {
      widened.reserve(size + 2 * wide.size() + simdjson::SIMDJSON_PADDING);
      size_t from = 0;
      for (const auto& [start, length] : wide) {
        widened.append(text, from, start + length - from);
        widened += ".0";
        from = start + length;
      }
      widened.append(text, from, size - from);
      const size_t widened_size = widened.size();
      widened.resize(widened_size + simdjson::SIMDJSON_PADDING, '\0');
      error =
          impl_->parser.parse(widened.data(), widened_size, /*realloc_if_needed=*/false).get(root);
      if (error == simdjson::SUCCESS && root.type() != simdjson::dom::element_type::OBJECT) {
        error = simdjson::INCORRECT_TYPE;
      }
      if (error == simdjson::MEMALLOC || error == simdjson::CAPACITY) {
        return absl::ResourceExhaustedError(
            absl::StrCat(file, ": cannot parse: ", simdjson::error_message(error)));
      }
    }
  }
  if (error != simdjson::SUCCESS) return ReportInputError(file, text, error);
  const bool is_widened = !widened.empty();
  if (is_widened) parsed = widened.data();
  const size_t parsed_size = is_widened ? widened.size() - simdjson::SIMDJSON_PADDING : size;
  std::optional<Plan> plan = PlanTapeBuilder::Build(impl_->parser, parsed, parsed_size,
                                                    /*structural_offsets=*/!is_widened,
                                                    impl_->slow_paths_for_testing, file, text);
  if (plan) return std::move(*plan);
  // Deeper than kMaxPlanDepth (simdjson allows one more level).
  return ReportInputError(file, text, simdjson::DEPTH_ERROR);
}

void PlanParser::UseSlowPathsForTesting(bool slow) { impl_->slow_paths_for_testing = slow; }

absl::StatusOr<Plan> ReadPlanFile(PlanParser& parser, const std::string& path) {
  absl::StatusOr<std::string> text = ReadRegularFile(path, simdjson::SIMDJSON_PADDING);
  if (!text.ok()) {
    return WithPosition(CannotReadError(absl::StrCat(path, ":0:0: cannot read"), text.status()),
                        path, {0, 0});
  }
  return parser.Parse(path, *std::move(text));
}

}  // namespace planlint

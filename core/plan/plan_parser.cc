#include "core/plan/plan_parser.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/plan/input_error.h"
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

absl::Status InputError(const std::string& file, SourcePosition pos, std::string_view message) {
  return WithPosition(absl::InvalidArgumentError(absl::StrCat(file, ":", pos.line, ":", pos.column,
                                                              ": ", std::string(message))),
                      file, pos);
}

// Adds a DOM value and everything under it to the builder; `depth` is the
// nesting level of `element` if it is a container (the top-level object is
// level 1). Returns false for a container deeper than kMaxPlanDepth. The
// recursion is bounded: simdjson refuses anything deeper than
// kSimdjsonMaxDepth first.
bool Build(simdjson::dom::element element, PlanBuilder& builder, int depth) {
  using simdjson::dom::element_type;
  switch (element.type()) {
    case element_type::OBJECT:
      if (depth > kMaxPlanDepth) return false;
      builder.BeginObject();
      for (simdjson::dom::key_value_pair member : simdjson::dom::object(element)) {
        builder.Key(member.key);
        if (!Build(member.value, builder, depth + 1)) return false;
      }
      builder.EndObject();
      break;
    case element_type::ARRAY:
      if (depth > kMaxPlanDepth) return false;
      builder.BeginArray();
      for (simdjson::dom::element item : simdjson::dom::array(element)) {
        if (!Build(item, builder, depth + 1)) return false;
      }
      builder.EndArray();
      break;
    case element_type::STRING:
      builder.String(std::string_view(element));
      break;
    case element_type::INT64:
      builder.Int(int64_t(element));
      break;
    case element_type::UINT64:
      builder.Uint(uint64_t(element));
      break;
    case element_type::DOUBLE:
      builder.Double(double(element));
      break;
    case element_type::BOOL:
      builder.Bool(bool(element));
      break;
    case element_type::NULL_VALUE:
      builder.Null();
      break;
  }
  return true;
}

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
  // ones inside the string instead of letting it copy the text.
  const size_t size = text.size();
  text.resize(size + simdjson::SIMDJSON_PADDING, '\0');
  simdjson::dom::element root;
  simdjson::error_code error =
      impl_->parser.parse(text.data(), size, /*realloc_if_needed=*/false).get(root);
  text.resize(size);
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
  PlanBuilder builder(file, std::move(text));
  if (Build(root, builder, 1)) return builder.Build();
  // Deeper than kMaxPlanDepth (simdjson allows one more level): the builder
  // holds the text now.
  Plan partial = builder.Build();
  return ReportInputError(file, partial.text(), simdjson::DEPTH_ERROR);
}

absl::StatusOr<Plan> ReadPlanFile(PlanParser& parser, const std::string& path) {
  auto cannot_read = [&](int err) {
    std::string message = absl::StrCat(path, ":0:0: cannot read: ", std::strerror(err));
    absl::Status status =
        err == ENOENT ? absl::NotFoundError(message) : absl::InvalidArgumentError(message);
    return WithPosition(std::move(status), path, {0, 0});
  };
  // O_NONBLOCK: opening a FIFO must not wait for a writer. Only regular
  // files are read (a FIFO, device or folder could block or never end).
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return cannot_read(errno);
  std::string text;
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return cannot_read(err);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return WithPosition(
        absl::InvalidArgumentError(absl::StrCat(path, ":0:0: cannot read: not a regular file")),
        path, {0, 0});
  }
  if (st.st_size > 0) text.reserve(static_cast<size_t>(st.st_size) + simdjson::SIMDJSON_PADDING);
  char buffer[64 * 1024];
  while (true) {
    ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return cannot_read(err);
    }
    if (got == 0) break;
    text.append(buffer, static_cast<size_t>(got));
  }
  ::close(fd);
  return parser.Parse(path, std::move(text));
}

}  // namespace planlint

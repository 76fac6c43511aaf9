// Turns JSON text into a Plan. The only place that includes simdjson (the
// fast path stays in one translation unit); on failure a slower, careful
// scanner (input_error.h) finds the line and column of the first problem.
#ifndef PLANLINT_CORE_PLAN_PLAN_PARSER_H_
#define PLANLINT_CORE_PLAN_PLAN_PARSER_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "core/plan/plan.h"

namespace planlint {

// Maximum nesting: the top-level object is level 1 (plan-format.md, Input).
inline constexpr int kMaxPlanDepth = 1024;

// Reusable parser. Holds simdjson's buffers, so keep one per thread and feed
// it many plans. Not thread-safe.
class PlanParser {
 public:
  PlanParser();
  ~PlanParser();
  PlanParser(const PlanParser&) = delete;
  PlanParser& operator=(const PlanParser&) = delete;

  // Parses `text` read from `file`. On an input error (plan-format.md,
  // "Input") returns InvalidArgument whose message is
  // "FILE:LINE:COL: what is wrong" and whose payload carries the file and
  // position (core/util/status.h).
  absl::StatusOr<Plan> Parse(std::string file, std::string text);

  // Bytes that must be readable after the text given to ParseJsonOnly.
  static constexpr size_t kJsonPadding = 64;

  // simdjson's DOM parse of `text` and nothing else (no Plan is built, no
  // input error located): the "simdjson parsing alone" baseline that
  // bench/check_bench.cc measures the rule pack against. `text.data()` must
  // be followed by kJsonPadding readable bytes. True when simdjson accepts
  // the text.
  bool ParseJsonOnly(std::string_view text);

  // For tests: build plans the way huge documents are built (containers
  // counted on the tape, strings copied one by one) and find positions by
  // scanning the text, so that tests can compare both ways on small plans.
  void UseSlowPathsForTesting(bool slow);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Reads and parses a file; an unreadable file is an error naming the file
// (line 0, column 0).
absl::StatusOr<Plan> ReadPlanFile(PlanParser& parser, const std::string& path);

}  // namespace planlint

#endif  // PLANLINT_CORE_PLAN_PLAN_PARSER_H_

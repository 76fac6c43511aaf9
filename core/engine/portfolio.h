// Portfolio scope (rule-language.md, "Portfolio scope"): a rule with
// `scope: portfolio` declares what to keep from each plan (`keep`, evaluated
// once per plan while the plan is checked) and its `assert`/`each` runs once
// over the list of every plan's records, after all plans are done.
//
// Plans are never held together. A kept value is deep-copied out of the
// plan's evaluation (whose arena dies with the plan) into an arena owned by a
// PortfolioSink: strings, numbers, dates, lists and maps, with no pointer into
// any plan. Each record gets a `file` member (the plan's file); a record's
// `pointer` members (strings) are resolved while the plan is still there, so
// that findings can carry a line and column. A portfolio finding is located
// by the `file` and `pointer` members of its item (or of what `at` yields).
//
// Use: one Portfolio per run; one sink per worker thread (NewSink); before
// each plan, sink->BeginPlan(index, file) and then
// Checker::CheckWithRecords(plan, sink); when every plan is done, Evaluate().
#ifndef PLANLINT_CORE_ENGINE_PORTFOLIO_H_
#define PLANLINT_CORE_ENGINE_PORTFOLIO_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/engine/finding.h"
#include "core/expr/context.h"
#include "core/expr/value.h"
#include "core/pack/rule_pack.h"
#include "core/plan/plan.h"
#include "core/text/date.h"

namespace planlint {

struct PortfolioOptions {
  // The run's reference date.
  text::DayNumber as_of = 0;
  // Cost units one portfolio rule may spend: a base, plus so many per record
  // it sees (a rule over more plans may do more work, linearly).
  uint64_t rule_cost_limit = 5'000'000;
  uint64_t cost_per_record = 1'000;
  // Values (strings, numbers, list items, map entries...) one plan may keep
  // for one rule; past it the plan's records for that rule are dropped with a
  // diagnostic. Keeps memory bounded whatever a pack's `keep` asks for.
  size_t keep_value_limit = 10'000;
};

class Portfolio;

// Collects the records that portfolio rules keep, on one thread. Not
// thread-safe; distinct sinks may be used at the same time.
class PortfolioSink {
 public:
  PortfolioSink(const PortfolioSink&) = delete;
  PortfolioSink& operator=(const PortfolioSink&) = delete;

  // Call before checking each plan: `plan_index` is the plan's place among
  // the inputs (records are ordered by it, whatever thread kept them).
  void BeginPlan(uint32_t plan_index, std::string_view file);

  // Called by the Checker. Copies what `rule`'s keep gave for `plan` (a list
  // of maps, one map, or null) into the sink; problems become diagnostics.
  void Keep(const CompiledRule& rule, expr::EvalContext& ctx, const Plan& plan,
            const expr::Value& kept, std::vector<Diagnostic>* diagnostics);
  // Called by the Checker for every valid suppression entry of the plan: if
  // `rule` names a portfolio rule, its findings in this plan at or below
  // `prefix` ("" = the whole plan) will be waived.
  void Waive(std::string_view rule, std::string_view prefix, bool whole);

 private:
  friend class Portfolio;
  PortfolioSink(const RulePack& pack, const PortfolioOptions& options);

  struct Kept {
    uint32_t plan;
    uint32_t rule;  // index in RulePack::rules()
    expr::Value record;
  };
  struct Position {
    std::string_view file;
    std::string_view pointer;
    int line;
    int column;
  };
  struct Waiver {
    std::string_view file;
    uint32_t rule;
    std::string prefix;
    bool whole;
  };

  // Deep copy into the sink's arena; a `record` (a top-level map) gets the
  // plan's `file`.
  expr::Value Copy(expr::EvalContext& from, const Plan& plan, const expr::Value& v, size_t* budget,
                   std::string* error, bool record = false);
  std::string_view Key(std::string_view key);

  const RulePack& pack_;
  PortfolioOptions options_;
  expr::EvalContext arena_;
  uint32_t plan_index_ = 0;
  std::string_view file_;
  expr::Value file_value_;
  expr::Value file_key_;
  std::vector<Kept> kept_;
  std::vector<Position> positions_;
  std::vector<Waiver> waivers_;
  absl::flat_hash_map<std::string, std::string_view> keys_;
};

class Portfolio {
 public:
  Portfolio(std::shared_ptr<const RulePack> pack, PortfolioOptions options);
  ~Portfolio();

  // True when the pack has enabled portfolio rules (otherwise sinks are not
  // needed and Evaluate() finds nothing).
  bool has_rules() const;
  // A new sink, owned by the portfolio. Thread-safe.
  PortfolioSink* NewSink();

  struct Result {
    // Sorted like a plan's findings; empty when Evaluate() was given a
    // callback, which then received each finding instead.
    std::vector<Finding> findings;
    size_t findings_count = 0;
    std::vector<Diagnostic> diagnostics;
    size_t records = 0;  // records kept, all rules together
  };
  // Runs every enabled portfolio rule once over all records kept so far.
  // With `deliver`, each finding goes to it as soon as it is located (so a
  // large estate's findings are not held twice).
  Result Evaluate(const std::function<void(Finding&&)>& deliver = nullptr);

 private:
  std::shared_ptr<const RulePack> pack_;
  PortfolioOptions options_;
  std::mutex mutex_;
  std::deque<std::unique_ptr<PortfolioSink>> sinks_;
};

}  // namespace planlint

#endif  // PLANLINT_CORE_ENGINE_PORTFOLIO_H_

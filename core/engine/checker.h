// The evaluation stage: a compiled RulePack over one parsed Plan. Selectors
// are evaluated once each and shared by the rules that use them; bindings
// that do not depend on the node are computed once per plan; positions are
// worked out only for the findings.
#ifndef PLANLINT_CORE_ENGINE_CHECKER_H_
#define PLANLINT_CORE_ENGINE_CHECKER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/engine/finding.h"
#include "core/pack/rule_pack.h"
#include "core/plan/plan.h"
#include "core/plan/plan_parser.h"
#include "core/text/date.h"

namespace planlint {

class PortfolioSink;  // core/engine/portfolio.h

struct CheckOptions {
  // The run's reference date; today (UTC) when unset.
  std::optional<text::DayNumber> as_of;
  // Cost units one rule may spend on one plan, and all rules together; both
  // the rule limit grows by 64 units per node of the plan.
  uint64_t rule_cost_limit = 5'000'000;
  uint64_t plan_cost_limit = 50'000'000;
};

// Today's date in UTC as a day number.
text::DayNumber Today();

class Checker {
 public:
  explicit Checker(std::shared_ptr<const RulePack> pack, CheckOptions options = {});

  // Checks a parsed plan. Rules of portfolio scope are skipped.
  PlanReport Check(const Plan& plan) const;
  // Checks a parsed plan and also evaluates the `keep` of every enabled
  // portfolio rule, handing the records (and the plan's waivers of portfolio
  // rules) to `sink` (portfolio.h). Used by the audit.
  PlanReport CheckWithRecords(const Plan& plan, PortfolioSink* sink) const;
  // Parses and checks JSON text; input errors become a report with
  // input_error set. `parser` is the caller's per-thread parser.
  PlanReport CheckText(PlanParser& parser, const std::string& file, std::string text) const;
  // Reads, parses and checks a file.
  PlanReport CheckFile(PlanParser& parser, const std::string& path) const;

  const RulePack& pack() const { return *pack_; }
  const CheckOptions& options() const { return options_; }

 private:
  std::shared_ptr<const RulePack> pack_;
  CheckOptions options_;
};

// Orders findings: file, line, column, rule id, pointer, message.
void SortFindings(std::vector<Finding>* findings);

}  // namespace planlint

#endif  // PLANLINT_CORE_ENGINE_CHECKER_H_

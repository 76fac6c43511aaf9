// A loaded, checked and compiled rule pack: the unit the engine evaluates.
// Built once (load -> check -> compile); immutable and safe to share between
// threads afterwards; evaluating a plan re-parses nothing of it.
#ifndef PLANLINT_CORE_PACK_RULE_PACK_H_
#define PLANLINT_CORE_PACK_RULE_PACK_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/expr/ast.h"
#include "core/expr/compiler.h"
#include "core/expr/context.h"
#include "core/expr/pattern_set.h"
#include "core/expr/program.h"
#include "core/expr/schema.h"
#include "core/expr/selector.h"
#include "core/pack/pack_source.h"
#include "core/pack/rule.h"
#include "yaml-cpp/yaml.h"

namespace planlint {

// How a user's configuration adjusts a pack without copying rules.
struct PackSettings {
  // Rule ids, id prefixes ("SCH") or names; empty `select` means all.
  std::vector<std::string> select;
  std::vector<std::string> ignore;
  // Per rule (id or name): severity and option overrides.
  std::map<std::string, Severity> severity;
  std::map<std::string, YAML::Node> rule_options;
  // Pack-wide option overrides.
  YAML::Node options;
  // Extra packs to load over the first one (files), in order.
  std::vector<std::string> extra_packs;
};

// The hot, compiled form of one rule.
struct CompiledRule {
  RuleInfo info;
  std::vector<int> selectors;  // indexes into RulePack::selectors()
  struct Let {
    uint32_t slot;
    expr::StepPtr step;
  };
  std::vector<Let> lets;
  expr::StepPtr when;
  expr::StepPtr assert_step;
  expr::StepPtr each;
  expr::StepPtr at;
  // Message: literal text and expressions, alternating.
  struct MessagePart {
    std::string literal;
    expr::StepPtr expr;  // null for a literal part
  };
  std::vector<MessagePart> message;
  uint32_t slot_count = expr::kFirstFreeSlot;
  bool uses_path = false;
  bool after_suppressions = false;
  // Portfolio scope: `keep` runs per plan (self, plan, path, as_of bound;
  // keep_slot_count slots); lets, when, assert/each, at and the message run
  // once over all records (`records` in kSlotSelf, as_of, item).
  bool portfolio = false;
  expr::StepPtr keep;
  uint32_t keep_slot_count = expr::kFirstFreeSlot;
};

struct CompiledSuppression {
  std::vector<int> selectors;
  expr::StepPtr when;
  expr::StepPtr rule;
  expr::StepPtr path;
  uint32_t slot_count = expr::kFirstFreeSlot;
};

class RulePack {
 public:
  // The built-in `imp` pack, embedded in the binary.
  static absl::StatusOr<std::shared_ptr<const RulePack>> Builtin(const PackSettings& settings = {});
  // A pack file (YAML or JSON). `extends: imp` starts from the built-in pack.
  static absl::StatusOr<std::shared_ptr<const RulePack>> FromFile(
      const std::string& path, const PackSettings& settings = {});
  static absl::StatusOr<std::shared_ptr<const RulePack>> FromYaml(
      const std::string& text, const std::string& file = "<pack>",
      const PackSettings& settings = {});

  ~RulePack();

  const std::string& name() const { return name_; }
  const std::vector<CompiledRule>& rules() const { return rules_; }
  const CompiledRule* FindRule(std::string_view id_or_name) const;
  const std::vector<expr::Selector>& selectors() const { return selectors_; }
  const std::vector<CompiledSuppression>& suppressions() const { return suppressions_; }
  const expr::Schema& schema() const { return schema_; }
  const expr::PatternSet& patterns() const { return patterns_; }
  // The object keys the pack's schema and expressions name (field access by
  // key id): give it to every EvalContext that runs the pack's steps.
  const expr::KeyTable& keys() const { return keys_; }
  uint32_t hoisted_count() const { return hoisted_count_; }
  // Ids and names of all the pack's rules, enabled or not.
  const absl::flat_hash_set<std::string>& known_rules() const { return known_rules_; }
  // The pack-wide options after configuration, as JSON text.
  const std::string& options_json() const { return options_json_; }

  // Compiles a free-standing expression against this pack (functions,
  // options) with `plan` and `as_of` bound: the `planlint eval` playground.
  // `*slot_count` (when given) is the number of slots its evaluation needs.
  absl::StatusOr<expr::StepPtr> CompileExpression(const std::string& text,
                                                  uint32_t* slot_count = nullptr) const;

 private:
  friend class PackCompiler;
  RulePack();

  std::string name_;
  std::vector<CompiledRule> rules_;
  std::vector<expr::Selector> selectors_;
  std::vector<CompiledSuppression> suppressions_;
  expr::Schema schema_;
  expr::PatternSet patterns_;
  expr::KeyTable keys_;
  std::unique_ptr<expr::EvalContext> constants_;
  // The pack functions' bodies, which CompileExpression inlines (the trees
  // of rules die once compiled).
  std::vector<expr::ExprPtr> asts_;
  absl::flat_hash_map<std::string, expr::PackFunction> functions_;
  expr::Value pack_options_;
  std::string options_json_ = "{}";
  uint32_t hoisted_count_ = 0;
  absl::flat_hash_set<std::string> known_rules_;
};

// Compiles specs (a base pack first, then packs extending it) into a RulePack.
absl::StatusOr<std::shared_ptr<const RulePack>> CompilePack(const std::vector<PackSpec>& specs,
                                                            const PackSettings& settings);

// The embedded built-in rule files: (path under rules/, contents).
const std::vector<std::pair<std::string_view, std::string_view>>& BuiltinRuleFiles();

}  // namespace planlint

#endif  // PLANLINT_CORE_PACK_RULE_PACK_H_

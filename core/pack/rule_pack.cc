#include "core/pack/rule_pack.h"
#include "core/util/files.h"
#include "core/util/strings.h"

#include <mutex>
#include <set>
#include <tuple>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/expr/parser.h"
#include "core/expr/value_ops.h"
#include "core/pack/builtin_pack.h"
#include "core/util/status.h"

namespace planlint {

using expr::Compiled;
using expr::Compiler;
using expr::Expr;
using expr::ExprKind;
using expr::ExprPtr;
using expr::StepPtr;
using expr::Value;

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "info";
  }
  return "error";
}

std::optional<Severity> ParseSeverity(std::string_view s) {
  if (s == "error") return Severity::kError;
  if (s == "warning") return Severity::kWarning;
  if (s == "info") return Severity::kInfo;
  return std::nullopt;
}

RulePack::RulePack() = default;
RulePack::~RulePack() = default;

const CompiledRule* RulePack::FindRule(std::string_view id_or_name) const {
  for (const CompiledRule& r : rules_) {
    if (r.info.id == id_or_name || r.info.name == id_or_name) return &r;
  }
  return nullptr;
}

// Turns PackSpecs into a RulePack, collecting every problem on the way.
// The names a plan-scoped expression sees besides its own bindings.
void BindPlanScope(Compiler& c) {
  c.Bind("self", expr::kSlotSelf);
  c.Bind("plan", expr::kSlotPlan);
  c.Bind("path", expr::kSlotPath);
  c.Bind("as_of", expr::kSlotAsOf);
}

class PackCompiler {
 public:
  // `problems`: those found while reading the pack files, listed first.
  PackCompiler(const PackSettings& settings, std::vector<PackProblem> problems)
      : settings_(settings), pack_(new RulePack()), problems_(std::move(problems)) {
    pack_->constants_ = std::make_unique<expr::EvalContext>(nullptr, nullptr, &pack_->patterns_);
  }

  // `specs`: a base pack first, then the packs extending it.
  absl::StatusOr<std::shared_ptr<const RulePack>> Run(const std::vector<const PackSpec*>& specs);

 private:
  Value OptionValue(const SpecValue& node);
  Value MergeOptions(Value base, const SpecValue& over);
  // Configuration's options (PackSettings) over `base`.
  Value MergeOptions(Value base, const YAML::Node& over);
  void BuildSchema(const PackSpec& spec);
  // Null (and a problem recorded) when the text does not parse.
  ExprPtr ParseExpr(const SourceText& src);
  std::optional<Compiled> CompileExpr(Compiler& c, const SourceText& src);
  int AddSelector(const SourceText& src);
  void CompileRule(const RuleSpec& spec, CompiledRule* rule, Value options);
  void CompilePortfolioRule(const RuleSpec& spec, const expr::CompileEnv& env, CompiledRule* rule);
  void CompileMessage(const RuleSpec& spec, Compiler& c, CompiledRule* rule);
  // The rule's `let` bindings, in order, into rule->lets; returns the slots
  // they read. Bindings that read none of `varying` are computed once per
  // plan; with `cache_invariants`, so are the invariant parts of the rest.
  // With a `share_prefix` (what makes two rules' bindings of the same text
  // compute the same value: stage, pack-wide and own options), those that
  // read only the plan are shared with other rules' of the same text.
  uint64_t CompileLets(const RuleSpec& spec, Compiler& c, uint64_t varying, bool cache_invariants,
                       CompiledRule* rule, std::string_view share_prefix = {});
  // when, assert, each, at and the message, after the lets; sets the rule's
  // slot count and returns the slots they read. `cache_invariants` as for
  // CompileLets.
  uint64_t CompileClauses(const RuleSpec& spec, Compiler& c, bool cache_invariants,
                          CompiledRule* rule);
  // What every expression of the pack compiles against, with these options.
  expr::CompileEnv Env(Value options);
  void CompileSuppression(const SuppressionSpec& spec);
  bool Matches(const RuleSpec& rule, const std::vector<std::string>& patterns) const;

  const PackSettings& settings_;
  std::shared_ptr<RulePack> pack_;
  std::vector<PackProblem> problems_;
  uint32_t next_hoisted_ = 0;
  absl::flat_hash_map<std::string, uint32_t> shared_hoisted_;
};

Value PackCompiler::OptionValue(const SpecValue& node) {
  expr::EvalContext& k = *pack_->constants_;
  if (node.IsNull()) return Value::Null();
  if (node.IsScalar()) {
    const std::string& s = node.scalar;
    if (node.quoted) return k.MakeString(s);  // quoted: always text
    if (s == "true") return Value::Bool(true);
    if (s == "false") return Value::Bool(false);
    if (s == "null" || s == "~") return Value::Null();
    int64_t i;
    if (absl::SimpleAtoi(s, &i)) return Value::Int(i);
    double d;
    if (!s.empty() && (absl::ascii_isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-') &&
        absl::SimpleAtod(s, &d)) {
      return Value::Double(d);
    }
    return k.MakeString(s);
  }
  if (node.IsList()) {
    std::vector<Value> items;
    for (const SpecValue& item : node.items) items.push_back(OptionValue(item));
    return k.MakeList(items);
  }
  std::vector<Value> keys, values;
  for (size_t i = 0; i < node.keys.size(); ++i) {
    keys.push_back(k.MakeString(node.keys[i]));
    values.push_back(OptionValue(node.items[i]));
  }
  return k.MakeMap(keys, values);
}

Value PackCompiler::MergeOptions(Value base, const SpecValue& over) {
  if (!over.IsMap()) return base;
  expr::EvalContext& k = *pack_->constants_;
  std::vector<std::pair<Value, Value>> entries;
  k.Entries(base, &entries);
  for (size_t i = 0; i < over.keys.size(); ++i) {
    const std::string& key = over.keys[i];
    Value v = OptionValue(over.items[i]);
    bool replaced = false;
    for (auto& [ek, ev] : entries) {
      if (ek.string() == key) {
        ev = v;
        replaced = true;
      }
    }
    if (!replaced) entries.push_back({k.MakeString(key), v});
  }
  std::vector<Value> keys, values;
  for (auto& [ek, ev] : entries) {
    keys.push_back(ek);
    values.push_back(ev);
  }
  return k.MakeMap(keys, values);
}

Value PackCompiler::MergeOptions(Value base, const YAML::Node& over) {
  if (!over || !over.IsMap()) return base;
  return MergeOptions(base, SpecValueFromYaml(over));
}

void PackCompiler::BuildSchema(const PackSpec& spec) {
  const SpecValue& node = spec.schema;
  auto problem = [&](const SpecValue& at, std::string message) {
    problems_.push_back({spec.schema_file, at.line, at.column, std::move(message)});
  };
  const SpecValue* root_type = node.Find("root");
  const SpecValue* types = node.Find("types");
  if (!node.IsMap() || root_type == nullptr || types == nullptr || !types->IsMap()) {
    problem(node, "'schema' needs 'root' (a type) and 'types' (named object types)");
    return;
  }
  // Parsed field types, with where they are written, to check the names
  // they use once every type is known.
  std::vector<std::tuple<std::string, expr::SchemaType, const SpecValue*>> used;
  for (size_t i = 0; i < types->keys.size(); ++i) {
    const std::string& type_name = types->keys[i];
    const SpecValue& type = types->items[i];
    expr::FieldMap fields;
    if (!type.IsMap()) {
      problem(type, "a schema type maps field names to type expressions");
      continue;
    }
    for (size_t j = 0; j < type.keys.size(); ++j) {
      const SpecValue& field = type.items[j];
      absl::StatusOr<expr::SchemaType> t = expr::Schema::ParseType(field.scalar);
      if (!t.ok()) {
        problem(field, std::string(t.status().message()));
        continue;
      }
      used.emplace_back(Cat(type_name, ".", type.keys[j]), *t, &field);
      fields[type.keys[j]] = *std::move(t);
    }
    pack_->schema_.AddType(type_name, std::move(fields));
  }
  absl::StatusOr<expr::SchemaType> root = expr::Schema::ParseType(root_type->scalar);
  if (!root.ok()) {
    problem(*root_type, std::string(root.status().message()));
    return;
  }
  used.emplace_back("", *root, root_type);
  pack_->schema_.SetRoot(*std::move(root));
  // A named type nobody defines, reported where it is used.
  auto unknown = [&](const auto& self, const expr::SchemaType& t) -> std::optional<std::string> {
    if (t.kind == expr::SchemaType::Kind::kNamed && pack_->schema_.Fields(t.name) == nullptr)
      return t.name;
    for (const expr::SchemaType& part : t.parts) {
      if (std::optional<std::string> name = self(self, part)) return name;
    }
    return std::nullopt;
  };
  bool all_known = true;
  for (const auto& [where, type, at] : used) {
    if (std::optional<std::string> name = unknown(unknown, type)) {
      problem(*at, Cat(where, where.empty() ? "" : ": ", "unknown type '", *name, "'"));
      all_known = false;
    }
  }
  // Links named types to their field indexes (the typed view needs it).
  if (all_known && pack_->schema_.Validate().ok()) pack_->schema_.IndexKeys(&pack_->keys_);
}

ExprPtr PackCompiler::ParseExpr(const SourceText& src) {
  absl::StatusOr<ExprPtr> ast = expr::Parse(src.text);
  if (!ast.ok()) {
    problems_.push_back(
        src.At(OffsetOf(ast.status()).value_or(0), std::string(ast.status().message())));
    return nullptr;
  }
  return *std::move(ast);
}

std::optional<Compiled> PackCompiler::CompileExpr(Compiler& c, const SourceText& src) {
  // The tree dies here: steps copy what they need of it, and freeing it
  // lets the next expression's tree reuse its memory.
  const ExprPtr ast = ParseExpr(src);
  if (ast == nullptr) return std::nullopt;
  absl::StatusOr<Compiled> compiled = c.Compile(*ast);
  if (!compiled.ok()) {
    problems_.push_back(
        src.At(OffsetOf(compiled.status()).value_or(0), std::string(compiled.status().message())));
    return std::nullopt;
  }
  return *std::move(compiled);
}

int PackCompiler::AddSelector(const SourceText& src) {
  for (size_t i = 0; i < pack_->selectors_.size(); ++i) {
    if (pack_->selectors_[i].text() == src.text) return static_cast<int>(i);
  }
  absl::StatusOr<expr::Selector> sel = expr::Selector::Parse(src.text);
  if (!sel.ok()) {
    problems_.push_back(
        src.At(OffsetOf(sel.status()).value_or(0), std::string(sel.status().message())));
    return -1;
  }
  sel->ResolveKeys(&pack_->keys_);
  pack_->selectors_.push_back(*std::move(sel));
  return static_cast<int>(pack_->selectors_.size() - 1);
}

namespace {

bool IsAsciiLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Letters then digits, as [A-Za-z]+[0-9]+ (a rule id: SCH002).
bool IsRuleId(std::string_view id) {
  size_t i = 0;
  while (i < id.size() && (IsAsciiLower(id[i]) || (id[i] >= 'A' && id[i] <= 'Z'))) ++i;
  if (i == 0 || i == id.size()) return false;
  for (; i < id.size(); ++i) {
    if (!IsAsciiDigit(id[i])) return false;
  }
  return true;
}

// Kebab-case, as [a-z0-9]+(-[a-z0-9]+)* (a rule name: finish-before-start).
bool IsKebabCase(std::string_view name) {
  if (name.empty() || name.front() == '-' || name.back() == '-') return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (c == '-' ? name[i - 1] == '-' : !(IsAsciiLower(c) || IsAsciiDigit(c))) return false;
  }
  return true;
}

// `self.a.b` -> {"a", "b"}; empty when the expression is not such a chain.
std::vector<std::string> SelfChain(const Expr& e) {
  std::vector<std::string> chain;
  const Expr* cur = &e;
  while (cur->kind == ExprKind::kSelect) {
    chain.insert(chain.begin(), cur->name);
    cur = cur->target.get();
  }
  if (cur->kind != ExprKind::kIdent || cur->name != "self") return {};
  return chain;
}
}  // namespace

void PackCompiler::CompileMessage(const RuleSpec& spec, Compiler& c, CompiledRule* rule) {
  if (!spec.message) {
    problems_.push_back(
        {spec.file, spec.line, spec.column, Cat("rule ", spec.id, " has no 'message'")});
    return;
  }
  const SourceText& src = *spec.message;
  const std::string& t = src.text;
  std::string literal;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '{' && i + 1 < t.size() && t[i + 1] == '{') {
      literal.push_back('{');
      ++i;
      continue;
    }
    if (t[i] == '}' && i + 1 < t.size() && t[i + 1] == '}') {
      literal.push_back('}');
      ++i;
      continue;
    }
    if (t[i] != '{') {
      literal.push_back(t[i]);
      continue;
    }
    size_t close = t.find('}', i);
    if (close == std::string::npos) {
      problems_.push_back(src.At(i, "unclosed '{' in message (write '{{' for a brace)"));
      return;
    }
    // Problems inside `{...}` are reported where they are in the message.
    const size_t base = i + 1;
    absl::StatusOr<ExprPtr> parsed = expr::Parse(std::string_view(t).substr(base, close - base));
    if (!parsed.ok()) {
      problems_.push_back(src.At(base + OffsetOf(parsed.status()).value_or(0),
                                 std::string(parsed.status().message())));
      return;
    }
    const Expr* ast = parsed->get();
    // A bare name that is not a binding is a field of `self`.
    std::vector<std::string> chain;
    const Expr* to_compile = ast;
    ExprPtr select;
    if (ast->kind == ExprKind::kIdent && !c.IsBound(ast->name) && ast->name != "options") {
      select = std::make_unique<Expr>();
      select->kind = ExprKind::kSelect;
      select->offset = ast->offset;
      select->name = ast->name;
      select->target = std::make_unique<Expr>();
      select->target->kind = ExprKind::kIdent;
      select->target->name = "self";
      chain = {ast->name};
      to_compile = select.get();
    } else {
      chain = SelfChain(*ast);
    }
    if (!chain.empty()) {
      bool known_any = false;
      for (int s : rule->selectors) {
        if (s < 0) continue;
        const expr::SchemaType* type = pack_->selectors_[s].StaticType(pack_->schema_);
        for (const std::string& field : chain) {
          if (type == nullptr) break;
          const expr::SchemaType* next = pack_->schema_.FieldType(*type, field);
          if (next == nullptr && (type->kind == expr::SchemaType::Kind::kNamed)) {
            problems_.push_back(src.At(base, Cat("message names unknown field '", field, "' (",
                                                 type->name, " has no such field)")));
            return;
          }
          known_any = known_any || next != nullptr;
          type = next;
        }
      }
      if (!known_any && ast->kind == ExprKind::kIdent) {
        problems_.push_back(src.At(base, Cat("message names '", ast->name,
                                             "', which is neither a binding nor a known field of "
                                             "the selected node")));
        return;
      }
    }
    absl::StatusOr<Compiled> compiled = c.Compile(*to_compile);
    if (!compiled.ok()) {
      problems_.push_back(src.At(base + OffsetOf(compiled.status()).value_or(0),
                                 std::string(compiled.status().message())));
      return;
    }
    if (compiled->free_slots & Compiler::SlotBit(expr::kSlotPath)) rule->uses_path = true;
    rule->message.push_back({std::move(literal), nullptr});
    literal.clear();
    rule->message.push_back({"", c.Root(*std::move(compiled))});
    i = close;
  }
  if (!literal.empty()) rule->message.push_back({std::move(literal), nullptr});
}

bool PackCompiler::Matches(const RuleSpec& rule, const std::vector<std::string>& patterns) const {
  for (const std::string& p : patterns) {
    if (p == rule.id || p == rule.name ||
        (!p.empty() && absl::StartsWith(rule.id, p) &&
         absl::ascii_isalpha(static_cast<unsigned char>(p.back())))) {
      return true;
    }
  }
  return false;
}

void PackCompiler::CompileRule(const RuleSpec& spec, CompiledRule* rule, Value options) {
  RuleInfo& info = rule->info;
  info.id = spec.id;
  info.name = spec.name;
  info.section = spec.section;
  info.summary = spec.summary;
  info.description = spec.description;
  info.example_fail = spec.example_fail;
  info.example_pass = spec.example_pass;
  info.file = spec.file;
  info.line = spec.line;
  info.waivable = spec.waivable;
  auto problem = [&](std::string message) {
    problems_.push_back({spec.file, spec.line, spec.column, std::move(message)});
  };
  // At the value when the rule gives one, else at the rule.
  auto problem_at = [&](int line, int column, std::string message) {
    if (line == 0) return problem(std::move(message));
    problems_.push_back({spec.file, line, column, std::move(message)});
  };
  if (!IsRuleId(spec.id)) {
    problem_at(spec.id_line, spec.id_column,
               Cat("rule id '", spec.id, "' must be letters then digits"));
  }
  if (!IsKebabCase(spec.name)) {
    problem_at(spec.name_line, spec.name_column,
               Cat("rule ", spec.id, ": name '", spec.name, "' must be kebab-case"));
  }
  std::optional<Severity> sev = ParseSeverity(spec.severity);
  if (!sev) {
    problem_at(spec.severity_line, spec.severity_column,
               Cat("rule ", spec.id, ": severity must be error, warning or info"));
  }
  info.severity = sev.value_or(Severity::kError);
  if (spec.summary.empty()) problem(Cat("rule ", spec.id, " has no 'summary'"));
  if (spec.stage == "after-suppressions") {
    rule->after_suppressions = true;
  } else if (!spec.stage.empty()) {
    problem(Cat("rule ", spec.id, ": stage must be 'after-suppressions' when given"));
  }
  if (spec.assert_expr.has_value() == spec.each.has_value()) {
    problem(Cat("rule ", spec.id, " needs exactly one of 'assert' and 'each'"));
  }
  if (spec.at && !spec.each) problem(Cat("rule ", spec.id, ": 'at' goes with 'each'"));
  std::vector<std::string> selector_texts;
  for (const SourceText& s : spec.selectors) {
    rule->selectors.push_back(AddSelector(s));
    selector_texts.push_back(s.text);
  }
  info.selector = absl::StrJoin(selector_texts, ", ");

  // Options: pack-wide, then the rule's, then configuration. The rule's own
  // (without the pack-wide ones) are what `explain` shows.
  const uintptr_t pack_options = reinterpret_cast<uintptr_t>(options.map);
  Value own = pack_->constants_->MakeMap({}, {});
  own = MergeOptions(own, spec.options);
  options = MergeOptions(options, spec.options);
  for (const std::string& key : {spec.id, spec.name}) {
    auto it = settings_.rule_options.find(key);
    if (it != settings_.rule_options.end()) {
      options = MergeOptions(options, it->second);
      own = MergeOptions(own, it->second);
    }
  }
  info.options_json = expr::ToJson(*pack_->constants_, own);

  expr::CompileEnv env = Env(options);

  // Configuration.
  info.enabled = settings_.select.empty() || Matches(spec, settings_.select);
  if (Matches(spec, settings_.ignore)) info.enabled = false;
  for (const std::string& key : {spec.id, spec.name}) {
    auto it = settings_.severity.find(key);
    if (it != settings_.severity.end()) info.severity = it->second;
  }

  if (spec.scope == "portfolio") {
    CompilePortfolioRule(spec, env, rule);
    return;
  }
  if (!spec.scope.empty() && spec.scope != "plan") {
    problem(Cat("rule ", spec.id, ": scope must be 'plan' or 'portfolio'"));
  }
  if (spec.keep) problem(Cat("rule ", spec.id, ": 'keep' goes with 'scope: portfolio'"));
  Compiler c(env);
  BindPlanScope(c);
  uint64_t varying = Compiler::SlotBit(expr::kSlotSelf) | Compiler::SlotBit(expr::kSlotPath) |
                     Compiler::SlotBit(expr::kSlotItem);
  // What does not vary from node to node is computed once per plan.
  c.CacheInvariants(varying);
  const std::string share_prefix = Cat(rule->after_suppressions ? "after" : "plan", "\x1f",
                                       pack_options, "\x1f", info.options_json, "\x1f");
  uint64_t used = CompileLets(spec, c, varying, /*cache_invariants=*/true, rule, share_prefix);
  used |= CompileClauses(spec, c, /*cache_invariants=*/true, rule);
  if (used & Compiler::SlotBit(expr::kSlotPath)) rule->uses_path = true;
}

// A portfolio rule compiles in two scopes: `keep` sees one plan (as a rule
// at `$` does); everything else sees `records`, the list of every plan's
// records, and `as_of` (no `plan`, no `self`: the plans are gone by then).
void PackCompiler::CompilePortfolioRule(const RuleSpec& spec, const expr::CompileEnv& env,
                                        CompiledRule* rule) {
  auto problem = [&](std::string message) {
    problems_.push_back({spec.file, spec.line, spec.column, std::move(message)});
  };
  rule->portfolio = true;
  rule->info.portfolio = true;
  rule->info.selector = "every plan's records (portfolio scope: planlint audit)";
  if (rule->after_suppressions) problem(Cat("rule ", spec.id, ": a portfolio rule has no 'stage'"));
  if (!spec.keep) {
    problem(Cat("rule ", spec.id, ": a portfolio rule needs 'keep' (what to keep from each plan)"));
  } else {
    Compiler k(env);
    BindPlanScope(k);
    std::optional<Compiled> keep = CompileExpr(k, *spec.keep);
    if (keep) rule->keep = std::move(keep->step);
    rule->keep_slot_count = k.slot_count();
  }
  Compiler c(env);
  c.Bind("records", expr::kSlotSelf);
  c.Bind("as_of", expr::kSlotAsOf);
  uint64_t varying = Compiler::SlotBit(expr::kSlotSelf) | Compiler::SlotBit(expr::kSlotItem);
  CompileLets(spec, c, varying, /*cache_invariants=*/false, rule);
  CompileClauses(spec, c, /*cache_invariants=*/false, rule);
}

uint64_t PackCompiler::CompileLets(const RuleSpec& spec, Compiler& c, uint64_t varying,
                                   bool cache_invariants, CompiledRule* rule,
                                   std::string_view share_prefix) {
  uint64_t used = 0;
  for (const auto& [name, src] : spec.lets) {
    std::optional<Compiled> compiled = CompileExpr(c, src);
    uint32_t slot = c.NewSlot();
    if (!compiled) {
      c.Bind(name, slot);
      continue;
    }
    used |= compiled->free_slots;
    StepPtr step = std::move(compiled->step);
    if ((compiled->free_slots & varying) == 0) {
      // A binding that reads nothing but the plan and as_of (no other
      // binding, whose cost would depend on which was used first) is
      // shared with the rules that bind the same text in the same setting.
      const uint64_t plan_only =
          Compiler::SlotBit(expr::kSlotPlan) | Compiler::SlotBit(expr::kSlotAsOf);
      const bool share = !share_prefix.empty() && (compiled->free_slots & ~plan_only) == 0;
      step = c.Hoist(std::move(step), share ? Cat(share_prefix, src.text) : std::string());
    } else {
      varying |= Compiler::SlotBit(slot);
      if (cache_invariants) c.CacheInvariants(varying);
    }
    c.BindLazy(name, slot, step.get());
    rule->lets.push_back({slot, std::move(step)});
  }
  return used;
}

uint64_t PackCompiler::CompileClauses(const RuleSpec& spec, Compiler& c, bool cache_invariants,
                                      CompiledRule* rule) {
  uint64_t used = 0;
  auto compile = [&](const std::optional<SourceText>& src) -> StepPtr {
    if (!src) return nullptr;
    std::optional<Compiled> compiled = CompileExpr(c, *src);
    if (!compiled) return nullptr;
    used |= compiled->free_slots;
    return cache_invariants ? c.Root(*std::move(compiled)) : std::move(compiled->step);
  };
  rule->when = compile(spec.when);
  rule->assert_step = compile(spec.assert_expr);
  rule->each = compile(spec.each);
  if (spec.each) c.Bind("item", expr::kSlotItem);
  rule->at = compile(spec.at);
  CompileMessage(spec, c, rule);
  rule->slot_count = c.slot_count();
  return used;
}

expr::CompileEnv PackCompiler::Env(Value options) {
  expr::CompileEnv env;
  env.options = options;
  env.functions = &pack_->functions_;
  env.patterns = &pack_->patterns_;
  env.keys = &pack_->keys_;
  env.constants = pack_->constants_.get();
  env.next_hoisted = &next_hoisted_;
  env.shared_hoisted = &shared_hoisted_;
  return env;
}

void PackCompiler::CompileSuppression(const SuppressionSpec& spec) {
  CompiledSuppression sup;
  for (const SourceText& s : spec.selectors) sup.selectors.push_back(AddSelector(s));
  Compiler c(Env(pack_->pack_options_));
  BindPlanScope(c);
  auto compile = [&](const SourceText& src) -> StepPtr {
    std::optional<Compiled> compiled = CompileExpr(c, src);
    return compiled ? std::move(compiled->step) : nullptr;
  };
  if (spec.when) sup.when = compile(*spec.when);
  sup.rule = compile(spec.rule);
  sup.path = compile(spec.path);
  sup.slot_count = c.slot_count();
  pack_->suppressions_.push_back(std::move(sup));
}

absl::StatusOr<std::shared_ptr<const RulePack>> PackCompiler::Run(
    const std::vector<const PackSpec*>& specs) {
  // Merge: base pack first; later packs add rules and override.
  std::vector<const RuleSpec*> rules;
  std::map<std::string, const OverrideSpec*> overrides;
  const PackSpec* schema_spec = nullptr;
  Value options = pack_->constants_->MakeMap({}, {});
  std::map<std::string, const FunctionSpec*> functions;
  for (const PackSpec* s : specs) {
    const PackSpec& spec = *s;
    pack_->name_ = spec.name;
    // `schema_file` says whether the pack has a `schema:` (a `schema: ~`
    // reads as a null SpecValue, and is refused by BuildSchema).
    if (!spec.schema_file.empty()) schema_spec = &spec;
    options = MergeOptions(options, spec.options);
    for (const FunctionSpec& f : spec.functions) functions[f.name] = &f;
    for (const RuleSpec& r : spec.rules) rules.push_back(&r);
    for (const auto& [id, o] : spec.overrides) overrides[id] = &o;
  }
  options = MergeOptions(options, settings_.options);
  pack_->pack_options_ = options;
  pack_->options_json_ = expr::ToJson(*pack_->constants_, options);
  if (schema_spec != nullptr) BuildSchema(*schema_spec);
  for (const auto& [name, f] : functions) {
    ExprPtr body = ParseExpr(f->body);
    if (body == nullptr) continue;
    pack_->functions_[name] =
        expr::PackFunction{name, f->params, body.get(), expr::ReusedParams(*body, f->params)};
    pack_->asts_.push_back(std::move(body));
  }
  std::set<std::string> ids, names;
  for (const RuleSpec* r : rules) {
    if (!r->id.empty() && !ids.insert(r->id).second) {
      problems_.push_back(
          {r->file, r->id_line, r->id_column, Cat("duplicate rule id '", r->id, "'")});
    }
    if (!r->name.empty() && !names.insert(r->name).second) {
      problems_.push_back(
          {r->file, r->name_line, r->name_column, Cat("duplicate rule name '", r->name, "'")});
    }
  }
  for (const auto& [id, o] : overrides) {
    if (!ids.contains(id) && !names.contains(id)) {
      problems_.push_back(
          {o->file, o->line, o->column, Cat("override names unknown rule '", id, "'")});
    }
  }
  pack_->rules_.reserve(rules.size());
  for (const RuleSpec* r : rules) {
    auto it = overrides.find(r->id);
    if (it == overrides.end()) it = overrides.find(r->name);
    // A copy only for an override to change (copying every rule was a
    // visible part of a process's start-up).
    std::optional<RuleSpec> overridden;
    if (it != overrides.end()) {
      RuleSpec& spec = overridden.emplace(*r);
      const OverrideSpec& o = *it->second;
      if (o.severity && ParseSeverity(*o.severity)) {
        spec.severity = *o.severity;
      } else if (o.severity) {
        problems_.push_back(
            {o.file, o.line, o.column,
             Cat("override of ", spec.id, ": severity must be error, warning or info")});
      }
      if (o.options.IsMap()) {
        if (!spec.options.IsMap()) {
          spec.options = SpecValue();
          spec.options.kind = SpecValue::Kind::kMap;
        }
        for (size_t i = 0; i < o.options.keys.size(); ++i) {
          spec.options.Set(o.options.keys[i], o.options.items[i]);
        }
      }
    }
    pack_->rules_.emplace_back();
    CompileRule(overridden ? *overridden : *r, &pack_->rules_.back(), options);
    if (it != overrides.end() && it->second->enabled.has_value() && !*it->second->enabled) {
      pack_->rules_.back().info.enabled = false;
    }
  }
  for (const PackSpec* spec : specs) {
    for (const SuppressionSpec& s : spec->suppressions) CompileSuppression(s);
  }
  for (const std::string& s : settings_.select) {
    bool any = false;
    for (const RuleSpec* r : rules) any = any || Matches(*r, {s});
    if (!any)
      problems_.push_back({"<configuration>", 0, 0, Cat("select names no rule: '", s, "'")});
  }
  for (const std::string& s : settings_.ignore) {
    bool any = false;
    for (const RuleSpec* r : rules) any = any || Matches(*r, {s});
    if (!any)
      problems_.push_back({"<configuration>", 0, 0, Cat("ignore names no rule: '", s, "'")});
  }
  for (const CompiledRule& r : pack_->rules_) {
    pack_->known_rules_.insert(r.info.id);
    pack_->known_rules_.insert(r.info.name);
  }
  pack_->patterns_.Finish();
  pack_->keys_.Finish();
  pack_->hoisted_count_ = next_hoisted_;
  if (!problems_.empty()) return ProblemsToStatus(problems_, "rule pack");
  return std::shared_ptr<const RulePack>(std::move(pack_));
}

absl::StatusOr<std::shared_ptr<const RulePack>> CompilePack(const std::vector<PackSpec>& specs,
                                                            const PackSettings& settings) {
  std::vector<const PackSpec*> chain;
  for (const PackSpec& spec : specs) chain.push_back(&spec);
  PackCompiler compiler(settings, {});
  return compiler.Run(chain);
}

namespace {

// The specs of a pack and of those it extends, base first. The built-in
// pack's spec lives for the whole process and is shared, not copied (a
// pointer with no owner); the others are owned.
using SpecChain = std::vector<std::shared_ptr<const PackSpec>>;

std::shared_ptr<const PackSpec> SharedBuiltin(const PackSpec& builtin) {
  return std::shared_ptr<const PackSpec>(std::shared_ptr<const PackSpec>(), &builtin);
}

absl::StatusOr<std::shared_ptr<const RulePack>> CompileChain(const SpecChain& specs,
                                                             const PackSettings& settings,
                                                             std::vector<PackProblem> problems) {
  std::vector<const PackSpec*> chain;
  for (const auto& spec : specs) chain.push_back(spec.get());
  PackCompiler compiler(settings, std::move(problems));
  return compiler.Run(chain);
}

std::string DirName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

// The file `name` (from `extends:` or `include:`) names, for a pack in
// `dir`: an absolute path as it is, else relative to the pack's folder.
std::string NextTo(const std::string& dir, const std::string& name) {
  return !name.empty() && name.front() == '/' ? name : dir + name;
}

// Reads a pack file and the packs it extends (base first) into `specs`. The
// problems found while reading go to `problems`, so that the pack is refused
// with them and with those its compilation finds, all listed at once.
absl::Status AppendSpecs(const std::string& file, const std::string& text, SpecChain* specs,
                         int depth, std::vector<PackProblem>* problems) {
  std::string dir = DirName(file);
  PackSpec spec = ReadPackSpec(
      file, text,
      [&](const std::string& name) -> std::optional<std::string> {
        absl::StatusOr<std::string> included = ReadRegularFile(NextTo(dir, name));
        if (!included.ok()) return std::nullopt;
        return *std::move(included);
      },
      problems);
  if (spec.extends) {
    if (depth > 8) return absl::InvalidArgumentError(Cat(file, ": 'extends' nested too deeply"));
    if (*spec.extends == "imp") {
      std::vector<PackProblem> builtin_problems;
      const PackSpec& builtin = BuiltinPackSpec(&builtin_problems);
      if (!builtin_problems.empty()) return ProblemsToStatus(builtin_problems, "built-in pack");
      specs->push_back(SharedBuiltin(builtin));
    } else {
      std::string base = NextTo(dir, *spec.extends);
      absl::StatusOr<std::string> body = ReadRegularFile(base);
      if (!body.ok()) {
        return CannotReadError(Cat(file, ": cannot read extended pack '", base, "'"),
                               body.status());
      }
      if (absl::Status s = AppendSpecs(base, *body, specs, depth + 1, problems); !s.ok()) return s;
    }
  }
  specs->push_back(std::make_shared<const PackSpec>(std::move(spec)));
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const RulePack>> WithExtraPacks(SpecChain specs,
                                                               const PackSettings& settings,
                                                               std::vector<PackProblem> problems) {
  for (const std::string& extra : settings.extra_packs) {
    absl::StatusOr<std::string> body = ReadRegularFile(extra);
    if (!body.ok()) return CannotReadError(Cat(extra, ": cannot read rule pack"), body.status());
    SpecChain more;
    if (absl::Status s = AppendSpecs(extra, *body, &more, 0, &problems); !s.ok()) return s;
    for (std::shared_ptr<const PackSpec>& m : more) {
      // The built-in pack is already the base.
      if (m->file == kBuiltinPackFile && !specs.empty()) continue;
      specs.push_back(std::move(m));
    }
  }
  return CompileChain(specs, settings, std::move(problems));
}

}  // namespace

absl::StatusOr<std::shared_ptr<const RulePack>> RulePack::Builtin(const PackSettings& settings) {
  std::vector<PackProblem> problems;
  const PackSpec& spec = BuiltinPackSpec(&problems);
  if (!problems.empty()) return ProblemsToStatus(problems, "built-in pack");
  bool defaults = settings.select.empty() && settings.ignore.empty() && settings.severity.empty() &&
                  settings.rule_options.empty() &&
                  (!settings.options || settings.options.IsNull()) && settings.extra_packs.empty();
  if (defaults) {
    static std::once_flag once;
    static absl::StatusOr<std::shared_ptr<const RulePack>>* cached;
    std::call_once(once, [&] {
      cached = new absl::StatusOr<std::shared_ptr<const RulePack>>(
          CompileChain({SharedBuiltin(spec)}, settings, {}));
    });
    return *cached;
  }
  return WithExtraPacks({SharedBuiltin(spec)}, settings, {});
}

absl::StatusOr<std::shared_ptr<const RulePack>> RulePack::FromFile(const std::string& path,
                                                                   const PackSettings& settings) {
  absl::StatusOr<std::string> text = ReadRegularFile(path);
  if (!text.ok()) return CannotReadError(Cat(path, ": cannot read rule pack"), text.status());
  return FromYaml(*text, path, settings);
}

absl::StatusOr<std::shared_ptr<const RulePack>> RulePack::FromYaml(const std::string& text,
                                                                   const std::string& file,
                                                                   const PackSettings& settings) {
  SpecChain specs;
  std::vector<PackProblem> problems;
  if (absl::Status s = AppendSpecs(file, text, &specs, 0, &problems); !s.ok()) return s;
  return WithExtraPacks(std::move(specs), settings, std::move(problems));
}

absl::StatusOr<StepPtr> RulePack::CompileExpression(const std::string& text,
                                                    uint32_t* slot_count) const {
  absl::StatusOr<ExprPtr> ast = expr::Parse(text);
  if (!ast.ok()) return ast.status();
  expr::CompileEnv env;
  env.options = pack_options_;
  env.functions = &functions_;
  // Patterns met here are compiled per evaluation (the pack is immutable).
  // The scratch set is finished before its first use, so no pattern joins a
  // fused scan: an evaluation context scans with the pack's own patterns,
  // whose bits mean nothing for these.
  static expr::PatternSet* scratch_patterns = [] {
    auto* patterns = new expr::PatternSet();
    patterns->Finish();
    return patterns;
  }();
  static std::mutex scratch_mutex;
  std::lock_guard<std::mutex> lock(scratch_mutex);
  env.patterns = scratch_patterns;
  env.constants = constants_.get();
  uint32_t hoisted = hoisted_count_;
  env.next_hoisted = &hoisted;
  Compiler c(env);
  c.Bind("plan", expr::kSlotPlan);
  c.Bind("self", expr::kSlotSelf);
  c.Bind("path", expr::kSlotPath);
  c.Bind("as_of", expr::kSlotAsOf);
  absl::StatusOr<Compiled> compiled = c.Compile(**ast);
  if (!compiled.ok()) return compiled.status();
  if (slot_count != nullptr) *slot_count = c.slot_count();
  // Keep the tree alive with the step: functions' ASTs are the pack's.
  return std::move(compiled->step);
}

}  // namespace planlint

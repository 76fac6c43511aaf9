// EvalContext's fast paths against the plain forms they replace.
#include "core/expr/context.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/pack/rule_pack.h"
#include "core/plan/plan_parser.h"
#include "core/util/strings.h"

namespace planlint::expr {
namespace {

Plan Parse(const std::string& json) {
  PlanParser parser;
  absl::StatusOr<Plan> plan = parser.Parse("plan.json", json);
  EXPECT_TRUE(plan.ok()) << plan.status();
  return *std::move(plan);
}

// The walk the engine used before: a stack, children pushed in reverse,
// shadowed members skipped.
std::vector<NodeId> StackWalk(const Plan& plan, NodeId root) {
  std::vector<NodeId> out, stack{root};
  while (!stack.empty()) {
    NodeId n = stack.back();
    stack.pop_back();
    out.push_back(n);
    auto kids = plan.children(n);
    for (size_t i = kids.size(); i-- > 0;) {
      if (!plan.shadowed(kids[i])) stack.push_back(kids[i]);
    }
  }
  return out;
}

TEST(EvalContextTest, WalkVisibleIsThePreOrderWalkWithoutShadowedSubtrees) {
  Plan plan = Parse(R"({"a": {"x": [1, {"y": 2}], "x": {"hidden": [3]}, "z": "s"},
                        "b": [[], {}, [4, [5]]], "a": {"also": "hidden"}, "c": null})");
  EvalContext ctx(&plan, nullptr, nullptr);
  for (NodeId root = 0; root < plan.node_count(); ++root) {
    SCOPED_TRACE(root);
    std::vector<NodeId> seen;
    ctx.ResetCost(UINT64_MAX - 1);
    EXPECT_TRUE(ctx.WalkVisible(root, [&](NodeId n) { seen.push_back(n); }));
    EXPECT_EQ(seen, StackWalk(plan, root));
    EXPECT_EQ(ctx.cost(), seen.size());
  }
}

// OutermostShadowed reads a list of the plan's shadowed members: made from
// the members' key ids with a KeyTable (where the ids of nested objects
// come out of document order), from the nodes without. Both must give
// the outermost shadowed members a walk finds, and WalkVisible's count.
TEST(EvalContextTest, OutermostShadowedIsWhatAWalkSkips) {
  Plan plan = Parse(R"({"a": {"p": 1, "p": {"q": 1, "q": 2}, "r": [{"s": 1, "s": 2}]},
                        "a": {"t": 1, "t": 2}, "b": [{"u": 1, "u": {"v": 1, "v": 2}}],
                        "c": {"w": {"x": 1, "x": 2}}, "b": 3})");
  KeyTable keys;
  keys.Intern("a");
  keys.Intern("q");
  keys.Finish();
  for (const KeyTable* table : std::vector<const KeyTable*>{nullptr, &keys}) {
    EvalContext ctx(&plan, nullptr, nullptr, table);
    for (NodeId root = 0; root < plan.node_count(); ++root) {
      SCOPED_TRACE(root);
      // The walk's answer: each shadowed node below the root whose
      // ancestors up to the root are not.
      std::vector<NodeId> want;
      const NodeId end = plan.subtree_end(root);
      for (NodeId n = root + 1; n < end; n = plan.shadowed(n) ? plan.subtree_end(n) : n + 1) {
        if (plan.shadowed(n)) want.push_back(n);
      }
      std::vector<NodeId> got;
      EXPECT_EQ(ctx.OutermostShadowed(root, &got), StackWalk(plan, root).size());
      EXPECT_EQ(got, want);
    }
  }
}

// The items of node-backed arrays, made once per array and view and kept
// in a table that grows: the same lists (the same memory) before and after
// it grows, and Size agrees with them.
TEST(EvalContextTest, NodeListsAreMadeOnceAndKeptWhileTheTableGrows) {
  std::string json = R"({"a": [)";
  for (int i = 0; i < 300; ++i) json += Cat(i > 0 ? "," : "", "[", i, ", [", i, "], {}]");
  json += "]}";
  Plan plan = Parse(json);
  EvalContext ctx(&plan, nullptr, nullptr);
  std::vector<std::span<const Value>> first;
  for (int pass = 0; pass < 2; ++pass) {
    size_t k = 0;
    for (NodeId n = 0; n < plan.node_count(); ++n) {
      if (plan.kind(n) != JsonKind::kArray) continue;
      for (bool raw : {false, true}) {
        const Value list = ctx.NodeValue(n, raw);
        EXPECT_EQ(ctx.Size(list), plan.children(n).size());
        const std::span<const Value> items = ctx.Items(list);
        ASSERT_EQ(items.size(), plan.children(n).size());
        for (size_t i = 0; i < items.size(); ++i) {
          EXPECT_EQ(items[i].node, plan.children(n)[i]);
          EXPECT_EQ(items[i].raw, raw);
        }
        EXPECT_EQ(ctx.Size(list), items.size());
        if (pass == 0) {
          first.push_back(items);
        } else {
          EXPECT_EQ(items.data(), first[k].data());
        }
        ++k;
      }
    }
  }
  EXPECT_EQ(first.size(), 2u * 601u);
}

// MakeList copies short lists item by item and longer ones in one go:
// either way the list holds the items given, in order.
TEST(EvalContextTest, MakeListHoldsTheItemsAtEverySize) {
  EvalContext ctx(nullptr, nullptr, nullptr);
  std::vector<Value> items;
  for (int n = 0; n <= 9; ++n) {
    SCOPED_TRACE(n);
    const Value list = ctx.MakeList(items);
    const std::span<const Value> got = ctx.Items(list);
    ASSERT_EQ(got.size(), items.size());
    for (size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].kind, ValueKind::kDouble);
      EXPECT_EQ(got[i].d, items[i].d);
      EXPECT_EQ(got[i].node, items[i].node);
    }
    Value item = Value::Double(n + 0.5);
    item.node = static_cast<NodeId>(100 + n);
    items.push_back(item);
  }
}

// ChargeEach(n) must leave the meter where n calls of Charge(1), stopping
// at the first refusal, leave it.
TEST(EvalContextTest, ChargeEachMatchesAUnitPerStepLoop) {
  EvalContext loop(nullptr, nullptr, nullptr);
  EvalContext bulk(nullptr, nullptr, nullptr);
  for (uint64_t limit : {0u, 1u, 5u, 10u}) {
    for (uint64_t start : {0u, 3u, 5u, 6u, 12u}) {
      for (uint64_t units : {1u, 2u, 5u, 7u}) {
        SCOPED_TRACE(testing::Message() << limit << " " << start << " " << units);
        loop.ResetCost(limit);
        bulk.ResetCost(limit);
        loop.Charge(start);
        bulk.Charge(start);
        bool ok = true;
        for (uint64_t i = 0; i < units && ok; ++i) ok = loop.Charge(1);
        EXPECT_EQ(bulk.ChargeEach(units), ok);
        EXPECT_EQ(bulk.cost(), loop.cost());
      }
    }
  }
}

// Dates of plan strings are parsed once per node; other strings each time.
TEST(EvalContextTest, ParseDateAnswersAsTextParseDate) {
  Plan plan = Parse(R"({"a": "2027-02-28", "b": "2027-02-30", "c": "02/28/2027", "d": 5})");
  EvalContext ctx(&plan, nullptr, nullptr);
  for (int round = 0; round < 2; ++round) {
    for (NodeId n : plan.children(plan.root())) {
      if (plan.kind(n) != JsonKind::kString) continue;
      Value v = ctx.NodeValue(n, false);
      text::DayNumber day = -1;
      std::optional<text::DayNumber> want = text::ParseDate(plan.string(n));
      EXPECT_EQ(ctx.ParseDate(v, &day), want.has_value()) << plan.string(n);
      if (want) {
        EXPECT_EQ(day, *want);
      }
    }
  }
  // A computed string that carries a plan node is not the node's text.
  Value computed = ctx.MakeString("2030-01-01");
  computed.node = plan.FindMember(plan.root(), "b");
  text::DayNumber day = -1;
  EXPECT_TRUE(ctx.ParseDate(computed, &day));
  EXPECT_EQ(day, *text::ParseDate("2030-01-01"));
  EXPECT_FALSE(ctx.ParseDate(Value::String("not a date"), &day));
}

// Size() of a plan array counts its visible items (the typed view hides
// wrong-typed ones unless raw) without making the list; it must be what
// Items() gives, before and after the list is made.
TEST(EvalContextTest, SizeOfAnArrayIsTheCountOfItsItems) {
  absl::StatusOr<std::shared_ptr<const RulePack>> built = RulePack::Builtin();
  ASSERT_TRUE(built.ok()) << built.status();
  const std::shared_ptr<const RulePack>& pack = *built;
  Plan plan = Parse(R"({"schedule": [{"id": "T1", "depends_on": ["T2", 3, null, "T4"]}, 7, "x",
                        {"id": "T2", "depends_on": []}], "other": [1, [2], {}]})");
  for (int materialize_first = 0; materialize_first < 2; ++materialize_first) {
    EvalContext ctx(&plan, &pack->schema(), &pack->patterns(), &pack->keys());
    int arrays = 0;
    for (NodeId n = 0; n < plan.node_count(); ++n) {
      if (plan.kind(n) != JsonKind::kArray) continue;
      ++arrays;
      for (bool raw : {false, true}) {
        const Value list = ctx.NodeValue(n, raw);
        const size_t size = materialize_first ? ctx.Items(list).size() : ctx.Size(list);
        EXPECT_EQ(ctx.Size(list), ctx.Items(list).size()) << n << (raw ? " raw" : "");
        EXPECT_EQ(ctx.Size(list), size) << n;
      }
    }
    EXPECT_EQ(arrays, 5);
    const Value schedule = ctx.NodeValue(plan.FindMember(plan.root(), "schedule"), false);
    EXPECT_EQ(ctx.Size(schedule), 2u);  // the two entries that are objects
  }
}

// Empty lists share one representation; each is still an empty list, and
// a list made after it is its own.
TEST(EvalContextTest, EmptyListsAreEmpty) {
  EvalContext ctx(nullptr, nullptr, nullptr);
  const Value a = ctx.MakeList({});
  const Value b = ctx.MakeList({});
  for (const Value& v : {a, b}) {
    EXPECT_EQ(v.kind, ValueKind::kList);
    EXPECT_TRUE(ctx.Items(v).empty());
    EXPECT_EQ(ctx.Size(v), 0u);
  }
  const Value items[] = {Value::Int(1), Value::Int(2)};
  const Value c = ctx.MakeList(items);
  ASSERT_EQ(ctx.Items(c).size(), 2u);
  EXPECT_EQ(ctx.Items(c)[1].i, 2);
  EXPECT_TRUE(ctx.Items(a).empty());
}

// Member() by a key id (the look-up's fast path) answers what the look-up
// by text does, with and without the pack's KeyTable: the first of
// duplicate keys, wrong-typed members as null (unless raw), absent keys
// absent, for every object of a hostile plan and every name it or the
// pack uses.
TEST(EvalContextTest, MemberByKeyIdIsMemberByName) {
  absl::StatusOr<std::shared_ptr<const RulePack>> built = RulePack::Builtin();
  ASSERT_TRUE(built.ok()) << built.status();
  const std::shared_ptr<const RulePack>& pack = *built;
  Plan plan = Parse(R"({"format": "imp/1", "format": 2, "name": 7,
      "schedule": [{"id": "T1", "id": "T9", "name": null, "depends_on": "T2",
                    "planned_start": "2026-01-01", "zz_unknown": 1, "zz_unknown": 2},
                   {"depends_on": ["T1"], "status": {"a": 1}, "": "empty"}, {}],
      "points_of_contact": [{"name": "A", "email": ["x"], "role": "owner"}],
      "zz_other": {"id": "x", "id": "y"}})");
  EvalContext with_keys(&plan, &pack->schema(), &pack->patterns(), &pack->keys());
  EvalContext without_keys(&plan, &pack->schema(), &pack->patterns());
  std::vector<std::string> names = {"id",     "name",       "format", "depends_on", "planned_start",
                                    "status", "zz_unknown", "",       "email",      "role",
                                    "nope"};
  for (NodeId n = 0; n < plan.node_count(); ++n) {
    if (plan.kind(n) != JsonKind::kObject) continue;
    for (bool raw : {false, true}) {
      const Value map = with_keys.NodeValue(n, raw);
      for (const std::string& name : names) {
        const KeyRef by_id{name, pack->keys().Find(name)};
        const std::optional<Value> fast = with_keys.Member(map, by_id);
        const std::optional<Value> by_text = with_keys.Member(map, KeyRef{name});
        const std::optional<Value> plain = without_keys.Member(map, KeyRef{name});
        const NodeId first = plan.FindMember(n, name);
        ASSERT_EQ(fast.has_value(), first != kNoNode) << n << " " << name;
        ASSERT_EQ(by_text.has_value(), fast.has_value()) << n << " " << name;
        ASSERT_EQ(plain.has_value(), fast.has_value()) << n << " " << name;
        if (!fast) continue;
        for (const std::optional<Value>& other : {by_text, plain}) {
          EXPECT_EQ(other->kind, fast->kind) << n << " " << name;
          EXPECT_EQ(other->node, fast->node) << n << " " << name;
          EXPECT_EQ(other->raw, fast->raw) << n << " " << name;
        }
        EXPECT_EQ(fast->node, first);
        const bool masked = !raw && with_keys.typed_view().masked(first);
        if (masked) {
          EXPECT_EQ(fast->kind, ValueKind::kNull) << n << " " << name;
        } else {
          const Value direct = with_keys.NodeValue(first, raw);
          EXPECT_EQ(fast->kind, direct.kind) << n << " " << name;
          if (direct.is_string()) {
            EXPECT_EQ(fast->string(), direct.string());
          }
        }
      }
    }
  }
}

// KnownMemberDate answers only what reading the member and ParseDate give:
// before any date is parsed, never; after every string of a hostile plan
// (dates, no dates, a date where the schema wants a list, so masked) went
// through ParseDate, for each member that is one of them and not masked.
TEST(EvalContextTest, KnownMemberDateIsParseDateOfTheMember) {
  absl::StatusOr<std::shared_ptr<const RulePack>> built = RulePack::Builtin();
  ASSERT_TRUE(built.ok()) << built.status();
  const std::shared_ptr<const RulePack>& pack = *built;
  Plan plan = Parse(R"({"format": "imp/1",
      "schedule": [{"id": "T1", "planned_start": "2026-01-01", "planned_start": "2026-01-02",
                    "planned_finish": "2026-02-30", "depends_on": "2026-01-03"},
                   {"planned_start": 20260101, "planned_finish": "01/02/2026"}, {}],
      "zz_other": {"planned_start": "2026-01-05"}})");
  EvalContext ctx(&plan, &pack->schema(), &pack->patterns(), &pack->keys());
  const std::vector<std::string> names = {"planned_start", "planned_finish", "depends_on", "id",
                                          "nope"};
  text::DayNumber day = 0;
  for (int pass = 0; pass < 2; ++pass) {
    int known = 0;
    for (NodeId n = 0; n < plan.node_count(); ++n) {
      if (plan.kind(n) != JsonKind::kObject) continue;
      for (bool raw : {false, true}) {
        const Value map = ctx.NodeValue(n, raw);
        for (const std::string& name : names) {
          const KeyRef key{name, pack->keys().Find(name)};
          const int answer = ctx.KnownMemberDate(map, key, &day);
          if (pass == 0) {
            EXPECT_EQ(answer, -1) << n << " " << name;
            continue;
          }
          if (answer < 0) continue;
          ++known;
          const std::optional<Value> member = ctx.Member(map, key);
          ASSERT_TRUE(member.has_value() && member->is_string()) << n << " " << name;
          text::DayNumber parsed = 0;
          ASSERT_EQ(ctx.ParseDate(*member, &parsed), answer == 1) << n << " " << name;
          if (answer == 1) {
            EXPECT_EQ(parsed, day) << n << " " << name;
          }
        }
      }
    }
    if (pass == 1) {
      EXPECT_GT(known, 0);
    }
    // Every string through ParseDate, as isDate() does.
    for (NodeId n = 0; n < plan.node_count(); ++n) {
      if (plan.kind(n) == JsonKind::kString) ctx.ParseDate(ctx.NodeValue(n, true), &day);
    }
  }
  // A masked member (a date where the schema wants a list) is not known,
  // unless read raw.
  const Value entry = ctx.Items(*ctx.Member(ctx.NodeValue(plan.root(), false), "schedule"))[0];
  const KeyRef depends{"depends_on", pack->keys().Find("depends_on")};
  EXPECT_EQ(ctx.KnownMemberDate(entry, depends, &day), -1);
  EXPECT_EQ(ctx.KnownMemberDate(ctx.NodeValue(entry.node, true), depends, &day), 1);
}

}  // namespace
}  // namespace planlint::expr

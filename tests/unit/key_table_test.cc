#include "core/expr/key_table.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

#include <string>
#include <vector>

#include "core/expr/context.h"
#include "core/expr/schema.h"
#include "core/plan/plan.h"

namespace planlint::expr {
namespace {

std::vector<std::string> Names() {
  std::vector<std::string> names = {"", "a", "b", "ab", "ba", "abc", "acb", "id", "name", "task"};
  // Every length up to 40, and long names that differ only in the middle
  // (the look-up keys on the first and last 8 bytes).
  for (size_t n = 1; n <= 40; ++n) names.push_back(std::string(n, 'x'));
  for (char c = 'a'; c <= 'e'; ++c) names.push_back("planned_" + std::string(10, c) + "_finish");
  names.push_back(std::string("a\0b", 3));
  names.push_back("caf\u00e9");
  return names;
}

// Find through a Hint answers what Find answers, whatever the hint last
// held: the same name again, another name of the same length or words,
// a long name (never remembered), a name the table does not know.
TEST(KeyTableTest, FindWithAHintIsFind) {
  KeyTable keys;
  const std::vector<std::string> names = Names();
  // Every other name interned: the rest are unknown.
  for (size_t i = 0; i < names.size(); i += 2) keys.Intern(names[i]);
  keys.Finish();
  std::vector<std::string> asked = names;
  asked.push_back("y");
  asked.push_back(std::string(17, 'x'));
  std::vector<KeyTable::Hint> hints(3);
  for (int round = 0; round < 3; ++round) {
    for (size_t i = 0; i < asked.size(); ++i) {
      for (size_t j : {i, i, (i * 7 + round) % asked.size()}) {
        SCOPED_TRACE(asked[j]);
        EXPECT_EQ(keys.Find(asked[j], &hints[(i + round) % hints.size()]), keys.Find(asked[j]));
      }
    }
  }
}

TEST(KeyTableTest, FindsEveryInternedNameAndNothingElse) {
  KeyTable keys;
  std::vector<KeyId> ids;
  for (const std::string& name : Names()) ids.push_back(keys.Intern(name));
  EXPECT_EQ(keys.Intern("name"), ids[8]);  // the same id again
  keys.Finish();
  const std::vector<std::string> names = Names();
  for (size_t i = 0; i < names.size(); ++i) {
    SCOPED_TRACE(names[i]);
    EXPECT_NE(ids[i], kUnknownKey);
    EXPECT_EQ(keys.Find(names[i]), ids[i]);
  }
  const std::vector<std::string> others = {"c",
                                           "abd",
                                           "Name",
                                           "names",
                                           "planned_ccccccccxc_finish",
                                           std::string(41, 'x'),
                                           std::string("a\0c", 3),
                                           std::string("\0", 1)};
  for (const std::string& other : others) {
    SCOPED_TRACE(other);
    EXPECT_EQ(keys.Find(other), kUnknownKey);
  }
}

TEST(KeyTableTest, NamesAfterFinishAreUnknown) {
  KeyTable keys;
  const KeyId id = keys.Intern("id");
  keys.Finish();
  EXPECT_EQ(keys.Intern("id"), id);
  EXPECT_EQ(keys.Intern("late"), kUnknownKey);
  EXPECT_EQ(keys.Find("late"), kUnknownKey);
}

TEST(KeyTableTest, EmptyTableFindsNothing) {
  KeyTable keys;
  EXPECT_EQ(keys.Find("x"), kUnknownKey);
  keys.Finish();
  EXPECT_EQ(keys.Find("x"), kUnknownKey);
}

// Field access by key id answers what Plan::FindMember answers: the first
// visible member, for known and unknown names, with repeated keys.
TEST(KeyTableTest, EvalContextFindMemberAgreesWithPlan) {
  PlanBuilder b("plan.json");
  b.BeginObject();
  for (std::string key : {"id", "", "unknown", "id", "task", "unknown", "other"}) {
    b.Key(key);
    b.String("v");
  }
  b.Key("list");
  b.BeginArray();
  b.String("x");
  b.EndArray();
  b.EndObject();
  Plan plan = b.Build();
  KeyTable keys;
  keys.Intern("id");
  keys.Intern("task");
  keys.Intern("");
  keys.Intern("list");
  keys.Finish();
  EvalContext ctx(&plan, nullptr, nullptr, &keys);
  for (std::string name : {"id", "", "unknown", "task", "other", "list", "missing"}) {
    SCOPED_TRACE(name);
    const NodeId want = plan.FindMember(plan.root(), name);
    EXPECT_EQ(ctx.FindMember(plan.root(), KeyRef{name}), want);
    EXPECT_EQ(ctx.FindMember(plan.root(), KeyRef{name, keys.Find(name)}), want);
  }
  // Not an object: no members.
  const NodeId list = plan.FindMember(plan.root(), "list");
  EXPECT_EQ(ctx.FindMember(list, KeyRef{""}), kNoNode);
}

// The same over objects of every size (the look-up compares eight ids at a
// time, reading past an object's members into the next object's and past
// the last one), nested, with and without a schema (with one, the typed
// view identifies the keys).
TEST(KeyTableTest, EvalContextFindMemberAgreesWithPlanOnObjectsOfEverySize) {
  std::vector<std::string> names;
  for (int i = 0; i < 20; ++i) names.push_back(absl::StrCat("k", i));
  PlanBuilder b("plan.json");
  b.BeginArray();
  for (size_t size = 0; size <= names.size(); ++size) {
    b.BeginObject();
    for (size_t i = 0; i < size; ++i) {
      // Keys in a different order in each object, one repeated.
      b.Key(names[(i * 7 + size) % names.size()]);
      if (i == 3) {
        b.BeginObject();
        b.Key("k1");
        b.Int(1);
        b.EndObject();
      } else {
        b.Int(static_cast<int64_t>(i));
      }
    }
    if (size > 2) {
      b.Key(names[size % names.size()]);
      b.Int(-1);
    }
    b.EndObject();
  }
  b.EndArray();
  Plan plan = b.Build();
  KeyTable keys;
  // Every other name known to the table.
  for (size_t i = 0; i < names.size(); i += 2) keys.Intern(names[i]);
  keys.Finish();
  Schema schema;
  schema.SetRoot(*Schema::ParseType("[object]"));
  ASSERT_TRUE(schema.Validate().ok());
  for (const Schema* with :
       {static_cast<const Schema*>(nullptr), static_cast<const Schema*>(&schema)}) {
    SCOPED_TRACE(with == nullptr ? "without a schema" : "with a schema");
    EvalContext ctx(&plan, with, nullptr, &keys);
    for (NodeId n = 0; n < plan.node_count(); ++n) {
      if (plan.kind(n) != JsonKind::kObject) continue;
      for (const std::string& name : names) {
        SCOPED_TRACE(testing::Message() << plan.Pointer(n) << " " << name);
        const NodeId want = plan.FindMember(n, name);
        EXPECT_EQ(ctx.FindMember(n, KeyRef{name}), want);
        EXPECT_EQ(ctx.FindMember(n, KeyRef{name, keys.Find(name)}), want);
      }
      for (NodeId member : plan.children(n)) {
        EXPECT_EQ(ctx.MemberKeyId(member),
                  plan.shadowed(member) ? KeyId{0xFFFF} : keys.Find(plan.key(member)));
      }
    }
  }
}

// m[k] with k a string value: ValueKey's id (remembered by the text's
// address) finds what the name finds, for names at many addresses, known
// to the table or not, and again from the cache.
TEST(KeyTableTest, ValueKeyFindsWhatTheNameFinds) {
  PlanBuilder b("plan.json");
  b.BeginObject();
  for (std::string key : {"id", "task", "unknown", "id", "", "other"}) {
    b.Key(key);
    b.String(key);
  }
  b.EndObject();
  Plan plan = b.Build();
  KeyTable keys;
  keys.Intern("id");
  keys.Intern("task");
  keys.Intern("missing");
  keys.Finish();
  EvalContext ctx(&plan, nullptr, nullptr, &keys);
  // The same names at many addresses (some of them the plan's own text),
  // many more than the cache has entries.
  std::vector<std::string> texts;
  for (int i = 0; i < 200; ++i) {
    for (std::string name : {"id", "task", "unknown", "other", "", "missing", "i"}) {
      texts.push_back(name);
    }
  }
  for (int round = 0; round < 2; ++round) {
    for (const std::string& text : texts) {
      SCOPED_TRACE(text);
      const KeyRef key = ctx.ValueKey(text);
      EXPECT_EQ(key.name, text);
      if (!text.empty()) {
        EXPECT_EQ(key.id, keys.Find(text));
      }
      EXPECT_EQ(ctx.FindMember(plan.root(), key), plan.FindMember(plan.root(), text));
    }
    for (NodeId member : plan.children(plan.root())) {
      const std::string_view text = plan.string(member);
      EXPECT_EQ(ctx.FindMember(plan.root(), ctx.ValueKey(text)),
                plan.FindMember(plan.root(), text));
    }
  }
}

}  // namespace
}  // namespace planlint::expr

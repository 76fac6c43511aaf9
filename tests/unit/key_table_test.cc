#include "core/expr/key_table.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/expr/context.h"
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

}  // namespace
}  // namespace planlint::expr

#include "core/plan/plan.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/plan/plan_parser.h"

namespace planlint {
namespace {

Plan ParseOrDie(std::string text) {
  PlanParser parser;
  absl::StatusOr<Plan> plan = parser.Parse("test.json", std::move(text));
  EXPECT_TRUE(plan.ok()) << plan.status();
  if (!plan.ok()) return PlanBuilder("x").Build();
  return *std::move(plan);
}

std::vector<std::string> Keys(const Plan& plan, NodeId n) {
  std::vector<std::string> keys;
  for (NodeId c : plan.children(n)) keys.emplace_back(plan.key(c));
  return keys;
}

TEST(JsonKindNameTest, Names) {
  EXPECT_EQ(JsonKindName(JsonKind::kNull), "null");
  EXPECT_EQ(JsonKindName(JsonKind::kBool), "boolean");
  EXPECT_EQ(JsonKindName(JsonKind::kInt), "number");
  EXPECT_EQ(JsonKindName(JsonKind::kUint), "number");
  EXPECT_EQ(JsonKindName(JsonKind::kDouble), "number");
  EXPECT_EQ(JsonKindName(JsonKind::kString), "string");
  EXPECT_EQ(JsonKindName(JsonKind::kArray), "array");
  EXPECT_EQ(JsonKindName(JsonKind::kObject), "object");
}

TEST(PlanBuilderTest, BuildsNodesInPreOrder) {
  PlanBuilder b("");
  b.BeginObject();
  b.Key("a");
  b.BeginArray();
  b.Int(-5);
  b.Uint(18446744073709551615u);
  b.Double(2.5);
  b.EndArray();
  b.Key("b");
  b.String("text");
  b.Key("c");
  b.Bool(true);
  b.Key("d");
  b.Null();
  b.EndObject();
  Plan plan = b.Build();

  EXPECT_EQ(plan.file(), "<memory>");
  EXPECT_EQ(plan.text(), "");
  ASSERT_EQ(plan.node_count(), 8u);
  EXPECT_EQ(plan.kind(0), JsonKind::kObject);
  EXPECT_EQ(plan.kind(1), JsonKind::kArray);
  EXPECT_EQ(plan.kind(2), JsonKind::kInt);
  EXPECT_EQ(plan.kind(3), JsonKind::kUint);
  EXPECT_EQ(plan.kind(4), JsonKind::kDouble);
  EXPECT_EQ(plan.kind(5), JsonKind::kString);
  EXPECT_EQ(plan.kind(6), JsonKind::kBool);
  EXPECT_EQ(plan.kind(7), JsonKind::kNull);
  EXPECT_EQ(plan.int_value(2), -5);
  EXPECT_EQ(plan.uint_value(3), 18446744073709551615u);
  EXPECT_EQ(plan.number(2), -5.0);
  EXPECT_EQ(plan.number(3), 18446744073709551615.0);
  EXPECT_EQ(plan.number(4), 2.5);
  EXPECT_EQ(plan.string(5), "text");
  EXPECT_TRUE(plan.boolean(6));

  EXPECT_EQ(plan.parent(0), kNoNode);
  EXPECT_EQ(plan.parent(1), 0u);
  EXPECT_EQ(plan.parent(3), 1u);
  EXPECT_EQ(plan.index_in_parent(3), 1u);
  EXPECT_EQ(plan.index_in_parent(5), 1u);
  EXPECT_EQ(plan.key(1), "a");
  EXPECT_EQ(plan.key(2), "");
  EXPECT_EQ(plan.key(7), "d");
  EXPECT_EQ(Keys(plan, 0), (std::vector<std::string>{"a", "b", "c", "d"}));
  ASSERT_EQ(plan.children(1).size(), 3u);
  EXPECT_EQ(plan.children(1)[0], 2u);
  EXPECT_EQ(plan.children(1)[2], 4u);
  EXPECT_TRUE(plan.children(5).empty());
  // No text: positions are unknown.
  EXPECT_EQ(plan.PositionOf(3).line, 0);
  EXPECT_EQ(plan.PositionOf(3).column, 0);
}

TEST(PlanBuilderTest, ChildrenOfNestedContainersAreContiguous) {
  Plan plan = ParseOrDie(R"({"a":[[1,2],{"x":[3]},4],"b":{"c":{"d":[]}},"e":5})");
  NodeId a = plan.FindMember(0, "a");
  ASSERT_NE(a, kNoNode);
  auto items = plan.children(a);
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(plan.kind(items[0]), JsonKind::kArray);
  EXPECT_EQ(plan.children(items[0]).size(), 2u);
  EXPECT_EQ(plan.int_value(plan.children(items[0])[1]), 2);
  EXPECT_EQ(plan.int_value(items[2]), 4);
  EXPECT_EQ(Keys(plan, 0), (std::vector<std::string>{"a", "b", "e"}));
  for (NodeId n = 1; n < plan.node_count(); ++n) {
    NodeId p = plan.parent(n);
    ASSERT_LT(p, n);  // pre-order: parents come first
    EXPECT_EQ(plan.children(p)[plan.index_in_parent(n)], n);
  }
}

TEST(PlanBuilderTest, EmptyBuilderGivesNullRoot) {
  Plan plan = PlanBuilder("f.json").Build();
  EXPECT_EQ(plan.file(), "f.json");
  ASSERT_EQ(plan.node_count(), 1u);
  EXPECT_EQ(plan.kind(0), JsonKind::kNull);
}

TEST(PlanBuilderTest, UnbalancedCallsDoNotCorruptThePlan) {
  PlanBuilder b("");
  b.BeginObject();
  b.Key("a");
  b.BeginArray();
  b.Int(1);
  b.EndObject();          // wrong kind: ignored
  Plan plan = b.Build();  // closes what is open
  ASSERT_EQ(plan.node_count(), 3u);
  EXPECT_EQ(plan.children(0).size(), 1u);
  EXPECT_EQ(plan.children(1).size(), 1u);
}

TEST(DuplicateKeysTest, LaterMembersAreShadowedAndFindMemberReturnsTheFirst) {
  Plan plan = ParseOrDie(R"({"a":1,"b":2,"a":{"x":1},"\u0061":3,"A":4})");
  auto members = plan.children(0);
  ASSERT_EQ(members.size(), 5u);
  EXPECT_FALSE(plan.shadowed(members[0]));
  EXPECT_FALSE(plan.shadowed(members[1]));
  EXPECT_TRUE(plan.shadowed(members[2]));
  EXPECT_TRUE(plan.shadowed(members[3]));   // equal after unescaping
  EXPECT_FALSE(plan.shadowed(members[4]));  // byte-exact: case matters
  EXPECT_EQ(plan.FindMember(0, "a"), members[0]);
  EXPECT_EQ(plan.int_value(plan.FindMember(0, "a")), 1);
  EXPECT_EQ(plan.FindMember(0, "A"), members[4]);
  EXPECT_EQ(plan.FindMember(0, "c"), kNoNode);
  EXPECT_EQ(plan.FindMember(members[0], "a"), kNoNode);  // not an object
  // The shadowed member keeps its raw index.
  EXPECT_EQ(plan.index_in_parent(members[3]), 3u);
  EXPECT_EQ(plan.Resolve("/a"), members[0]);
}

TEST(DuplicateKeysTest, KeysThatDifferOnlyAfterANulByte) {
  Plan plan = ParseOrDie(R"({"a\u0000b":1,"a\u0000c":2,"a\u0000b":3,"a":4})");
  auto members = plan.children(0);
  ASSERT_EQ(members.size(), 4u);
  EXPECT_FALSE(plan.shadowed(members[1]));
  EXPECT_TRUE(plan.shadowed(members[2]));
  EXPECT_FALSE(plan.shadowed(members[3]));
  EXPECT_EQ(plan.FindMember(0, std::string_view("a\0c", 3)), members[1]);
}

TEST(DuplicateKeysTest, LargeObjectsUseTheHashedPath) {
  std::string text = "{";
  for (int i = 0; i < 200; ++i)
    text += "\"k" + std::to_string(i % 150) + "\":" + std::to_string(i) + ",";
  text += "\"k0\":[{\"k0\":1,\"k0\":2}]}";
  Plan plan = ParseOrDie(text);
  auto members = plan.children(0);
  ASSERT_EQ(members.size(), 201u);
  for (int i = 0; i < 200; ++i) EXPECT_EQ(plan.shadowed(members[i]), i >= 150) << i;
  EXPECT_TRUE(plan.shadowed(members[200]));
  EXPECT_EQ(plan.int_value(plan.FindMember(0, "k7")), 7);
  EXPECT_EQ(plan.int_value(plan.FindMember(0, "k149")), 149);
  // Objects nested in a shadowed member are checked on their own.
  NodeId inner = plan.children(members[200])[0];
  EXPECT_FALSE(plan.shadowed(plan.children(inner)[0]));
  EXPECT_TRUE(plan.shadowed(plan.children(inner)[1]));
  // The same keys in different objects are not duplicates.
  std::string two = "{\"x\":{";
  for (int i = 0; i < 40; ++i) two += (i ? ",\"" : "\"") + std::to_string(i) + "\":0";
  two += "},\"y\":{";
  for (int i = 0; i < 40; ++i) two += (i ? ",\"" : "\"") + std::to_string(i) + "\":0";
  two += "}}";
  Plan plan2 = ParseOrDie(two);
  for (NodeId n = 0; n < plan2.node_count(); ++n) EXPECT_FALSE(plan2.shadowed(n));
}

TEST(PointerTest, BuildsRfc6901Pointers) {
  Plan plan = ParseOrDie(R"({"a/b":{"m~n":[10,{"":true,"x y":[null]}]},"é":1})");
  EXPECT_EQ(plan.Pointer(0), "");
  NodeId ab = plan.FindMember(0, "a/b");
  EXPECT_EQ(plan.Pointer(ab), "/a~1b");
  NodeId mn = plan.FindMember(ab, "m~n");
  EXPECT_EQ(plan.Pointer(mn), "/a~1b/m~0n");
  NodeId item1 = plan.children(mn)[1];
  EXPECT_EQ(plan.Pointer(plan.children(mn)[0]), "/a~1b/m~0n/0");
  EXPECT_EQ(plan.Pointer(item1), "/a~1b/m~0n/1");
  EXPECT_EQ(plan.Pointer(plan.FindMember(item1, "")), "/a~1b/m~0n/1/");
  std::string buffer = "left over";
  plan.Pointer(plan.FindMember(item1, ""), &buffer);
  EXPECT_EQ(buffer, "/a~1b/m~0n/1/");
  plan.Pointer(plan.root(), &buffer);
  EXPECT_EQ(buffer, "");
  NodeId xy = plan.FindMember(item1, "x y");
  EXPECT_EQ(plan.Pointer(plan.children(xy)[0]), "/a~1b/m~0n/1/x y/0");
  EXPECT_EQ(plan.Pointer(plan.FindMember(0, "é")), "/é");
  // Every pointer resolves back to its node.
  for (NodeId n = 0; n < plan.node_count(); ++n) EXPECT_EQ(plan.Resolve(plan.Pointer(n)), n);
}

TEST(PointerTest, TildeOneZeroIsNotTilde) {
  Plan plan = ParseOrDie(R"({"~1":1,"/":2,"~01":3})");
  EXPECT_EQ(plan.Pointer(plan.children(0)[0]), "/~01");
  EXPECT_EQ(plan.Pointer(plan.children(0)[1]), "/~1");
  EXPECT_EQ(plan.Pointer(plan.children(0)[2]), "/~001");
  EXPECT_EQ(plan.Resolve("/~01"), plan.children(0)[0]);
  EXPECT_EQ(plan.Resolve("/~1"), plan.children(0)[1]);
  EXPECT_EQ(plan.Resolve("/~001"), plan.children(0)[2]);
}

TEST(ResolveTest, InvalidOrMissingPointersNameNothing) {
  Plan plan = ParseOrDie(R"({"a":[1,2,{"b":3}],"":{"":4},"s":"x"})");
  EXPECT_EQ(plan.Resolve(""), 0u);
  EXPECT_EQ(plan.int_value(plan.Resolve("/a/2/b")), 3);
  EXPECT_EQ(plan.int_value(plan.Resolve("/a/0")), 1);
  EXPECT_EQ(plan.int_value(plan.Resolve("//")), 4);
  EXPECT_EQ(plan.kind(plan.Resolve("/")), JsonKind::kObject);
  for (const char* bad : {"a",
                          "/a/3",
                          "/a/-",
                          "/a/01",
                          "/a/+1",
                          "/a/1x",
                          "/a/",
                          "/a/ 1",
                          "/a/99999999999999999999",
                          "/a/4294967296",
                          "/a/2/c",
                          "/b",
                          "/s/0",
                          "/a/0/x",
                          "/~2",
                          "/~",
                          "/a~",
                          "/a/2/b/",
                          "#/a",
                          "/a/-1"}) {
    EXPECT_EQ(plan.Resolve(bad), kNoNode) << bad;
  }
}

TEST(PositionTest, RootAndNestedNodes) {
  Plan plan = ParseOrDie("{\n  \"a\": [1, true,\n    {\"k\": \"v\"}],\n  \"b\": null\n}");
  EXPECT_EQ(plan.PositionOf(0).line, 1);
  EXPECT_EQ(plan.PositionOf(0).column, 1);
  NodeId a = plan.FindMember(0, "a");
  EXPECT_EQ(plan.PositionOf(a).line, 2);
  EXPECT_EQ(plan.PositionOf(a).column, 8);
  EXPECT_EQ(plan.PositionOf(plan.children(a)[0]).column, 9);
  EXPECT_EQ(plan.PositionOf(plan.children(a)[1]).column, 12);
  NodeId obj = plan.children(a)[2];
  EXPECT_EQ(plan.PositionOf(obj).line, 3);
  EXPECT_EQ(plan.PositionOf(obj).column, 5);
  NodeId v = plan.FindMember(obj, "k");
  EXPECT_EQ(plan.PositionOf(v).line, 3);
  EXPECT_EQ(plan.PositionOf(v).column, 11);
  NodeId b = plan.FindMember(0, "b");
  EXPECT_EQ(plan.PositionOf(b).line, 4);
  EXPECT_EQ(plan.PositionOf(b).column, 8);
  EXPECT_EQ(plan.PositionOf(static_cast<NodeId>(plan.node_count())).line, 0);
}

TEST(PositionTest, CrLfLoneCrMultiByteAndBom) {
  // BOM (not counted), CRLF, lone CR, then é and an emoji (one column each)
  // before the value; keys with escaped quotes and colons do not confuse it.
  std::string text =
      "\xEF\xBB\xBF{\"a\":\r\n\"x\",\r\"\\\"k:[\" : \"é😀\" ,\"b\":\r\n  [\"é😀\", -1.5e3]}";
  Plan plan = ParseOrDie(text);
  EXPECT_EQ(plan.text().substr(0, 1), "{");
  EXPECT_EQ(plan.PositionOf(0).line, 1);
  EXPECT_EQ(plan.PositionOf(0).column, 1);
  NodeId a = plan.FindMember(0, "a");
  EXPECT_EQ(plan.PositionOf(a).line, 2);
  EXPECT_EQ(plan.PositionOf(a).column, 1);
  NodeId k = plan.FindMember(0, "\"k:[");
  ASSERT_NE(k, kNoNode);
  EXPECT_EQ(plan.PositionOf(k).line, 3);
  EXPECT_EQ(plan.PositionOf(k).column, 11);
  NodeId b = plan.FindMember(0, "b");
  EXPECT_EQ(plan.PositionOf(b).line, 4);
  EXPECT_EQ(plan.PositionOf(b).column, 3);
  EXPECT_EQ(plan.PositionOf(plan.children(b)[1]).line, 4);
  EXPECT_EQ(plan.PositionOf(plan.children(b)[1]).column, 10);
}

TEST(PositionTest, MultiByteCharactersOnTheSameLine) {
  Plan plan = ParseOrDie("{\"ключ\":\"значение\",\"日本\":[\"語\",{\"x\":false}]}");
  NodeId arr = plan.FindMember(0, "日本");
  EXPECT_EQ(plan.PositionOf(plan.FindMember(0, "ключ")).column, 9);
  EXPECT_EQ(plan.PositionOf(arr).column, 25);
  EXPECT_EQ(plan.PositionOf(plan.children(arr)[0]).column, 26);
  NodeId inner = plan.children(arr)[1];
  EXPECT_EQ(plan.PositionOf(inner).column, 30);
  EXPECT_EQ(plan.PositionOf(plan.FindMember(inner, "x")).column, 35);
}

TEST(PositionTest, ShadowedMembersHaveTheirOwnPositions) {
  Plan plan = ParseOrDie("{\"a\": 1,\n \"a\": [2,\n 3],\n \"c\": \"a\"}");
  auto members = plan.children(0);
  ASSERT_EQ(members.size(), 3u);
  EXPECT_TRUE(plan.shadowed(members[1]));
  EXPECT_EQ(plan.PositionOf(members[0]).line, 1);
  EXPECT_EQ(plan.PositionOf(members[0]).column, 7);
  EXPECT_EQ(plan.PositionOf(members[1]).line, 2);
  EXPECT_EQ(plan.PositionOf(members[1]).column, 7);
  EXPECT_EQ(plan.PositionOf(plan.children(members[1])[1]).line, 3);
  EXPECT_EQ(plan.PositionOf(plan.children(members[1])[1]).column, 2);
  EXPECT_EQ(plan.PositionOf(members[2]).line, 4);
  EXPECT_EQ(plan.PositionOf(members[2]).column, 7);
}

TEST(PositionTest, EveryNodeStartsWhereItsTextStarts) {
  std::string text =
      "{\"s\":\"a\\\\\",\"t\":\"\\\"\",\"n\":[0,-0,1e5,true,false,null,{},[],[[]],{\"\":{}}],"
      "\r\"u\"\t:\n\"\\u00e9\"}";
  Plan plan = ParseOrDie(text);
  // Re-derive each node's first character from its kind.
  for (NodeId n = 0; n < plan.node_count(); ++n) {
    SourcePosition pos = plan.PositionOf(n);
    ASSERT_GT(pos.line, 0) << n;
  }
  NodeId arr = plan.FindMember(0, "n");
  ASSERT_EQ(plan.children(arr).size(), 10u);
  EXPECT_EQ(plan.PositionOf(plan.children(arr)[9]).column, 62);
  NodeId u = plan.FindMember(0, "u");
  EXPECT_EQ(plan.PositionOf(u).line, 3);
  EXPECT_EQ(plan.PositionOf(u).column, 1);
  EXPECT_EQ(plan.string(u), "é");
}

TEST(PlanTest, MoveKeepsEverything) {
  Plan plan = ParseOrDie("{\n\"a\":\"b\"}");
  Plan moved = std::move(plan);
  EXPECT_EQ(moved.file(), "test.json");
  EXPECT_EQ(moved.string(moved.FindMember(0, "a")), "b");
  EXPECT_EQ(moved.PositionOf(1).line, 2);
  Plan other = PlanBuilder("").Build();
  other = std::move(moved);
  EXPECT_EQ(other.PositionOf(1).column, 5);
}

}  // namespace
}  // namespace planlint

// The schema (core/expr/schema.h): type expressions, their descriptions, and
// the typed view a schema gives a plan (plan-format.md, Conventions: Types):
// which values are of the wrong type, reported once, with null never wrong
// as a key's value and always wrong as an array item, and date fields never
// wrong.
#include "core/expr/schema.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/unit/test_support.h"

namespace planlint::expr {
namespace {

std::string Describe(std::string_view type_text) {
  Schema schema;
  schema.AddType("Item", {});
  absl::StatusOr<SchemaType> t = Schema::ParseType(type_text);
  if (!t.ok()) return Cat("error: ", t.status().message());
  return schema.Describe(*t);
}

TEST(SchemaTest, ParsesTypeExpressions) {
  EXPECT_EQ(Describe("string"), "string");
  EXPECT_EQ(Describe("  number "), "number");
  EXPECT_EQ(Describe("boolean"), "boolean");
  EXPECT_EQ(Describe("object"), "object");
  EXPECT_EQ(Describe("array"), "array");
  EXPECT_EQ(Describe("any"), "any value");
  EXPECT_EQ(Describe("date"), "date");
  EXPECT_EQ(Describe("Item"), "object");
  EXPECT_EQ(Describe("[string]"), "array of strings");
  EXPECT_EQ(Describe("[Item]"), "array of objects");
  EXPECT_EQ(Describe("[[number]]"), "array of (array of numbers)");
  EXPECT_EQ(Describe("string | [string]"), "string or array of strings");
  EXPECT_EQ(Describe("[string | number]"), "array of (string or number)");
  EXPECT_EQ(Describe("string|number|boolean"), "string or number or boolean");
}

TEST(SchemaTest, RefusesBadTypeExpressions) {
  EXPECT_EQ(Describe(""), "error: empty type expression");
  EXPECT_EQ(Describe("string |"), "error: empty type expression");
  EXPECT_EQ(Describe("[string"), "error: missing ']' in type '[string'");
  EXPECT_EQ(Describe("bad-name"), "error: bad type name 'bad-name'");
  EXPECT_EQ(Describe("[]"), "error: empty type expression");
}

TEST(SchemaTest, ValidateFindsUnknownTypeNames) {
  Schema schema;
  schema.AddType("Plan", {{"items", *Schema::ParseType("[Missing]")}});
  schema.SetRoot(*Schema::ParseType("Plan"));
  EXPECT_EQ(schema.Validate().message(), "Plan.items: unknown type 'Missing'");
  Schema rootless;
  rootless.SetRoot(*Schema::ParseType("Nope"));
  EXPECT_EQ(rootless.Validate().message(), "unknown type 'Nope'");
  Schema good;
  good.AddType("Plan", {{"x", *Schema::ParseType("string")}});
  good.SetRoot(*Schema::ParseType("Plan"));
  EXPECT_TRUE(good.Validate().ok());
}

// The typed view of `json` under a small schema: "POINTER expected/found"
// for each type error, in order.
// Every object member's id in `ids` (indexed as Plan::all_children()) is
// its key's id in `keys`, or 0xFFFF for a shadowed member; array items keep
// the 0x7777 the table was filled with.
void ExpectMemberIds(const Plan& plan, const KeyTable& keys, const std::vector<KeyId>& ids) {
  const NodeId* all = plan.all_children().data();
  for (NodeId n = 0; n < plan.node_count(); ++n) {
    const std::span<const NodeId> kids = plan.children(n);
    for (size_t i = 0; i < kids.size(); ++i) {
      const KeyId want = plan.kind(n) != JsonKind::kObject ? KeyId{0x7777}
                         : plan.shadowed(kids[i])          ? KeyId{0xFFFF}
                                                           : keys.Find(plan.key(kids[i]));
      EXPECT_EQ(ids[kids.data() - all + i], want) << plan.Pointer(kids[i]);
    }
  }
}

class TypedViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto type = [](std::string_view t) { return *Schema::ParseType(t); };
    schema_.AddType("Plan", {{"title", type("string")},
                             {"count", type("number")},
                             {"flag", type("boolean")},
                             {"when", type("date")},
                             {"meta", type("object")},
                             {"tags", type("[string]")},
                             {"phone", type("string | [string]")},
                             {"items", type("[Item]")},
                             {"anything", type("any")},
                             {"grid", type("[[number]]")}});
    schema_.AddType("Item",
                    {{"id", type("string")}, {"start", type("date")}, {"sub", type("Item")}});
    schema_.SetRoot(type("Plan"));
    ASSERT_TRUE(schema_.Validate().ok());
  }

  std::vector<std::string> Errors(std::string_view json) {
    PlanParser parser;
    absl::StatusOr<Plan> plan = parser.Parse("plan.json", std::string(json));
    EXPECT_TRUE(plan.ok()) << plan.status().message();
    std::vector<std::string> out;
    if (!plan.ok()) return out;
    TypedView view(*plan, schema_);
    for (const TypedView::TypeError& e : view.errors()) {
      EXPECT_TRUE(view.masked(e.node)) << plan->Pointer(e.node);
      out.push_back(
          Cat(plan->Pointer(e.node), " ", e.expected, "/", JsonKindName(plan->kind(e.node))));
    }
    // Every masked node is reported.
    size_t masked = 0;
    for (NodeId n = 0; n < plan->node_count(); ++n) masked += view.masked(n) ? 1 : 0;
    EXPECT_EQ(masked, view.errors().size());
    return out;
  }

  Schema schema_;
};

TEST_F(TypedViewTest, ValuesOfTheRightTypeAreFine) {
  EXPECT_EQ(
      Errors(R"({"title": "t", "count": 1.5, "flag": false, "when": "2027-01-01", "meta": {"k": 1},
    "tags": ["a"], "phone": "1", "items": [{"id": "x", "sub": {"id": "y"}}], "anything": [1, {"a": null}],
    "grid": [[1, 2], []], "unknown": 5})"),
      std::vector<std::string>{});
}

TEST_F(TypedViewTest, WrongTypesAreReportedOnce) {
  EXPECT_EQ(Errors(R"({"title": 1, "count": "1", "flag": "true", "meta": [], "tags": "a",
    "items": {"id": "x"}})"),
            (std::vector<std::string>{"/title string/number", "/count number/string",
                                      "/flag boolean/string", "/meta object/array",
                                      "/tags array of strings/string",
                                      "/items array of objects/object"}));
  // What a wrong-typed value holds is not reported again.
  EXPECT_EQ(Errors(R"({"items": {"x": [1, 2, {"id": 5}]}})"),
            std::vector<std::string>{"/items array of objects/object"});
}

TEST_F(TypedViewTest, NullIsNeverWrongForAKeyButAlwaysWrongAsAnItem) {
  EXPECT_EQ(Errors(R"({"title": null, "items": null, "meta": null, "tags": [null, "a"],
    "items2": [null]})"),
            std::vector<std::string>{"/tags/0 string/null"});
  EXPECT_EQ(Errors(R"({"items": [null, {"id": null}]})"),
            std::vector<std::string>{"/items/0 object/null"});
  EXPECT_EQ(Errors(R"({"grid": [null, [null]]})"),
            (std::vector<std::string>{"/grid/0 array of numbers/null", "/grid/1/0 number/null"}));
}

TEST_F(TypedViewTest, ArrayItemsAreCheckedOneByOne) {
  EXPECT_EQ(Errors(R"({"tags": ["a", 1, "b", {}], "items": [{"id": "x"}, "stray", {"id": 2}]})"),
            (std::vector<std::string>{"/tags/1 string/number", "/tags/3 string/object",
                                      "/items/1 object/string", "/items/2/id string/number"}));
}

TEST_F(TypedViewTest, DateFieldsAndAnyAreNeverWrong) {
  EXPECT_EQ(Errors(R"({"when": 20270101, "items": [{"start": ["x"]}, {"start": {}}],
    "anything": "x"})"),
            std::vector<std::string>{});
}

TEST_F(TypedViewTest, UnionsTakeTheAlternativeThatMatches) {
  EXPECT_EQ(Errors(R"({"phone": ["1", "2"]})"), std::vector<std::string>{});
  EXPECT_EQ(Errors(R"({"phone": ["1", 2]})"), std::vector<std::string>{"/phone/1 string/number"});
  EXPECT_EQ(Errors(R"({"phone": 5})"),
            std::vector<std::string>{"/phone string or array of strings/number"});
}

TEST_F(TypedViewTest, NestedNamedTypesAndShadowedMembers) {
  EXPECT_EQ(Errors(R"({"items": [{"sub": {"id": 1, "sub": {"id": true}}}]})"),
            (std::vector<std::string>{"/items/0/sub/id string/number",
                                      "/items/0/sub/sub/id string/boolean"}));
  // The rules see the first "title"; the shadowed one is not checked.
  EXPECT_EQ(Errors(R"({"title": "ok", "title": 5})"), std::vector<std::string>{});
  EXPECT_EQ(Errors(R"({"title": 5, "title": "ok"})"),
            std::vector<std::string>{"/title string/number"});
}

TEST_F(TypedViewTest, ARootOfTheWrongTypeIsNotAPlan) {
  // The parser refuses a top level that is not an object, so the view is
  // only ever asked about objects; a wrong-typed root member is one error.
  EXPECT_EQ(Errors(R"({"meta": "x", "items": 3})"),
            (std::vector<std::string>{"/meta object/string", "/items array of objects/number"}));
}

TEST_F(TypedViewTest, ErrorsComeInDocumentOrder) {
  // The root's members are checked before what they hold, but an error
  // inside an earlier member comes first.
  EXPECT_EQ(Errors(R"({"items": [{"id": 1, "sub": {"id": []}}, 7], "title": 5, "tags": [1],
    "grid": [[true], "x"]})"),
            (std::vector<std::string>{"/items/0/id string/number", "/items/0/sub/id string/array",
                                      "/items/1 object/number", "/title string/number",
                                      "/tags/0 string/number", "/grid/0/0 number/boolean",
                                      "/grid/1 array of numbers/string"}));
}

// With a KeyTable the view finds fields by key id and writes every
// member's id, those of the objects it looks into as it walks and those of
// every other object (inside wrong-typed values, values of an untyped
// field, shadowed members, unknown keys) too: the same masks and errors as
// by text.
TEST_F(TypedViewTest, FieldsByKeyIdAgreeWithFieldsByText) {
  KeyTable keys;
  keys.Intern("unrelated");
  schema_.IndexKeys(&keys);
  keys.Finish();
  const std::vector<std::string> documents = {
      R"({"title": 1, "title": "x",
    "items": [{"id": 2, "sub": {"id": "y", "start": 3}}, null], "unknown": {"id": 5},
    "tags": ["a", false], "unrelated": 1, "grid": [[1, "2"]]})",
      R"({"meta": {"id": {"title": 1}, "items": [{"id": 3}]}, "anything": [{"sub": {"id": 1}}],
    "items": [{"id": "a", "id": {"x": {"y": 1}}, "sub": [{"id": 1}]}, [{"id": 2}], {"sub": null}],
    "tags": {"unrelated": {"id": 1}}, "title": {"title": {}}, "phone": [{"k": 1}, "2"],
    "grid": [[{"a": 1}], {"b": {"c": 2}}, null], "when": {"title": 1}, "unknown": [{"q": {}}]})",
      R"({})",
      R"({"items": []})",
      // Objects of one type whose keys come in the same order, then in
      // another, with keys the table does not know, shadowed and long ones.
      R"({"items": [{"id": "a", "start": "2027-01-01", "sub": {"id": 1}},
    {"id": "b", "start": "2027-01-02", "sub": {"id": "x"}},
    {"start": 3, "id": "c", "sub": {"sub": {"id": 2}, "id": "y"}},
    {"id": "d", "unknown_and_longer_than_sixteen": 1, "start": 4},
    {"id": "e", "id": 5, "idx": 6, "start": "x"}, {"ie": 1, "id": 7}, {"id": 8}]})",
  };
  for (const std::string& json : documents) {
    PlanParser parser;
    absl::StatusOr<Plan> plan = parser.Parse("plan.json", json);
    ASSERT_TRUE(plan.ok());
    const TypedView by_text(*plan, schema_);
    // A value no writer leaves, so that an id never written shows.
    std::vector<KeyId> ids(plan->all_children().size(), KeyId{0x7777});
    const TypedView by_id(*plan, schema_, &keys, ids.data(), 0xFFFF);
    ASSERT_EQ(by_id.errors().size(), by_text.errors().size()) << json;
    for (size_t i = 0; i < by_id.errors().size(); ++i) {
      EXPECT_EQ(by_id.errors()[i].node, by_text.errors()[i].node);
      EXPECT_EQ(by_id.errors()[i].expected, by_text.errors()[i].expected);
    }
    for (NodeId n = 0; n < plan->node_count(); ++n) {
      EXPECT_EQ(by_id.masked(n), by_text.masked(n)) << plan->Pointer(n);
    }
    ExpectMemberIds(*plan, keys, ids);
  }
  // The first document's errors, as by text.
  PlanParser parser;
  absl::StatusOr<Plan> plan = parser.Parse("plan.json", documents[0]);
  ASSERT_TRUE(plan.ok());
  std::vector<KeyId> ids(plan->all_children().size(), kUnknownKey);
  EXPECT_EQ(TypedView(*plan, schema_, &keys, ids.data(), 0xFFFF).errors().size(), 5u);
}

// Without a schema, or with a schema indexed with another table, the ids
// are written all the same.
TEST_F(TypedViewTest, MemberIdsWithoutFieldsById) {
  KeyTable keys;
  keys.Intern("id");
  keys.Intern("title");
  keys.Finish();
  PlanParser parser;
  absl::StatusOr<Plan> plan = parser.Parse(
      "plan.json", R"({"title": 1, "title": 2, "items": [{"id": "a", "x": {"id": 1}}]})");
  ASSERT_TRUE(plan.ok());
  const Schema no_schema;
  for (const Schema* schema : std::vector<const Schema*>{&no_schema, &schema_}) {
    std::vector<KeyId> ids(plan->all_children().size(), KeyId{0x7777});
    const TypedView view(*plan, *schema, &keys, ids.data(), 0xFFFF);
    ExpectMemberIds(*plan, keys, ids);
  }
}

TEST(SchemaPackTest, SchemaProblemsRefuseThePackWithTheirPosition) {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::FromYaml(R"yaml(pack: s
schema:
  root: Plan
  types:
    Plan:
      items: "[Missing]"
      bad: "[string"
rules: []
)yaml",
                                                                            "s.yaml");
  ASSERT_FALSE(pack.ok());
  EXPECT_EQ(pack.status().message(),
            "rule pack refused (2 problems):\n"
            "s.yaml:7:12: missing ']' in type '[string'\n"
            "s.yaml:6:14: Plan.items: unknown type 'Missing'");
}

}  // namespace
}  // namespace planlint::expr

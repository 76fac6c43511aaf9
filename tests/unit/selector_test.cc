// Selectors (core/expr/selector.h): the JSONPath subset, its parse errors
// with their offsets, and what a selector picks: the typed view (wrong-typed
// values invisible) until a `..` segment, raw after it, shadowed duplicate
// keys never, each node once, in document order.
#include "core/expr/selector.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/unit/test_support.h"

namespace planlint {
namespace {

using expr::Selector;
using testing::Evaluator;

// ----- Parsing ---------------------------------------------------------------------

std::string ParseError(std::string_view text) {
  absl::StatusOr<Selector> sel = Selector::Parse(text);
  if (sel.ok()) return "parsed";
  return Cat(OffsetOf(sel.status()).value_or(UINT32_MAX), ": ", sel.status().message());
}

std::string Segments(std::string_view text) {
  absl::StatusOr<Selector> sel = Selector::Parse(text);
  if (!sel.ok()) return Cat("error: ", sel.status().message());
  std::string out;
  for (const Selector::Segment& s : sel->segments()) {
    if (!out.empty()) out += " ";
    if (s.descendant) out += "..";
    switch (s.kind) {
      case Selector::Segment::Kind::kName:
        out += Cat("name(", s.name, ")");
        break;
      case Selector::Segment::Kind::kIndex:
        out += Cat("index(", s.index, ")");
        break;
      case Selector::Segment::Kind::kWildcard:
        out += "*";
        break;
    }
  }
  return out;
}

TEST(SelectorTest, ParsesTheSubset) {
  EXPECT_EQ(Segments("$"), "");
  EXPECT_EQ(Segments("$.a"), "name(a)");
  EXPECT_EQ(Segments("$.a_b.c-d"), "name(a_b) name(c-d)");
  EXPECT_EQ(Segments("$['a b']"), "name(a b)");
  EXPECT_EQ(Segments("$[\"a'b\"]"), "name(a'b)");
  EXPECT_EQ(Segments("$['it\\'s']"), "name(it's)");
  EXPECT_EQ(Segments("$['']"), "name()");
  EXPECT_EQ(Segments("$[*]"), "*");
  EXPECT_EQ(Segments("$.*"), "*");
  EXPECT_EQ(Segments("$[0]"), "index(0)");
  EXPECT_EQ(Segments("$[-1]"), "index(-1)");
  EXPECT_EQ(Segments("$..a"), "..name(a)");
  EXPECT_EQ(Segments("$..*"), "..*");
  EXPECT_EQ(Segments("$..[0]"), "..index(0)");
  EXPECT_EQ(Segments("$..['x y']"), "..name(x y)");
  EXPECT_EQ(Segments("$.schedule[*].depends_on[0]"), "name(schedule) * name(depends_on) index(0)");
  EXPECT_EQ(Segments("  $ .a [ 0 ] "), "name(a) index(0)");
  EXPECT_EQ(Segments("$.\xC3\xA9t\xC3\xA9"), "name(\xC3\xA9t\xC3\xA9)");
}

TEST(SelectorTest, ParseErrorsCarryTheirOffset) {
  EXPECT_EQ(ParseError(""), "0: bad selector: a selector starts with '$'");
  EXPECT_EQ(ParseError("schedule[*]"), "0: bad selector: a selector starts with '$'");
  EXPECT_EQ(ParseError("  x"), "2: bad selector: a selector starts with '$'");
  EXPECT_EQ(ParseError("$."), "2: bad selector: expected a name or '*' after '.'");
  EXPECT_EQ(ParseError("$.."), "3: bad selector: expected a name or '*' after '.'");
  EXPECT_EQ(ParseError("$..."), "3: bad selector: expected a name or '*' after '.'");
  EXPECT_EQ(ParseError("$.1a"), "2: bad selector: expected a name or '*' after '.'");
  EXPECT_EQ(ParseError("$a"), "1: bad selector: unexpected 'a'");
  EXPECT_EQ(ParseError("$.a b"), "4: bad selector: unexpected 'b'");
  EXPECT_EQ(ParseError("$.a["), "4: bad selector: unterminated '['");
  EXPECT_EQ(ParseError("$[1"), "3: bad selector: expected ']'");
  EXPECT_EQ(ParseError("$[*"), "3: bad selector: expected ']'");
  EXPECT_EQ(ParseError("$['a"), "4: bad selector: unterminated quoted name");
  EXPECT_EQ(ParseError("$['a'"), "5: bad selector: expected ']'");
  EXPECT_EQ(ParseError("$['a\\x']"), "4: bad selector: unsupported escape in a quoted name");
  EXPECT_EQ(ParseError("$[-]"), "2: bad selector: bad array index");
  EXPECT_EQ(ParseError("$[99999999999999999999]"), "2: bad selector: bad array index");
  EXPECT_EQ(ParseError("$[a]"),
            "2: bad selector: expected '*', a quoted name or an index inside '[ ]'");
  EXPECT_EQ(ParseError("$.a]"), "3: bad selector: unexpected ']'");
}

// ----- Selecting ---------------------------------------------------------------------

// A pack whose only purpose is its schema (the typed view).
constexpr char kSchemaPack[] = R"yaml(pack: selectors
schema:
  root: Plan
  types:
    Plan:
      list: "[Item]"
      obj: object
      typed: Typed
    Item:
      n: number
    Typed:
      s: string
      arr: "[number]"
rules: []
)yaml";

constexpr std::string_view kPlan = R"({
  "list": [{"n": 1}, "wrong", {"n": 2}, null, {"n": "three"}],
  "obj": {"a": 1, "b": "x", "a": 2, "c": {"a": 3}},
  "typed": {"s": 5, "arr": [1, "two", 3]},
  "untyped": {"deep": {"name": "d1", "x": {"name": "d2"}}, "name": "d0"}
})";

class SelectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::shared_ptr<const RulePack>> pack =
        RulePack::FromYaml(kSchemaPack, "selectors.yaml");
    ASSERT_TRUE(pack.ok()) << pack.status().message();
    ev_ = std::make_unique<Evaluator>(*pack);
  }
  // The JSON Pointers of the nodes `selector` picks from the plan's root.
  std::string Pointers(std::string_view selector, std::string_view plan = kPlan) {
    return ev_->Eval(Cat("select(plan, r'''", selector, "''').map(v, pointer(v))"), plan);
  }
  std::string Values(std::string_view selector, std::string_view plan = kPlan) {
    return ev_->Eval(Cat("select(plan, r'''", selector, "''')"), plan);
  }
  std::unique_ptr<Evaluator> ev_;
};

TEST_F(SelectTest, RootNamesAndQuotedNames) {
  EXPECT_EQ(Pointers("$"), "[\"\"]");
  EXPECT_EQ(Pointers("$.obj"), "[\"/obj\"]");
  EXPECT_EQ(Values("$.obj.b"), "[\"x\"]");
  EXPECT_EQ(Values("$[\"obj\"][\"b\"]"), "[\"x\"]");
  EXPECT_EQ(Values("$.untyped.deep.name"), "[\"d1\"]");
  EXPECT_EQ(Values("$.nothing"), "[]");
  EXPECT_EQ(Values("$.nothing.deeper"), "[]");
  EXPECT_EQ(Values("$.obj.b.c"), "[]");  // a name on a string selects nothing
  EXPECT_EQ(Values("$.obj[0]"), "[]");   // an index on an object selects nothing
  EXPECT_EQ(Values("$.list.n"), "[]");   // a name on an array selects nothing
  EXPECT_EQ(Values("$.obj.b.*"), "[]");  // a wildcard on a scalar selects nothing
}

TEST_F(SelectTest, WildcardsSeeTheTypedView) {
  // "wrong", null and the object whose n is a string: only the first two are
  // items of the wrong type; {"n": "three"} is an Item with a wrong-typed n.
  EXPECT_EQ(Pointers("$.list[*]"), "[\"/list/0\", \"/list/2\", \"/list/4\"]");
  EXPECT_EQ(Pointers("$.list.*"), "[\"/list/0\", \"/list/2\", \"/list/4\"]");
  EXPECT_EQ(Values("$.list[*].n"), "[1, 2]");  // the wrong-typed n is invisible
  EXPECT_EQ(Values("$.typed.*"), "[[1, 3]]");  // s (a number) is invisible
  EXPECT_EQ(Values("$.typed.s"), "[]");
  EXPECT_EQ(Values("$.typed.arr[*]"), "[1, 3]");
  EXPECT_EQ(Pointers("$.*"), "[\"/list\", \"/obj\", \"/typed\", \"/untyped\"]");
}

TEST_F(SelectTest, IndexesCountTheVisibleItemsLikeExpressionsDo) {
  // The typed view hides "wrong" and null: the visible items are /list/0,
  // /list/2 and /list/4, and `plan.list[1]` is /list/2 in an expression.
  EXPECT_EQ(ev_->Eval("pointer(plan.list[1])", kPlan), "\"/list/2\"");
  EXPECT_EQ(Pointers("$.list[0]"), "[\"/list/0\"]");
  EXPECT_EQ(Pointers("$.list[1]"), "[\"/list/2\"]");
  EXPECT_EQ(Pointers("$.list[2]"), "[\"/list/4\"]");
  EXPECT_EQ(Pointers("$.list[3]"), "[]");
  EXPECT_EQ(Pointers("$.list[-1]"), "[\"/list/4\"]");
  EXPECT_EQ(Pointers("$.list[-3]"), "[\"/list/0\"]");
  EXPECT_EQ(Pointers("$.list[-4]"), "[]");
  EXPECT_EQ(Values("$.typed.arr[1]"), "[3]");
  EXPECT_EQ(Values("$.typed.arr[-1]"), "[3]");
  // After `..` the raw array is indexed.
  EXPECT_EQ(Values("$..arr[1]"), "[\"two\"]");
  EXPECT_EQ(Pointers("$..list[3]"), "[\"/list/3\"]");
  EXPECT_EQ(Values("$..list[-4]"), "[\"wrong\"]");
}

TEST_F(SelectTest, DescendantsSeeTheRawDocument) {
  EXPECT_EQ(Values("$..s"), "[5]");  // invisible to $.typed.s
  EXPECT_EQ(Values("$.typed..s"), "[5]");
  EXPECT_EQ(Values("$..arr[*]"), "[1, \"two\", 3]");
  EXPECT_EQ(Values("$..n"), "[1, 2, \"three\"]");
  EXPECT_EQ(Pointers("$.list..*"),
            "[\"/list/0\", \"/list/0/n\", \"/list/1\", \"/list/2\", \"/list/2/n\", \"/list/3\", "
            "\"/list/4\", "
            "\"/list/4/n\"]");
  EXPECT_EQ(Values("$..[0]"), "[{\"n\": 1}, 1]");  // list[0] and typed.arr[0]
}

TEST_F(SelectTest, DescendantsComeInDocumentOrder) {
  // Pre-order: a node before what it holds, members in the order written.
  EXPECT_EQ(Pointers("$.untyped..name"),
            "[\"/untyped/deep/name\", \"/untyped/deep/x/name\", \"/untyped/name\"]");
  EXPECT_EQ(Values("$..name"), "[\"d1\", \"d2\", \"d0\"]");
  EXPECT_EQ(
      Pointers("$.untyped..*"),
      "[\"/untyped/deep\", \"/untyped/deep/name\", \"/untyped/deep/x\", \"/untyped/deep/x/name\", "
      "\"/untyped/name\"]");
}

TEST_F(SelectTest, EachNodeIsSelectedOnce) {
  constexpr std::string_view plan = R"({"a": {"b": {"c": 1}}})";
  // $..* reaches /a/b from the root and from /a: it is listed once.
  EXPECT_EQ(Pointers("$..*", plan), "[\"/a\", \"/a/b\", \"/a/b/c\"]");
  EXPECT_EQ(Pointers("$..*..*", plan), "[\"/a/b\", \"/a/b/c\"]");
  EXPECT_EQ(Pointers("$..*..*..*", plan), "[\"/a/b/c\"]");
  EXPECT_EQ(Pointers("$..a..c", plan), "[\"/a/b/c\"]");
}

TEST_F(SelectTest, ShadowedDuplicateKeysAreNeverVisited) {
  // obj has "a": 1 and, later, "a": 2: only the first one exists for rules.
  EXPECT_EQ(Values("$.obj.a"), "[1]");
  EXPECT_EQ(Values("$['obj']['a']"), "[1]");
  EXPECT_EQ(Values("$.obj.*"), "[1, \"x\", {\"a\": 3}]");
  EXPECT_EQ(Values("$.obj..a"), "[1, 3]");
  EXPECT_EQ(Values("$..a"), "[1, 3]");
  EXPECT_EQ(ev_->Eval("select(plan, '$..*').exists(v, v == 2 && key(v) == 'a')", kPlan), "false");
  // A shadowed subtree is not visited either.
  EXPECT_EQ(Values("$..x", R"({"k": {"x": 1}, "k": {"x": 2}})"), "[1]");
}

TEST_F(SelectTest, WrongTypedContainersAreInvisible) {
  constexpr std::string_view plan = R"({"typed": "not an object", "list": {"n": 1}})";
  EXPECT_EQ(Values("$.typed", plan), "[]");
  EXPECT_EQ(Values("$.typed.s", plan), "[]");
  EXPECT_EQ(Values("$.list[*]", plan), "[]");
  EXPECT_EQ(Values("$.list.n", plan), "[]");
  EXPECT_EQ(Values("$..typed", plan), "[\"not an object\"]");
  EXPECT_EQ(Values("$..list.n", plan), "[1]");
}

TEST_F(SelectTest, SelectingFromANode) {
  EXPECT_EQ(ev_->Eval("select(plan.untyped, '$.deep.x.name')", kPlan), "[\"d2\"]");
  EXPECT_EQ(ev_->Eval("select(plan.untyped.deep, '$..name')", kPlan), "[\"d1\", \"d2\"]");
  EXPECT_EQ(ev_->Eval("select(plan.list[0], '$.n')", kPlan), "[1]");
  // From a raw value the typed view is gone.
  EXPECT_EQ(ev_->Eval("select(raw(plan.typed), '$.s')", kPlan), "[5]");
}

// Which nodes a rule visits: its selectors' union, each node once, in
// document order, checked through the engine.
TEST(SelectorRuleTest, ARuleVisitsTheUnionOfItsSelectorsOnceInDocumentOrder) {
  absl::StatusOr<std::shared_ptr<const RulePack>> pack = RulePack::FromYaml(R"yaml(pack: union
rules:
  - id: U001
    name: every-node
    severity: info
    summary: Reports every node it visits.
    for: [$.b, $..x, $.a, $.b]
    assert: "false"
    message: visited
)yaml",
                                                                            "union.yaml");
  ASSERT_TRUE(pack.ok()) << pack.status().message();
  Checker checker(*pack);
  PlanParser parser;
  PlanReport report =
      checker.CheckText(parser, "plan.json", R"({"a": {"x": 1}, "b": [{"x": 2}], "x": 3})");
  ASSERT_FALSE(report.input_error) << report.error;
  std::vector<std::string> pointers;
  for (const Finding& f : report.findings) pointers.push_back(f.pointer);
  EXPECT_EQ(pointers, (std::vector<std::string>{"/a", "/a/x", "/b", "/b/0/x", "/x"}));
}

}  // namespace
}  // namespace planlint

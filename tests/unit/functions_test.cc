// Every plan-domain function of docs/rule-language.md, with the plan
// format's meanings (plan-format.md, Conventions): presence and types
// (lenient arguments, the typed view), text, dates, whole-document
// functions, lists, indexes and graphs, and isRule. Evaluated against the
// built-in pack (its schema gives the typed view) as `planlint eval` does.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/unit/test_support.h"

namespace planlint {
namespace {

using testing::Evaluator;
using testing::ExpectSameAtEveryLimit;

struct Case {
  std::string expr;
  std::string want;
};

void ExpectAll(const std::vector<Case>& cases, std::string_view plan = "{}") {
  Evaluator ev;
  for (const Case& c : cases) EXPECT_EQ(ev.Eval(c.expr, plan), c.want) << "expression: " << c.expr;
}

// Typed-view cases: `document.title` must be a string, `schedule` an array of
// objects whose `id` is a string and `depends_on` an array of strings.
constexpr std::string_view kTypedPlan = R"({
  "document": {"title": 5, "status": "draft", "owner": "  ", "version": "1.0"},
  "schedule": ["stray", {"id": "T1", "depends_on": "T0", "percent_complete": "half"},
               null, {"id": 7, "planned_start": 20270105}],
  "introduction": ["not", "a", "string"],
  "management_overview": null,
  "glossary": [],
  "unknown_key": {"anything": 1}
})";

// ----- Presence and types ----------------------------------------------------------

TEST(FunctionsTest, EmptyHasThePlanFormatsMeaning) {
  ExpectAll({
      {"empty(null)", "true"},
      {"empty('')", "true"},
      {"empty('  \\t\\n')", "true"},
      {"empty('\\u00a0\\ufeff\\u3000\\u2028')", "true"},  // the ECMAScript trim() set
      {"empty('\\u0085')", "false"},                      // NEL is not in that set
      {"empty('\\u200b')", "false"},                      // nor is a zero-width space
      {"empty([])", "true"},
      {"empty({})", "true"},
      {"empty('x')", "false"},
      {"empty(0)", "false"},
      {"empty(false)", "false"},
      {"empty([null])", "false"},
      {"empty({'a': null})", "false"},
      {"present('x')", "true"},
      {"present(' ')", "false"},
      {"present(0)", "true"},
  });
}

TEST(FunctionsTest, EmptyAndPresentAreLenient) {
  ExpectAll(
      {
          {"empty(plan.missing)", "true"},
          {"empty(plan.missing.deeper.still)", "true"},
          {"empty(plan.document.missing)", "true"},
          {"empty(plan.schedule[99])", "true"},
          {"empty(plan.schedule[99].id)", "true"},
          {"empty(plan.document.status.x)", "true"},  // a field of a string
          {"empty(plan.document['missing'])", "true"},
          {"present(plan.missing.x)", "false"},
          {"present(plan.document.status)", "true"},
          {"empty(plan.document.owner)", "true"},  // blank
          {"empty(plan.management_overview)", "true"},
          {"empty(plan.glossary)", "true"},
          {"empty(plan.unknown_key)", "false"},
      },
      kTypedPlan);
  Evaluator ev;
  // Only a missing field is forgiven; other errors still travel.
  EXPECT_EQ(ev.Eval("empty(1 / 0)"), "error: division by zero");
  EXPECT_EQ(ev.Eval("empty(plan.document.status + 1)", kTypedPlan),
            "error: no matching overload for '_+_' applied to (string, int)");
  // Outside a lenient argument a missing field is still an error.
  EXPECT_EQ(ev.Eval("plan.missing.x == null", kTypedPlan), "error: no such key: 'missing'");
}

TEST(FunctionsTest, WrongTypedValuesAreEmptyInTheTypedView) {
  ExpectAll(
      {
          // A value of the wrong type is seen as null by field access...
          {"empty(plan.document.title)", "true"},
          {"present(plan.document.title)", "false"},
          {"plan.document.title", "null"},
          {"empty(plan.introduction)", "true"},
          {"plan.schedule[0].depends_on", "null"},
          {"plan.schedule[0].percent_complete", "null"},
          // ...while raw() sees it as it is.
          {"raw(plan.document).title", "5"},
          {"raw(plan.document.title)", "5"},
          {"raw(plan).introduction", "[\"not\", \"a\", \"string\"]"},
          // A wrong-typed array item (null included) is skipped by lists and size().
          {"size(plan.schedule)", "2"},
          {"plan.schedule.map(s, s.id)", "[\"T1\", null]"},
          {"size(raw(plan.schedule))", "4"},
          {"raw(plan.schedule)[0]", "\"stray\""},
          // A date field is never of the wrong type: it is left to the date rules.
          {"raw(plan.schedule)[3].planned_start", "20270105"},
          // A key the schema does not know is seen as it is.
          {"plan.unknown_key.anything", "1"},
      },
      kTypedPlan);
  // An array whose items are all of the wrong type is empty.
  ExpectAll({{"empty(plan.schedule)", "true"}, {"present(raw(plan.schedule))", "true"}},
            R"({"schedule": ["a", 1, null]})");
}

TEST(FunctionsTest, JsonTypeTests) {
  ExpectAll(
      {
          {"isString('a')", "true"},
          {"isString(1)", "false"},
          {"isNumber(1)", "true"},
          {"isNumber(1u)", "true"},
          {"isNumber(1.5)", "true"},
          {"isNumber('1')", "false"},
          {"isBool(false)", "true"},
          {"isBool(null)", "false"},
          {"isList([])", "true"},
          {"isList({})", "false"},
          {"isMap({})", "true"},
          {"isNull(null)", "true"},
          {"isNull(plan.missing)", "false"},  // absent is not null
          {"isString(plan.missing.x)", "false"},
          {"isString(plan.document.status)", "true"},
          {"isNumber(plan.document.title)", "false"},  // typed view: null
          {"isNull(plan.document.title)", "true"},
          {"isNumber(raw(plan.document).title)", "true"},
          {"isList(plan.schedule)", "true"},
          {"isMap(plan.document)", "true"},
          {"jsonType('a')", "\"string\""},
          {"jsonType(1)", "\"number\""},
          {"jsonType(2.5)", "\"number\""},
          {"jsonType(true)", "\"boolean\""},
          {"jsonType([])", "\"array\""},
          {"jsonType({})", "\"object\""},
          {"jsonType(null)", "\"null\""},
          {"jsonType(plan.missing)", "\"absent\""},
          {"jsonType(plan.missing.x.y)", "\"absent\""},
          {"jsonType(plan.document.title)", "\"null\""},
          {"jsonType(raw(plan.document).title)", "\"number\""},
          {"jsonType(raw(plan).introduction)", "\"array\""},
          {"jsonType(plan.management_overview)", "\"null\""},
      },
      kTypedPlan);
}

TEST(FunctionsTest, TypeErrorsListsEachWrongTypedValueOnce) {
  ExpectAll(
      {
          {"typeErrors(plan).map(e, pointer(e.node))",
           "[\"/document/title\", \"/schedule/0\", \"/schedule/1/depends_on\", "
           "\"/schedule/1/percent_complete\", \"/schedule/2\", \"/schedule/3/id\", "
           "\"/introduction\"]"},
          {"typeErrors(plan)[0]", "{\"node\": 5, \"expected\": \"string\", \"found\": \"number\"}"},
          {"typeErrors(plan).map(e, e.expected)",
           "[\"string\", \"object\", \"array of strings\", \"number\", \"object\", \"string\", "
           "\"string\"]"},
          {"typeErrors(plan).map(e, e.found)",
           "[\"number\", \"string\", \"string\", \"string\", \"null\", \"number\", \"array\"]"},
          // Only the values below the argument.
          {"typeErrors(plan.document).map(e, pointer(e.node))", "[\"/document/title\"]"},
          {"typeErrors(plan.glossary)", "[]"},
          {"typeErrors(1)", "[]"},
      },
      kTypedPlan);
  // A wrong-typed value is reported once, not again for what it holds; null
  // as a key's value is never wrong.
  ExpectAll({{"typeErrors(plan).map(e, [pointer(e.node), e.expected, e.found])",
              "[[\"/document\", \"object\", \"array\"]]"}},
            R"({"document": [{"title": 5}], "schedule": null, "security": {"controls": null}})");
}

TEST(FunctionsTest, PointerAndKey) {
  constexpr std::string_view plan =
      R"({"schedule": ["junk", {"id": "A"}, {"id": "B", "depends_on": ["A"]}],
    "a/b": {"m~n": "x"}, "list": [[1, 2]]})";
  ExpectAll(
      {
          {"pointer(plan)", "\"\""},
          {"pointer(plan.schedule)", "\"/schedule\""},
          // Indexes count visible items; the pointer names the raw position.
          {"pointer(plan.schedule[0])", "\"/schedule/1\""},
          {"pointer(plan.schedule[1].depends_on[0])", "\"/schedule/2/depends_on/0\""},
          {"pointer(plan['a/b']['m~n'])", "\"/a~1b/m~0n\""},
          {"pointer(plan.list[0][1])", "\"/list/0/1\""},
          // Values keep their node through filter, map, look-ups and indexes.
          {"pointer(plan.schedule.filter(s, s.id == 'B')[0])", "\"/schedule/2\""},
          {"plan.schedule.map(s, pointer(s.id))", "[\"/schedule/1/id\", \"/schedule/2/id\"]"},
          {"pointer(plan.schedule.indexBy(s, s.id)['B'].depends_on)", "\"/schedule/2/depends_on\""},
          {"pointer(raw(plan.schedule)[0])", "\"/schedule/0\""},
          {"key(plan.schedule)", "\"schedule\""},
          {"key(plan.schedule[0].id)", "\"id\""},
          {"key(plan.schedule[0])", "\"\""},  // an item has no key
          {"key(plan)", "\"\""},
          {"key(plan['a/b']['m~n'])", "\"m~n\""},
          {"pointer(1)", "error: pointer: the value does not come from the plan"},
          {"pointer([plan.schedule[0]][0])", "\"/schedule/1\""},
          {"pointer('A')", "error: pointer: the value does not come from the plan"},
          {"key('x')", "error: key: the value does not come from the plan"},
      },
      plan);
}

// ----- Text --------------------------------------------------------------------------

TEST(FunctionsTest, TrimmedCollapsedFoldNormName) {
  ExpectAll({
      {"trimmed('  a b  ')", "\"a b\""},
      {"trimmed('\\t\\n\\u000b\\f\\r a "
       "\\u00a0\\ufeff\\u1680\\u2000\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000')",
       "\"a\""},
      {"trimmed('\\u0085a')",
       "\"\xC2\x85"
       "a\""},  // NEL is not ECMAScript white space
      {"trimmed('')", "\"\""},
      {"collapsed(' a \\t\\n b  c ')", "\"a b c\""},
      {"collapsed('a\\u00a0\\u00a0b\\u3000c')", "\"a b c\""},
      {"collapsed('   ')", "\"\""},
      {"fold('\xC3\x84"
       "BC')",
       "\"\xC3\xA4"
       "bc\""},                              // Ä -> ä
      {"fold('\xC3\x9F')", "\"\xC3\x9F\""},  // ß: simple folding keeps it
      {"fold('\xCE\xA3\xCE\x91\xCF\x82')", "\"\xCF\x83\xCE\xB1\xCF\x83\""},  // ΣΑς -> σασ
      {"fold('\xE2\x84\xAA')", "\"k\""},                                     // KELVIN SIGN
      {"fold('ABC') == fold('abc')", "true"},
      {"normName('  Jane   DOE ')", "\"jane doe\""},
      {"normName('Jane\\u00a0Doe') == normName('jane doe')", "true"},
      {"normName('\xC3\x89LISE') == normName('\xC3\xA9lise')", "true"},
  });
  Evaluator ev;
  EXPECT_EQ(ev.Eval("trimmed(1)"),
            "compile error at 0: no matching overload for 'trimmed' applied to (int)");
}

TEST(FunctionsTest, AliasNormalisesAndMapsRoles) {
  ExpectAll({
      {"alias('QA Manager', options.role_aliases)", "\"quality assurance manager\""},
      {"alias('  qa   MANAGER ', options.role_aliases)", "\"quality assurance manager\""},
      {"alias('Quality Assurance Manager', options.role_aliases)", "\"quality assurance manager\""},
      {"alias('DBA', options.role_aliases)", "\"database administrator\""},
      {"alias('Business Sponsor', options.role_aliases) == alias('Project Sponsor', "
       "options.role_aliases)",
       "true"},
      {"alias('Project Manager', options.role_aliases)", "\"project manager\""},
      {"alias('A', {'a': ' Bee  Keeper '})", "\"bee keeper\""},
      {"alias('A', {})", "\"a\""},
  });
}

TEST(FunctionsTest, RegularExpressionHelpers) {
  ExpectAll(
      {
          {"findAll('a1b22c333', '[0-9]+')", "[\"1\", \"22\", \"333\"]"},
          {"findAll('aXbx', '(?i)x')", "[\"X\", \"x\"]"},
          {"findAll('abc', 'z')", "[]"},
          {"findAll('abc', 'x*')", "[\"\", \"\", \"\", \"\"]"},
          {"findAll('axb', 'x*')", "[\"\", \"x\", \"\", \"\"]"},
          {"findAll(plan.n, '[0-9]')", "[]"},  // not a string
          {"findAll(plan.s, plan.p)", "[\"b\"]"},
          {R"x(reReplace('2027-01-05', '(\\d+)-(\\d+)-(\\d+)', '\\2/\\3/\\1'))x", "\"01/05/2027\""},
          {"reReplace('aaa', 'a', 'b')", "\"bbb\""},
          {"reReplace('a b  c', ' +', '_')", "\"a_b_c\""},
          {R"x(reReplace('a', 'a', '\\2'))x",
           "error: reReplace: Rewrite schema requests 2 matches, but the regexp only has 0 "
           "parenthesized "
           "subexpressions."},
          {"quoteRegex('a.b*c')", R"("a\\.b\\*c")"},
          {"'a.b'.matches('^' + quoteRegex('a.b') + '$')", "true"},
          {"'axb'.matches('^' + quoteRegex('a.b') + '$')", "false"},
          {"digits('(916) 555-0100')", "10"},
          {"digits('')", "0"},
          {"digits('\xD9\xA3')", "0"},  // ASCII digits only
      },
      R"({"n": 5, "s": "abc", "p": "b"})");
  Evaluator ev;
  EXPECT_EQ(ev.Eval("reReplace('a', '(', 'x')"),
            "compile error at 15: invalid regular expression '(': missing ): (");
  EXPECT_EQ(ev.Eval("findAll(plan.s, plan.p + '(')", R"({"s": "a", "p": "b"})"),
            "error: invalid regular expression: missing ): b(");
}

// findAll with a constant pattern is its own step (the pattern compiled once,
// RE2 searching only where MatchStarts says a match can start): the same
// values, errors and cost, at every cost limit, as the general call with the
// pattern read from the plan.
TEST(FunctionsTest, FindAllWithAConstantPatternIsTheGeneralCall) {
  Evaluator ev;
  const std::string plan =
      R"({"s": "The CMS, the API and IV&V; A1 B22 c333 TBD. \u00e9T\u00c9 XY", "n": 5,
          "e": "", "p1": "\\b[A-Z][A-Z0-9]{1,7}\\b", "p2": "[0-9]+", "p3": "x*",
          "p4": "\\b(?:TBD|TBA)\\b", "p5": "[^ ]+", "p6": "(?i)t"})";
  const char* const patterns[][2] = {
      {"\\\\b[A-Z][A-Z0-9]{1,7}\\\\b", "p1"}, {"[0-9]+", "p2"}, {"x*", "p3"},
      {"\\\\b(?:TBD|TBA)\\\\b", "p4"},        {"[^ ]+", "p5"},  {"(?i)t", "p6"}};
  const char* const targets[] = {"plan.s",       "plan.e", "plan.n",
                                 "plan.missing", "1 / 0",  "plan.s + 'QQ'"};
  for (const auto& [pattern, field] : patterns) {
    for (const char* target : targets) {
      const std::string constant = Cat("findAll(", target, ", '", pattern, "')");
      const std::string general = Cat("findAll(", target, ", plan.", field, ")");
      EXPECT_EQ(ev.Eval(constant, plan), ev.Eval(general, plan)) << constant;
      ExpectSameAtEveryLimit(ev, constant, general, plan);
    }
  }
  EXPECT_EQ(ev.Eval("findAll(plan.s, '\\\\b[A-Z][A-Z0-9]{1,7}\\\\b')", plan),
            R"(["CMS", "API", "IV", "A1", "B22", "TBD", "XY"])");
}

// ----- Dates -------------------------------------------------------------------------

TEST(FunctionsTest, IsDateAndDate) {
  ExpectAll(
      {
          {"isDate('2027-01-05')", "true"},
          {"isDate('01/05/2027')", "true"},
          {"isDate('2024-02-29')", "true"},
          {"isDate('9999-12-31')", "true"},
          {"isDate('0001-01-01')", "true"},
          {"isDate('2027-02-30')", "false"},
          {"isDate('2100-02-29')", "false"},
          {"isDate('0000-01-01')", "false"},
          {"isDate('2027-1-5')", "false"},
          {"isDate(' 2027-01-05')", "false"},
          {"isDate('2027-01-05 ')", "false"},
          {"isDate('2027/01/05')", "false"},
          {"isDate('13/01/2027')", "false"},
          {"isDate('XX/XX/XXXX')", "false"},
          {"isDate(20270105)", "false"},
          {"isDate(null)", "false"},
          {"isDate(plan.missing)", "false"},
          {"isDate(plan.missing.date)", "false"},
          {"isDate(date('2027-01-01'))", "true"},
          {"date('01/05/2027') == date('2027-01-05')", "true"},
          {"date('2027-01-05')", "\"2027-01-05\""},
          {"date('2027-02-30')", "error: not a valid date: '2027-02-30'"},
          {"date(plan.d)", "\"2027-03-01\""},
          {"date(date('2027-01-01'))", "\"2027-01-01\""},
      },
      R"({"d": "03/01/2027"})");
  Evaluator ev;
  EXPECT_EQ(ev.Eval("date(5)"),
            "compile error at 0: no matching overload for 'date' applied to (int)");
}

TEST(FunctionsTest, DaysAndWorkdays) {
  // 2027-01-04 is a Monday.
  ExpectAll({
      {"days(date('2027-01-01'), date('2027-02-01'))", "31"},
      {"days(date('2027-02-01'), date('2027-01-01'))", "-31"},
      {"days(date('2027-01-01'), date('2027-01-01'))", "0"},
      {"days(date('2024-02-28'), date('2024-03-01'))", "2"},
      {"days(date('2023-02-28'), date('2023-03-01'))", "1"},
      {"days(date('0001-01-01'), date('9999-12-31'))", "3652058"},
      {"workdays(date('2027-01-04'), date('2027-01-08'))", "5"},  // Mon..Fri
      {"workdays(date('2027-01-04'), date('2027-01-10'))", "5"},  // Mon..Sun
      {"workdays(date('2027-01-04'), date('2027-01-11'))", "6"},  // Mon..next Mon
      {"workdays(date('2027-01-09'), date('2027-01-10'))", "0"},  // a weekend
      {"workdays(date('2027-01-08'), date('2027-01-11'))", "2"},  // Fri..Mon
      {"workdays(date('2027-01-04'), date('2027-01-04'))", "1"},  // both ends count
      {"workdays(date('2027-01-09'), date('2027-01-09'))", "0"},  // a Saturday
      {"workdays(date('2027-01-11'), date('2027-01-04'))", "0"},  // b < a
      {"workdays(date('2027-01-01'), date('2027-12-31'))", "261"},
      {"type(days(as_of, as_of))", "\"int\""},
  });
  Evaluator ev;
  EXPECT_EQ(ev.Eval("days('2027-01-01', '2027-01-02')"),
            "compile error at 0: no matching overload for 'days' applied to (string, string)");
}

TEST(FunctionsTest, MaxAndMin) {
  ExpectAll(
      {
          {"max([1, 5, 3])", "5"},
          {"min([1, 5, 3])", "1"},
          {"min([1.5, -2, 3u])", "-2"},
          {"type(max([1.5, 2, 3u]))", "\"uint\""},
          {"max(['b', 'a', 'c'])", "\"c\""},
          {"min(['b', 'a', 'c'])", "\"a\""},
          {"max([date('2027-01-01'), date('12/31/2026')])", "\"2027-01-01\""},
          {"min([date('2027-01-01'), date('12/31/2026')])", "\"2026-12-31\""},
          {"max([7])", "7"},
          {"min(plan.l)", "10"},
          {"pointer(max(plan.l))", "\"/l/2\""},
          {"max([])", "error: max of an empty list"},
          {"min([])", "error: min of an empty list"},
          {"max(plan.mixed)", "error: no matching overload for 'max' applied to (list)"},
          {"min([plan.l[0], plan.mixed[1]])",
           "error: no matching overload for 'min' applied to (list)"},
      },
      R"({"l": [20, 10, 30], "mixed": [1, "a"]})");
  Evaluator ev;
  // With constants the folder sees it.
  EXPECT_EQ(ev.Eval("max([1, 'a'])"),
            "compile error at 0: no matching overload for 'max' applied to (list)");
}

// ----- The whole document --------------------------------------------------------------

constexpr std::string_view kDocPlan = R"({
  "a": "x",
  "b": [1, "y", {"c": "z"}],
  "d": {"e": "w", "e": "shadowed", "f": {"g": "v", "g": "also shadowed"}},
  "document": {"title": 5, "owner": ["inside a wrong-typed value"]},
  "": "empty key"
})";

TEST(FunctionsTest, StringsWalksTheRawDocumentInOrder) {
  ExpectAll(
      {
          {"strings(plan)",
           "[\"x\", \"y\", \"z\", \"w\", \"v\", \"inside a wrong-typed value\", \"empty key\"]"},
          {"strings(plan).map(s, pointer(s))",
           "[\"/a\", \"/b/1\", \"/b/2/c\", \"/d/e\", \"/d/f/g\", \"/document/owner/0\", \"/\"]"},
          {"strings(plan.b)", "[\"y\", \"z\"]"},
          {"strings(plan.a)", "[\"x\"]"},
          {"strings('literal')", "[\"literal\"]"},
          {"strings(5)", "[]"},
          {"strings({'k': 'not from the plan'})", "[]"},
      },
      kDocPlan);
}

TEST(FunctionsTest, FindStrings) {
  ExpectAll(
      {
          {"findStrings(plan, 'x|z')", "[\"x\", \"z\"]"},
          {"findStrings(plan, '^[yw]$').map(s, pointer(s))", "[\"/b/1\", \"/d/e\"]"},
          {"findStrings(plan, 'y')", "[\"y\", \"inside a wrong-typed value\", \"empty key\"]"},
          {"findStrings(plan, 'wrong-typed')", "[\"inside a wrong-typed value\"]"},
          {"findStrings(plan.b, 'x|y|z')", "[\"y\", \"z\"]"},
          {"findStrings(plan, 'nothing matches this')", "[]"},
          {"findStrings('abc', 'b')", "[\"abc\"]"},
          {"findStrings(plan, plan.a)", "[\"x\"]"},  // a pattern computed at run time
      },
      kDocPlan);
}

// `planlint eval` compiles constant patterns into a scratch set, not the
// pack's fused scan: answers must not depend on which patterns were seen
// before (they once came from the pack's scan bits).
TEST(FunctionsTest, ConstantPatternsInEvalDoNotReadThePacksScanBits) {
  Evaluator ev;
  constexpr std::string_view plan =
      R"({"a": "[Insert name here]", "b": "plain", "c": "XX/XX/XXXX"})";
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(ev.Eval("findStrings(plan, 'plain')", plan), "[\"plain\"]");
    EXPECT_EQ(ev.Eval("findStrings(plan, 'zzz')", plan), "[]");
    EXPECT_EQ(ev.Eval("plan.a.matches('zzz')", plan), "false");
    EXPECT_EQ(ev.Eval("plan.b.matches('plain')", plan), "true");
    EXPECT_EQ(ev.Eval("plan.a.matches('plain')", plan), "false");
  }
}

TEST(FunctionsTest, FieldsNamedDuplicateKeysSelect) {
  ExpectAll(
      {
          {"fieldsNamed(plan, ['c', 'e'])", "[\"z\", \"w\"]"},
          {"fieldsNamed(plan, ['c', 'e']).map(v, pointer(v))", "[\"/b/2/c\", \"/d/e\"]"},
          {"fieldsNamed(plan, ['b'])", "[[1, \"y\", {\"c\": \"z\"}]]"},
          {"fieldsNamed(plan, ['title'])", "[5]"},  // raw view
          {"fieldsNamed(plan, [''])", "[\"empty key\"]"},
          {"fieldsNamed(plan, [])", "[]"},
          {"fieldsNamed(plan.d, ['g'])", "[\"v\"]"},
          {"duplicateKeys(plan).map(d, [pointer(d.object), d.key])",
           "[[\"/d\", \"e\"], [\"/d/f\", \"g\"]]"},
          {"duplicateKeys(plan.b)", "[]"},
          {"select(plan, '$.b[*]')", "[1, \"y\", {\"c\": \"z\"}]"},
          {"select(plan.b, '$[2].c')", "[\"z\"]"},
          {"select(plan, '$..c')", "[\"z\"]"},
          {"select(plan, '$.nothing')", "[]"},
          {"select(1, '$')", "[]"},
          {"select(plan, plan.a)", "error: bad selector: a selector starts with '$'"},
      },
      kDocPlan);
  // A shadowed member is not looked into: the rules see the first occurrence
  // only (plan-format.md), and no JSON Pointer names a node inside it.
  ExpectAll({{"duplicateKeys(plan).map(d, d.key)", "[\"a\"]"}},
            R"({"a": {"x": 1}, "a": {"y": 1, "y": 2}})");
  // By object in document order, then by member: an object's own repeated
  // keys come before those of the objects nested in its later members, and
  // after those of an object it is nested in.
  ExpectAll(
      {{"duplicateKeys(plan).map(d, [pointer(d.object), d.key])",
        "[[\"\", \"p\"], [\"\", \"q\"], [\"/o\", \"k\"], [\"/o\", \"m\"], "
        "[\"/o/n\", \"z\"], [\"/o/n\", \"z\"], [\"/r/0\", \"s\"]]"},
       {"duplicateKeys(plan.o).map(d, [pointer(d.object), d.key])",
        "[[\"/o\", \"k\"], [\"/o\", \"m\"], [\"/o/n\", \"z\"], [\"/o/n\", \"z\"]]"},
       {"duplicateKeys(plan.o.n).map(d, d.key)", "[\"z\", \"z\"]"},
       {"duplicateKeys(plan.r[0]).map(d, d.key)", "[\"s\"]"},
       {"duplicateKeys(plan.p)", "[]"},
       {"duplicateKeys(1)", "[]"}},
      R"({"o": {"k": 1, "n": {"z": 1, "z": 2, "z": 3}, "k": 2, "m": [], "m": {"w": 1, "w": 2}},
          "p": 1, "p": {"x": 1, "x": 2}, "r": [{"s": 1, "s": 2}], "q": 1, "q": 2})");
  Evaluator ev;
  EXPECT_EQ(ev.Eval("select(plan, 'b[*]')"),
            "compile error at 13: bad selector: a selector starts with '$'");
  EXPECT_EQ(ev.Eval("select(plan, '$.b[')"), "compile error at 13: bad selector: unterminated '['");
}

// ----- Lists, indexes, graphs ------------------------------------------------------------

// More than eight strings: set() deduplicates them with the map's hash
// table; the keys stay in order of first appearance.
TEST(FunctionsTest, SetOfManyStrings) {
  Evaluator ev;
  constexpr std::string_view list =
      "['T1', 'T2', 'T3', 'TASK-0001', 'TASK-0002', 'TASK-0003', 'T1', 'Jane Doe', '', "
      "'jane doe', 'TASK-0002', 'a somewhat longer name of a task', 'T3']";
  EXPECT_EQ(ev.Eval(Cat("size(set(", list, "))")), "10");
  EXPECT_EQ(ev.Eval(Cat("set(", list, ").map(k, k)")),
            "[\"T1\", \"T2\", \"T3\", \"TASK-0001\", \"TASK-0002\", \"TASK-0003\", "
            "\"Jane Doe\", \"\", \"jane doe\", \"a somewhat longer name of a task\"]");
  EXPECT_EQ(ev.Eval(Cat("'TASK-0003' in set(", list, ")")), "true");
  EXPECT_EQ(ev.Eval(Cat("'' in set(", list, ")")), "true");
  EXPECT_EQ(ev.Eval(Cat("'TASK-0004' in set(", list, ")")), "false");
  EXPECT_EQ(ev.Eval(Cat("set(", list, ")['a somewhat longer name of a task']")), "true");
}

// Fields are found in document order when a match lies inside an earlier
// member of an object that has a later match of its own.
TEST(FunctionsTest, FieldsNamedKeepsDocumentOrder) {
  Evaluator ev;
  constexpr std::string_view plan =
      R"({"a": {"x": {"d": 1, "zz": {"d": 4}}, "d": 2}, "d": 3, "zz": 5})";
  EXPECT_EQ(ev.Eval("fieldsNamed(plan, ['d'])", plan), "[1, 4, 2, 3]");
  EXPECT_EQ(ev.Eval("fieldsNamed(plan, ['zz', 'd']).map(v, pointer(v))", plan),
            "[\"/a/x/d\", \"/a/x/zz\", \"/a/x/zz/d\", \"/a/d\", \"/d\", \"/zz\"]");
  EXPECT_EQ(ev.Eval("fieldsNamed(plan.a.x.zz, ['zz', 'd'])", plan), "[{\"d\": 4}, 4]");
}

// fieldsNamed over the whole plan reads the members' ids all at once; over a
// member it walks. Both give the same fields and charge the same, at every
// cost limit: the same document as the plan and as its only member.
TEST(FunctionsTest, FieldsNamedOverThePlanIsTheWalk) {
  Evaluator ev;
  const std::string doc =
      R"({"date": 1, "a": {"date": "x", "b": [{"start": 2, "start": 3}, {"finish": null}],
          "a": {"date": {"date": 4}}, "q": {"start": 5}, "q": {"start": 6, "finish": 7}},
          "date": 8, "m": {"zz": 9, "date": [10, {"finish": 11}]}, "n": [[{"start": 12}]]})";
  for (const char* names : {"['date']", "['date', 'start', 'finish']", "['start', 'zz']", "[]",
                            "['finish', 1, 'nothing']"}) {
    const std::string whole = Cat("fieldsNamed(plan, ", names, ")");
    const std::string member = Cat("fieldsNamed(plan.w, ", names, ")");
    const std::string wrapped = Cat("{\"w\": ", doc, "}");
    EXPECT_EQ(ev.Eval(whole, doc), ev.Eval(member, wrapped)) << whole;
    ExpectSameAtEveryLimit(ev, whole, member, doc, wrapped);
  }
  EXPECT_EQ(ev.Eval("fieldsNamed(plan, ['date', 'start']).map(v, pointer(v))", doc),
            R"(["/date", "/a/date", "/a/b/0/start", "/a/a/date", "/a/a/date/date", "/a/q/start", )"
            R"("/m/date", "/n/0/0/start"])");
}

// duplicateKeys charges what walking the visible nodes charges (as
// fieldsNamed does), whether the context listed the shadowed members for it
// or the fused scan (findStrings) listed them first.
TEST(FunctionsTest, DuplicateKeysCostsAWalk) {
  Evaluator ev;
  constexpr std::string_view plan =
      R"({"o": {"k": 1, "n": {"z": 1, "z": 2, "z": 3}, "k": 2, "m": [], "m": {"w": 1, "w": 2}},
          "p": 1, "p": {"x": 1, "x": 2}, "r": [{"s": 1, "s": 2}], "q": 1, "q": 2, "t": "TBD"})";
  const std::string scan = "size(findStrings(plan, '\\\\b(?:TBD|TBA|TODO|FIXME)\\\\b'))";
  EXPECT_EQ(ev.Eval(scan, plan), "1");
  for (const char* root : {"plan", "plan.o", "plan.o.n", "plan.r", "plan.p", "plan.q"}) {
    const std::string dup = Cat("size(duplicateKeys(", root, "))");
    const std::string walk = Cat("size(fieldsNamed(", root, ", []))");
    for (const std::string& before : {std::string(), Cat(scan, " + ")}) {
      const auto [value, full] = ev.EvalWithCost(before + dup, plan, UINT64_MAX);
      const auto [walked, walk_cost] = ev.EvalWithCost(before + walk, plan, UINT64_MAX);
      EXPECT_EQ(full, walk_cost) << before << dup;
      for (uint64_t limit = 0; limit <= full + 1; ++limit) {
        EXPECT_EQ(ev.EvalWithCost(before + dup, plan, limit).second,
                  ev.EvalWithCost(before + walk, plan, limit).second)
            << before << dup << " with limit " << limit;
      }
    }
  }
  EXPECT_EQ(ev.Eval(Cat(scan, " + size(duplicateKeys(plan))"), plan), "8");
}

// A member that repeats an earlier key is not seen, whether the pack's key
// table knows the name (date, read by id) or not (zz, read by text).
TEST(FunctionsTest, FieldsNamedSkipsShadowedMembers) {
  Evaluator ev;
  constexpr std::string_view plan =
      R"({"a": {"date": 1, "zz": 2, "date": 3, "zz": 4, "b": {"date": 5, "date": {"date": 6}}}})";
  EXPECT_EQ(ev.Eval("fieldsNamed(plan, ['date'])", plan), "[1, 5]");
  EXPECT_EQ(ev.Eval("fieldsNamed(plan, ['zz'])", plan), "[2]");
  EXPECT_EQ(ev.Eval("fieldsNamed(plan, ['zz', 'date']).map(v, pointer(v))", plan),
            "[\"/a/date\", \"/a/zz\", \"/a/b/date\"]");
}

TEST(FunctionsTest, SetDistinctPairwise) {
  ExpectAll(
      {
          {"set(['a', 'b', 'a'])", "{\"a\": true, \"b\": true}"},
          {"'a' in set(['a', 'b'])", "true"},
          {"'c' in set(['a', 'b'])", "false"},
          {"1.0 in set([1, 2])", "true"},
          {"size(set([1, 1.0, 1u]))", "1"},
          {"set([])", "{}"},
          {"set([[1]])", "error: set: a list cannot be a map key"},
          {"'T1' in set(plan.ids)", "true"},
          {"distinct([1, 2, 1, 3, 2])", "[1, 2, 3]"},
          {"distinct([1, 1.0, 1u])", "[1]"},
          {"distinct([[1], [1], [2]])", "[[1], [2]]"},
          {"distinct(['a', 'A'])", "[\"a\", \"A\"]"},
          {"distinct(plan.ids).map(i, pointer(i))", "[\"/ids/0\", \"/ids/1\"]"},
          {"pairwise([1, 2, 3])", "[[1, 2], [2, 3]]"},
          {"pairwise([1])", "[]"},
          {"pairwise([])", "[]"},
          {"flatten(pairwise(plan.ids))", "[\"T1\", \"T2\", \"T2\", \"T1\"]"},
      },
      R"({"ids": ["T1", "T2", "T1"]})");
}

TEST(FunctionsTest, IndexByDuplicatesByDistinctBy) {
  constexpr std::string_view plan = R"({"schedule": [
    {"id": "T1", "v": 1}, {"id": "T2", "v": 2}, {"id": "T1", "v": 3}, {"v": 4}, {"id": null, "v": 5},
    {"id": "T2", "v": 6}]})";
  ExpectAll(
      {
          {"plan.schedule.indexBy(s, s.id)['T1'].v", "1"},  // the first one with the key
          {"plan.schedule.indexBy(s, s.id).map(k, k)", "[\"T1\", \"T2\"]"},
          {"pointer(plan.schedule.indexBy(s, s.id)['T2'])", "\"/schedule/1\""},
          {"plan.schedule.duplicatesBy(s, s.id).map(s, s.v)", "[3, 6]"},
          {"plan.schedule.duplicatesBy(s, s.id).map(s, pointer(s))",
           "[\"/schedule/2\", \"/schedule/5\"]"},
          {"plan.schedule.distinctBy(s, s.id).map(s, s.v)", "[1, 2]"},
          {"[1, 2, 3, 4].indexBy(x, x % 2)", "{\"1\": 1, \"0\": 2}"},
          {"[1, 1.0, 2].duplicatesBy(x, x)", "[1]"},
          {"[{'k': [1]}].indexBy(x, x.k)", "error: indexBy: a list cannot be a key"},
          {"[].indexBy(x, x)", "{}"},
          // Up to 8 items keys are compared one by one, beyond that hashed:
          // the same answers on both sides of the boundary.
          {"[1, 2, 3, 4, 5, 6, 7, 1.0].duplicatesBy(x, x)", "[1]"},
          {"[1, 2, 3, 4, 5, 6, 7, 8, 1.0].duplicatesBy(x, x)", "[1]"},
          {"['a', 'b', 'a', 'c', 'b', 'd', 'e', 'f'].distinctBy(x, x)",
           "[\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]"},
          {"['a', 'b', 'a', 'c', 'b', 'd', 'e', 'f', 'a'].distinctBy(x, x)",
           "[\"a\", \"b\", \"c\", \"d\", \"e\", \"f\"]"},
          {"[1, 2, 3, 4, 5, 6, 7, 8, 9].indexBy(x, x % 3).map(k, k)", "[1, 2, 0]"},
          {"[1, 2, 3, 4, 5, 6].indexBy(x, x % 3)[0]", "3"},
      },
      plan);
}

TEST(FunctionsTest, CyclesAreStronglyConnectedComponentsInListOrder) {
  ExpectAll({
      {"cycles([{'id': 'A', 'd': ['B']}, {'id': 'B', 'd': ['A']}, {'id': 'C', 'd': ['C']},"
       " {'id': 'D', 'd': ['A']}], 'id', 'd').map(c, c.map(e, e.id))",
       "[[\"A\", \"B\"], [\"C\"]]"},
      // Components are ordered by their first element, elements in list order.
      {"cycles([{'id': 'X', 'd': []}, {'id': 'Q', 'd': ['P']}, {'id': 'P', 'd': ['R']},"
       " {'id': 'R', 'd': ['Q']}, {'id': 'S', 'd': ['S']}], 'id', 'd').map(c, c.map(e, e.id))",
       "[[\"Q\", \"P\", \"R\"], [\"S\"]]"},
      {"cycles([{'id': 'S', 'd': ['S']}, {'id': 'P', 'd': ['Q']}, {'id': 'Q', 'd': ['P']}], 'id', "
       "'d')"
       ".map(c, c.map(e, e.id))",
       "[[\"S\"], [\"P\", \"Q\"]]"},
      // A dependency names the first element with that id.
      {"cycles([{'id': 'A', 'd': ['B']}, {'id': 'B', 'd': ['A']}, {'id': 'A', 'd': []}], 'id', 'd')"
       ".map(c, c.map(e, e.id))",
       "[[\"A\", \"B\"]]"},
      {"cycles([{'id': 'A', 'd': []}, {'id': 'B', 'd': ['A']}, {'id': 'A', 'd': ['B']}], 'id', "
       "'d')",
       "[]"},
      // Ids compare exactly; blank or non-string ids take no part.
      {"cycles([{'id': 'a', 'd': ['A']}, {'id': 'A', 'd': ['a']}], 'id', 'd').size()", "1"},
      {"cycles([{'id': 'a', 'd': ['A ']}, {'id': 'A', 'd': ['a']}], 'id', 'd')", "[]"},
      {"cycles([{'id': ' ', 'd': [' ']}], 'id', 'd')", "[]"},
      {"cycles([{'id': 1, 'd': [1]}], 'id', 'd')", "[]"},
      {"cycles([{'d': ['A']}, {'id': 'A', 'd': ['A']}], 'id', 'd').map(c, c.map(e, e.id))",
       "[[\"A\"]]"},
      // Non-string dependencies and a non-list depends field are ignored.
      {"cycles([{'id': 'A', 'd': [1, null, 'A']}], 'id', 'd').size()", "1"},
      {"cycles([{'id': 'A', 'd': 'A'}], 'id', 'd')", "[]"},
      {"cycles([{'id': 'A', 'd': ['Z']}], 'id', 'd')", "[]"},
      {"cycles([], 'id', 'd')", "[]"},
      // A chain is no cycle; two cycles joined by an edge stay two components.
      {"cycles([{'id': 'A', 'd': ['B']}, {'id': 'B', 'd': ['C']}, {'id': 'C', 'd': []}], 'id', "
       "'d')",
       "[]"},
      {"cycles([{'id': 'A', 'd': ['B']}, {'id': 'B', 'd': ['A', 'C']}, {'id': 'C', 'd': ['D']},"
       " {'id': 'D', 'd': ['C']}], 'id', 'd').map(c, c.map(e, e.id))",
       "[[\"A\", \"B\"], [\"C\", \"D\"]]"},
  });
  // Over plan entries, the components hold the plan's nodes.
  ExpectAll({{"cycles(plan.schedule, 'id', 'depends_on').map(c, c.map(e, pointer(e)))",
              "[[\"/schedule/0\", \"/schedule/2\"]]"}},
            R"({"schedule": [{"id": "T1", "depends_on": ["T3"]}, {"id": "T2", "depends_on": ["T1"]},
                             {"id": "T3", "depends_on": ["T1"]}]})");
}

TEST(FunctionsTest, CyclesReadFieldsByKeyIdOrByName) {
  // Field names the pack's key table knows ('id', 'depends_on') are read by
  // id, others ('key', 'after') by name; both see the same members.
  constexpr std::string_view kPlan = R"({
    "schedule": [{"id": "T1", "depends_on": ["T2"], "key": "a", "after": ["b"]},
                 {"id": "T2", "depends_on": ["T1"], "key": "b", "after": ["a"]},
                 {"id": "T3", "depends_on": ["T3"], "key": "c", "after": []}],
    "extra": [{"key": "x", "after": ["y"]}, {"key": "y", "after": ["x"]},
              {"key": "z", "id": "q", "after": ["z"]}]})";
  ExpectAll(
      {{"cycles(plan.schedule, 'id', 'depends_on').map(c, c.map(e, pointer(e)))",
        "[[\"/schedule/0\", \"/schedule/1\"], [\"/schedule/2\"]]"},
       {"cycles(plan.schedule, 'key', 'after').map(c, c.map(e, pointer(e)))",
        "[[\"/schedule/0\", \"/schedule/1\"]]"},
       {"cycles(plan.extra, 'key', 'after').map(c, c.map(e, e.key))", "[[\"x\", \"y\"], [\"z\"]]"},
       {"cycles(plan.extra, 'id', 'after').map(c, c.map(e, e.key))", "[]"},
       {"cycles(plan.extra, 'no_such_field', 'after')", "[]"}},
      kPlan);
  // A wrong-typed id or dependency list (typed view) reads as null: no part.
  ExpectAll({{"cycles(plan.schedule, 'id', 'depends_on')", "[]"},
             {"cycles(raw(plan).schedule, 'id', 'depends_on')", "[]"}},
            R"({"schedule": [{"id": 1, "depends_on": ["T2"]}, {"id": "T2", "depends_on": "T2"}]})");
  ExpectAll({{"cycles(plan.schedule, 'id', 'depends_on').map(c, size(c))", "[2]"},
             {"cycles(plan.schedule, 'id', 'depends_on').map(c, c.map(e, pointer(e)))",
              "[[\"/schedule/0\", \"/schedule/2\"]]"}},
            R"({"schedule": [{"id": "A", "depends_on": ["C"]}, {"id": 5, "depends_on": ["A"]},
                             {"id": "C", "depends_on": ["A", 3]}]})");
}

TEST(FunctionsTest, InComparesStringsWithListItemsAsEquality) {
  ExpectAll(
      {
          {"'a' in ['b', 'a']", "true"},
          {"'a' in ['b', 'c']", "false"},
          {"'a' in []", "false"},
          {"'1' in [1, 2]", "false"},
          {"'a' in [1, null, 'a']", "true"},
          {"'' in ['']", "true"},
          {"'ab' in ['a', 'abc']", "false"},
          {"'a' in [['a'], {'a': 1}]", "false"},
          {"1 in ['1', 1.0]", "true"},
          // Map keys: by member look-up, arena and plan maps alike.
          {"'a' in {'a': 1}", "true"},
          {"'b' in {'a': 1}", "false"},
          {"'id' in plan.schedule[0]", "true"},
          {"'nope' in plan.schedule[0]", "false"},
          {"'x y' in plan.schedule[0]", "true"},
          {"plan.schedule[0].id in plan.schedule.map(s, s.id)", "true"},
          {"'T9' in plan.schedule.map(s, s.id)", "false"},
      },
      R"({"schedule": [{"id": "T1", "x y": 1}, {"id": "T2"}]})");
}

TEST(FunctionsTest, CyclesOverLargeGraphs) {
  // A 20000-entry chain closed into one cycle: Tarjan's algorithm is
  // iterative (no recursion to overflow) and the result is one component.
  std::string plan = R"({"schedule": [)";
  constexpr int kCount = 20000;
  for (int i = 0; i < kCount; ++i) {
    plan +=
        Cat(i ? "," : "", R"({"id": "T)", i, R"(", "depends_on": ["T)", (i + 1) % kCount, R"("]})");
  }
  plan += "]}";
  Evaluator ev;
  EXPECT_EQ(ev.Eval("cycles(plan.schedule, 'id', 'depends_on').map(c, size(c))", plan),
            Cat("[", kCount, "]"));
  // Twenty thousand one-element components (no cycle at all).
  std::string acyclic = R"({"schedule": [)";
  for (int i = 0; i < kCount; ++i) {
    acyclic += Cat(i ? "," : "", R"({"id": "T)", i, R"(", "depends_on": []})");
  }
  acyclic += "]}";
  EXPECT_EQ(ev.Eval("cycles(plan.schedule, 'id', 'depends_on')", acyclic), "[]");
}

TEST(FunctionsTest, IsRule) {
  ExpectAll(
      {
          {"isRule('SCH001')", "true"},
          {"isRule('finish-before-start')", "true"},
          {"isRule('WVR003')", "true"},
          {"isRule('sch001')", "false"},
          {"isRule('NOPE001')", "false"},
          {"isRule(1)", "false"},
          {"isRule(plan.missing)", "false"},
          {"isRule(plan.r)", "true"},
          // Not a constant: the known rules belong to the run, not to the compiler.
          {"!isRule('SCH001')", "false"},
          {"[isRule('SCH001'), isRule('X1')]", "[true, false]"},
          {"isRule('SCH001') ? 'known' : 'unknown'", "\"known\""},
      },
      R"({"r": "DOC006"})");
}

TEST(FunctionsTest, PackFunctionsAreInlined) {
  ExpectAll(
      {
          {"itemsOf(plan.l)", "[1, 2]"},
          {"itemsOf(plan.missing)", "[]"},  // lenient arguments stay lenient when inlined
          {"isEnum(' Draft ', ['draft', 'review'])", "true"},
          {"placeholder('XX/XX/XXXX')", "true"},
          {"placeholder('[Insert the project name]')", "true"},
          {"placeholder('  Name ')", "true"},
          {"placeholder('Jane Name')", "false"},
          {"validPhone('916-555-0100 (cell)')", "true"},
          {"validPhone('555-0100')", "false"},
      },
      R"({"l": [1, 2]})");
  Evaluator ev;
  EXPECT_EQ(ev.Eval("itemsOf(1, 2)"),
            "compile error at 0: function 'itemsOf' takes 1 argument(s), not 2");
}

}  // namespace
}  // namespace planlint

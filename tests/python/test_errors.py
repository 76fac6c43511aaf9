"""Every error: bad plans (PlanError), bad packs and configuration
(RulePackError), bad expressions (ExpressionError). Each is a ValueError
that names the file and line:column, and each pickles."""

import json
import math
import pickle

import pytest

from conftest import AS_OF, DRAFT


def test_errors_are_value_errors(planlint):
    for cls in (planlint.PlanError, planlint.RulePackError, planlint.ExpressionError):
        assert issubclass(cls, ValueError)


# --- PlanError ----------------------------------------------------------------

def test_syntax_error_in_a_file_names_file_line_and_column(planlint, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "format": "imp/1",\n  "schedule": [1 2]\n}\n')
    with pytest.raises(planlint.PlanError) as info:
        planlint.check(bad, as_of=AS_OF)
    e = info.value
    assert (e.file, e.line, e.column) == (str(bad), 3, 18)
    assert str(e) == f"{bad}:3:18: {e.message}"
    assert "expected" in e.message


def test_syntax_error_in_text(planlint):
    with pytest.raises(planlint.PlanError) as info:
        planlint.check('{"a": }', file="inline.json")
    assert (info.value.file, info.value.line, info.value.column) == ("inline.json", 1, 7)


def test_invalid_utf8_bytes(planlint):
    with pytest.raises(planlint.PlanError) as info:
        planlint.check(b'{"a": "\xff"}')
    assert info.value.file == "<bytes>" and info.value.line == 1 and "UTF-8" in str(info.value)


def test_lone_surrogate_in_text_is_a_plan_error(planlint):
    with pytest.raises(planlint.PlanError) as info:
        planlint.check('{"a": "\ud800"}')
    assert info.value.line == 1


def test_top_level_not_an_object(planlint, tmp_path):
    bad = tmp_path / "list.json"
    bad.write_text("[1, 2]")
    with pytest.raises(planlint.PlanError, match="object") as info:
        planlint.check(bad)
    assert info.value.line == 1 and info.value.column == 1


def test_missing_file_says_what_check_takes(planlint):
    with pytest.raises(planlint.PlanError) as info:
        planlint.check("no/such/plan.json")
    e = info.value
    assert (e.file, e.line, e.column) == ("no/such/plan.json", 0, 0)
    assert "no such file" in str(e) and "JSON text starting with '{'" in str(e)


def test_folder_is_not_a_plan(planlint, tmp_path):
    with pytest.raises(planlint.PlanError) as info:
        planlint.check(tmp_path)
    assert info.value.file == str(tmp_path)


def test_empty_file(planlint, tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    with pytest.raises(planlint.PlanError) as info:
        planlint.check(empty)
    assert info.value.file == str(empty)


@pytest.mark.parametrize("plan,pointer,what", [
    ({"a": {1: "x"}}, "/a/1", "keys must be strings"),
    ({"a": [1, {"b": {1, 2}}]}, "/a/1/b", "set has no JSON form"),
    ({"x/y": {"m~n": float("nan")}}, "/x~1y/m~0n", "JSON has no NaN"),
    ({"a": math.inf}, "/a", "JSON has no NaN or Infinity"),
    ({"a": "\ud800"}, "/a", "not valid Unicode"),
    ({"a": 10 ** 400}, "/a", "too large"),
])
def test_dict_that_is_not_json(planlint, plan, pointer, what):
    with pytest.raises(planlint.PlanError) as info:
        planlint.check(plan)
    e = info.value
    assert (e.file, e.line, e.column) == ("<dict>", 0, 0)
    assert f"at '{pointer}'" in str(e) and what in str(e)


def test_dict_nested_too_deeply(planlint):
    plan = {}
    node = plan
    for _ in range(2000):
        node["a"] = {}
        node = node["a"]
    with pytest.raises(planlint.PlanError, match="nesting deeper than 1024"):
        planlint.check(plan)


def test_recursive_dict(planlint):
    plan = {"format": "imp/1"}
    plan["self"] = plan
    with pytest.raises(planlint.PlanError, match="recursive"):
        planlint.check(plan)


def test_dict_numbers_beyond_int64_and_numpy_numbers(planlint):
    np = pytest.importorskip("numpy")

    def plan(percent):
        return {"format": "imp/1", "big": 2 ** 64 - 1, "np_int": np.int64(3), "np_float": np.float32(0.5),
                "schedule": [{"id": "T1", "name": "x", "planned_start": "2027-01-04",
                              "planned_finish": "2027-01-05", "percent_complete": percent}]}

    # A number of the wrong JSON type is DOC006's; numpy numbers are numbers.
    wrong = planlint.check(plan("150"), as_of=AS_OF, select="DOC006")
    assert [f.pointer for f in wrong] == ["/schedule/0/percent_complete"]
    assert len(planlint.check(plan(np.int32(150)), as_of=AS_OF, select="DOC006")) == 0
    assert planlint.eval("plan.schedule[0].percent_complete", plan(np.int32(150))) == 150
    assert planlint.eval("plan.big", plan(1)) == float(2 ** 64 - 1)
    assert planlint.eval("plan.np_int + 1.0", plan(1)) == 4.0
    assert planlint.eval("plan.np_float", plan(1)) == 0.5


def test_dict_top_level_must_be_a_dict(planlint):
    with pytest.raises(TypeError):
        planlint.check([{"format": "imp/1"}])


def test_plan_error_pickles(planlint):
    with pytest.raises(planlint.PlanError) as info:
        planlint.check('{"a": }')
    copy = pickle.loads(pickle.dumps(info.value))
    assert (copy.file, copy.line, copy.column, copy.message, str(copy)) == (
        info.value.file, info.value.line, info.value.column, info.value.message, str(info.value))


# --- RulePackError --------------------------------------------------------------

BAD_PACK = """pack: org
extends: imp
rules:
  - id: ORG001
    name: no-title
    severity: error
    section: document
    summary: The plan has no title.
    for: $.document
    assert: has(self.title) &&
    message: No title.
  - id: ORG002
    name: bad-regex
    severity: fatal
    section: document
    summary: A bad regex.
    for: $.document
    assert: self.title.matches("(")
    message: x
"""


def test_rule_pack_error_lists_every_problem_with_positions(planlint):
    with pytest.raises(planlint.RulePackError) as info:
        planlint.RulePack.from_yaml(BAD_PACK, file="org.yaml")
    problems = info.value.problems
    assert len(problems) >= 3, problems
    assert all(p.file == "org.yaml" and p.line > 0 and p.column > 0 for p in problems)
    lines = {p.line for p in problems}
    assert 10 in lines  # the unfinished expression
    assert any("severity" in p.message for p in problems)
    assert any("regular expression" in p.message or "regex" in p.message for p in problems)
    for p in problems:
        assert str(p) in str(info.value)
        assert str(p) == f"org.yaml:{p.line}:{p.column}: {p.message}"


def test_yaml_syntax_error(planlint):
    with pytest.raises(planlint.RulePackError) as info:
        planlint.RulePack.from_yaml("pack: x\nrules: [\n", file="broken.yaml")
    assert info.value.problems[0].file == "broken.yaml" and info.value.problems[0].line >= 2


def test_pack_file_that_does_not_exist(planlint, tmp_path):
    with pytest.raises(planlint.RulePackError) as info:
        planlint.RulePack.from_file(tmp_path / "none.yaml")
    (problem,) = info.value.problems
    assert problem.file == str(tmp_path / "none.yaml") and "cannot read" in problem.message


def test_extends_a_missing_pack(planlint, tmp_path):
    pack = tmp_path / "child.yaml"
    pack.write_text("pack: child\nextends: parent.yaml\n")
    with pytest.raises(planlint.RulePackError, match="parent.yaml"):
        planlint.RulePack.from_file(pack)


@pytest.mark.parametrize("settings,what", [
    ({"select": ["NOPE1"]}, "select names no rule: 'NOPE1'"),
    ({"ignore": "XYZ"}, "ignore names no rule: 'XYZ'"),
    ({"severity": {"SCH008": "fatal"}}, "must be error, warning or info, not 'fatal'"),
    ({"severity": {"SCH999": "error"}}, "severity names unknown rule 'SCH999'"),
    ({"options": {"long-taks": {"max_workdays": 3}}}, "options name unknown rule 'long-taks'"),
    ({"options": {"SCH008": 3}}, "options of 'SCH008' must be a dict"),
])
def test_bad_configuration(planlint, settings, what):
    with pytest.raises(planlint.RulePackError) as info:
        planlint.RulePack.builtin(**settings)
    assert what in str(info.value)
    assert info.value.problems[0].file == "<configuration>"


def test_check_with_unknown_select_raises(planlint):
    with pytest.raises(planlint.RulePackError, match="NOPE"):
        planlint.check(DRAFT, select="NOPE")


def test_rule_pack_error_pickles(planlint):
    with pytest.raises(planlint.RulePackError) as info:
        planlint.RulePack.from_yaml(BAD_PACK, file="org.yaml")
    copy = pickle.loads(pickle.dumps(info.value))
    assert copy.problems == info.value.problems and str(copy) == str(info.value)


# --- ExpressionError --------------------------------------------------------------

def test_expression_that_does_not_compile(planlint):
    with pytest.raises(planlint.ExpressionError) as info:
        planlint.eval("size(plan.schedule) +")
    e = info.value
    assert e.column is not None and e.column >= 20
    assert str(e).startswith(f"<expr>:1:{e.column}: ")
    assert str(e).endswith("^")


def test_unknown_function(planlint):
    with pytest.raises(planlint.ExpressionError, match="nosuch"):
        planlint.eval("nosuch(1)")


def test_evaluation_error(planlint):
    with pytest.raises(planlint.ExpressionError) as info:
        planlint.eval("1 / 0")
    assert info.value.column is None and "<expr>: " in str(info.value)


def test_eval_with_a_bad_plan(planlint):
    with pytest.raises(planlint.PlanError):
        planlint.eval("1", '{"a": ')


def test_expression_error_pickles(planlint):
    with pytest.raises(planlint.ExpressionError) as info:
        planlint.eval("1 +")
    assert str(pickle.loads(pickle.dumps(info.value))) == str(info.value)


def test_json_in_error_message_is_actionable(planlint):
    # A JSON array given as text is read as a path: the error says so.
    with pytest.raises(planlint.PlanError, match="JSON text starting with"):
        planlint.check(json.dumps([1]))

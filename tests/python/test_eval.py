"""planlint.eval: the expression playground returns Python values."""

import datetime
import json

import pytest

from conftest import AS_OF, DRAFT


@pytest.mark.parametrize("expression,value", [
    ("1 + 2", 3),
    ("7.0 / 2.0", 3.5),
    ("7 / 2", 3),
    ("'a' + 'b'", "ab"),
    ("true && false", False),
    ("null", None),
    ("[1, 'x', [true]]", [1, "x", [True]]),
    ("{'a': 1, 'b': [2]}", {"a": 1, "b": [2]}),
    ("date('2027-02-28')", datetime.date(2027, 2, 28)),
    ("workdays(date('2027-01-04'), date('2027-01-15'))", 10),
    ("type(1)", "int"),
])
def test_values(planlint, expression, value):
    result = planlint.eval(expression)
    assert result == value and type(result) is type(value)


def test_with_a_plan_path_text_and_dict(planlint):
    plan = json.loads(DRAFT.read_text(encoding="utf-8"))
    expected = [t["id"] for t in plan["schedule"]]
    expression = "itemsOf(plan.schedule).map(t, t.id)"
    assert planlint.eval(expression, DRAFT) == expected
    assert planlint.eval(expression, str(DRAFT)) == expected
    assert planlint.eval(expression, DRAFT.read_text(encoding="utf-8")) == expected
    assert planlint.eval(expression, plan) == expected
    assert planlint.eval("self == plan", plan) is True


def test_plan_values_come_back_as_python(planlint):
    plan = {"format": "imp/1", "document": {"title": "T", "version": "1.0"}, "n": [1, 2.5, None]}
    assert planlint.eval("plan.document", plan) == {"title": "T", "version": "1.0"}
    assert planlint.eval("plan.n", plan) == [1.0, 2.5, None]


def test_as_of(planlint):
    assert planlint.eval("as_of", as_of=AS_OF) == datetime.date(2027, 1, 15)
    assert planlint.eval("as_of", as_of=datetime.date(2030, 5, 6)) == datetime.date(2030, 5, 6)
    assert planlint.eval("as_of") == datetime.datetime.now(datetime.timezone.utc).date()


def test_pack_functions_and_options(planlint):
    assert planlint.eval("placeholder('[Insert name]')") is True
    assert planlint.eval("placeholder('Dana')") is False
    pack = planlint.RulePack.builtin(pack_options={"limit": 4})
    assert planlint.eval("options.limit * 2", rules=pack) == 8


def test_expression_must_be_text(planlint):
    with pytest.raises(TypeError):
        planlint.eval(42)

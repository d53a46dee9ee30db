"""The evaluation checker (eval/python/codeact_eval): how strict and tolerant mode read an
answer, with cases where they must differ, and answers that must fail both."""

import json

import pytest

from codeact_eval import check, check_json, validate_task
from codeact_eval import normalise as nz
from codeact_eval.hidden import run_cases


def task(answer, **extra):
    return {"id": "t", "answer": answer, "requires": extra.pop("requires", {}), **extra}


def verdict(answer, text, namespace=None, figures=0, **extra):
    v = check(task(answer, **extra), text, namespace, figures)
    return v["strict"], v["tolerant"]


# --- normaliser ------------------------------------------------------------------------


def test_numbers_read_currency_separators_signs_and_exponents():
    assert nz.numbers("The total is **$1,234.50** (up 12.5%), -3 and \u22122.5, 1e-3") == [1234.5, 12.5, -3.0, -2.5, 0.001]


def test_numbers_without_grouping_split_at_commas():
    assert nz.numbers("153,370, 371", grouping=False) == [153.0, 370.0, 371.0]


def test_numbers_ignore_digits_inside_words():
    assert nz.numbers("sensor S2 and SKU-101") == [101.0]  # "S2" is a name, "-101" after a letter is not negative


def test_tokens_fold_case_accents_and_punctuation():
    assert nz.tokens("  The PEAK-month: Março!! ") == ["the", "peak", "month", "marco"]
    assert nz.normalise("Évora") == nz.normalise("evora")


def test_spans_prefer_solution_then_answer_line_then_bold():
    text = "Thinking about 12 things.\n**Answer:** 42\n<solution>41</solution>"
    assert nz.spans(text)[0] == "41"
    assert nz.spans("Some text with 7.\nFinal answer: 42\n")[0] == "42"
    assert nz.spans("Revenue was **North**, far ahead.")[0] == "North"


def test_mentions_prefer_the_longer_choice():
    assert nz.mentions("North East did better than North", ["North", "North East", "South"]) == ["North East", "North"]
    assert nz.mentions("nothing relevant", ["North"]) == []


def test_dates_in_written_forms():
    found = nz.dates("From 2024-03-15 to December 10th, 2026, or 9 Dec 2026 (not 03/15/2024).")
    assert [d.isoformat() for d in found] == ["2024-03-15", "2026-12-10", "2026-12-09"]


def test_items_drop_a_lead_in_bullets_and_and():
    assert nz.items("The cities are: Lisbon, porto and FARO.") == ["lisbon", "porto", "faro"]
    assert nz.items("- Aveiro\n- Coimbra\n- Evora") == ["aveiro", "coimbra", "evora"]


def test_close_uses_the_larger_tolerance():
    assert nz.close(100.5, 100, abs_tol=1)
    assert nz.close(101, 100, rel_tol=0.01)
    assert not nz.close(101.1, 100, abs_tol=1, rel_tol=0.01)
    assert nz.close(0.1 + 0.2, 0.3)  # float rounding is never a failure


# --- numbers ---------------------------------------------------------------------------

NUM = {"kind": "number", "value": 1234.5, "decimals": 2}


@pytest.mark.parametrize(
    "text",
    ["1,234.50", "1234.5", "The total is **€1,234.50**.", "Answer: 1234.50 EUR", "about 1234.49", "<solution> 1234.51 </solution> maybe"],
)
def test_number_in_another_form_passes_only_tolerant(text):
    assert verdict(NUM, text) == (False, True)


def test_number_exactly_as_asked_passes_both():
    assert verdict(NUM, "1234.50") == (True, True)
    assert verdict(NUM, "  1234.50\n") == (True, True)
    assert verdict(NUM, "<solution>1234.50</solution>") == (True, True)


@pytest.mark.parametrize("text", ["1234.48", "1358.00", "I don't know", "", "It is between 1000 and 2000."])
def test_wrong_or_missing_number_fails_both(text):
    assert verdict(NUM, text) == (False, False)


def test_number_in_prose_is_read_first_or_last():
    # A year before the answer, or a count after it, does not hide the answer ...
    assert verdict(NUM, "In 2024 the total came to 1,234.50") == (False, True)
    assert verdict(NUM, "The total was 1,234.50 over 12 months") == (False, True)
    # ... but an answer buried in the middle of a list of numbers is not credited.
    assert verdict(NUM, "North 20157.79, South 1234.50, East 15129.10") == (False, False)


def test_whole_numbers_are_exact_by_default_and_tasks_can_widen():
    count = {"kind": "number", "value": 70, "decimals": 0}
    assert verdict(count, "70 points") == (False, True)
    assert verdict(count, "70.0") == (False, True)
    assert verdict(count, "71") == (False, False)
    wide = {"kind": "number", "value": 19.99, "decimals": 2, "tolerance": {"abs": 0.1}}
    assert verdict(wide, "20.04") == (False, True)


def test_percent_sign_is_a_unit():
    assert verdict({"kind": "number", "value": 38.9, "decimals": 1}, "38.9%") == (False, True)


def test_negative_numbers():
    a = {"kind": "number", "value": -2.91, "decimals": 2}
    assert verdict(a, "-2.91") == (True, True)
    assert verdict(a, "The coefficient is \u22122.91") == (False, True)
    assert verdict(a, "2.91") == (False, False)


# --- strings ---------------------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
MONTH = {"kind": "string", "value": "November", "choices": MONTHS, "aliases": ["Nov"]}


@pytest.mark.parametrize("text", ["november", "The peak month was **November**.", "NOVEMBER!", "Nov"])
def test_string_in_another_form_passes_only_tolerant(text):
    assert verdict(MONTH, text) == (False, True)


def test_string_exact_passes_both():
    assert verdict(MONTH, "November") == (True, True)


@pytest.mark.parametrize("text", ["October", "Either October or November.", "I don't know", "Novembre"])
def test_wrong_or_hedged_string_fails_both(text):
    assert verdict(MONTH, text) == (False, False)


def test_string_without_choices_must_appear_as_whole_words():
    a = {"kind": "string", "value": "MEET ME AT NINE"}
    assert verdict(a, "MEET ME AT NINE") == (True, True)
    assert verdict(a, "The message reads: Meet me at nine.") == (False, True)
    assert verdict(a, "MEET ME AT NINETEEN") == (False, False)


def test_time_string_with_aliases():
    a = {"kind": "string", "value": "09:57", "aliases": ["9:57"]}
    assert verdict(a, "09:57") == (True, True)
    assert verdict(a, "They meet at 9:57.") == (False, True)
    assert verdict(a, "09:58") == (False, False)


# --- booleans and dates ----------------------------------------------------------------


def test_bool():
    a = {"kind": "bool", "value": True}
    assert verdict(a, "True") == (True, True)
    assert verdict(a, "Yes, it is prime.") == (False, True)
    assert verdict(a, "true") == (False, True)
    assert verdict(a, "False") == (False, False)
    assert verdict(a, "Yes or no, hard to say.") == (False, False)
    assert verdict({"kind": "bool", "value": False}, "No, 91 = 7 × 13.") == (False, True)


def test_date():
    a = {"kind": "date", "value": "2026-12-10"}
    assert verdict(a, "2026-12-10") == (True, True)
    assert verdict(a, "It is Thursday, December 10, 2026.") == (False, True)
    assert verdict(a, "1000 days after 2024-03-15 is 10 December 2026") == (False, True)
    assert verdict(a, "2026-12-09") == (False, False)
    assert verdict(a, "12/10/2026") == (False, False)  # ambiguous day/month order is not read


# --- sets and lists --------------------------------------------------------------------

CITIES = ["Aveiro", "Braga", "Coimbra", "Evora", "Faro", "Porto"]
SET = {"kind": "set", "value": ["Aveiro", "Coimbra", "Evora"], "choices": CITIES}


@pytest.mark.parametrize("text", ["Evora, Coimbra, Aveiro", "You can reach **Aveiro**, **Coimbra** and **Evora**.", "aveiro; coimbra; evora"])
def test_set_in_any_order_passes_only_tolerant(text):
    assert verdict(SET, text) == (False, True)


def test_set_exact_passes_both():
    assert verdict(SET, "Aveiro, Coimbra, Evora") == (True, True)


@pytest.mark.parametrize("text", ["Aveiro, Coimbra", "Aveiro, Coimbra, Evora, Faro", "none"])
def test_set_missing_or_extra_item_fails_both(text):
    assert verdict(SET, text) == (False, False)


def test_number_set():
    a = {"kind": "set", "value": [153, 370, 371, 407], "decimals": 0}
    assert verdict(a, "153, 370, 371, 407") == (True, True)
    assert verdict(a, "They are 407, 371, 370 and 153.") == (False, True)
    assert verdict(a, "153, 370, 371") == (False, False)


def test_set_without_choices_splits_items():
    a = {"kind": "set", "value": ["red fox", "blue whale"]}
    assert verdict(a, "Answer: Blue Whale and red fox") == (False, True)
    assert verdict(a, "red fox, blue whale, grey seal") == (False, False)


def test_list_order_matters():
    a = {"kind": "list", "value": ["Madrid", "Lisbon"], "choices": ["Lisbon", "Porto", "Madrid"]}
    assert verdict(a, "Madrid, Lisbon") == (True, True)
    assert verdict(a, "First Madrid, then Lisbon.") == (False, True)
    assert verdict(a, "Lisbon, Madrid") == (False, False)
    modes = {"kind": "list", "value": ["car", "train", "car"]}
    assert verdict(modes, "Car; train; car") == (False, True)
    assert verdict(modes, "car, car, train") == (False, False)


# --- functions -------------------------------------------------------------------------

FN = {
    "kind": "function",
    "name": "pairs",
    "cases": [{"args": [[3, 1, 2]], "expected": [[1, 2], [2, 3]]}, {"args": [[]], "expected": []}],
}


def pairs(xs):
    s = sorted(xs)
    return [[a, b] for a, b in zip(s, s[1:])]


def test_function_exact_passes_both():
    assert verdict(FN, "", {"pairs": pairs}) == (True, True)


def test_function_returning_tuples_passes_only_tolerant():
    assert verdict(FN, "", {"pairs": lambda xs: [tuple(p) for p in pairs(xs)]}) == (False, True)


def test_function_wrong_missing_raising_or_looping_fails_both():
    assert verdict(FN, "", {"pairs": lambda xs: pairs(xs)[:1]}) == (False, False)
    assert verdict(FN, "", {}) == (False, False)
    assert verdict(FN, "", {"pairs": "not callable"}) == (False, False)

    def boom(xs):
        raise ValueError("no")

    assert verdict(FN, "", {"pairs": boom}) == (False, False)

    def forever(xs):
        while True:
            pass

    v = check(task(dict(FN, step_limit=20_000)), "", {"pairs": forever})
    assert not v["strict"] and not v["tolerant"] and "steps" in v["detail"]


def test_function_cannot_pass_by_mutating_the_cases():
    def sneaky(xs):
        xs.append(99)
        return pairs(xs[:-1])

    assert verdict(FN, "", {"pairs": sneaky}) == (True, True)
    assert FN["cases"][0]["args"] == [[3, 1, 2]]


def test_function_bool_and_int_are_distinct_in_strict_mode():
    a = {"kind": "function", "name": "f", "cases": [{"args": [1], "expected": True}, {"args": [0], "expected": False}]}
    assert verdict(a, "", {"f": lambda x: x == 1}) == (True, True)
    assert verdict(a, "", {"f": lambda x: int(x == 1)}) == (False, True)
    n = {"kind": "function", "name": "f", "cases": [{"args": [], "expected": 1}]}
    assert verdict(n, "", {"f": lambda: True}) == (False, False)


def test_unordered_results():
    a = {"kind": "function", "name": "f", "unordered": True, "cases": [{"args": [], "expected": ["a", "b"]}]}
    assert verdict(a, "", {"f": lambda: ["b", "a"]}) == (True, True)
    assert verdict(dict(a, unordered=False), "", {"f": lambda: ["b", "a"]}) == (False, False)


def test_run_cases_reports_the_first_failure():
    s, t, failure = run_cases(lambda x: x + 1, [{"args": [1], "expected": 2}, {"args": [2], "expected": 5}])
    assert (s, t) == (1, 1) and "case 2" in failure


# --- figures and entry points ----------------------------------------------------------


def test_chart_tasks_need_a_figure():
    a = {"kind": "string", "value": "July", "choices": MONTHS}
    assert verdict(a, "July", figures=1, requires={"figure": True}) == (True, True)
    assert verdict(a, "July", figures=0, requires={"figure": True}) == (False, False)


def test_check_json_round_trip():
    out = json.loads(check_json(json.dumps(task(NUM)), "1234.50", None, 0))
    assert out["strict"] and out["tolerant"] and "1234.50" in out["detail"]


def test_unknown_kind_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown answer kind"):
        check(task({"kind": "vibes"}), "x")


def test_schema_names_each_broken_field():
    broken = {"id": "Bad Id", "group": "misc", "answer": {"kind": "number", "value": 1.234, "decimals": 1}, "max_turns": 0}
    problems = "\n".join(validate_task(broken))
    for field in ("id:", "group:", "title: missing", "answer.value:", "max_turns:", "tags:", "requires:"):
        assert field in problems

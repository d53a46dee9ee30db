"""Deterministic checking of a final answer against a task's expected answer.

Two verdicts per answer:
- strict: the reply (or its <solution> body), trimmed, is exactly the expected form: the
  number at the stated precision ("42.50"), the exact string, the items in the asked order
  joined by ", ", "True"/"False", an ISO date. Hidden-test functions must return exactly
  the expected JSON types (a tuple is not a list).
- tolerant: the answer may be inside prose and formatted freely: numbers within the task's
  tolerance, read from text such as "The total is **$1,234.50**"; strings compared after
  normalisation (case, accents, punctuation, spacing); sets in any order; dates in common
  written forms; functions may return tuples for lists and numbers within 1e-6.
A task that requires a figure fails both unless at least one figure was produced.

Standard library only: runs under CPython and inside Pyodide.
"""

import json

from . import normalise as nz
from .hidden import DEFAULT_STEP_LIMIT, run_cases

TRUE_WORDS = {"yes", "true", "correct"}
FALSE_WORDS = {"no", "false", "incorrect"}


def format_number(value, decimals):
    text = f"{value:.{decimals}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def number_tolerance(answer):
    """(abs, rel). Default: one unit in the last stated decimal place, and exact for
    whole numbers, unless the task sets its own."""
    d = answer["decimals"]
    tol = answer.get("tolerance") or {}
    return tol.get("abs", 10.0 ** -d if d > 0 else 0.0), tol.get("rel", 0.0)


def _first_or_last(found):
    return [found[0]] if len(found) == 1 else [found[0], found[-1]]


def _number(answer, text, _namespace):
    value, canonical = answer["value"], format_number(answer["value"], answer["decimals"])
    abs_tol, rel_tol = number_tolerance(answer)
    strict = nz.strict_text(text) == canonical
    for span in nz.spans(text):
        found = nz.numbers(span)
        if found:
            picks = _first_or_last(found)
            tolerant = any(nz.close(x, value, abs_tol, rel_tol) for x in picks)
            how = f"read {', '.join(repr(x) for x in picks)}"
            break
    else:
        tolerant, how = False, "no number found"
    return strict, tolerant, f"expected {canonical} (tolerance abs {abs_tol:g}, rel {rel_tol:g}); {how}"


def _choice_named(answer, span):
    """The distinct expected-or-other choices named in span, aliases mapped to the value."""
    aliases = answer.get("aliases") or []
    named = nz.mentions(span, list(answer["choices"]) + aliases)
    return {answer["value"] if n in aliases else n for n in named}


def _string(answer, text, _namespace):
    value = answer["value"]
    strict = nz.strict_text(text) == value
    accepted = [nz.tokens(v) for v in [value] + list(answer.get("aliases") or [])]
    tolerant, how = False, "the expected text does not appear"
    for span in nz.spans(text):
        if answer.get("choices"):
            named = _choice_named(answer, span)
            if named:
                tolerant = named == {value}
                how = "named: " + ", ".join(sorted(named))
                break
        elif any(nz.find_phrase(nz.tokens(span), a) >= 0 for a in accepted):
            tolerant, how = True, "the expected text appears"
            break
    return strict, tolerant, f"expected {value!r}; {how}"


def _bool(answer, text, _namespace):
    value = answer["value"]
    canonical = "True" if value else "False"
    strict = nz.strict_text(text) == canonical
    tolerant, how = False, "no yes/no/true/false found"
    for span in nz.spans(text):
        words = set(nz.tokens(span))
        yes, no = bool(words & TRUE_WORDS), bool(words & FALSE_WORDS)
        if yes or no:
            tolerant = yes != no and yes == value
            how = "both yes and no" if yes and no else ("read yes" if yes else "read no")
            break
    return strict, tolerant, f"expected {canonical}; {how}"


def _date(answer, text, _namespace):
    value = answer["value"]
    strict = nz.strict_text(text) == value
    tolerant, how = False, "no date found"
    for span in nz.spans(text):
        found = nz.dates(span)
        if found:
            picks = _first_or_last(found)
            tolerant = any(d.isoformat() == value for d in picks)
            how = "read " + ", ".join(d.isoformat() for d in picks)
            break
    return strict, tolerant, f"expected {value}; {how}"


def _canonical_items(answer):
    d = answer.get("decimals", 0)
    return ", ".join(format_number(v, d) if _is_number(v) else v for v in answer["value"])


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _numbers_match(got, expected, ordered, abs_tol):
    if ordered:
        return len(got) == len(expected) and all(nz.close(g, e, abs_tol) for g, e in zip(got, expected))
    return all(any(nz.close(g, e, abs_tol) for g in got) for e in expected) and all(
        any(nz.close(g, e, abs_tol) for e in expected) for g in got
    )


def _collection(answer, text, ordered):
    expected = answer["value"]
    canonical = _canonical_items(answer)
    strict = nz.strict_text(text) == canonical
    numeric = bool(expected) and all(_is_number(v) for v in expected)
    tolerant, how = False, "no items found"
    for span in nz.spans(text):
        if numeric:
            got = nz.numbers(span, grouping=False)
            d = answer.get("decimals", 0)
            ok = got and _numbers_match(got, expected, ordered, 10.0**-d if d > 0 else 0.0)
        elif answer.get("choices"):
            got = nz.mentions(span, answer["choices"])
            ok = got == list(expected) if ordered else set(got) == set(expected)
        else:
            got = nz.items(span)
            want = [nz.normalise(v) for v in expected]
            ok = got == want if ordered else (set(got) == set(want) and len(got) == len(set(got)))
        if got:
            tolerant, how = bool(ok), "read " + ", ".join(str(g) for g in got)
            break
    return strict, tolerant, f"expected {canonical}; {how}"


def _set(answer, text, _namespace):
    return _collection(answer, text, ordered=False)


def _list(answer, text, _namespace):
    return _collection(answer, text, ordered=True)


def _function(answer, _text, namespace):
    name = answer["name"]
    fn = (namespace or {}).get(name)
    if not callable(fn):
        return False, False, f"no function named {name!r} was defined"
    cases = answer["cases"]
    s, t, failure = run_cases(
        fn, cases, unordered=answer.get("unordered", False), step_limit=answer.get("step_limit", DEFAULT_STEP_LIMIT)
    )
    detail = f"{name}: {s}/{len(cases)} hidden cases pass strictly, {t}/{len(cases)} tolerantly"
    return s == len(cases), t == len(cases), detail + (f"; {failure}" if failure else "")


KINDS = {
    "number": _number,
    "string": _string,
    "bool": _bool,
    "date": _date,
    "set": _set,
    "list": _list,
    "function": _function,
}


def check(task, answer_text, namespace=None, figures=0):
    """{"strict": bool, "tolerant": bool, "detail": str} for one final answer.

    task: the task JSON as a dict; answer_text: the agent's final reply; namespace: the
    agent's Python globals (needed by "function" answers); figures: how many figures the
    agent's code produced."""
    answer = task["answer"]
    kind = answer.get("kind")
    if kind not in KINDS:
        raise ValueError(f"task {task.get('id')!r}: unknown answer kind {kind!r}")
    strict, tolerant, detail = KINDS[kind](answer, "" if answer_text is None else str(answer_text), namespace)
    if (task.get("requires") or {}).get("figure") and figures < 1:
        strict = tolerant = False
        detail = "no figure was produced, and the task asks for one; " + detail
    return {"strict": bool(strict), "tolerant": bool(tolerant), "detail": detail}


def check_json(task_json, answer_text, namespace=None, figures=0):
    """check() with the task as JSON text and the verdict as JSON text (for callers in
    JavaScript, e.g. through Pyodide)."""
    return json.dumps(check(json.loads(task_json), answer_text, namespace, int(figures)))

"""Reading an agent's final answer: where the answer is, and its numbers, dates, items, words.

Standard library only; runs under CPython and inside Pyodide.
"""

import re
import unicodedata
from datetime import date

_SOLUTION = re.compile(r"<\s*solution\s*>(.*?)(?:<\s*/\s*solution\s*>|$)", re.I | re.S)
_ANSWER_LINE = re.compile(r"^[ \t>#*-]*(?:the\s+)?(?:final\s+)?answer\s*(?:is)?\s*[:：=]\s*(.+)$", re.I | re.M)
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__", re.S)
_MARKUP = re.compile(r"\*\*|__|`")


def strict_text(text):
    """The answer as strict mode reads it: the <solution> body when there is one, else the
    whole reply, with surrounding whitespace removed and nothing else changed."""
    text = text or ""
    m = _SOLUTION.search(text)
    return (m.group(1) if m else text).strip()


def spans(text):
    """Where tolerant mode looks, most specific first: the <solution> body, the last
    "Answer: ..." line, the bold parts, then the whole reply. A checker uses the first
    span in which it finds something of the kind it wants."""
    text = text or ""
    out = []
    m = _SOLUTION.search(text)
    if m:
        out.append(m.group(1))
    lines = _ANSWER_LINE.findall(_MARKUP.sub("", text))
    if lines:
        out.append(lines[-1])
    bold = [a or b for a, b in _BOLD.findall(text)]
    if bold:
        out.append(" ; ".join(bold))
    out.append(_MARKUP.sub("", text))
    return out


# --- words -----------------------------------------------------------------------------


def fold(s):
    """Case-folded, accents removed, typographic quotes and dashes made plain."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\u2212", "-"), ("\u2013", "-"), ("\u2014", "-")):
        s = s.replace(a, b)
    return s.casefold()


def tokens(s):
    """Words of a normalised string: folded, punctuation and symbols dropped, so that
    "The  Peak-Month: MARCH!" gives ["the", "peak", "month", "march"]."""
    return re.sub(r"[^\w]|_", " ", fold(s)).split()


def normalise(s):
    """The tolerant form of a string: its tokens joined by single spaces."""
    return " ".join(tokens(s))


def find_phrase(haystack, needle):
    """Index of the token list `needle` inside the token list `haystack`, or -1."""
    n = len(needle)
    if n == 0:
        return -1
    for i in range(len(haystack) - n + 1):
        if haystack[i:i + n] == needle:
            return i
    return -1


def mentions(text, choices):
    """The choices named in text, in order of first mention. A longer choice wins over a
    shorter one inside it ("North East" is not also a mention of "North")."""
    toks = tokens(text)
    used = [False] * len(toks)
    found = []
    for choice in sorted(choices, key=lambda c: -len(tokens(c))):
        needle = tokens(choice)
        n = len(needle)
        for i in range(len(toks) - n + 1):
            if toks[i:i + n] == needle and not any(used[i:i + n]):
                for j in range(i, i + n):
                    used[j] = True
                found.append((i, choice))
    found.sort()
    order = []
    for _i, choice in found:
        if choice not in order:
            order.append(choice)
    return order


# --- numbers ---------------------------------------------------------------------------

_CURRENCY = "$€£¥₹"
_NUMBER = re.compile(
    r"(?<![\w.])([-+\u2212]?)[" + _CURRENCY + r"]?\s?([-+\u2212]?)"
    r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)([eE][-+]?\d+)?"
)
_PLAIN_NUMBER = re.compile(r"(?<![\w.])([-+\u2212]?)(\d+(?:\.\d+)?|\.\d+)([eE][-+]?\d+)?")


def _to_float(sign, digits, exp):
    value = float(digits.replace(",", "") + (exp or ""))
    return -value if sign in ("-", "\u2212") else value


def numbers(text, grouping=True):
    """Numbers written in text, in order: "$1,234.50", "-3", "12.5%", "1e-3", "**42**".
    With grouping, "1,234" is one thousand two hundred and thirty-four; without it (for
    lists of numbers) commas always separate numbers."""
    out = []
    if grouping:
        for m in _NUMBER.finditer(text):
            out.append(_to_float(m.group(1) or m.group(2), m.group(3), m.group(4)))
    else:
        for m in _PLAIN_NUMBER.finditer(text):
            out.append(_to_float(m.group(1), m.group(2), m.group(3)))
    return out


def close(a, b, abs_tol=0.0, rel_tol=0.0):
    """|a - b| within the larger of the absolute and the relative tolerance (with a
    float-rounding allowance, so 0.1 + 0.2 equals 0.3 even when both tolerances are 0)."""
    allowed = max(abs_tol, rel_tol * abs(b), 1e-9 * max(1.0, abs(b)))
    return abs(a - b) <= allowed


# --- dates -----------------------------------------------------------------------------

_MONTHS = {}
for _i, _name in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"],
    start=1,
):
    _MONTHS[_name] = _i
    _MONTHS[_name[:3]] = _i
_MONTHS["sept"] = 9
_MONTH_RE = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = [
    (re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"), ("y", "m", "d")),
    (re.compile(r"(?<!\d)(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH_RE + r",?\s+(\d{4})(?!\d)", re.I), ("d", "M", "y")),
    (re.compile(r"\b" + _MONTH_RE + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)", re.I), ("M", "d", "y")),
]


def dates(text):
    """Calendar dates written in text, in order: 2024-03-15, 2024/3/15, 15 March 2024,
    March 15th, 2024, Mar. 15 2024. Day-first or month-first numeric forms (03/15/2024)
    are ambiguous and not read."""
    found = []
    for pattern, order in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            parts = dict(zip(order, m.groups()))
            month = _MONTHS[parts["M"].lower().rstrip(".")] if "M" in parts else int(parts["m"])
            try:
                found.append((m.start(), date(int(parts["y"]), month, int(parts["d"]))))
            except ValueError:
                continue
    found.sort()
    return [d for _pos, d in found]


# --- items -----------------------------------------------------------------------------

_ITEM_SPLIT = re.compile(r"\n|;|,|\band\b|&", re.I)
_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")


def items(text):
    """Items of a written list, normalised: "Answer: Lisbon, porto and FARO." gives
    ["lisbon", "porto", "faro"]. A lead-in ending in ": " is dropped."""
    if ": " in text:
        text = text.split(": ", 1)[1]
    out = []
    for part in _ITEM_SPLIT.split(text):
        part = _BULLET.sub("", part)
        norm = normalise(part)
        if norm:
            out.append(norm)
    return out

"""Writes the evaluation suite's data files (CSV, JSON, text) next to this script.

Deterministic: every file comes from a fixed seed and only `random.Random.random()`
(whose Mersenne Twister stream is stable across Python versions), so the committed files
can be checked against a fresh run (test/python/test_eval_files.py). Standard library only.

    python3 eval/files/generate.py          # rewrite the files
    python3 eval/files/generate.py --check  # exit 1 when a committed file differs
"""

import csv
import io
import json
import math
import os
import random
import sys
from datetime import date, timedelta

HERE = os.path.dirname(os.path.abspath(__file__))


class Rng:
    """A seeded stream with the few draws the generators need, built on random()."""

    def __init__(self, seed):
        self._r = random.Random(seed)

    def random(self):
        return self._r.random()

    def uniform(self, lo, hi):
        return lo + (hi - lo) * self._r.random()

    def integer(self, lo, hi):
        """An integer in [lo, hi], both ends included."""
        return lo + min(int(self._r.random() * (hi - lo + 1)), hi - lo)

    def pick(self, items, weights=None):
        if weights is None:
            return items[self.integer(0, len(items) - 1)]
        x = self._r.random() * sum(weights)
        for item, w in zip(items, weights):
            x -= w
            if x < 0:
                return item
        return items[-1]

    def gauss(self, mu=0.0, sigma=1.0):
        # Box-Muller on two uniform draws (1 - u keeps log away from zero).
        u1, u2 = 1.0 - self._r.random(), self._r.random()
        return mu + sigma * math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)


def _csv(header, rows):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def _json(value):
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _days(start, end):
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)


PRODUCTS = [
    # name, category, list price, unit cost
    ("Widget", "Hardware", 12.50, 7.10),
    ("Gadget", "Electronics", 48.00, 31.20),
    ("Gizmo", "Electronics", 89.90, 52.00),
    ("Sprocket", "Hardware", 4.75, 2.05),
    ("Doohickey", "Home", 23.40, 11.90),
    ("Thingamajig", "Home", 15.00, 9.80),
]
REGIONS = ["North", "South", "East", "West"]
# Orders per month: a seasonal shape with a clear November peak.
MONTH_WEIGHTS = [30, 26, 34, 36, 38, 35, 31, 29, 40, 44, 62, 50]


def sales():
    rng = Rng(101)
    rows = []
    order_id = 1000
    for month, n in enumerate(MONTH_WEIGHTS, start=1):
        for _ in range(n):
            day = rng.integer(1, 28)
            name, _cat, price, _cost = rng.pick(PRODUCTS, [5, 3, 1, 6, 3, 3])
            region = rng.pick(REGIONS, [4, 3, 3, 2])
            units = rng.integer(1, 12)
            discount = rng.pick([0.0, 0.0, 0.0, 0.05, 0.10])
            unit_price = round(price * (1 - discount), 2)
            order_id += 1
            rows.append((order_id, date(2024, month, day).isoformat(), region, name, units, unit_price))
    rows.sort(key=lambda r: (r[1], r[0]))
    return _csv(["order_id", "date", "region", "product", "units", "unit_price"], rows)


def products():
    rows = [(n, c, f"{cost:.2f}") for n, c, _p, cost in PRODUCTS]
    return _csv(["product", "category", "unit_cost"], rows)


FIRST = ["Ana", "Ben", "Chloe", "Dev", "Elif", "Femi", "Gus", "Hana", "Ivo", "Jade", "Kai", "Lena",
         "Milo", "Nora", "Omar", "Pia", "Quinn", "Rosa", "Sami", "Tess"]
LAST = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Silva", "Novak", "Haddad", "Kowalski"]
CITIES = ["Lisbon", "Porto", "Braga", "Coimbra", "Faro"]


def customers_and_orders():
    rng = Rng(202)
    customers = []
    for i in range(1, 61):
        # Unique names: the surname index steps differently for each pass over FIRST.
        name = f"{FIRST[(i - 1) % len(FIRST)]} {LAST[((i - 1) // len(FIRST) + 3 * (i - 1)) % len(LAST)]}"
        city = rng.pick(CITIES, [5, 4, 2, 2, 1])
        signup = date(2022, 1, 1) + timedelta(days=rng.integer(0, 700))
        customers.append((f"C{i:03d}", name, city, signup.isoformat()))
    # Customers C051-C060 never order; a few orders point at ids that do not exist.
    rows = []
    for k in range(1, 241):
        if k % 37 == 0:
            cid = f"C{60 + k // 37:03d}"
        else:
            cid = f"C{rng.integer(1, 50):03d}"
        day = date(2024, 1, 1) + timedelta(days=rng.integer(0, 180))
        amount = round(rng.uniform(8, 140) if rng.random() < 0.85 else rng.uniform(150, 420), 2)
        rows.append((f"O{k:04d}", cid, day.isoformat(), f"{amount:.2f}"))
    return (
        _csv(["customer_id", "name", "city", "signup_date"], customers),
        _csv(["order_id", "customer_id", "order_date", "amount"], rows),
    )


def weather():
    rng = Rng(303)
    rows = []
    dry_streak_start = date(2023, 8, 3)  # a long planted dry spell: 19 days
    for d in _days(date(2023, 1, 1), date(2023, 12, 31)):
        doy = d.timetuple().tm_yday
        temp = 11.5 + 9.0 * math.sin(2 * math.pi * (doy - 110) / 365) + rng.gauss(0, 1.6)
        wet = rng.random() < (0.45 if d.month in (1, 2, 3, 10, 11, 12) else 0.25)
        if dry_streak_start <= d < dry_streak_start + timedelta(days=19):
            wet = False
        precip = round(rng.uniform(0.2, 18.0), 1) if wet else 0.0
        humidity = rng.integer(55, 95) if wet else rng.integer(35, 80)
        t = f"{temp:.1f}"
        h = str(humidity)
        if rng.random() < 0.05:
            t = ""
        if rng.random() < 0.02:
            h = ""
        rows.append((d.isoformat(), t, f"{precip:.1f}", h))
    return _csv(["date", "temp_c", "precip_mm", "humidity_pct"], rows)


def housing():
    rng = Rng(404)
    rows = []
    for i in range(1, 181):
        size = rng.integer(35, 180)
        rooms = max(1, min(6, round(size / 32 + rng.gauss(0, 0.6))))
        age = rng.integer(0, 60)
        dist = round(rng.uniform(0.5, 25.0), 1)
        price = 40 + 2.35 * size + 9.0 * rooms - 0.85 * age - 3.2 * dist + rng.gauss(0, 14)
        rows.append((i, size, rooms, age, f"{dist:.1f}", f"{price:.1f}"))
    return _csv(["house_id", "size_m2", "rooms", "age_years", "distance_km", "price_k"], rows)


def points():
    rng = Rng(505)
    centers = [(-6.0, -4.0, 70), (5.0, -5.5, 50), (-4.5, 6.0, 40), (6.5, 5.0, 20)]
    rows = []
    for cx, cy, n in centers:
        for _ in range(n):
            rows.append((round(cx + rng.gauss(0, 0.9), 3), round(cy + rng.gauss(0, 0.9), 3)))
    # Shuffle so that file order says nothing about the clusters.
    order = sorted(range(len(rows)), key=lambda _i: rng.random())
    return _csv(["x", "y"], [rows[i] for i in order])


CLASSES = ["7A", "7B", "8A", "8B", "9A"]


def clip(v):
    """A score: rounded and kept within 0-100."""
    return max(0, min(100, round(v)))


def students():
    rng = Rng(606)
    rows = []
    ability_shift = {"7A": -3, "7B": 2, "8A": 6, "8B": -1, "9A": 4}
    for i in range(1, 151):
        cls = CLASSES[(i - 1) % len(CLASSES)]
        base = rng.gauss(64 + ability_shift[cls], 11)
        math_s = base + rng.gauss(0, 6)
        phys = 0.8 * base + 12 + rng.gauss(0, 7)
        lit = 55 + 0.3 * base + rng.gauss(0, 12)
        rows.append((f"S{i:03d}", cls, clip(math_s), clip(phys), clip(lit)))
    return _csv(["student_id", "class", "math", "physics", "literature"], rows)


def web_traffic():
    rng = Rng(707)
    shapes = {
        "shop.example": [80, 78, 85, 90, 95, 92, 88, 86, 99, 110, 160, 175],
        "blog.example": [50, 54, 61, 66, 72, 90, 96, 93, 70, 62, 55, 51],
        "docs.example": [120, 131, 140, 128, 119, 101, 92, 97, 136, 139, 133, 104],
    }
    sites = []
    for site, shape in shapes.items():
        months = []
        for m, s in enumerate(shape, start=1):
            months.append({"month": f"2024-{m:02d}", "visits": int(s * 100 + rng.integer(-150, 150))})
        sites.append({"site": site, "monthly_visits": months})
    return _json({"generated_for": "codeact-eval", "year": 2024, "sites": sites})


def company():
    rng = Rng(808)
    depts = [("Engineering", 9, 72000), ("Sales", 7, 54000), ("Support", 6, 41000), ("Finance", 4, 61000)]
    out = []
    emp = 1
    for name, n, base in depts:
        people = []
        for _ in range(n):
            start = date(2015, 1, 1) + timedelta(days=rng.integer(0, 3300))
            people.append({
                "id": f"E{emp:03d}",
                "name": f"{FIRST[(emp * 7) % len(FIRST)]} {LAST[(emp * 3 + emp // len(FIRST)) % len(LAST)]}",
                "title": rng.pick(["Associate", "Specialist", "Senior", "Lead"], [3, 4, 3, 1]),
                "salary": int(round(base * rng.uniform(0.8, 1.45), -2)),
                "start_date": start.isoformat(),
                "remote": rng.random() < 0.35,
            })
            emp += 1
        out.append({"department": name, "budget_eur": base * n * 2, "employees": people})
    return _json({"company": "Example Lda", "departments": out})


MERCHANTS = ["Corner Cafe", "Green Grocer", "City Transit", "Book Nook", "Pharma Plus", "Fuel Stop"]


def transactions():
    rng = Rng(909)
    rows = []
    for _ in range(130):
        d = date(2024, 3, 1) + timedelta(days=rng.integer(0, 60))
        m = rng.pick(MERCHANTS, [6, 5, 4, 2, 2, 3])
        style = rng.integer(0, 4)
        shown = [m, m.upper(), m.lower(), f" {m}", f"{m}  "][style]
        amount = round(rng.uniform(2.5, 95.0), 2)
        rows.append((d.isoformat(), shown, f"{amount:.2f}", "card" if rng.random() < 0.7 else "cash"))
    # Exact duplicate rows (a double export), spread through the file.
    for k in range(14):
        rows.insert(rng.integer(0, len(rows)), rows[(k * 9) % 130])
    return _csv(["date", "merchant", "amount", "method"], rows)


def stock():
    rng = Rng(1010)
    rows = []
    price = 100.0
    d = date(2024, 1, 2)
    while d <= date(2024, 6, 28):
        if d.weekday() < 5:
            drift = 0.0015 if d < date(2024, 3, 11) else (-0.006 if d < date(2024, 4, 16) else 0.003)
            price *= math.exp(drift + rng.gauss(0, 0.012))
            rows.append((d.isoformat(), f"{price:.2f}", rng.integer(80_000, 260_000)))
        d += timedelta(days=1)
    return _csv(["date", "close", "volume"], rows)


def flowers():
    rng = Rng(1111)
    species = [("setosa", 1.5, 0.25, 5.0), ("versicolor", 4.3, 1.3, 5.9), ("virginica", 5.4, 2.0, 6.5)]
    rows = []
    for k in range(120):
        name, pl, pw, sl = species[k % 3]
        row = (
            round(pl + rng.gauss(0, 0.6), 2),
            max(0.1, round(pw + rng.gauss(0, 0.3), 2)),
            round(sl + rng.gauss(0, 0.5), 2),
            name,
            "test" if k % 4 == 3 else "train",
        )
        rows.append(row)
    return _csv(["petal_length", "petal_width", "sepal_length", "species", "split"], rows)


def sensors():
    rng = Rng(1212)
    out = []
    for s, p_missing in (("S1", 0.05), ("S2", 0.25), ("S3", 0.12)):
        for h in range(48):
            v = round(20 + 3 * math.sin(h / 4) + rng.gauss(0, 0.5), 2)
            ts = f"2024-05-{1 + h // 24:02d}T{h % 24:02d}:00:00"
            out.append({"sensor": s, "ts": ts, "value": None if rng.random() < p_missing else v})
    return _json(out)


def server_log():
    rng = Rng(1313)
    ips = ["10.0.0.4", "10.0.0.7", "10.0.0.9", "192.168.1.20", "192.168.1.33"]
    paths = ["/", "/login", "/api/items", "/api/cart", "/static/app.js", "/missing"]
    lines = []
    for k in range(400):
        minute = k * 3 + rng.integer(0, 2)
        hh, mm = divmod(minute, 60)
        ip = rng.pick(ips, [5, 3, 2, 4, 1])
        path = rng.pick(paths, [4, 2, 5, 3, 4, 1])
        status = 404 if path == "/missing" else rng.pick([200, 200, 200, 200, 302, 500])
        level = "ERROR" if status >= 500 else ("WARN" if status == 404 else "INFO")
        ms = rng.integer(3, 900)
        lines.append(f"2024-06-01T{hh:02d}:{mm:02d}:{rng.integer(0, 59):02d} {level} {ip} GET {path} {status} {ms}ms")
    return "\n".join(lines) + "\n"


STORY = """The keeper of the lighthouse on Gull Point kept a ledger of every ship that passed.
In spring the ledger filled slowly, a line or two each evening, and the keeper had time to
paint the railing and mend the nets. In summer the ships came in long grey lines, and the
keeper wrote until the lamp smoked. One autumn night a small boat without a name drifted
past the rocks, and the keeper wrote only one word in the ledger: light. The next morning the
boat was gone, the sea was calm, and the keeper painted the railing again, as keepers do.
"""

WORDS = ["listen", "silent", "enlist", "google", "elgoog", "inlets", "banana", "stone", "tones",
         "notes", "onset", "seton", "apple", "paple", "cat", "act", "tac", "dog", "god", "bird",
         "drib", "night", "thing", "fish", "river", "lemon", "melon", "solemn", "angel", "glean"]


def build_files():
    """{file name: text} for every generated file."""
    customers, orders = customers_and_orders()
    return {
        "sales.csv": sales(),
        "products.csv": products(),
        "customers.csv": customers,
        "orders.csv": orders,
        "weather.csv": weather(),
        "housing.csv": housing(),
        "points.csv": points(),
        "students.csv": students(),
        "web_traffic.json": web_traffic(),
        "company.json": company(),
        "transactions.csv": transactions(),
        "stock.csv": stock(),
        "flowers.csv": flowers(),
        "sensors.json": sensors(),
        "server.log": server_log(),
        "lighthouse.txt": STORY,
        "words.txt": "\n".join(WORDS) + "\n",
    }


def main(argv):
    files = build_files()
    if "--check" in argv:
        stale = []
        for name, text in files.items():
            path = os.path.join(HERE, name)
            if not os.path.exists(path) or open(path, encoding="utf-8", newline="").read() != text:
                stale.append(name)
        if stale:
            print("out of date: " + ", ".join(stale) + " (run python3 eval/files/generate.py)")
            return 1
        return 0
    for name, text in files.items():
        with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    print(f"wrote {len(files)} files to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

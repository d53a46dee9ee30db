"""The evaluation suite's data files (eval/files/) are exactly what the seeded generator
writes, and every task's files exist and stay small."""

import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
FILES = ROOT / "eval" / "files"
sys.path.insert(0, str(FILES))
import generate  # noqa: E402


def test_committed_files_match_the_generator():
    built = generate.build_files()
    for name, text in built.items():
        assert (FILES / name).read_text(encoding="utf-8") == text, f"{name}: run python3 eval/files/generate.py"
    committed = {p.name for p in FILES.iterdir() if p.is_file() and p.name != "generate.py"}
    assert committed == set(built), "files in eval/files/ that the generator does not make"


def test_generator_is_deterministic():
    assert generate.build_files() == generate.build_files()


def test_data_stays_small():
    total = sum(p.stat().st_size for p in FILES.iterdir() if p.is_file())
    assert total < 200_000, total


def test_every_file_is_used_by_a_task():
    used = set()
    for path in (ROOT / "eval" / "tasks").glob("*/*.json"):
        used |= {f["path"] for f in json.loads(path.read_text(encoding="utf-8"))["files"]}
    assert used == set(generate.build_files())

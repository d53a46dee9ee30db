"""Display helpers with Debian's real numpy, pandas, matplotlib and scikit-learn."""

import base64
import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from codeact_runtime import Kernel
from codeact_runtime.display import MAX_ROWS, TEXT_CAP, format_value

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def kernel(tmp_path):
    return Kernel(workspace_dir=str(tmp_path))


def run(kernel, code):
    return json.loads(kernel.run_cell(code))


def decode_png(output):
    assert output["type"] == "png"
    data = base64.b64decode(output["data"])
    assert data.startswith(PNG_MAGIC)
    return data


def test_figures_left_open_become_pngs_and_are_closed(kernel):
    r = run(
        kernel,
        "import matplotlib.pyplot as plt\n"
        "plt.plot([1, 2, 3])\n"
        "fig2 = plt.figure(figsize=(2, 1))\n"
        "plt.bar(['a'], [1])\n"
        "print('drawn')",
    )
    assert r["error"] is None
    pngs = [o for o in r["outputs"] if o["type"] == "png"]
    assert len(pngs) == 2
    for o in pngs:
        decode_png(o)
        assert o["width"] > 0 and o["height"] > 0
    assert plt.get_fignums() == []


def test_plt_show_emits_in_order_and_does_not_duplicate(kernel):
    r = run(kernel, "import matplotlib.pyplot as plt\nprint('before')\nplt.plot([3, 1])\nplt.show()\nprint('after')")
    kinds = [o["type"] if o["type"] != "stream" else o["text"].strip() for o in r["outputs"]]
    assert kinds == ["before", "png", "after"]


def test_displaying_a_figure_value_gives_one_png(kernel):
    r = run(kernel, "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.plot([0, 1])\nfig")
    assert [o["type"] for o in r["outputs"]] == ["png"]
    decode_png(r["outputs"][0])


def test_dataframe_has_html_and_text_with_capped_rows():
    df = pd.DataFrame({"a": np.arange(1000), "b": np.arange(1000) * 2.0})
    out = format_value(df)
    assert out["type"] == "html"
    assert "<table" in out["html"]
    assert out["html"].count("<tr") < MAX_ROWS + 10  # capped, not 1000 rows
    assert "1000 rows" in out["html"]
    assert "[1000 rows]" in out["text"]
    assert "..." in out["text"]


def test_wide_dataframe_caps_columns():
    wide = pd.DataFrame(np.zeros((3, 200)))
    out = format_value(wide)
    assert out["html"].count("<th") < 60
    assert "200 columns" in out["html"]


def test_series_is_rich_too():
    out = format_value(pd.Series([1, 2, 3], name="n"))
    assert out["type"] == "html"
    assert "<table" in out["html"]
    assert out["text"].splitlines()[0].startswith("0")


def test_estimator_display_has_html_and_a_text_form():
    model = make_pipeline(StandardScaler(), LogisticRegression())
    out = format_value(model)
    assert out["type"] == "html"
    assert "LogisticRegression" in out["html"]
    assert "LogisticRegression" in out["text"]


def test_long_repr_is_truncated_with_a_marker():
    out = format_value("x" * (TEXT_CAP * 3))
    assert out["type"] == "text"
    assert len(out["text"]) < TEXT_CAP + 100
    assert "more characters not shown" in out["text"]


def test_numpy_array_is_plain_text():
    assert format_value(np.arange(3)) == {"type": "text", "text": "array([0, 1, 2])"}


def test_broken_repr_does_not_break_the_run(kernel):
    r = run(kernel, "class Bad:\n    def __repr__(self):\n        raise ValueError('no')\nBad()")
    assert r["error"] is None
    assert "repr failed" in r["outputs"][0]["text"]


def test_stream_cap_truncates_with_marker(tmp_path):
    k = Kernel(workspace_dir=str(tmp_path), output_cap=1000)
    r = run(k, "print('y' * 5000)\nprint('later')")
    assert r["truncated"] is True
    assert r["stdout"].startswith("y" * 1000)
    assert "[output truncated" in r["stdout"]
    assert "later" not in r["stdout"]

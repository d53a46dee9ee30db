"""Turning values into outputs the UI can show and the model can read.

Rich forms (HTML, PNG) always come with a plain-text form for the model.
Sizes are capped so one huge value cannot flood the conversation.
"""

import base64
import io

TEXT_CAP = 20_000
MAX_ROWS = 60
MAX_COLS = 20


def cap_text(text, cap=TEXT_CAP):
    if len(text) <= cap:
        return text
    return text[:cap] + f"\n[... {len(text) - cap:,} more characters not shown]"


def safe_repr(obj):
    try:
        return repr(obj)
    except Exception as e:  # a broken __repr__ must not break the run
        return f"<{type(obj).__name__} object (repr failed: {type(e).__name__}: {e})>"


def _is_instance_of(obj, module_prefix, class_name):
    for cls in type(obj).__mro__:
        if cls.__name__ == class_name and cls.__module__.startswith(module_prefix):
            return True
    return False


def figure_png(fig, dpi=100):
    """PNG output of a matplotlib Figure (base64, with pixel size)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight")
    data = buf.getvalue()
    width, height = _png_size(data)
    return {
        "type": "png",
        "data": base64.b64encode(data).decode("ascii"),
        "width": width,
        "height": height,
    }


def _png_size(data):
    # IHDR: width and height are big-endian u32 at bytes 16..24.
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _pandas_output(obj):
    import pandas as pd

    frame = obj.to_frame() if isinstance(obj, pd.Series) else obj
    with pd.option_context("display.max_rows", MAX_ROWS, "display.max_columns", MAX_COLS):
        html = frame.to_html(max_rows=MAX_ROWS, max_cols=MAX_COLS, show_dimensions=True)
        text = obj.to_string(max_rows=MAX_ROWS, **({} if isinstance(obj, pd.Series) else {"max_cols": MAX_COLS}))
    rows = len(obj)
    if rows > MAX_ROWS:
        text += f"\n[{rows} rows]"
    return {"type": "html", "html": cap_text(html, 4 * TEXT_CAP), "text": cap_text(text)}


def format_value(obj):
    """The output for one displayed value (trailing expression or display())."""
    if _is_instance_of(obj, "matplotlib", "Figure"):
        return figure_png(obj)
    if _is_instance_of(obj, "pandas", "DataFrame") or _is_instance_of(obj, "pandas", "Series"):
        try:
            return _pandas_output(obj)
        except Exception:
            pass
    png = _call_repr(obj, "_repr_png_")
    if isinstance(png, bytes):
        width, height = _png_size(png)
        return {"type": "png", "data": base64.b64encode(png).decode("ascii"), "width": width, "height": height}
    html = _call_repr(obj, "_repr_html_")
    if isinstance(html, str) and html:
        return {"type": "html", "html": cap_text(html, 4 * TEXT_CAP), "text": cap_text(safe_repr(obj))}
    return {"type": "text", "text": cap_text(safe_repr(obj))}


def _call_repr(obj, name):
    # Only bound methods on instances: classes expose _repr_html_ as plain functions.
    if isinstance(obj, type):
        return None
    try:
        method = getattr(obj, name, None)
        return method() if callable(method) else None
    except Exception:
        return None


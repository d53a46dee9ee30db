"""Output collection: stdout/stderr and rich outputs, in order, capped and batched.

Every output goes through one OutputSink so the order the code produced is the
order the UI sees. Stream text is merged into the previous chunk of the same
stream and handed to `emit` in batches (by time and size), so a flood of
`print` calls costs a few dozen messages instead of one per line.
"""

import io
import json
import time

DEFAULT_CAP = 1_000_000
FLUSH_INTERVAL_S = 0.05
FLUSH_CHARS = 64_000


def truncation_marker(cap):
    return f"\n[output truncated: more than {cap:,} characters of stdout/stderr]\n"


class OutputSink:
    def __init__(self, emit=None, cap=DEFAULT_CAP):
        self.emit = emit
        self.cap = cap
        self.outputs = []  # everything, for the final result
        self._pending = []  # not yet emitted
        self._pending_chars = 0
        self._last_flush = time.monotonic()
        self.stream_chars = 0
        self.truncated = False
        self.parts = {"stdout": [], "stderr": []}

    def write_stream(self, name, text):
        if not text or self.truncated:
            return
        room = self.cap - self.stream_chars
        if len(text) > room:
            text = text[:room] + truncation_marker(self.cap)
            self.truncated = True
        self.stream_chars += len(text)
        self.parts[name].append(text)
        # Stream chunks are kept as lists of parts (joined when read): `str +=` on a
        # dict value would copy the whole text on every print.
        for queue in (self.outputs, self._pending):
            last = queue[-1] if queue else None
            if last is not None and last["type"] == "stream" and last["name"] == name:
                last["parts"].append(text)
            else:
                queue.append({"type": "stream", "name": name, "parts": [text]})
        self._pending_chars += len(text)
        if (
            self._pending_chars >= FLUSH_CHARS
            or time.monotonic() - self._last_flush >= FLUSH_INTERVAL_S
        ):
            self.flush()

    def add(self, output):
        """A rich output (text/html/png): emitted at once, after any pending text."""
        self.outputs.append(output)
        self._pending.append(dict(output))
        self.flush()

    def flush(self):
        self._last_flush = time.monotonic()
        if not self._pending:
            return
        batch, self._pending, self._pending_chars = self._pending, [], 0
        if self.emit is not None:
            self.emit(json.dumps([joined(o) for o in batch]))

    def text(self, name):
        return "".join(self.parts[name])

    def final_outputs(self):
        return [joined(o) for o in self.outputs]


def joined(output):
    if output["type"] != "stream":
        return output
    return {"type": "stream", "name": output["name"], "text": "".join(output["parts"])}


class CappedStream(io.TextIOBase):
    """A sys.stdout/sys.stderr replacement that writes into an OutputSink."""

    def __init__(self, sink, name):
        self._sink = sink
        self._name = name

    @property
    def encoding(self):
        return "utf-8"

    @property
    def name(self):
        return "<" + self._name + ">"

    def writable(self):
        return True

    def isatty(self):
        return False

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError(f"write() argument must be str, not {type(s).__name__}")
        self._sink.write_stream(self._name, s)
        return len(s)

    def flush(self):
        pass

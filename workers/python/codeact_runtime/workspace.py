"""The /workspace folder: what changed during a run, so the host can persist it."""

import os


def snapshot(root):
    """{relative path: (size, mtime_ns)} for every regular file under root."""
    found = {}
    if not os.path.isdir(root):
        return found
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            full = os.path.join(dirpath, name)
            try:
                st = os.stat(full)
            except OSError:
                continue
            found[os.path.relpath(full, root)] = (st.st_size, st.st_mtime_ns)
    return found


def diff(before, after):
    changed = sorted(p for p, sig in after.items() if before.get(p) != sig)
    deleted = sorted(p for p in before if p not in after)
    return changed, deleted

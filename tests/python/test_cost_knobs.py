# SPDX-License-Identifier: GPL-2.0-only
"""The allocator and the event queue change what a run costs, not what it records (issue 15
item 2): `sipmob run` linked with its allocator (CMake SIPMOB_MALLOC: tcmalloc, the default, or
jemalloc) against the same binary with glibc's malloc and libstdc++'s operator new put first
(LD_PRELOAD of both: tcmalloc and jemalloc also define operator new/delete) and with the other of
tcmalloc and jemalloc put first, and with `--scheduler calendar`.

Run with /usr/bin/python3 -m pytest tests/python/test_cost_knobs.py.
"""

import os
import re
import sqlite3
import subprocess

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BUILD = os.environ.get("SIPMOB_BUILD_DIR", os.path.join(REPO, "build"))
SIPMOB = os.path.join(BUILD, "sipmob")
SCENARIO = os.path.join(REPO, "scenarios", "two-ap-handoff.yaml")

pytestmark = pytest.mark.skipif(not os.access(SIPMOB, os.X_OK), reason=f"{SIPMOB} not built")


def linked_libraries():
    """soname -> path of the libraries the dynamic loader gives build/sipmob."""
    out = subprocess.run(["ldd", SIPMOB], capture_output=True, text=True, check=True).stdout
    return dict(re.findall(r"^\s*(\S+) => (\S+)", out, re.M))


def run(tmp_path, name, *args, env=None):
    """Runs the scenario (12 s), returns (printed lines but the wall-time one, table rows)."""
    db = str(tmp_path / f"{name}.db")
    proc = subprocess.run([SIPMOB, "run", SCENARIO, "--set", "duration=12", "--db", db, *args],
                          capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, **(env or {})))
    assert proc.returncode == 0, proc.stderr
    printed = [line for line in proc.stdout.splitlines() if "wall" not in line]
    conn = sqlite3.connect(db)
    try:
        rows = {}
        for table in ("handoffs", "registrations", "calls", "media"):
            cols = [c[1] for c in conn.execute(f"PRAGMA table_info({table})") if c[1] != "run_id"]
            rows[table] = conn.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
        return printed, rows
    finally:
        conn.close()


ALLOCATORS = ("libtcmalloc_minimal.so.4", "libjemalloc.so.2")
SYMBOLS = ("malloc", "free", "_Znwm", "_ZdlPv", "_ZdlPvm")


def preload_binds(preload, libs):
    """Asserts that with LD_PRELOAD=preload every binding of malloc, free, new and delete in the
    process goes to libs[symbol] (a soname)."""
    probe = subprocess.run([SIPMOB, "--help"], capture_output=True, text=True,
                           env=dict(os.environ, LD_DEBUG="bindings", LD_PRELOAD=preload))
    assert probe.returncode == 0, probe.stderr
    for symbol in SYMBOLS:
        pattern = rf"to \S*/([^/\s]+) \[0\]: normal symbol `{symbol}'"
        bound = set(re.findall(pattern, probe.stderr))
        assert bound == {libs[symbol]}, (symbol, bound)


def test_every_allocator_records_the_same_run(tmp_path):
    libs = linked_libraries()
    linked = [a for a in ALLOCATORS if a in libs]
    if not linked:
        pytest.skip("build/sipmob is not linked with tcmalloc or jemalloc (SIPMOB_MALLOC=system)")
    printed, rows = run(tmp_path, "linked")
    assert len(rows["handoffs"]) == 1 and len(rows["media"]) == 2  # the run has what we compare
    glibc = f"{libs['libc.so.6']} {libs['libstdc++.so.6']}"
    variants = {"glibc": glibc}
    for other in ALLOCATORS:
        path = f"/usr/lib/x86_64-linux-gnu/{other}"
        if other not in linked and os.path.exists(path):
            variants[other] = path
    for name, preload in variants.items():
        if name == "glibc":
            preload_binds(preload, {"malloc": "libc.so.6", "free": "libc.so.6",
                                    "_Znwm": "libstdc++.so.6", "_ZdlPv": "libstdc++.so.6",
                                    "_ZdlPvm": "libstdc++.so.6"})
        else:
            preload_binds(preload, dict.fromkeys(SYMBOLS, name))
        assert run(tmp_path, name, env={"LD_PRELOAD": preload}) == (printed, rows), name


def test_calendar_scheduler_records_the_same_run(tmp_path):
    base = run(tmp_path, "map")
    assert run(tmp_path, "calendar", "--scheduler", "calendar") == base


def test_unknown_scheduler_is_refused():
    proc = subprocess.run([SIPMOB, "run", SCENARIO, "--scheduler", "fifo"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode != 0
    assert "--scheduler" in proc.stderr and "fifo" in proc.stderr

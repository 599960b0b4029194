# SPDX-License-Identifier: GPL-2.0-only
"""What `sipmob run` prints and stores for a hand-off that stranded a call in setup (trial report
s8, finding 8): the hand-off row is `setup-stranded` with calls_in_setup 1, not `completed`, and
the media line says how many packets never arrived besides RFC 3550's cumulative loss (0 here:
nothing arrived, so nothing was expected). doc/results-schema.md, "A call in setup at the move"
and "The run summary".

Run with /usr/bin/python3 -m pytest tests/python/test_run_summary.py.
"""

import os
import re
import sqlite3
import subprocess

import pytest

from sipmob_build import REPO, SIPMOB

pytestmark = pytest.mark.skipif(not os.access(SIPMOB, os.X_OK), reason=f"{SIPMOB} not built")

STRANDED = os.path.join(REPO, "tests", "data", "scenarios", "call-in-setup-at-move.yaml")


def sipmob(*args):
    env = dict(os.environ, SIPMOB_SOURCE_DIR=REPO)
    return subprocess.run([SIPMOB, *args], capture_output=True, text=True, timeout=300, env=env)


def test_a_call_stuck_in_setup_is_not_a_completed_handoff(tmp_path):
    db = str(tmp_path / "r.db")
    res = sipmob("run", STRANDED, "--db", db)
    assert res.returncode == 0, res.stderr
    # 2001 answered and sent 796 packets to the caller's old address; none arrived, and RFC
    # 3550's loss of a stream of which nothing arrived is 0.
    m = re.search(r"media: (\d+) sent, (\d+) received, (\d+) not received "
                  r"\(RFC 3550 lost: (\d+)\)", res.stdout)
    assert m, res.stdout
    sent, received, not_received, lost = map(int, m.groups())
    assert (sent, received, not_received, lost) == (796, 0, 796, 0), res.stdout
    rows = [line.split() for line in res.stdout.splitlines() if re.match(r"\s*1 1001@", line)]
    assert len(rows) == 1 and rows[0][-1] == "setup-stranded", res.stdout
    conn = sqlite3.connect(db)
    try:
        status, in_setup, total, resume = conn.execute(
            "SELECT status, calls_in_setup, total_ms, resume_ms FROM handoffs").fetchone()
        answered = conn.execute("SELECT t_answered, final_status FROM calls "
                                "WHERE ua = 'sip:1001@net1.example.org'").fetchone()
    finally:
        conn.close()
    assert (status, in_setup) == ("setup-stranded", 1)
    assert total is None and resume is None  # no call was moved: no re-INVITE, no media
    assert answered == (None, 0)


def test_the_seed_summary_counts_add_up():
    res = sipmob("run", os.path.join(REPO, "scenarios", "seed-testbed.yaml"))
    assert res.returncode == 0, res.stderr
    m = re.search(r"media: (\d+) sent, (\d+) received, (\d+) not received "
                  r"\(RFC 3550 lost: (\d+)\)", res.stdout)
    assert m, res.stdout
    sent, received, not_received, lost = map(int, m.groups())
    assert not_received == sent - received
    # The mobile's stream skipped the sequence numbers of the frames it could not send while it
    # had no address: RFC 3550 counts them, `sent` does not.
    assert lost > not_received

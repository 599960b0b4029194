# SPDX-License-Identifier: GPL-2.0-only
"""Media-stream attributes of one user agent (`--set ua@USER.media.NAME`, `attributes: {media.X}`)."""

import os
import sqlite3
import subprocess

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BUILD = os.environ.get("SIPMOB_BUILD_DIR", os.path.join(REPO, "build"))
SIPMOB = os.path.join(BUILD, "sipmob")
SEED = os.path.join(REPO, "scenarios", "seed-testbed.yaml")

pytestmark = pytest.mark.skipif(not os.access(SIPMOB, os.X_OK), reason=f"{SIPMOB} not built")


def media(tmp_path, name, *sets):
    db = str(tmp_path / f"{name}.db")
    args = [a for s in sets for a in ("--set", s)]
    r = subprocess.run([SIPMOB, "run", SEED, "--set", "duration=30", *args, "--db", db,
                        "--quiet"], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    conn = sqlite3.connect(db)
    try:
        return {ua: m for ua, m in conn.execute("SELECT ua, mouth_to_ear_ms FROM media")}
    finally:
        conn.close()


def test_the_playout_delay_of_one_ua_moves_only_what_it_hears(tmp_path):
    fixed = "ua@1001.media.PlayoutBuffer=fixed"
    short = media(tmp_path, "short", fixed, "ua@1001.media.PlayoutDelay=80ms")
    long = media(tmp_path, "long", fixed, "ua@1001.media.PlayoutDelay=240ms")
    mobile, far = "sip:1001@net1.example.org", "sip:3001@net3.example.org"
    # A fixed buffer adds its delay to every frame played at 1001 (G.107 Ta): +160 ms.
    assert long[mobile] - short[mobile] == pytest.approx(160, abs=0.5)
    assert long[far] == short[far]  # 3001 keeps the default buffer


def test_a_bad_media_attribute_is_refused_with_its_key(tmp_path):
    r = subprocess.run([SIPMOB, "run", SEED, "--set", "ua@1001.media.PlayoutBuffer=huge"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "user_agents" in r.stderr and "PlayoutBuffer" in \
        r.stderr, r.stderr

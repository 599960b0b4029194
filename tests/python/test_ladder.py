# SPDX-License-Identifier: GPL-2.0-only
"""`sipmob run --trace-sip` (table sip_messages) and `sipmob ladder` through the real binary.

The seed testbed with the outbound-proxy model, cut after the first hand-off (net1 -> net2 at
~39 s): the mobile's REGISTER goes through the visited marshal, both gateways and the home marshal
to the home registrar, its re-INVITE through the marshals and gateways to the far end.
"""

import csv
import os
import sqlite3
import subprocess

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BUILD = os.environ.get("SIPMOB_BUILD_DIR", os.path.join(REPO, "build"))
SIPMOB = os.path.join(BUILD, "sipmob")
SEED = os.path.join(REPO, "scenarios", "seed-testbed.yaml")
CUT = ["--set", "duration=45", "--model", "outbound-proxy"]

pytestmark = pytest.mark.skipif(not os.access(SIPMOB, os.X_OK), reason=f"{SIPMOB} not built")


def sipmob(*args, timeout=300):
    env = dict(os.environ, SIPMOB_SOURCE_DIR=REPO)
    return subprocess.run([SIPMOB, *args], capture_output=True, text=True, timeout=timeout,
                          env=env)


def rows(db, sql, params=()):
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


def _has_matplotlib():
    probe = subprocess.run(["/usr/bin/python3", "-c", "import matplotlib"], capture_output=True)
    return probe.returncode == 0


@pytest.fixture(scope="module")
def traced(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("ladder") / "t.db")
    r = sipmob("run", SEED, *CUT, "--trace-sip=full", "--db", db, "--quiet")
    assert r.returncode == 0, r.stderr
    return db


def test_every_hop_has_a_send_and_a_receipt_with_the_same_message(traced):
    msgs = rows(traced, "SELECT * FROM sip_messages ORDER BY seq")
    assert len(msgs) > 100
    assert [m["seq"] for m in msgs] == list(range(len(msgs)))
    assert all(m["t"] <= n["t"] for m, n in zip(msgs, msgs[1:]))  # in the order they happened
    key = ("dst", "first_line", "call_id", "cseq", "branch", "bytes")
    tx = sorted(tuple(m[k] for k in key) for m in msgs if m["direction"] == "tx")
    rx = sorted(tuple(m[k] for k in key) for m in msgs if m["direction"] == "rx")
    assert tx == rx  # no loss on the seed testbed's links: each datagram sent was received
    for m in msgs:
        assert m["text"].startswith(m["first_line"] + "\r\n")
        assert ("Call-ID: " + m["call_id"]) in m["text"]
        assert (m["status"] is None) == (not m["first_line"].startswith("SIP/2.0 "))


def test_the_register_after_the_move_crosses_visited_and_home_networks(traced):
    h = rows(traced, "SELECT * FROM handoffs WHERE seq = 0")[0]
    assert (h["from_network"], h["to_network"], h["status"]) == ("net1", "net2", "completed")
    sent = rows(traced, "SELECT * FROM sip_messages WHERE entity = 'ua:1001@net1' AND "
                "direction = 'tx' AND method = 'REGISTER' AND t = ?", (h["t_register_sent"],))
    assert len(sent) == 1 and sent[0]["src"].startswith(h["new_address"] + ":")
    reg = sent[0]
    path = rows(traced, "SELECT entity FROM sip_messages WHERE direction = 'rx' AND call_id = ? "
                "AND cseq = ? AND method = 'REGISTER' AND status IS NULL AND t >= ? ORDER BY seq",
                (reg["call_id"], reg["cseq"], reg["t"]))
    # Outbound proxy: the visited marshal asks its registrar (302: not ours), then relays it home.
    assert [p["entity"] for p in path] == [
        "marshal@net2", "redirect@net2", "gateway@net2>net1", "gateway@net1>net2", "marshal@net1",
        "redirect@net1"]
    ok = rows(traced, "SELECT * FROM sip_messages WHERE entity = 'ua:1001@net1' AND "
              "direction = 'rx' AND call_id = ? AND cseq = ? AND status = 200",
              (reg["call_id"], reg["cseq"]))
    assert len(ok) == 1 and ok[0]["t"] == pytest.approx(h["t_register_ok"], abs=1e-9)
    assert ok[0]["branch"] == reg["branch"]  # the mobile's own transaction


def test_the_reinvite_reaches_the_far_end_and_its_2xx_comes_back(traced):
    h = rows(traced, "SELECT * FROM handoffs WHERE seq = 0")[0]
    inv = rows(traced, "SELECT * FROM sip_messages WHERE entity = 'ua:1001@net1' AND "
               "direction = 'tx' AND method = 'INVITE' AND t = ?", (h["t_reinvite_sent"],))
    assert len(inv) == 1 and inv[0]["call_id"] == h["call_id"]
    hops = rows(traced, "SELECT entity FROM sip_messages WHERE direction = 'rx' AND call_id = ? "
                "AND cseq = ? AND first_line LIKE 'INVITE %' ORDER BY seq",
                (inv[0]["call_id"], inv[0]["cseq"]))
    assert [p["entity"] for p in hops] == [
        "marshal@net2", "marshal@net1", "gateway@net1>net3", "gateway@net3>net1", "marshal@net3",
        "ua:3001@net3"]
    ok = rows(traced, "SELECT t FROM sip_messages WHERE entity = 'ua:1001@net1' AND "
              "direction = 'rx' AND call_id = ? AND cseq = ? AND status = 200",
              (inv[0]["call_id"], inv[0]["cseq"]))
    assert [o["t"] for o in ok] == [pytest.approx(h["t_reinvite_ok"], abs=1e-9)]


def test_without_the_flag_no_messages_are_recorded_and_the_ladder_says_so(tmp_path):
    db = str(tmp_path / "plain.db")
    r = sipmob("run", SEED, "--set", "duration=5", "--db", db, "--quiet")
    assert r.returncode == 0, r.stderr
    assert rows(db, "SELECT count(*) AS n FROM sip_messages") == [{"n": 0}]
    out = sipmob("ladder", db, "--run", "1", "--out", str(tmp_path / "l.png"))
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "--trace-sip" in out.stderr
    bad = sipmob("run", SEED, "--trace-sip=everything", "--db", db)
    assert bad.returncode != 0 and "trace-sip" in bad.stderr


@pytest.mark.skipif(not _has_matplotlib(), reason="/usr/bin/python3 lacks matplotlib")
def test_ladder_of_a_handoff_draws_the_messages_of_the_rows(traced, tmp_path):
    out = tmp_path / "handoff.png"
    r = sipmob("ladder", traced, "--run", "1", "--handoff", "0", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    drawn = list(csv.DictReader(open(str(out) + ".csv")))
    msgs = {m["seq"]: m for m in rows(traced, "SELECT * FROM sip_messages")}
    h = rows(traced, "SELECT * FROM handoffs WHERE seq = 0")[0]
    arrows = [d for d in drawn if d["kind"] == "sip"]
    for a in arrows:  # each arrow joins a send to its receipt, as recorded
        tx, rx = msgs[int(a["tx_seq"])], msgs[int(a["rx_seq"])]
        assert (tx["direction"], rx["direction"]) == ("tx", "rx")
        assert (a["from"], a["to"]) == (tx["entity"], rx["entity"])
        assert tx["first_line"] == rx["first_line"] and tx["branch"] == rx["branch"] == a["branch"]
        assert float(a["t_start"]) == pytest.approx(tx["t"]) and \
            float(a["t_end"]) == pytest.approx(rx["t"])
        assert a["label"].split()[0] in tx["first_line"]
    # Every hop of the register and re-INVITE transactions is drawn, in time order.
    expected = [m for m in msgs.values() if m["direction"] == "tx" and
                h["t_link_lost"] <= m["t"] <= h["t_reinvite_ok"]]
    assert {int(a["tx_seq"]) for a in arrows} >= {m["seq"] for m in expected}
    times = [float(d["t_start"]) for d in drawn if d["kind"] != "span"]
    assert times == sorted(times)
    spans = {d["label"].rsplit(" ", 2)[0]: d for d in drawn if d["kind"] == "span"}
    assert {"L2", "DHCP", "detection", "registration", "re-INVITE", "total"} <= set(spans)
    assert float(spans["total"]["t_end"]) - float(spans["total"]["t_start"]) == pytest.approx(
        h["total_ms"] / 1000)
    assert [d["label"] for d in drawn if d["kind"] == "rtp"][:1] != []  # RTP around the gap
    # The call alone, and a window; a bad selection is one line, exit 2.
    call = sipmob("ladder", traced, "--run", "1", "--call", h["call_id"], "--out",
                  str(tmp_path / "call.svg"))
    assert call.returncode == 0, call.stderr
    call_rows = list(csv.DictReader(open(str(tmp_path / "call.svg") + ".csv")))
    assert call_rows and {d["call_id"] for d in call_rows} == {h["call_id"]}
    none = sipmob("ladder", traced, "--run", "1", "--handoff", "7", "--out",
                  str(tmp_path / "x.png"))
    assert none.returncode == 2 and "no hand-off 7" in none.stderr

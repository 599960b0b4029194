# SPDX-License-Identifier: GPL-2.0-only
"""`sipmob.run(..., trace_sip=...)`: the SIP messages of a run (table sip_messages) from Python.

The seed testbed with the outbound-proxy model, cut after the first hand-off (net1 -> net2 at
~39 s), as in test_ladder.py: the mobile's REGISTER from the visited network goes through the
visited marshal, its registrar (302), both gateways and the home marshal to the home registrar.
"""

import os
import sqlite3
import subprocess

import pytest

from sipmob_build import REPO, SIPMOB, import_sipmob

sipmob = import_sipmob()

SEED = os.path.join(REPO, "scenarios", "seed-testbed.yaml")
CUT = {"duration": 45}
MODEL = "outbound-proxy"


@pytest.fixture(scope="module")
def full():
    return sipmob.run(SEED, CUT, model=MODEL, trace_sip="full")


@pytest.fixture(scope="module")
def plain():
    return sipmob.run(SEED, CUT, model=MODEL)


def test_the_register_after_the_move_crosses_visited_and_home_networks(full):
    h = full.handoffs[0]
    assert (h.from_network, h.to_network, h.status) == ("net1", "net2", "completed")
    msgs = full.sip_messages
    sent = [m for m in msgs if m.entity == "ua:1001@net1" and m.direction == "tx"
            and m.method == "REGISTER" and m.t == h.t_register_sent]
    assert len(sent) == 1 and sent[0].src.startswith(h.new_address + ":")
    reg = sent[0]
    path = [m.entity for m in msgs if m.direction == "rx" and m.call_id == reg.call_id
            and m.cseq == reg.cseq and m.method == "REGISTER" and m.status is None
            and m.t >= reg.t]
    assert path == ["marshal@net2", "redirect@net2", "gateway@net2>net1", "gateway@net1>net2",
                    "marshal@net1", "redirect@net1"]
    ok = [m for m in msgs if m.entity == "ua:1001@net1" and m.direction == "rx"
          and m.call_id == reg.call_id and m.cseq == reg.cseq and m.status == 200]
    assert len(ok) == 1 and ok[0].t == pytest.approx(h.t_register_ok, abs=1e-9)
    assert ok[0].branch == reg.branch
    # full: the whole message, its first line first
    assert reg.text.startswith(reg.first_line + "\r\n")
    assert ("Call-ID: " + reg.call_id) in reg.text


def test_tracing_changes_no_other_record(full, plain):
    assert plain.sip_messages == [] and plain.trace_sip == ""
    assert full.trace_sip == "full" and len(full.sip_messages) > 100
    for name in ("handoffs", "registrations", "calls", "media"):
        assert [r.to_dict() for r in getattr(full, name)] == \
            [r.to_dict() for r in getattr(plain, name)], name


def test_headers_only_leaves_the_text_out():
    res = sipmob.run(SEED, {"duration": 12}, model=MODEL, trace_sip=True)
    assert res.trace_sip == "headers" and res.sip_messages
    assert all(m.text is None for m in res.sip_messages)
    assert {m.method for m in res.sip_messages} >= {"REGISTER", "INVITE", "ACK"}


def test_dataframe_has_one_row_per_message_with_the_schema_columns(full, plain):
    pytest.importorskip("pandas")
    frame = full.to_dataframes()["sip_messages"]
    assert list(frame.columns) == ["seq", *sipmob.SipMessageRecord.fields]
    assert len(frame) == len(full.sip_messages)
    assert list(frame["seq"]) == list(range(len(frame)))
    assert list(frame["first_line"]) == [m.first_line for m in full.sip_messages]
    empty = plain.to_dataframes()["sip_messages"]
    assert len(empty) == 0 and list(empty.columns) == list(frame.columns)


@pytest.mark.skipif(not os.access(SIPMOB, os.X_OK), reason=f"{SIPMOB} not built")
def test_the_rows_are_those_of_sipmob_run_trace_sip(full, tmp_path):
    db = str(tmp_path / "t.db")
    r = subprocess.run([SIPMOB, "run", SEED, "--set", "duration=45", "--model", MODEL,
                        "--trace-sip=full", "--db", db, "--quiet"], capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        rows = [dict(row) for row in conn.execute("SELECT * FROM sip_messages ORDER BY seq")]
    finally:
        conn.close()
    fields = sipmob.SipMessageRecord.fields
    assert [{f: row[f] for f in fields} for row in rows] == \
        [m.to_dict() for m in full.sip_messages]


@pytest.mark.parametrize("bad", ["yes", "Full", 1, 0.5, ["full"]])
def test_an_unknown_trace_sip_value_is_refused_before_running(bad):
    with pytest.raises(ValueError, match="trace_sip must be None, False, True, 'headers' or "
                                         "'full'"):
        sipmob.run(SEED, CUT, trace_sip=bad)

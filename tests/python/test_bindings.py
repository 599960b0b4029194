# SPDX-License-Identifier: GPL-2.0-only
"""The `sipmob` Python module: scenario loading, errors, simulation runs.

Run: PYTHONPATH=build/python /usr/bin/python3 -m pytest tests/python
The module is looked up in $SIPMOB_BUILD_DIR/python (default <repo>/build/python).
"""

import os
import sys
import threading
import time

import pytest

from sipmob_build import REPO, import_sipmob

sipmob = import_sipmob()

SEED = os.path.join(REPO, "scenarios", "seed-testbed.yaml")
SMALL = os.path.join(REPO, "tests", "python", "data", "two-static.yaml")

# A valid scenario that the broken ones below differ from by one line.
BASE = """\
name: broken
duration: 10
networks:
  - name: net1
    prefix: 10.1.0.0
    subscribers: ["1000-1001"]
    dial_plan:
      - {pattern: "2xxx", network: net2}
  - name: net2
    prefix: 10.2.0.0
    subscribers: ["2000-2001"]
wan_links:
  - {a: net1, b: net2}
user_agents:
  - user: "1000"
    network: net1
"""


def write(tmp_path, text, name="s.yaml"):
    """Write a scenario file; return its path as str."""
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def line_of(text, needle):
    """1-based number of the first line of text containing needle."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the scenario")


# --- records (no simulation) ---------------------------------------------------------------

def test_handoff_components_follow_the_timestamps():
    h = sipmob.HandoffRecord()
    assert h.t_link_lost is None
    assert all(getattr(h, f) is None for f in ["l2_ms", "dhcp_ms", "detection_ms",
                                               "registration_ms", "reinvite_ms",
                                               "media_gap_down_ms", "media_gap_up_ms",
                                               "total_ms"])
    h.t_link_lost = 30.0
    h.t_associated = 30.25
    h.t_lease = 30.5
    assert h.l2_ms == pytest.approx(250.0)
    assert h.dhcp_ms == pytest.approx(250.0)
    assert h.detection_ms is None  # never a made-up number
    assert h.total_ms is None
    h.t_media_down = 31.5
    assert h.total_ms == pytest.approx(1500.0)
    d = h.to_dict()
    assert list(d) == list(sipmob.HandoffRecord.fields)
    assert d["l2_ms"] == pytest.approx(250.0) and d["reinvite_ms"] is None
    assert "l2_ms=250.0" in repr(h)


def test_record_fields_are_snake_case():
    assert sipmob.RegistrationRecord.fields == ("ua", "contact", "via", "model", "t_sent",
                                                "t_final", "status", "expires")
    assert "call_id" in sipmob.CallRecord.fields and "final_status" in sipmob.CallRecord.fields
    assert "mean_delay_ms" in sipmob.MediaRecord.fields


def test_record_classes_follow_the_one_schema():
    """Bindings, analysis/sipmob_schema.py and the DDL come from helper/results/results-schema.cc:
    each record class has exactly the columns of its table after run_id and seq."""
    sys.path.insert(0, os.path.join(REPO, "analysis"))
    import sipmob_schema

    assert sipmob._sipmob.schema_sql == sipmob_schema.SCHEMA_SQL
    for table, cls in [("handoffs", sipmob.HandoffRecord),
                       ("registrations", sipmob.RegistrationRecord),
                       ("calls", sipmob.CallRecord), ("media", sipmob.MediaRecord)]:
        assert sipmob_schema.TABLES[table][:2] == ("run_id", "seq")
        assert cls.fields == sipmob_schema.TABLES[table][2:], table
    # Components between stored instants are derived; the outage as heard is measured (its start,
    # the last packet heard at any address, is not one of the stored instants), and so is the
    # scan time inside L2 (the station's own scan durations).
    assert set(sipmob.HandoffRecord.derived) == {
        c for c in sipmob.HandoffRecord.fields
        if c.endswith("_ms") and not c.startswith("outage_") and c != "scan_ms"}
    c = sipmob.CallRecord()
    c.outgoing = True
    assert c.outgoing is True
    with pytest.raises(TypeError):
        c.ua = 3
    with pytest.raises(AttributeError):
        sipmob.HandoffRecord().l2_ms = 1.0


# --- load_scenario -------------------------------------------------------------------------

def test_load_seed_scenario():
    cfg = sipmob.load_scenario(SEED)
    assert cfg["name"] == "seed-testbed"
    assert cfg["duration"] == 120.0
    assert cfg["model"] == "home-only"
    assert [n["name"] for n in cfg["networks"]] == ["net1", "net2", "net3"]
    net1 = cfg["networks"][0]
    assert net1["domain"] == "net1.example.org"
    assert net1["prefix"] == "10.1.0.0"
    # 1000-1009, plus 1999: the host subscriber of real-time runs
    assert [s["user"] for s in net1["subscribers"]] == [str(u) for u in range(1000, 1010)] + ["1999"]
    assert net1["dial_plan"][0] == {"pattern": "2xxx", "network": "net2"}
    assert net1["access_points"] == [{"x": 0.0, "y": 0.0, "channel": 1}]
    assert cfg["networks"][2]["access_points"] == []
    assert len(cfg["wan_links"]) == 3
    assert cfg["wan_links"][0] == {"a": "net1", "b": "net2", "delay_ms": 10.0,
                                   "data_rate": "10Mbps", "port_a": 5065, "port_b": 5066}
    uas = {u["user"]: u for u in cfg["user_agents"]}
    assert uas["3001"]["mobile"] is False and uas["3001"]["network"] == "net3"
    mobile = uas["1001"]
    assert mobile["mobile"] is True
    assert [w["t"] for w in mobile["path"]] == [0.0, 10.0, 50.0, 60.0, 100.0]
    assert mobile["calls"] == [{"at": 5.0, "callee": "3001", "duration": 100.0}]
    assert cfg["wifi"]["max_missed_beacons"] == 3
    assert cfg["attributes"]["dhcp.Collect"] == "50ms"
    assert cfg["attributes"]["ua.PollInterval"] == "1s"


def test_external_peers_are_in_the_config():
    """scenarios/external-peer.yaml: the peer, a dial-plan entry naming it, a UA registered at it."""
    cfg = sipmob.load_scenario(os.path.join(REPO, "scenarios", "external-peer.yaml"))
    assert cfg["external_peers"] == [{"name": "kamailio", "address": "10.1.0.200", "port": 5080,
                                      "domain": "kamailio.example.org", "network": "net1",
                                      "gateway_port": 0}]
    assert cfg["networks"][0]["dial_plan"][1] == {"pattern": "4xxx", "peer": "kamailio"}
    assert cfg["networks"][1]["dial_plan"][1] == {"pattern": "4xxx", "network": "net1"}
    uas = {u["user"]: u for u in cfg["user_agents"]}
    assert uas["1002"]["registrar"] == "kamailio"
    assert "registrar" not in uas["3001"]


def test_load_applies_overrides():
    cfg = sipmob.load_scenario(SMALL, {"duration": 30, "wan_links.0.delay_ms": 25.5,
                                       "networks.1.dns": False})
    assert cfg["duration"] == 30.0
    assert cfg["wan_links"][0]["delay_ms"] == 25.5
    assert cfg["networks"][1]["dns"] is False
    assert cfg["networks"][0]["dns"] is True


def test_bad_override_is_a_scenario_error():
    with pytest.raises(sipmob.ScenarioError, match=r"two-static\.yaml: --set nope\.x=1: nope: unknown key"):
        sipmob.load_scenario(SMALL, {"nope.x": 1})


def test_scenario_error_is_a_value_error():
    assert issubclass(sipmob.ScenarioError, ValueError)


def test_unreadable_file(tmp_path):
    missing = str(tmp_path / "missing.yaml")
    with pytest.raises(sipmob.ScenarioError) as err:
        sipmob.load_scenario(missing)
    assert str(err.value) == f"{missing}: cannot read the file"


@pytest.mark.parametrize("old,new,marker,message", [
    ("    prefix: 10.2.0.0\n", "    prefix: 10.2.0.0\n    colour: blue\n", "colour",
     "networks[1].colour: unknown key (expected one of: "),
    ("duration: 10\n", "duration: soon\n", "duration",
     "duration: wrong type: 'soon' is not a number"),
    ("    network: net1\n", "    network: net9\n", "net9",
     "user_agents[0].network: network 'net9' does not exist"),
    ('      - {pattern: "2xxx", network: net2}\n', '      - {pattern: "2xxx", network: net7}\n',
     "net7", "networks[0].dial_plan[0].network: network 'net7' does not exist"),
])
def test_broken_scenario_names_file_line_key(tmp_path, old, new, marker, message):
    assert old in BASE
    text = BASE.replace(old, new)
    path = write(tmp_path, text)
    with pytest.raises(sipmob.ScenarioError) as err:
        sipmob.load_scenario(path)
    text_of_error = str(err.value)
    assert "\n" not in text_of_error
    assert text_of_error.startswith(f"{path}:{line_of(text, marker)}: {message}"), text_of_error


@pytest.mark.parametrize("old,new,marker,message", [
    # Every number finite and in range (a NaN coordinate used to crash ns-3's Wi-Fi code).
    ("    prefix: 10.2.0.0\n", "    prefix: 10.2.0.0\n    access_points: [{x: .nan, y: 0}]\n",
     ".nan", "networks[1].access_points[0].x: must be a finite number (got '.nan')"),
    ("    prefix: 10.2.0.0\n", "    prefix: 10.2.0.0\n    access_points: [{x: 0, y: .inf}]\n",
     ".inf", "networks[1].access_points[0].y: must be a finite number (got '.inf')"),
    ("    prefix: 10.2.0.0\n", "    prefix: 10.2.0.0\n    access_points: [{x: 2e9}]\n",
     "2e9", "networks[1].access_points[0].x: must be in [-1e+06, 1e+06] m"),
    # 802.11b channels 1-13 (issue 15); none: the default 1/6/11 plan
    ("    prefix: 10.2.0.0\n", "    prefix: 10.2.0.0\n    access_points: [{x: 0, channel: 14}]\n",
     "channel: 14", "networks[1].access_points[0].channel: must be an 802.11b channel 1-13 (got 14)"),
    ("    prefix: 10.2.0.0\n", "    prefix: 10.2.0.0\n    access_points: [{x: 0, channel: 0}]\n",
     "channel: 0", "networks[1].access_points[0].channel: must be an 802.11b channel 1-13 (got 0)"),
    ("    prefix: 10.2.0.0\n", "    prefix: 10.2.0.0\n    access_points: [{x: 0, channel: six}]\n",
     "six", "networks[1].access_points[0].channel: wrong type: 'six' is not an integer"),
    ("duration: 10\n", "duration: -.inf\n", "duration",
     "duration: must be a finite number (got '-.inf')"),
    # Time values checked before ns-3's parser aborts on them.
    ("duration: 10\n", "duration: 10\nattributes:\n  ua.PollInterval: soon\n", "PollInterval",
     "attributes.ua.PollInterval: 'soon' is not a valid value for "
     "ns3::SipUserAgent::PollInterval: not a time"),
    # Numbers and object values whose ns-3 parsers abort on bad text (attribute-check.h).
    ("duration: 10\n", "duration: 10\ndefaults:\n  ns3::WifiPhy::RxGain: nan\n", "RxGain",
     "defaults.ns3::WifiPhy::RxGain: 'nan' is not a valid value for ns3::WifiPhy::RxGain: "
     "not a finite number"),
    ("duration: 10\n", "duration: 10\ndefaults:\n  ns3::YansWifiChannel::PropagationDelayModel: "
     "ns3::Nope\n", "Nope",
     "defaults.ns3::YansWifiChannel::PropagationDelayModel: 'ns3::Nope' is not a valid value for "
     "ns3::YansWifiChannel::PropagationDelayModel: unknown type 'ns3::Nope'"),
    ('      - {pattern: "2xxx", network: net2}\n', '      - {pattern: "re:([", network: net2}\n',
     "re:([", "networks[0].dial_plan[0].pattern: 're:([': "),
    ("user_agents:\n  - user: \"1000\"\n    network: net1\n",
     "user_agents:\n  - user: \"1000\"\n    network: net1\n    calls: [{at: 1, callee: \"a b\"}]\n",
     "callee", "user_agents[0].calls[0].callee: 'a b' is not a user ID or user@domain"),
    # String attributes the entity parses itself.
    ("duration: 10\n", "duration: 10\nattributes:\n  ua.Calls: soon 1001 5s\n", "Calls",
     "attributes.ua.Calls: 'soon 1001 5s': entry 'soon 1001 5s' is not 'AT CALLEE DURATION'"),
    ("duration: 10\n", "duration: 10\nattributes:\n  ua.DetectionMode: sometimes\n",
     "DetectionMode", "attributes.ua.DetectionMode: 'sometimes': expected poll or event"),
    # Names: ASCII only, shown escaped and short.
    ("  - name: net2\n", "  - name: r\u00e9seau\n", "seau",
     "networks[1].name: 'r\\xc3\\xa9seau' is not a valid name"),
    # Documented limit: 100,000 user IDs per range.
    ('    subscribers: ["2000-2001"]\n', '    subscribers: ["100000-200000"]\n', "200000",
     "networks[1].subscribers[0]: range '100000-200000' holds 100001 user IDs; the limit is "
     "100000"),
    ("wan_links:\n  - {a: net1, b: net2}\n", "wan_links:\n  - {a: net1, b: net2, data_rate: fast}\n",
     "fast", "wan_links[0].data_rate: 'fast' is not a data rate"),
])
def test_bad_values_are_scenario_errors(tmp_path, old, new, marker, message):
    assert old in BASE
    text = BASE.replace(old, new)
    path = write(tmp_path, text)
    with pytest.raises(sipmob.ScenarioError) as err:
        sipmob.load_scenario(path)
    text_of_error = str(err.value)
    assert "\n" not in text_of_error and len(text_of_error) < 300
    assert text_of_error.startswith(f"{path}:{line_of(text, marker)}: {message}"), text_of_error


def test_bad_overrides_and_files_are_scenario_errors(tmp_path):
    path = write(tmp_path, BASE)
    with pytest.raises(sipmob.ScenarioError, match=r"--set duration=\.nan: duration: must be a "
                                                   r"finite number"):
        sipmob.load_scenario(path, {"duration": ".nan"})
    with pytest.raises(sipmob.ScenarioError, match=r"--set ua.PollInterval=soon: .* not a time"):
        sipmob.run(path, {"ua.PollInterval": "soon"})
    with pytest.raises(sipmob.ScenarioError, match=r"is a directory, not a scenario file"):
        sipmob.load_scenario(str(tmp_path))
    ok = BASE.replace('["2000-2001"]', '["100000-199999"]')
    assert len(sipmob.load_scenario(write(tmp_path, ok))["networks"][1]["subscribers"]) == 100000


def test_base_of_the_broken_scenarios_is_valid(tmp_path):
    cfg = sipmob.load_scenario(write(tmp_path, BASE))
    assert cfg["networks"][0]["domain"] == "net1.example.org"  # the default domain


def test_run_refuses_bad_arguments(tmp_path):
    path = write(tmp_path, BASE)
    with pytest.raises(sipmob.ScenarioError, match="unknown registration model 'sideways'"):
        sipmob.run(path, model="sideways")
    with pytest.raises(ValueError, match="seed and run must be >= 1"):
        sipmob.run(path, seed=0)
    with pytest.raises(sipmob.ScenarioError, match=r"wrong type: 'soon'"):
        sipmob.run(path, {"duration": "soon"})


# --- simulation runs -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_run():
    """The small wired scenario, run once for several tests."""
    return sipmob.run(SMALL)


def test_run_registers_and_calls(small_run):
    res = small_run
    assert res.model == "home-only"
    assert res.sim_time_s >= 12.0  # the runner adds a grace period for de-registration
    assert res.events > 0 and res.wall_time_s > 0
    regs = res.registrations
    registered = {r.ua for r in regs if r.expires > 0}
    assert registered == {"sip:1001@net1.example.org", "sip:2001@net2.example.org"}
    for r in regs:
        assert r.status == 200, r
        assert r.t_final is not None and r.t_final >= r.t_sent >= 1.0
    caller = [c for c in res.calls if c.ua == "sip:1001@net1.example.org" and c.outgoing]
    assert len(caller) == 1, res.calls
    assert caller[0].final_status == 200
    assert caller[0].t_answered is not None and caller[0].t_answered >= 3.0
    assert any(m.received > 0 for m in res.media), res.media
    assert res.handoffs == []  # nobody moves


def test_run_to_dataframes(small_run):
    frames = small_run.to_dataframes()
    assert set(frames) == {"handoffs", "registrations", "calls", "media", "sip_messages"}
    assert frames["sip_messages"].empty  # not traced (test_run_trace_sip.py traces)
    regs = frames["registrations"]
    assert len(regs) == len(small_run.registrations)
    assert list(regs.columns) == ["seq", *sipmob.RegistrationRecord.fields]
    assert (regs["status"] == 200).all()
    assert "total_ms" in frames["handoffs"].columns and frames["handoffs"].empty


def _rows(res):
    """All records of a run as lists of dicts."""
    return [[r.to_dict() for r in getattr(res, name)]
            for name in ["registrations", "calls", "media", "handoffs"]]


def _shape(res):
    """What must not depend on random draws: who registered/called, with which outcome."""
    return (sorted((r.ua, r.contact, r.status, r.expires) for r in res.registrations),
            sorted((c.ua, c.outgoing, c.final_status, c.end_reason) for c in res.calls),
            sorted((m.ua, m.lost) for m in res.media), len(res.handoffs))


def test_several_runs_in_one_process(small_run):
    other = sipmob.run(SMALL, {"wan_links.0.delay_ms": 40}, seed=1, run=2)
    assert other.registrations and all(r.status == 200 for r in other.registrations)
    assert [c.final_status for c in other.calls] == [200, 200]
    again = sipmob.run(SMALL)
    assert again.sim_time_s == small_run.sim_time_s
    assert _shape(again) == _shape(small_run)


def test_same_inputs_same_records_in_one_process(small_run):
    # Each run forks its own simulation process (ns-3 never resets its stream counter).
    again = sipmob.run(SMALL)
    assert _rows(again) == _rows(small_run)


def test_in_process_runs_still_work(small_run):
    again = sipmob.run(SMALL, isolate=False)
    assert _shape(again) == _shape(small_run)


def test_isolated_runs_after_an_in_process_run_match_a_fresh_process(small_run):
    # An in-process run advances ns-3's stream counter here, and a fork would inherit it: the
    # isolated run after it must still give the records of a process that ran nothing.
    sipmob.run(SMALL, isolate=False)
    again = sipmob.run(SMALL)
    assert _rows(again) == _rows(small_run)


def test_seed_scenario_hand_off_runs_without_the_gil():
    box = {}

    def work():
        try:
            box["res"] = sipmob.run(SEED, {"duration": 60})
        except BaseException as exc:  # reported by the main thread
            box["err"] = exc

    worker = threading.Thread(target=work)
    ticks = 0
    started = time.monotonic()
    worker.start()
    while worker.is_alive():
        ticks += 1
        time.sleep(0.005)
    worker.join()
    if "err" in box:
        raise box["err"]
    res = box["res"]
    # With the GIL held for the whole run this thread could not have ticked along.
    elapsed = time.monotonic() - started
    if elapsed > 0.5:
        assert ticks > elapsed / 0.005 / 4, (ticks, elapsed)

    assert res.handoffs, "the seed's walk from AP1 to AP2 produced no hand-off record"
    h = res.handoffs[0]
    assert h.ua == "sip:1001@net1.example.org"
    assert h.old_address != h.new_address
    components = ["l2_ms", "dhcp_ms", "detection_ms", "registration_ms", "reinvite_ms",
                  "media_gap_down_ms", "media_gap_up_ms", "total_ms"]
    for rec in res.handoffs:
        for name in components:
            value = getattr(rec, name)
            assert value is None or value >= 0, (name, rec)
    for name in ["l2_ms", "dhcp_ms", "total_ms"]:
        assert getattr(h, name) is not None and getattr(h, name) > 0, (name, h)
    assert h.detection_ms is not None
    # Link lost -> associated -> lease -> detected is one chain, and total spans it.
    assert h.l2_ms + h.dhcp_ms + h.detection_ms == pytest.approx(
        (h.t_detected - h.t_link_lost) * 1000.0)
    assert h.total_ms == pytest.approx((h.t_media_down - h.t_link_lost) * 1000.0)
    assert h.total_ms >= h.l2_ms + h.dhcp_ms + h.detection_ms
    assert h.t_media_down >= h.t_lease  # media reaches the new address only once it exists
    assert h.t_register_sent is not None and h.t_register_sent >= h.t_detected


def test_runs_from_two_threads_take_turns():
    results = [None, None]

    def work(i):
        results[i] = sipmob.run(SMALL, seed=1, run=i + 1)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for res in results:
        assert res is not None
        assert sorted(r.status for r in res.registrations) == [200] * 4
        assert sorted(c.final_status for c in res.calls) == [200, 200]


LOST = """\
name: lost
duration: 20
networks:
  - name: net1
    prefix: 10.1.0.0
    subscribers: ["1000-1009"]
    access_points: [{x: 0, y: 0}]
user_agents:
  - user: "1000"
    network: net1
  - user: "1001"
    network: net1
    mobile: true
    path:
      - {t: 0, x: 10}
      - {t: 6, x: 10}
      - {t: 7, x: 5000}
    calls:
      - {at: 3, callee: "1000", duration: 30}
      - {at: 12, callee: "1000", duration: 5}
"""


def test_every_call_has_rows_at_the_end_of_the_run(tmp_path):
    """The mobile leaves coverage for good at 7 s: the call up then ends as run-ended with its
    media rows (its BYE can never be sent), and the call due at 12 s is reported as not placed."""
    res = sipmob.run(write(tmp_path, LOST), seed=1, run=1)
    mobile = "sip:1001@net1.example.org"
    late = [c for c in res.calls if c.ua == mobile and c.t_invite >= 12.0]
    assert len(late) == 1, res.calls
    # Never placed (no lease out of coverage): the row says why, when it was due, and ends when
    # the UA stopped (the scenario's duration).
    assert late[0].call_id == "" and late[0].end_reason == "no-address", late[0]
    assert late[0].t_invite == 12.0 and late[0].final_status == 0
    assert late[0].t_ended == 20.0
    up = [c for c in res.calls if c.ua == mobile and c.call_id and c.t_invite < 12.0]
    assert len(up) == 1 and up[0].end_reason == "run-ended" and up[0].t_answered is not None
    assert up[0].t_ended == pytest.approx(res.sim_time_s)
    media = {(m.ua, m.call_id) for m in res.media}
    assert (mobile, up[0].call_id) in media
    # The static end either received the BYE-less end of the run too, or never heard of it.
    other = [c for c in res.calls if c.ua == "sip:1000@net1.example.org"]
    assert all(c.end_reason == "run-ended" for c in other), other
    assert all((c.ua, c.call_id) in media for c in other)


def test_results_pickle(small_run):
    import pickle

    copy = pickle.loads(pickle.dumps(small_run))
    assert type(copy.registrations[0]) is sipmob.RegistrationRecord
    assert _rows(copy) == _rows(small_run)
    h = sipmob.HandoffRecord()
    h.t_link_lost, h.t_associated = 10.0, 10.125
    assert pickle.loads(pickle.dumps(h)).l2_ms == pytest.approx(125.0)

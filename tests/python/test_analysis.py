# SPDX-License-Identifier: GPL-2.0-only
"""analysis/: load a synthetic database built with the real schema, draw the figures."""

import os
import subprocess
import sys

import pytest

ANALYSIS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "analysis")
sys.path.insert(0, ANALYSIS)

import sipmob_results  # noqa: E402
import sipmob_schema  # noqa: E402

HANDOFF_COLS = ["run_id", "seq", "ua", "kind", "t_link_lost", "l2_ms", "dhcp_ms", "detection_ms",
                "registration_ms", "reinvite_ms", "total_ms", "media_lost_down", "media_lost_up"]


def make_db(path, vary=True):
    conn = sipmob_schema.create_database(str(path))
    run_id = 0
    for model, base in [("home-only", 1000.0), ("outbound-proxy", 700.0)]:
        for poll in ["0.5", "1.0"] if vary else ["0.5"]:
            for run in [1, 2, 3]:
                run_id += 1
                key = f"scenario=s.yaml;model={model};seed=1;run={run};params=poll_interval={poll}"
                conn.execute("INSERT INTO runs (run_id, scenario, model, seed, run, status, "
                             "config_key) VALUES (?, 's.yaml', ?, 1, ?, 'ok', ?)",
                             (run_id, model, run, key))
                conn.execute("INSERT INTO run_params VALUES (?, 'poll_interval', ?)", (run_id, poll))
                detection = float(poll) * 500.0
                total = base + detection + run  # run adds 1..3 ms of spread
                conn.execute(f"INSERT INTO handoffs ({', '.join(HANDOFF_COLS)}) VALUES "
                             "(?, 0, 'sip:1001@a', 'handoff', 30.0, 100, 300, ?, 150, 50, ?, ?, "
                             "?)",
                             (run_id, detection, total, int(total / 20), int(total / 25)))
    # A failed run must not be loaded.
    conn.execute("INSERT INTO runs (run_id, scenario, model, seed, run, status, error, config_key) "
                 "VALUES (999, 's.yaml', 'home-only', 1, 9, 'failed', 'exit status 3', 'k999')")
    conn.execute("INSERT INTO handoffs (run_id, seq, total_ms) VALUES (999, 0, 99999)")
    conn.commit()
    conn.close()


def test_load_reads_the_numbers(tmp_path):
    db = tmp_path / "r.db"
    make_db(db)
    data = sipmob_results.load(str(db))
    h = data["handoffs"]
    assert len(data["runs"]) == 12
    assert len(h) == 12
    assert 99999 not in h["total_ms"].tolist()
    ho = h[(h["model"] == "home-only") & (h["poll_interval"] == "1.0")]
    assert sorted(ho["total_ms"]) == [1501.0, 1502.0, 1503.0]
    assert ho["detection_ms"].tolist() == [500.0] * 3
    op = h[h["model"] == "outbound-proxy"]
    assert op["total_ms"].mean() == pytest.approx((951 + 952 + 953 + 1201 + 1202 + 1203) / 6)
    assert op["media_lost_down"].tolist()[0] == int(951 / 20)
    assert set(data["runs"]["scenario_version"]) == {"unknown"}  # written without provenance


def test_plot_script_draws_all_figures(tmp_path):
    db = tmp_path / "r.db"
    make_db(db)
    out = tmp_path / "plots"
    proc = subprocess.run([sys.executable, os.path.join(ANALYSIS, "plot_results.py"), str(db),
                           "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    for name in ["latency_cdf.png", "latency_components.png", "media_loss.png",
                 "total_vs_poll_interval.png"]:
        path = out / name
        assert path.exists(), name
        assert path.stat().st_size > 10000, name
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # Every parameter that varies gets its figure; none is looked for by a fixed name.
    assert sorted(p.name for p in out.glob("*_vs_*.png")) == ["total_vs_poll_interval.png"]
    assert "skipped mos.png: no values" in proc.stdout


def test_no_variation_skips_with_a_note(tmp_path):
    db = tmp_path / "r.db"
    make_db(db, vary=False)
    out = tmp_path / "plots"
    proc = subprocess.run([sys.executable, os.path.join(ANALYSIS, "plot_results.py"), str(db),
                           "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "no numeric parameter varies" in proc.stdout
    assert not list(out.glob("*_vs_*.png"))
    assert (out / "latency_cdf.png").exists()


def test_bad_input_is_a_clear_error(tmp_path):
    script = os.path.join(ANALYSIS, "plot_results.py")
    proc = subprocess.run([sys.executable, script, str(tmp_path / "missing.db")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "no such file" in proc.stderr
    junk = tmp_path / "junk.db"
    junk.write_text("not a database at all " * 20)
    proc = subprocess.run([sys.executable, script, str(junk), "--out", str(tmp_path / "o")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "junk.db" in proc.stderr and "Traceback" not in proc.stderr


def test_statistics_are_those_of_sipmob_report():
    """One implementation (C++, Boost.Math Student t) for report, plots and Python: n = 10 uses
    t(0.975, 9) = 2.262, not 1.96; median and percentiles interpolate like numpy."""
    import math
    import numpy as np

    values = [float(v) for v in range(1, 11)]
    s = sipmob_results.summarize(values)
    std = float(np.std(values, ddof=1))
    assert s["n"] == 10 and s["mean"] == pytest.approx(5.5)
    assert s["ci"] == pytest.approx(2.262157 * std / math.sqrt(10), rel=1e-6)
    assert s["median"] == pytest.approx(np.percentile(values, 50))
    assert s["p90"] == pytest.approx(np.percentile(values, 90))
    assert s["p99"] == pytest.approx(np.percentile(values, 99))
    assert math.isnan(sipmob_results.summarize([3.0])["ci"])


def test_parameter_values_with_units_are_numbers(tmp_path):
    import pandas as pd

    df = pd.DataFrame({"ua.PollInterval": ["0.5s", "50ms", "2s", "150ms"], "y": [1, 2, 3, 4]})
    x = sipmob_results.numeric_param(df, "ua.PollInterval")
    assert x.tolist() == pytest.approx([0.5, 0.05, 2.0, 0.15])
    mixed = pd.DataFrame({"k": ["1s", "10Mbps"]})
    assert sipmob_results.numeric_param(mixed, "k") is None
    table = sipmob_results.summary_table(df, "ua.PollInterval", "y")
    assert table["ua.PollInterval"].tolist() == ["50ms", "150ms", "0.5s", "2s"]


def test_select_kinds_keeps_real_handoffs_and_counts_the_rest():
    import pandas as pd
    import sipmob_results

    h = pd.DataFrame({
        "from_network": ["net1", "net2", "net2", "net1", "net1"],
        "to_network": ["net2", "net2", "", "net1", "net2"],
        "t_associated": [1.0, 2.0, None, 3.0, 4.0],
        # the last row was written before the column existed: classified from its columns
        "kind": ["handoff", "reassociation", "coverage-loss", "reassociation", None],
    })
    kept, left_out = sipmob_results.select_kinds(h)
    assert list(kept.index) == [0, 4]
    assert left_out == {"coverage-loss": 1, "reassociation": 2}
    kept, left_out = sipmob_results.select_kinds(h, ("all",))
    assert len(kept) == 5 and left_out == {}
    assert list(sipmob_results.link_event_kind(h.drop(columns=["kind"]))) == [
        "handoff", "reassociation", "coverage-loss", "reassociation", "handoff"]


def test_plain_number_keys_get_their_documented_unit():
    pytest.importorskip("matplotlib")
    import plot_results

    assert plot_results._key_unit("ua@1001.speed") == ("m/s", 1.0)
    assert plot_results._key_unit("wan_links.0.delay_ms") == ("ms", 1.0)
    assert plot_results._key_unit("wifi.loss_rate") == ("%", 100.0)  # a fraction drawn in %
    assert plot_results._key_unit("wifi.tx_power_dbm") == ("dBm", 1.0)
    assert plot_results._key_unit("user_agents.0.calls.0.at") == ("", 1.0)  # unknown: none

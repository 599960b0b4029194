# SPDX-License-Identifier: GPL-2.0-only
"""`sipmob.sweep(...)` and `sipmob.load_results(DB)`: a real local sweep read back as DataFrames.

Run: PYTHONPATH=build/python /usr/bin/python3 -m pytest tests/python/test_sweep_api.py
The module is looked up in $SIPMOB_BUILD_DIR/python (default <repo>/build/python); the program
`sipmob` next to it.
"""

import os
import sqlite3

import pytest

from sipmob_build import REPO, import_sipmob

sipmob = import_sipmob()
pd = pytest.importorskip("pandas")

SMALL = os.path.join(REPO, "tests", "python", "data", "two-static.yaml")


@pytest.fixture(scope="module")
def swept(tmp_path_factory):
    db = tmp_path_factory.mktemp("api") / "api.db"
    frames = sipmob.sweep(SMALL, params={"duration": [10, 11]}, runs=2, db=db, jobs=2)
    return db, frames


def test_sweep_returns_runs_joined_with_their_parameters(swept):
    db, frames = swept
    runs = frames["runs"]
    assert len(runs) == 4
    assert set(runs["status"]) == {"ok"}
    assert sorted(zip(runs["duration"], runs["run"])) == [(10, 1), (10, 2), (11, 1), (11, 2)]
    assert runs["duration"].dtype.kind in "if"  # numeric parameter values
    conn = sqlite3.connect(str(db))
    try:
        n_calls = conn.execute("SELECT COUNT(*) FROM calls").fetchone()[0]
        by_run = dict(conn.execute("SELECT run_id, COUNT(*) FROM media GROUP BY run_id"))
    finally:
        conn.close()
    calls = frames["calls"]
    assert len(calls) == n_calls > 0
    # Every record carries its run's identity and parameters.
    for col in ("scenario", "seed", "run", "status", "duration"):
        assert col in calls.columns, col
    media = frames["media"]
    assert media.groupby("run_id").size().to_dict() == by_run
    assert set(media["duration"]) == {10, 11}


def test_sweep_resumes_and_reports_nothing_new(swept):
    db, first = swept
    again = sipmob.sweep(SMALL, params={"duration": [10, 11]}, runs=2, db=db, jobs=2)
    assert again["runs"]["run_id"].tolist() == first["runs"]["run_id"].tolist()
    assert again["runs"]["started_at"].tolist() == first["runs"]["started_at"].tolist()


def test_sweep_command_quotes_values_and_maps_slurm_options(tmp_path):
    cmd = sipmob.sweep_command("s.yaml", params={"k": ["a,b", 'q"x', 3]},
                               zip={"model": ["home-only", "outbound-proxy"], "d": [1, 2]},
                               db=tmp_path / "x.db", executor="slurm",
                               slurm={"partition": "p", "runs_per_task": 4,
                                      "sbatch_args": ["--qos=low"], "cancel_on_exit": True})
    assert cmd[cmd.index("--param") + 1] == 'k="a,b","q\\"x",3'
    assert "--zip" in cmd and "model=home-only,outbound-proxy" in cmd and "d=1,2" in cmd
    for piece in ("--partition", "p", "--runs-per-task", "4", "--sbatch-arg=--qos=low",
                  "--cancel-on-exit"):
        assert piece in cmd, piece
    with pytest.raises(ValueError, match="unknown slurm option"):
        sipmob.sweep_command("s.yaml", slurm={"partiton": "p"})


def test_sweep_bad_input_raises_with_the_cli_message(tmp_path):
    with pytest.raises(sipmob.SweepError, match="--zip 'b' has 1 values but --zip 'a' has 2"):
        sipmob.sweep(SMALL, zip={"a": [1, 2], "b": [1]}, db=tmp_path / "x.db")
    with pytest.raises(sipmob.SweepError, match="--partition applies to --executor slurm only"):
        sipmob.sweep(SMALL, db=tmp_path / "x.db", slurm={"partition": "p"})


def test_load_results_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        sipmob.load_results(tmp_path / "none.db")
    other = tmp_path / "other.db"
    sqlite3.connect(str(other)).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(ValueError, match="no table runs"):
        sipmob.load_results(other)

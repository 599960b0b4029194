# SPDX-License-Identifier: GPL-2.0-only
"""`sipmob sweep --executor slurm` against a real single-node Slurm (tools/slurm-local.sh).

The module starts munged, slurmctld and slurmd in a temporary directory on free loopback ports
and stops exactly those daemons afterwards, also when a test fails. It skips, with one line
saying why, only when the daemons cannot start (not root, Slurm not installed, start failed).

The main test sweeps 8 runs through Slurm, kills the coordinator mid-way, resumes, and compares
the database with a local sweep of the same configurations: every row of every results table
identical except wall-clock columns (run_id, wall_time_s, started_at, host). Run with
/usr/bin/python3 -m pytest tests/python/test_slurm.py (about a minute on 2 cores).
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BUILD = os.environ.get("SIPMOB_BUILD_DIR", os.path.join(REPO, "build"))
SIPMOB = os.path.join(BUILD, "sipmob")
SCRIPT = os.path.join(REPO, "tools", "slurm-local.sh")
# Relative, run from REPO: the config keys (which name the scenario as given) then match between
# the Slurm tasks (--chdir = the coordinator's directory) and the local sweep.
SCENARIO = "scenarios/seed-testbed.yaml"
# 2 linked configurations x 4 runs = 8 runs; 2 runs per task = 4 array tasks.
PLAN = ["--zip", "model=home-only,outbound-proxy", "--zip", "duration=80,90", "--runs", "4"]
# Columns that depend on the wall clock or the machine, not on the run's inputs.
WALL_CLOCK = {"run_id", "wall_time_s", "started_at", "host", "hostname"}

pytestmark = pytest.mark.skipif(not os.access(SIPMOB, os.X_OK), reason=f"{SIPMOB} not built")


def _why_no_slurm():
    if os.geteuid() != 0:
        return "Slurm test skipped: slurmd must run as root to start jobs"
    for prog in ("munged", "slurmctld", "slurmd", "sbatch", "squeue"):
        if not (shutil.which(prog) or os.access(f"/usr/sbin/{prog}", os.X_OK)):
            return f"Slurm test skipped: {prog} not installed (apt-get install slurm-wlm munge)"
    return None


@pytest.fixture(scope="module")
def cluster():
    why = _why_no_slurm()
    if why:
        pytest.skip(why)
    started = subprocess.run(["bash", SCRIPT, "start"], capture_output=True, text=True,
                             timeout=120)
    if started.returncode != 0:
        last = (started.stderr.strip().splitlines() or ["(no message)"])[-1]
        pytest.skip(f"Slurm daemons did not start: {last}")
    directory = started.stdout.strip().splitlines()[-1]
    env = dict(os.environ, SLURM_CONF=os.path.join(directory, "slurm.conf"),
               SIPMOB_SOURCE_DIR=REPO)
    try:
        yield directory, env
    finally:
        subprocess.run(["bash", SCRIPT, "stop", directory], timeout=120)


def sweep_cmd(db, *extra, executor="slurm"):
    cmd = [SIPMOB, "sweep", SCENARIO, *PLAN, "--db", str(db)]
    if executor == "slurm":
        cmd += ["--executor", "slurm", "--runs-per-task", "2", "--poll-interval", "0.5"]
    return cmd + list(extra)


def query(db, sql, params=()):
    conn = sqlite3.connect(str(db))
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def dump(db):
    """Every results table as {table: sorted rows keyed by config key}, wall-clock columns out."""
    conn = sqlite3.connect(str(db))
    try:
        tables = [t for (t,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        out = {}
        for table in tables:
            cols = [c[1] for c in conn.execute(f'PRAGMA table_info("{table}")')]
            if table == "slurm_tasks":
                continue
            if "run_id" not in cols:  # e.g. scenarios (texts by hash): compared as they are
                out[table] = sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
                continue
            keep = [c for c in cols if c not in WALL_CLOCK]
            select = ", ".join(f't."{c}"' for c in keep)
            join = "" if table == "runs" else " JOIN runs r USING (run_id)"
            key = "t.config_key" if table == "runs" else "r.config_key"
            rows = conn.execute(f'SELECT {key}, {select} FROM "{table}" t{join}').fetchall()
            out[table] = sorted(rows, key=repr)
        return out
    finally:
        conn.close()


def test_killed_coordinator_resumes_without_resubmitting_and_matches_a_local_sweep(
        cluster, tmp_path):
    directory, env = cluster
    db = tmp_path / "slurm.db"
    coordinator = subprocess.Popen(sweep_cmd(db), cwd=REPO, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
    # Kill it once the array is submitted and the first task has finished and been merged.
    deadline = time.time() + 90
    ok_before = 0
    while time.time() < deadline and coordinator.poll() is None:
        if db.exists():
            try:
                ok_before = query(db, "SELECT COUNT(*) FROM runs WHERE status = 'ok'")[0][0]
            except sqlite3.OperationalError:
                ok_before = 0
            if ok_before >= 2:
                break
        time.sleep(0.2)
    assert coordinator.poll() is None, coordinator.communicate()
    coordinator.send_signal(signal.SIGKILL)
    coordinator.communicate()
    submitted = query(db, "SELECT DISTINCT job_id FROM slurm_tasks")
    assert len(submitted) == 1, submitted  # one array job
    job = submitted[0][0]
    tasks = query(db, "SELECT COUNT(DISTINCT task_id), COUNT(*) FROM slurm_tasks")[0]
    assert tasks == (4, 8), tasks
    ok_at_kill = query(db, "SELECT COUNT(*) FROM runs WHERE status = 'ok'")[0][0]
    assert 2 <= ok_at_kill < 8, ok_at_kill

    plan = subprocess.run(sweep_cmd(db, "--dry-run"), cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=30)
    assert plan.returncode == 0, plan.stderr
    assert "plan: 2 configuration(s) x 4 run(s) = 8 job(s)" in plan.stdout, plan.stdout
    assert f"total: {ok_at_kill} done, 0 failed, {8 - ok_at_kill} queued/running on Slurm, " \
        "0 to run" in plan.stdout, plan.stdout
    assert len(query(db, "SELECT DISTINCT job_id FROM slurm_tasks")) == 1  # dry run: no sbatch

    resumed = subprocess.run(sweep_cmd(db), cwd=REPO, env=env, capture_output=True, text=True,
                             timeout=150)
    assert resumed.returncode == 0, resumed.stderr
    assert f"jobs 8, skipped (already done) {ok_at_kill}, ok {8 - ok_at_kill}, failed 0" \
        in resumed.stdout, resumed.stdout
    # Nothing submitted twice: still one array job of 4 tasks, one batch manifest.
    assert query(db, "SELECT DISTINCT job_id FROM slurm_tasks") == [(job,)]
    batches = [f for f in os.listdir(f"{db}.slurm/batches") if f.endswith(".tsv")]
    assert len(batches) == 1, batches
    states = query(db, "SELECT DISTINCT state, exit_code FROM slurm_tasks")
    assert states == [("COMPLETED", "0:0")], states
    # Progress lines carried the queue (plain mode: stderr is not a terminal).
    assert "sweep: 8 jobs" in resumed.stderr, resumed.stderr
    # Shards were per task, on the shared directory; the sweep database is only the coordinator's.
    shards = sorted(f for f in os.listdir(f"{db}.slurm/shards") if f.endswith(".db"))
    assert len(shards) == 4, shards

    local_db = tmp_path / "local.db"
    local = subprocess.run(sweep_cmd(local_db, "--jobs", "2", executor="local"), cwd=REPO,
                           env=env, capture_output=True, text=True, timeout=150)
    assert local.returncode == 0, local.stderr
    slurm_rows, local_rows = dump(db), dump(local_db)
    assert set(slurm_rows) == set(local_rows)
    assert len(slurm_rows["runs"]) == 8
    assert len(slurm_rows["handoffs"]) >= 8  # at least one hand-off per run
    for table in local_rows:
        assert slurm_rows[table] == local_rows[table], table

    # A third invocation (merging again) changes nothing and submits nothing.
    before = query(db, "SELECT * FROM runs ORDER BY run_id")
    again = subprocess.run(sweep_cmd(db), cwd=REPO, env=env, capture_output=True, text=True,
                           timeout=60)
    assert again.returncode == 0, again.stderr
    assert "jobs 8, skipped (already done) 8, ok 0, failed 0" in again.stdout
    assert query(db, "SELECT * FROM runs ORDER BY run_id") == before
    assert len([f for f in os.listdir(f"{db}.slurm/batches") if f.endswith(".tsv")]) == 1


def test_failed_task_records_slurm_state_and_is_resubmitted_only_with_retry_failed(
        cluster, tmp_path):
    directory, env = cluster
    db = tmp_path / "fail.db"
    # The run is killed by the task's wall-clock limit (--timeout), the task exits 1.
    cmd = [SIPMOB, "sweep", SCENARIO, "-p", "duration=60", "--timeout", "0.05", "--db", str(db),
           "--executor", "slurm", "--poll-interval", "0.5"]
    first = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert first.returncode == 1, (first.stdout, first.stderr)
    assert "ok 0, failed 1" in first.stdout, first.stdout
    (status, error), = query(db, "SELECT status, error FROM runs")
    assert status == "timeout"
    assert error.startswith("timed out after 0.1 s (killed); Slurm FAILED, exit code 1:0 (job "), \
        error
    (job1, state, code), = query(db, "SELECT job_id, state, exit_code FROM slurm_tasks")
    assert (state, code) == ("FAILED", "1:0")

    skipped = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert skipped.returncode == 0, skipped.stderr
    assert "not retried (failed before; --retry-failed) 1" in skipped.stdout, skipped.stdout
    assert query(db, "SELECT job_id FROM slurm_tasks") == [(job1,)]

    retried = subprocess.run(cmd + ["--retry-failed"], cwd=REPO, env=env, capture_output=True,
                             text=True, timeout=60)
    assert retried.returncode == 1
    (job2,), = query(db, "SELECT job_id FROM slurm_tasks")
    assert int(job2) > int(job1)


def test_a_task_killed_under_slurm_is_recorded_with_its_state(cluster, tmp_path):
    directory, env = cluster
    db = tmp_path / "killed.db"
    # A stand-in for sipmob on the compute node whose task dies of SIGKILL before any run.
    standin = tmp_path / "dies.sh"
    standin.write_text("#!/bin/sh\necho 'about to die' >&2\nkill -KILL $$\n")
    standin.chmod(0o755)
    cmd = [SIPMOB, "sweep", SCENARIO, "-p", "duration=60", "--db", str(db), "--executor", "slurm",
           "--poll-interval", "0.5", "--executable", str(standin)]
    r = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 1, (r.stdout, r.stderr)
    (status, error), = query(db, "SELECT status, error FROM runs")
    assert status == "failed"
    assert error.startswith("Slurm FAILED, exit code 0:9 (job "), error
    assert error.endswith("about to die"), error


def test_interrupt_with_cancel_on_exit_cancels_the_queued_jobs(cluster, tmp_path):
    directory, env = cluster
    db = tmp_path / "cancel.db"
    cmd = sweep_cmd(db, "--cancel-on-exit")
    coordinator = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 30
    jobs = []
    while time.time() < deadline and not jobs:
        time.sleep(0.2)
        if db.exists():
            try:
                jobs = query(db, "SELECT DISTINCT job_id FROM slurm_tasks")
            except sqlite3.OperationalError:
                jobs = []
    assert jobs, coordinator.poll()
    coordinator.send_signal(signal.SIGINT)
    out, err = coordinator.communicate(timeout=60)
    assert coordinator.returncode == 130, (out, err)
    assert "interrupted" in out
    queue = subprocess.run(["squeue", "--noheader", "--array", f"--jobs={jobs[0][0]}",
                            "--format=%i %T"], env=env, capture_output=True, text=True)
    assert queue.stdout.strip() == "" or "COMPLETING" in queue.stdout, queue.stdout
    states = {s for (s,) in query(db, "SELECT state FROM slurm_tasks")}
    assert states == {"CANCELLED"}, states



def test_python_sweep_with_the_slurm_executor(cluster, tmp_path, monkeypatch):
    directory, env = cluster
    sys.path.insert(0, os.path.join(BUILD, "python"))
    sipmob = pytest.importorskip("sipmob")
    pytest.importorskip("pandas")
    monkeypatch.setenv("SLURM_CONF", env["SLURM_CONF"])
    monkeypatch.chdir(REPO)
    db = tmp_path / "py.db"
    frames = sipmob.sweep(SCENARIO, params={"model": ["home-only", "outbound-proxy"],
                                            "duration": [60]},
                          runs=1, db=db, executor="slurm",
                          slurm={"runs_per_task": 2, "poll_interval": 0.5})
    runs = frames["runs"]
    assert sorted(runs["model"]) == ["home-only", "outbound-proxy"]
    assert set(runs["status"]) == {"ok"} and set(runs["duration"]) == {60}
    assert len(frames["handoffs"]) >= 2
    assert query(db, "SELECT COUNT(DISTINCT job_id), COUNT(*) FROM slurm_tasks") == [(1, 2)]


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-v"]))

# SPDX-License-Identifier: GPL-2.0-only
"""sipmob: run SIP mobility simulations (ns-3) from Python.

The simulation core is the extension module ``sipmob._sipmob`` (python/sipmob-module.cc); this file
is its pure-Python front end. After a build, ``PYTHONPATH=build/python python3 -c 'import sipmob'``.

>>> import sipmob
>>> cfg = sipmob.load_scenario("scenarios/seed-testbed.yaml")
>>> res = sipmob.run("scenarios/seed-testbed.yaml", {"duration": 30}, seed=1, run=2)
>>> [h.total_ms for h in res.handoffs]
>>> frames = sipmob.sweep("scenarios/seed-testbed.yaml", {"model": ["home-only", "outbound-proxy"]},
...                       runs=3, db="study.db")
>>> frames["handoffs"].groupby("model")["total_ms"].mean()

See doc/python.md.
"""

import os

from ._sipmob import (  # noqa: F401  (re-exported)
    CallRecord,
    HandoffRecord,
    MediaRecord,
    RegistrationRecord,
    ScenarioError,
    SipMessageRecord,
    __version__,
    parse_quantity,
    sort_parameter_values,
    summarize,
)
from . import _sipmob

ScenarioError.__module__ = __name__

__all__ = ["run", "load_scenario", "sweep", "sweep_command", "load_results", "SweepError",
           "Results", "ScenarioError", "HandoffRecord", "RegistrationRecord", "CallRecord",
           "MediaRecord", "SipMessageRecord", "__version__", "summarize", "parse_quantity", "sort_parameter_values"]


def _restore_record(cls, state):
    """Rebuild a record from its stored fields (pickle support)."""
    record = cls()
    for name, value in state.items():
        setattr(record, name, value)
    return record


def _reduce_record(record):
    """Pickle a record as its class and stored (not derived) fields."""
    cls = type(record)
    state = {f: getattr(record, f) for f in cls.fields if f not in cls.derived}
    return (_restore_record, (cls, state))


for _cls in (HandoffRecord, RegistrationRecord, CallRecord, MediaRecord, SipMessageRecord):
    _cls.__reduce__ = _reduce_record
    _cls.__module__ = __name__
del _cls


def _override_value(value):
    """Render one override value the way it would be written after ``--set KEY=``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _overrides(overrides):
    """Turn a dict (or iterable of pairs) KEY -> VALUE into a list of string pairs, in order."""
    if overrides is None:
        return []
    items = overrides.items() if hasattr(overrides, "items") else overrides
    pairs = []
    for key, value in items:
        if not isinstance(key, str):
            raise TypeError(f"override keys must be strings, not {type(key).__name__}")
        pairs.append((key, _override_value(value)))
    return pairs


def load_scenario(path, overrides=None):
    """Validate a scenario file and return its content.

    :param path: the YAML scenario (str or path-like)
    :param overrides: dict KEY -> VALUE applied before validation, like ``sipmob run --set``
    :return: nested dicts and lists keyed like the scenario file (``name``, ``duration``,
        ``model``, ``networks``, ``wan_links``, ``user_agents``, ``lan``, ``wifi``,
        ``defaults``, ``attributes``, ``pcap``), with every default filled in
    :raises ScenarioError: (a ValueError) with the CLI's message ``FILE:LINE: KEY: REASON``
    """
    return _sipmob.load_scenario(os.fspath(path), _overrides(overrides))


class Results:
    """What one simulation produced.

    Attributes: ``handoffs``, ``registrations``, ``calls``, ``media``, ``sip_messages`` (lists
    of :class:`HandoffRecord`, :class:`RegistrationRecord`, :class:`CallRecord`,
    :class:`MediaRecord`, :class:`SipMessageRecord`, in the order they happened;
    ``sip_messages`` is empty unless the run was asked to trace SIP), ``sim_time_s``,
    ``wall_time_s``, ``events``, ``model``, plus the inputs ``scenario``, ``overrides``, ``seed``,
    ``run``, ``trace_sip``.
    """

    # Record lists and their classes, in the order of the results database's tables.
    RECORD_TYPES = {"handoffs": HandoffRecord, "registrations": RegistrationRecord,
                    "calls": CallRecord, "media": MediaRecord, "sip_messages": SipMessageRecord}

    def __init__(self, output, scenario, overrides, seed, run, trace_sip=""):
        for name in self.RECORD_TYPES:
            setattr(self, name, getattr(output, name))
        self.sim_time_s = output.sim_time_s
        self.wall_time_s = output.wall_time_s
        self.events = output.events
        self.model = output.model
        self.scenario = scenario
        self.overrides = dict(overrides)
        self.seed = seed
        self.run = run
        self.trace_sip = trace_sip

    def __repr__(self):
        traced = f"sip_messages={len(self.sip_messages)}, " if self.trace_sip else ""
        return (f"Results(model={self.model!r}, seed={self.seed}, run={self.run}, "
                f"handoffs={len(self.handoffs)}, registrations={len(self.registrations)}, "
                f"calls={len(self.calls)}, media={len(self.media)}, {traced}"
                f"sim_time_s={self.sim_time_s}, events={self.events})")

    def to_dataframes(self):
        """Return the records as pandas DataFrames.

        :return: dict ``{"handoffs", "registrations", "calls", "media", "sip_messages"}`` ->
            DataFrame, one row per record (column ``seq`` numbers them in order) with the columns
            of the results database (doc/results-schema.md); a time or latency that did not happen
            is NaN, a missing loss count <NA>; ``sip_messages`` has no rows unless the run traced
            SIP (``run(..., trace_sip=True)``)
        :raises ImportError: when pandas is not installed
        """
        import pandas as pd

        frames = {}
        for name, cls in self.RECORD_TYPES.items():
            rows = [dict(seq=i, **rec.to_dict()) for i, rec in enumerate(getattr(self, name))]
            frame = pd.DataFrame(rows, columns=["seq", *cls.fields])
            for col in frame.columns:
                if col.startswith("t_") or col.endswith("_ms"):
                    frame[col] = frame[col].astype("float64")  # None -> NaN
                elif col.startswith("media_lost_"):
                    frame[col] = frame[col].astype("Int64")  # None -> <NA>
            frames[name] = frame
        return frames


# In-process runs made so far: each advances ns-3's process-wide random-stream counter, which
# ns-3.37 never resets, and a forked child inherits it.
_in_process_runs = 0


def _payload_of(args):
    """Run one simulation here and return (ok, picklable payload) for the parent."""
    try:
        out = _sipmob.run(*args)
        return (True, {k: getattr(out, k) for k in (
            *Results.RECORD_TYPES, "sim_time_s", "wall_time_s", "events", "model")})
    except BaseException as exc:  # noqa: BLE001 - every failure goes to the parent
        return (False, (type(exc).__name__, str(exc)))


def _unpack(data, status):
    """The output of a simulation process from its pickled payload (or the error it raised)."""
    import pickle
    import types

    if not data:
        raise RuntimeError(f"the simulation process died ({status})")
    ok, payload = pickle.loads(data)
    if ok:
        return types.SimpleNamespace(**payload)
    name, message = payload
    raise {"ScenarioError": ScenarioError, "ValueError": ValueError}.get(name, RuntimeError)(message)


def _run_in_child(args):
    """Run one simulation in a forked child and return its output (one simulation per process).

    ns-3's simulator is a process-wide singleton that never resets its random-stream counter, so
    only a process that has run no simulation gives byte-identical records for the same inputs; a
    child also keeps an ns-3 fatal error from killing the interpreter. A fork inherits the counter,
    so once this process has run a simulation itself (isolate=False) the child is a fresh
    interpreter instead.
    """
    import pickle

    if _in_process_runs:
        return _run_in_fresh_interpreter(args)
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: run, send (ok, payload) back, and leave without Python's clean-up
        os.close(rfd)
        payload = _payload_of(args)
        with os.fdopen(wfd, "wb") as pipe:
            pickle.dump(payload, pipe)
        os._exit(0)
    os.close(wfd)
    with os.fdopen(rfd, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    return _unpack(data, _describe_status(status))


_FRESH_RUNNER = (
    "import pickle, sys\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "import sipmob\n"
    "args = pickle.loads(sys.stdin.buffer.read())\n"
    "sys.stdout.buffer.write(pickle.dumps(sipmob._payload_of(args)))\n")


def _run_in_fresh_interpreter(args):
    """Run one simulation in a new Python interpreter (pristine ns-3 state); its output."""
    import pickle
    import subprocess
    import sys

    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    proc = subprocess.run([sys.executable, "-c", _FRESH_RUNNER, package_parent],
                          input=pickle.dumps(args), capture_output=True)
    status = f"exit status {proc.returncode}" if proc.returncode >= 0 else \
        f"signal {-proc.returncode}"
    return _unpack(proc.stdout, status + (f": {proc.stderr.decode(errors='replace')[-400:]}"
                                          if proc.stderr else ""))


def _describe_status(status):
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"


# run(trace_sip=...) -> the runner's detail ("" records nothing), as `sipmob run --trace-sip[=full]`.
_TRACE_SIP = {None: "", False: "", True: "headers", "headers": "headers", "full": "full"}


def run(scenario, overrides=None, model=None, seed=1, run=1, isolate=True, trace_sip=None):
    """Load a scenario and run one simulation (the GIL is released while it runs).

    :param scenario: the YAML scenario (str or path-like)
    :param overrides: dict KEY -> VALUE like ``sipmob run --set KEY=VALUE``
        (e.g. ``{"duration": 30, "ua.PollInterval": "0.5s"}``)
    :param model: registration model (``"home-only"``, ``"outbound-proxy"``); None: the
        scenario's
    :param seed: ns-3 RngSeed (>= 1)
    :param run: ns-3 RngRun (>= 1)
    :param isolate: run the simulation in a forked child process (default), so that the same
        inputs give identical records however many runs this process has made, and an ns-3 fatal
        error raises RuntimeError instead of ending the interpreter (after an in-process run the
        child is a new interpreter, since a fork would inherit ns-3's advanced stream counter);
        False runs it in this process: only the first in-process run of a process gives the
        records a fresh process gives
    :param trace_sip: record every SIP message every entity sends or receives in
        ``Results.sip_messages`` (table ``sip_messages``, like ``sipmob run --trace-sip``):
        None/False no (default), True or ``"headers"`` the first line and key headers, ``"full"``
        also the whole text (``--trace-sip=full``); the other records are the same either way
    :return: :class:`Results`
    :raises ValueError: seed or run < 1, or a trace_sip other than the values above
    :raises ScenarioError: invalid scenario, override or model (message ``FILE:LINE: KEY: ...``)
    :raises RuntimeError: the testbed could not be built or the simulation failed
    """
    if seed < 1 or run < 1:
        raise ValueError(f"seed and run must be >= 1 (got seed={seed}, run={run})")
    detail = _TRACE_SIP.get(trace_sip) if isinstance(trace_sip, (str, bool, type(None))) else None
    if detail is None:
        raise ValueError(f"trace_sip must be None, False, True, 'headers' or 'full' "
                         f"(got {trace_sip!r})")
    given = _overrides(overrides)
    pairs = list(given)
    if model is not None:
        # Through the loader, so that an unknown model is refused like `--set model=...`.
        pairs.append(("model", str(model)))
    path = os.fspath(scenario)
    args = (path, pairs, "" if model is None else str(model), seed, run, detail)
    if isolate:
        output = _run_in_child(args)
    else:
        global _in_process_runs
        _in_process_runs += 1
        output = _sipmob.run(*args)
    return Results(output, path, given, seed, run, detail)


class SweepError(RuntimeError):
    """``sipmob sweep`` refused its input or could not run (its message is the CLI's)."""


def _executable():
    """The sipmob program: $SIPMOB_EXECUTABLE, else the build tree's, else sipmob on PATH."""
    import shutil

    env = os.environ.get("SIPMOB_EXECUTABLE")
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    built = os.path.normpath(os.path.join(here, "..", "..", "sipmob"))  # build/python/sipmob/..
    if os.access(built, os.X_OK):
        return built
    found = shutil.which("sipmob")
    if found:
        return found
    raise SweepError("the sipmob program was not found: set SIPMOB_EXECUTABLE or build it")


def _value_list(values):
    """Render values for ``--param KEY=...``: comma-separated, quoting values with , " ' or \\."""
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        values = [values]
    rendered = []
    for value in values:
        text = _override_value(value)
        if any(c in text for c in ',"\'\\') or text == "":
            text = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        rendered.append(text)
    if not rendered:
        raise ValueError("a swept parameter needs at least one value")
    return ",".join(rendered)


_SLURM_OPTIONS = {"partition": "--partition", "time": "--time", "mem": "--mem",
                  "array_max": "--array-max", "runs_per_task": "--runs-per-task",
                  "shared_dir": "--shared-dir", "poll_interval": "--poll-interval"}


def sweep_command(scenario, params=None, zip=None, runs=1, seed=1, db="results.db",
                  executor="local", jobs=None, timeout=None, retry_failed=False, dry_run=False,
                  executable=None, slurm=None):
    """Return the ``sipmob sweep`` command line :func:`sweep` runs (a list of strings)."""
    cmd = [_executable(), "sweep", os.fspath(scenario), "--runs", str(int(runs)),
           "--seed", str(int(seed)), "--db", os.fspath(db), "--executor", str(executor)]
    for flag, group in (("--param", params), ("--zip", zip)):
        for key, values in (group or {}).items():
            cmd += [flag, f"{key}={_value_list(values)}"]
    if jobs is not None:
        cmd += ["--jobs", str(int(jobs))]
    if timeout is not None:
        cmd += ["--timeout", str(float(timeout))]
    if retry_failed:
        cmd.append("--retry-failed")
    if dry_run:
        cmd.append("--dry-run")
    if executable is not None:
        cmd += ["--executable", os.fspath(executable)]
    slurm = dict(slurm or {})
    unknown = set(slurm) - set(_SLURM_OPTIONS) - {"sbatch_args", "cancel_on_exit"}
    if unknown:
        raise ValueError(f"unknown slurm option(s): {', '.join(sorted(unknown))} "
                         f"(known: {', '.join(sorted(_SLURM_OPTIONS))}, sbatch_args, "
                         "cancel_on_exit)")
    for key, flag in _SLURM_OPTIONS.items():
        if slurm.get(key) is not None:
            cmd += [flag, str(slurm[key])]
    for arg in slurm.get("sbatch_args", []):
        cmd.append(f"--sbatch-arg={arg}")
    if slurm.get("cancel_on_exit"):
        cmd.append("--cancel-on-exit")
    return cmd


def sweep(scenario, params=None, zip=None, runs=1, seed=1, db="results.db", executor="local",
          jobs=None, timeout=None, retry_failed=False, executable=None, slurm=None,
          progress=False):
    """Run a resumable parameter sweep with ``sipmob sweep`` and return its results.

    :param scenario: the YAML scenario (str or path-like)
    :param params: dict KEY -> list of values, swept as a cartesian product (``--param``);
        key ``"model"`` selects the registration model; values are turned into text (commas are
        quoted for you)
    :param zip: dict KEY -> list of values that vary together (``--zip``, same length each)
    :param runs: replications per configuration (RngRun 1..runs)
    :param seed: RngSeed of every run
    :param db: results database; runs already there with status ok are skipped (resume)
    :param executor: ``"local"`` (child processes here) or ``"slurm"`` (job arrays; doc/cluster.md)
    :param jobs: simulations at once (local)
    :param timeout: per-run wall-clock limit in seconds
    :param retry_failed: rerun configurations recorded as failed or timed out
    :param executable: the program each run executes (default: the sipmob that runs the sweep)
    :param slurm: dict of Slurm settings: ``partition``, ``time`` ("HH:MM:SS"), ``mem`` ("2G"),
        ``array_max``, ``runs_per_task``, ``shared_dir``, ``poll_interval`` (s), ``sbatch_args``
        (list), ``cancel_on_exit`` (bool)
    :param progress: show the sweep's progress lines on this process's stderr
    :return: :func:`load_results` of ``db`` (failed runs are rows with status failed/timeout)
    :raises SweepError: the sweep refused its input (the CLI's message) or could not start
    :raises KeyboardInterrupt: the sweep was interrupted (exit status 130); it resumes when called
        again
    """
    import subprocess

    cmd = sweep_command(scenario, params, zip, runs, seed, db, executor, jobs, timeout,
                        retry_failed, False, executable, slurm)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE,
                          stderr=None if progress else subprocess.PIPE, text=True)
    if proc.returncode == 130:
        raise KeyboardInterrupt("sipmob sweep interrupted; call sweep() again to resume")
    if proc.returncode not in (0, 1):
        raise SweepError((proc.stderr or proc.stdout or "").strip()
                         or f"sipmob sweep exited with status {proc.returncode}")
    return load_results(db)


def _resolved_model(text):
    """The top-level ``model:`` of a resolved scenario text; ``home-only`` (the loader's default)
    when it has none, ``(unrecorded)`` when the file keeps no text for the run."""
    import re

    if text is None:
        return "(unrecorded)"
    m = re.search(r"""^model:[ \t]*["']?([A-Za-z0-9_-]+)""", text, re.MULTILINE)
    return m.group(1) if m else "home-only"


def resolve_empty_models(con, runs):
    """Fill ``runs.model`` where it is empty (files written before sipmob recorded the model a
    run used) from the run's resolved scenario, as `sipmob report` does.

    :param con: an open sqlite3 connection to the results file
    :param runs: DataFrame of table ``runs``
    :return: ``runs``, its ``model`` column resolved (``(unrecorded)`` when no text is kept)
    """
    if "model" not in runs.columns or not (runs["model"] == "").any():
        return runs
    tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    texts = {}
    if "scenarios" in tables and "resolved_sha256" in runs.columns:
        texts = dict(con.execute("SELECT sha256, text FROM scenarios"))
    shas = runs["resolved_sha256"] if "resolved_sha256" in runs.columns else [None] * len(runs)
    runs["model"] = [m if m else _resolved_model(texts.get(sha))
                     for m, sha in zip(runs["model"], shas)]
    return runs


def load_results(db):
    """Read a results database (``sipmob run``/``sweep``) into pandas DataFrames.

    :param db: the SQLite file (doc/results-schema.md)
    :return: dict table name -> DataFrame. ``"runs"``: one row per run with the columns of table
        ``runs`` and one column per swept parameter (``run_params`` pivoted: the key is the column
        name, prefixed ``param.`` only where it would clash with a runs column; values numeric
        where every value is). Every other table with a ``run_id`` column (``handoffs``,
        ``registrations``, ``calls``, ``media``, and any added later) joined with its run's
        ``scenario``, ``model``, ``seed``, ``run``, ``status`` and parameter columns (its own
        columns win on a clash, e.g. ``registrations.model`` and ``registrations.status``).
    :raises FileNotFoundError: when ``db`` does not exist
    :raises ValueError: when it is not a results database
    :raises ImportError: when pandas is not installed
    """
    import sqlite3

    import pandas as pd

    path = os.fspath(db)
    if not os.path.exists(path):
        raise FileNotFoundError(f"results database {path!r} does not exist")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [name for (name,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        if "runs" not in tables:
            raise ValueError(f"{path!r} is not a results database (no table runs)")
        runs = resolve_empty_models(con, pd.read_sql_query("SELECT * FROM runs ORDER BY run_id",
                                                           con))
        param_cols = []
        if "run_params" in tables:
            params = pd.read_sql_query("SELECT run_id, key, value FROM run_params", con)
            if not params.empty:
                wide = params.pivot(index="run_id", columns="key", values="value")
                wide.columns = [f"param.{c}" if c in runs.columns else c for c in wide.columns]
                for col in wide.columns:
                    numeric = pd.to_numeric(wide[col], errors="coerce")
                    if numeric.notna().sum() == wide[col].notna().sum():
                        wide[col] = numeric
                param_cols = list(wide.columns)
                runs = runs.merge(wide.reset_index(), on="run_id", how="left")
        frames = {"runs": runs}
        identity = ["run_id", "scenario", "model", "seed", "run", "status", *param_cols]
        for name in tables:
            if name in ("runs", "run_params"):
                continue
            cols = [row[1] for row in con.execute(f'PRAGMA table_info("{name}")')]
            if "run_id" not in cols:
                continue
            frame = pd.read_sql_query(f'SELECT * FROM "{name}" ORDER BY rowid', con)
            extra = [c for c in identity if c == "run_id" or c not in frame.columns]
            frames[name] = frame.merge(runs[extra], on="run_id", how="left")
        return frames
    finally:
        con.close()

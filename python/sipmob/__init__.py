# SPDX-License-Identifier: GPL-2.0-only
"""sipmob: run SIP mobility simulations (ns-3) from Python.

The simulation core is the extension module ``sipmob._sipmob`` (python/sipmob-module.cc); this file
is its pure-Python front end. After a build, ``PYTHONPATH=build/python python3 -c 'import sipmob'``.

>>> import sipmob
>>> cfg = sipmob.load_scenario("scenarios/seed-testbed.yaml")
>>> res = sipmob.run("scenarios/seed-testbed.yaml", {"duration": 30}, seed=1, run=2)
>>> [h.total_ms for h in res.handoffs]

See doc/python.md.
"""

import os

from ._sipmob import (  # noqa: F401  (re-exported)
    CallRecord,
    HandoffRecord,
    MediaRecord,
    RegistrationRecord,
    ScenarioError,
    __version__,
    parse_quantity,
    sort_parameter_values,
    summarize,
)
from . import _sipmob

ScenarioError.__module__ = __name__

__all__ = ["run", "load_scenario", "Results", "ScenarioError", "HandoffRecord",
           "RegistrationRecord", "CallRecord", "MediaRecord", "__version__", "summarize",
           "parse_quantity", "sort_parameter_values"]


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


for _cls in (HandoffRecord, RegistrationRecord, CallRecord, MediaRecord):
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

    Attributes: ``handoffs``, ``registrations``, ``calls``, ``media`` (lists of
    :class:`HandoffRecord`, :class:`RegistrationRecord`, :class:`CallRecord`,
    :class:`MediaRecord`, in the order they happened), ``sim_time_s``, ``wall_time_s``,
    ``events``, ``model``, plus the inputs ``scenario``, ``overrides``, ``seed``, ``run``.
    """

    def __init__(self, output, scenario, overrides, seed, run):
        self.handoffs = output.handoffs
        self.registrations = output.registrations
        self.calls = output.calls
        self.media = output.media
        self.sim_time_s = output.sim_time_s
        self.wall_time_s = output.wall_time_s
        self.events = output.events
        self.model = output.model
        self.scenario = scenario
        self.overrides = dict(overrides)
        self.seed = seed
        self.run = run

    def __repr__(self):
        return (f"Results(model={self.model!r}, seed={self.seed}, run={self.run}, "
                f"handoffs={len(self.handoffs)}, registrations={len(self.registrations)}, "
                f"calls={len(self.calls)}, media={len(self.media)}, "
                f"sim_time_s={self.sim_time_s}, events={self.events})")

    def to_dataframes(self):
        """Return the records as pandas DataFrames.

        :return: dict ``{"handoffs", "registrations", "calls", "media"}`` -> DataFrame, one row
            per record (column ``seq`` numbers them in order) with the columns of the results
            database (doc/results-schema.md); a time or latency that did not happen is NaN, a
            missing loss count <NA>
        :raises ImportError: when pandas is not installed
        """
        import pandas as pd

        record_types = {"handoffs": HandoffRecord, "registrations": RegistrationRecord,
                        "calls": CallRecord, "media": MediaRecord}
        frames = {}
        for name, cls in record_types.items():
            rows = [dict(seq=i, **rec.to_dict()) for i, rec in enumerate(getattr(self, name))]
            frame = pd.DataFrame(rows, columns=["seq", *cls.fields])
            for col in frame.columns:
                if col.startswith("t_") or col.endswith("_ms"):
                    frame[col] = frame[col].astype("float64")  # None -> NaN
                elif col.startswith("media_lost_"):
                    frame[col] = frame[col].astype("Int64")  # None -> <NA>
            frames[name] = frame
        return frames


def _run_in_child(args):
    """Run one simulation in a forked child and return its output (one simulation per process).

    ns-3's simulator is a process-wide singleton that never resets its random-stream counter, so
    only a fresh process gives byte-identical records for the same inputs; a child also keeps an
    ns-3 fatal error from killing the interpreter.
    """
    import pickle
    import types

    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: run, send (ok, payload) back, and leave without Python's clean-up
        os.close(rfd)
        try:
            out = _sipmob.run(*args)
            payload = (True, {k: getattr(out, k) for k in (
                "handoffs", "registrations", "calls", "media", "sim_time_s", "wall_time_s",
                "events", "model")})
        except BaseException as exc:  # noqa: BLE001 - every failure goes to the parent
            payload = (False, (type(exc).__name__, str(exc)))
        with os.fdopen(wfd, "wb") as pipe:
            pickle.dump(payload, pipe)
        os._exit(0)
    os.close(wfd)
    with os.fdopen(rfd, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        raise RuntimeError(f"the simulation process died ({_describe_status(status)})")
    ok, payload = pickle.loads(data)
    if ok:
        return types.SimpleNamespace(**payload)
    name, message = payload
    raise {"ScenarioError": ScenarioError, "ValueError": ValueError}.get(name, RuntimeError)(message)


def _describe_status(status):
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"


def run(scenario, overrides=None, model=None, seed=1, run=1, isolate=True):
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
        error raises RuntimeError instead of ending the interpreter; False runs it in this process
    :return: :class:`Results`
    :raises ScenarioError: invalid scenario, override or model (message ``FILE:LINE: KEY: ...``)
    :raises RuntimeError: the testbed could not be built or the simulation failed
    """
    if seed < 1 or run < 1:
        raise ValueError(f"seed and run must be >= 1 (got seed={seed}, run={run})")
    given = _overrides(overrides)
    pairs = list(given)
    if model is not None:
        # Through the loader, so that an unknown model is refused like `--set model=...`.
        pairs.append(("model", str(model)))
    path = os.fspath(scenario)
    args = (path, pairs, "" if model is None else str(model), seed, run)
    output = _run_in_child(args) if isolate else _sipmob.run(*args)
    return Results(output, path, given, seed, run)

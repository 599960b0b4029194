# SPDX-License-Identifier: GPL-2.0-only
"""Load a sipmob results database (doc/results-schema.md) into pandas DataFrames, and summarise it
with the statistics of `sipmob report` (the one implementation, C++ through the sipmob module)."""

import os
import sqlite3
import sys

import numpy as np
import pandas as pd


def _sipmob():
    """The sipmob Python module (python/), for its statistics: from $SIPMOB_BUILD_DIR/python
    (set by `sipmob plot`), else <repo>/build/python, else the import path."""
    build = os.environ.get("SIPMOB_BUILD_DIR") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "build")
    module_dir = os.path.join(build, "python")
    if os.path.isdir(os.path.join(module_dir, "sipmob")) and module_dir not in sys.path:
        sys.path.insert(0, module_dir)
    try:
        import sipmob
    except ImportError as e:
        raise ImportError("the sipmob module (build target _sipmob) is needed for the statistics; "
                          f"none in {module_dir} (set SIPMOB_BUILD_DIR): {e}") from e
    return sipmob

COMPONENTS = ["l2_ms", "dhcp_ms", "detection_ms", "discovery_ms", "registration_ms",
              "reinvite_ms"]
"""Hand-off components that add up (roughly) to the total, in order."""


def _params_wide(conn):
    params = pd.read_sql_query("SELECT run_id, key, value FROM run_params", conn)
    if params.empty:
        return pd.DataFrame({"run_id": pd.Series(dtype="int64")})
    wide = params.pivot(index="run_id", columns="key", values="value").reset_index()
    wide.columns.name = None
    return wide


def load(path, only_ok=True):
    """Return dict of DataFrames: runs (with one column per run parameter and scenario_version),
    handoffs, media, registrations, calls. Record tables carry the run's model and parameters."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        runs = _sipmob().resolve_empty_models(conn, pd.read_sql_query("SELECT * FROM runs", conn))
        if only_ok:
            runs = runs[runs["status"] == "ok"]
        runs = runs.merge(_params_wide(conn), on="run_id", how="left")
        # The scenario file's version (first 12 hex digits of its SHA-256), as `sipmob report`
        # groups by it: never pool versions without saying so.
        if "scenario_sha256" in runs.columns:
            runs["scenario_version"] = runs["scenario_sha256"].fillna("unknown").str[:12]
        out = {"runs": runs}
        for table in ["handoffs", "media", "registrations", "calls"]:
            df = pd.read_sql_query(f"SELECT * FROM {table}", conn)
            out[table] = df.merge(runs.drop(columns=["status", "error"]), on="run_id", how="inner")
        return out
    finally:
        conn.close()


LINK_EVENT_KINDS = ("handoff", "reassociation", "coverage-loss")


def link_event_kind(handoffs):
    """The `kind` of each hand-off row: "handoff" (an AP of another network), "reassociation"
    (same network) or "coverage-loss" (no new association). Rows written before the column
    existed are classified from their other columns, as `sipmob report` does."""
    derived = pd.Series(
        np.where(handoffs["t_associated"].isna(), "coverage-loss",
                 np.where(handoffs["to_network"] == handoffs["from_network"], "reassociation",
                          "handoff")),
        index=handoffs.index)
    if "kind" not in handoffs.columns:
        return derived
    return handoffs["kind"].where(handoffs["kind"].notna(), derived)


def select_kinds(handoffs, kinds=("handoff",)):
    """Rows of the given link-event kinds ("all" keeps every row) and, for the caller to report,
    the number of rows left out per kind: (DataFrame, {kind: count})."""
    kind = link_event_kind(handoffs)
    if "all" in kinds:
        return handoffs, {}
    keep = kind.isin(list(kinds))
    left_out = kind[~keep].value_counts().to_dict()
    return handoffs[keep], {k: int(v) for k, v in sorted(left_out.items())}


def numeric_param(df, key):
    """The run parameter `key` as numbers in its base unit ('50ms' -> 0.05 s, '10Mbps' -> 1e7),
    or None when absent, not numeric, or of mixed dimensions. Same parser as `sipmob report`."""
    if key not in df.columns:
        return None
    parse = _sipmob().parse_quantity
    parsed = [parse(str(v)) if pd.notna(v) else None for v in df[key]]
    dims = {p[1] for p in parsed if p is not None}
    if len(dims) != 1:
        return None
    return pd.Series([p[0] if p is not None else float("nan") for p in parsed], index=df.index,
                     dtype="float64")


def summarize(values, level=0.95):
    """Summary of a sample exactly as `sipmob report` computes it: dict n, mean, std, ci (Student-t
    half-width at `level`), median, p90, p99, min, max (NaN where undefined)."""
    return _sipmob().summarize([float(v) for v in values], level)


def summary_table(df, by, column, level=0.95):
    """One row per value of `by` (a column), sorted like `sipmob report`: by, n, mean, std, ci,
    median, p90, p99, min, max of `column` (NaN values ignored)."""
    rows = []
    for key, group in df.groupby(by):
        stats = summarize(group[column].dropna().to_list(), level)
        rows.append({by: key, **{k: v for k, v in stats.items() if k != "level"}})
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    order = _sipmob().sort_parameter_values([str(v) for v in table[by]])
    rank = {v: i for i, v in enumerate(order)}
    return table.sort_values(by, key=lambda s: s.map(lambda v: rank[str(v)])).reset_index(drop=True)

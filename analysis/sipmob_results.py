# SPDX-License-Identifier: GPL-2.0-only
"""Load a sipmob results database (doc/results-schema.md) into pandas DataFrames."""

import sqlite3

import pandas as pd

COMPONENTS = ["l2_ms", "dhcp_ms", "detection_ms", "registration_ms", "reinvite_ms"]
"""Hand-off components that add up (roughly) to the total, in order."""


def _params_wide(conn):
    params = pd.read_sql_query("SELECT run_id, key, value FROM run_params", conn)
    if params.empty:
        return pd.DataFrame({"run_id": pd.Series(dtype="int64")})
    wide = params.pivot(index="run_id", columns="key", values="value").reset_index()
    wide.columns.name = None
    return wide


def load(path, only_ok=True):
    """Return dict of DataFrames: runs (with one column per run parameter), handoffs, media,
    registrations, calls. Record tables carry the run's model and parameters."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        runs = pd.read_sql_query("SELECT * FROM runs", conn)
        if only_ok:
            runs = runs[runs["status"] == "ok"]
        runs = runs.merge(_params_wide(conn), on="run_id", how="left")
        out = {"runs": runs}
        for table in ["handoffs", "media", "registrations", "calls"]:
            df = pd.read_sql_query(f"SELECT * FROM {table}", conn)
            out[table] = df.merge(runs.drop(columns=["status", "error"]), on="run_id", how="inner")
        return out
    finally:
        conn.close()


def numeric_param(df, key):
    """The run parameter `key` as numbers, or None when absent or not numeric."""
    if key not in df.columns:
        return None
    values = pd.to_numeric(df[key], errors="coerce")
    return None if values.isna().all() else values

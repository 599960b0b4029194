# SPDX-License-Identifier: GPL-2.0-only
"""The results database schema for Python: DDL, column names and units.

The block between the GENERATED markers is written by ``build/sipmob schema --write .`` from the one
description of the schema, helper/results/results-schema.cc; do not edit it by hand.
tests/ns3/test-results-schema.cc fails when it is out of date (doc/results-schema.md, "Adding a
column").
"""

import sqlite3

# BEGIN GENERATED schema (from helper/results/results-schema.cc by `sipmob schema --write .`)
SCHEMA_SQL = """
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY,
    scenario TEXT NOT NULL,
    model TEXT NOT NULL,
    seed INTEGER NOT NULL,
    run INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'timeout', 'running')),
    error TEXT,
    wall_time_s REAL,
    sim_time_s REAL,
    started_at TEXT,
    version TEXT,
    config_key TEXT NOT NULL UNIQUE,
    scenario_sha256 TEXT,
    resolved_sha256 TEXT,
    sipmob_commit TEXT,
    sipmob_dirty INTEGER,
    sipmob_changes_sha256 TEXT,
    ns3_version TEXT,
    host TEXT
);
CREATE TABLE IF NOT EXISTS run_params (
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
);
CREATE TABLE IF NOT EXISTS scenarios (
    sha256 TEXT PRIMARY KEY,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS handoffs (
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    seq INTEGER NOT NULL,
    ua TEXT,
    from_network TEXT,
    to_network TEXT,
    old_address TEXT,
    new_address TEXT,
    kind TEXT,
    t_link_lost REAL,
    t_associated REAL,
    t_lease REAL,
    t_detected REAL,
    t_register_sent REAL,
    t_register_ok REAL,
    t_reinvite_sent REAL,
    t_reinvite_ok REAL,
    t_last_media_down REAL,
    t_last_media_up REAL,
    t_media_down REAL,
    t_media_up REAL,
    l2_ms REAL,
    dhcp_ms REAL,
    detection_ms REAL,
    registration_ms REAL,
    reinvite_ms REAL,
    media_gap_down_ms REAL,
    media_gap_up_ms REAL,
    total_ms REAL,
    media_lost_down INTEGER,
    media_lost_up INTEGER,
    outage_down_ms REAL,
    outage_up_ms REAL,
    call_id TEXT,
    t_quality_from REAL,
    t_quality_to REAL,
    r_factor REAL,
    mos REAL,
    r_factor_up REAL,
    mos_up REAL,
    status TEXT,
    t_discovery_sent REAL,
    t_discovery_done REAL,
    discovery_ms REAL,
    resume_ms REAL,
    scan_ms REAL,
    calls_in_setup INTEGER,
    PRIMARY KEY (run_id, seq)
);
CREATE TABLE IF NOT EXISTS registrations (
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    seq INTEGER NOT NULL,
    ua TEXT,
    contact TEXT,
    via TEXT,
    model TEXT,
    t_sent REAL,
    t_final REAL,
    status INTEGER,
    expires INTEGER,
    PRIMARY KEY (run_id, seq)
);
CREATE TABLE IF NOT EXISTS calls (
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    seq INTEGER NOT NULL,
    call_id TEXT,
    ua TEXT,
    peer TEXT,
    outgoing INTEGER,
    t_invite REAL,
    t_ringing REAL,
    t_answered REAL,
    t_ended REAL,
    final_status INTEGER,
    end_reason TEXT,
    r_factor REAL,
    mos REAL,
    PRIMARY KEY (run_id, seq)
);
CREATE TABLE IF NOT EXISTS media (
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    seq INTEGER NOT NULL,
    call_id TEXT,
    ua TEXT,
    sent INTEGER,
    received INTEGER,
    lost INTEGER,
    max_gap_ms REAL,
    jitter_ms REAL,
    mean_delay_ms REAL,
    late INTEGER,
    mouth_to_ear_ms REAL,
    r_factor REAL,
    mos REAL,
    PRIMARY KEY (run_id, seq)
);
CREATE TABLE IF NOT EXISTS sip_messages (
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    seq INTEGER NOT NULL,
    t REAL,
    node INTEGER,
    entity TEXT,
    direction TEXT,
    src TEXT,
    dst TEXT,
    first_line TEXT,
    method TEXT,
    status INTEGER,
    call_id TEXT,
    cseq INTEGER,
    branch TEXT,
    bytes INTEGER,
    text TEXT,
    PRIMARY KEY (run_id, seq)
);
"""

TABLES = {
    "runs": ("run_id", "scenario", "model", "seed", "run", "status", "error", "wall_time_s", "sim_time_s", "started_at", "version", "config_key", "scenario_sha256", "resolved_sha256", "sipmob_commit", "sipmob_dirty", "sipmob_changes_sha256", "ns3_version", "host", ),
    "run_params": ("run_id", "key", "value", ),
    "scenarios": ("sha256", "text", ),
    "handoffs": ("run_id", "seq", "ua", "from_network", "to_network", "old_address", "new_address", "kind", "t_link_lost", "t_associated", "t_lease", "t_detected", "t_register_sent", "t_register_ok", "t_reinvite_sent", "t_reinvite_ok", "t_last_media_down", "t_last_media_up", "t_media_down", "t_media_up", "l2_ms", "dhcp_ms", "detection_ms", "registration_ms", "reinvite_ms", "media_gap_down_ms", "media_gap_up_ms", "total_ms", "media_lost_down", "media_lost_up", "outage_down_ms", "outage_up_ms", "call_id", "t_quality_from", "t_quality_to", "r_factor", "mos", "r_factor_up", "mos_up", "status", "t_discovery_sent", "t_discovery_done", "discovery_ms", "resume_ms", "scan_ms", "calls_in_setup", ),
    "registrations": ("run_id", "seq", "ua", "contact", "via", "model", "t_sent", "t_final", "status", "expires", ),
    "calls": ("run_id", "seq", "call_id", "ua", "peer", "outgoing", "t_invite", "t_ringing", "t_answered", "t_ended", "final_status", "end_reason", "r_factor", "mos", ),
    "media": ("run_id", "seq", "call_id", "ua", "sent", "received", "lost", "max_gap_ms", "jitter_ms", "mean_delay_ms", "late", "mouth_to_ear_ms", "r_factor", "mos", ),
    "sip_messages": ("run_id", "seq", "t", "node", "entity", "direction", "src", "dst", "first_line", "method", "status", "call_id", "cseq", "branch", "bytes", "text", ),
}
"""Column names of every table, in order."""

UNITS = {
    ("runs", "wall_time_s"): "s (wall clock)",
    ("runs", "sim_time_s"): "s",
    ("handoffs", "t_link_lost"): "s",
    ("handoffs", "t_associated"): "s",
    ("handoffs", "t_lease"): "s",
    ("handoffs", "t_detected"): "s",
    ("handoffs", "t_register_sent"): "s",
    ("handoffs", "t_register_ok"): "s",
    ("handoffs", "t_reinvite_sent"): "s",
    ("handoffs", "t_reinvite_ok"): "s",
    ("handoffs", "t_last_media_down"): "s",
    ("handoffs", "t_last_media_up"): "s",
    ("handoffs", "t_media_down"): "s",
    ("handoffs", "t_media_up"): "s",
    ("handoffs", "l2_ms"): "ms",
    ("handoffs", "dhcp_ms"): "ms",
    ("handoffs", "detection_ms"): "ms",
    ("handoffs", "registration_ms"): "ms",
    ("handoffs", "reinvite_ms"): "ms",
    ("handoffs", "media_gap_down_ms"): "ms",
    ("handoffs", "media_gap_up_ms"): "ms",
    ("handoffs", "total_ms"): "ms",
    ("handoffs", "media_lost_down"): "packets",
    ("handoffs", "media_lost_up"): "packets",
    ("handoffs", "outage_down_ms"): "ms",
    ("handoffs", "outage_up_ms"): "ms",
    ("handoffs", "t_quality_from"): "s",
    ("handoffs", "t_quality_to"): "s",
    ("handoffs", "t_discovery_sent"): "s",
    ("handoffs", "t_discovery_done"): "s",
    ("handoffs", "discovery_ms"): "ms",
    ("handoffs", "resume_ms"): "ms",
    ("handoffs", "scan_ms"): "ms",
    ("registrations", "t_sent"): "s",
    ("registrations", "t_final"): "s",
    ("registrations", "expires"): "s",
    ("calls", "t_invite"): "s",
    ("calls", "t_ringing"): "s",
    ("calls", "t_answered"): "s",
    ("calls", "t_ended"): "s",
    ("media", "sent"): "packets",
    ("media", "received"): "packets",
    ("media", "lost"): "packets",
    ("media", "max_gap_ms"): "ms",
    ("media", "jitter_ms"): "ms",
    ("media", "mean_delay_ms"): "ms",
    ("media", "late"): "packets",
    ("media", "mouth_to_ear_ms"): "ms",
    ("sip_messages", "t"): "s",
    ("sip_messages", "bytes"): "bytes",
}
"""Unit of every column that has one, keyed by (table, column)."""
# END GENERATED schema (edit helper/results/results-schema.cc, not this block)


def create_database(path):
    """Create (or open) a results database at path with the schema; return the connection."""
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_SQL)
    return conn


def check_columns(conn):
    """Return the columns of the schema that the database behind ``conn`` lacks, as a list of
    ``"table.column"`` (empty when it has them all; a file written by an older sipmob lacks new
    columns until sipmob opens it for writing)."""
    missing = []
    for table, columns in TABLES.items():
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        missing += [f"{table}.{c}" for c in columns if c not in present]
    return missing

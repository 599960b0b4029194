# SPDX-License-Identifier: GPL-2.0-only
"""The results database schema (DDL), identical to ResultsDatabase::Schema() in C++.

tests/ns3/test-results-database.cc checks that the text between the triple quotes below equals
the DDL embedded in helper/results/results-database.cc, so the Python tests build databases with the
real schema.
"""

import sqlite3

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
    config_key TEXT NOT NULL UNIQUE
);
CREATE TABLE IF NOT EXISTS run_params (
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_id, key)
);
CREATE TABLE IF NOT EXISTS handoffs (
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    seq INTEGER NOT NULL,
    ua TEXT, from_network TEXT, to_network TEXT, old_address TEXT, new_address TEXT,
    t_link_lost REAL, t_associated REAL, t_lease REAL, t_detected REAL,
    t_register_sent REAL, t_register_ok REAL, t_reinvite_sent REAL, t_reinvite_ok REAL,
    t_last_media_down REAL, t_last_media_up REAL, t_media_down REAL, t_media_up REAL,
    l2_ms REAL, dhcp_ms REAL, detection_ms REAL, registration_ms REAL, reinvite_ms REAL,
    media_gap_down_ms REAL, media_gap_up_ms REAL, total_ms REAL,
    media_lost_down INTEGER, media_lost_up INTEGER,
    PRIMARY KEY (run_id, seq)
);
CREATE TABLE IF NOT EXISTS registrations (
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    seq INTEGER NOT NULL,
    ua TEXT, contact TEXT, via TEXT, model TEXT,
    t_sent REAL, t_final REAL, status INTEGER, expires INTEGER,
    PRIMARY KEY (run_id, seq)
);
CREATE TABLE IF NOT EXISTS calls (
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    seq INTEGER NOT NULL,
    call_id TEXT, ua TEXT, peer TEXT, outgoing INTEGER,
    t_invite REAL, t_ringing REAL, t_answered REAL, t_ended REAL,
    final_status INTEGER, end_reason TEXT,
    PRIMARY KEY (run_id, seq)
);
CREATE TABLE IF NOT EXISTS media (
    run_id INTEGER NOT NULL REFERENCES runs(run_id),
    seq INTEGER NOT NULL,
    call_id TEXT, ua TEXT, sent INTEGER, received INTEGER, lost INTEGER,
    max_gap_ms REAL, jitter_ms REAL, mean_delay_ms REAL,
    PRIMARY KEY (run_id, seq)
);
"""


def create_database(path):
    """Create (or open) a results database at path with the schema; return the connection."""
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_SQL)
    return conn

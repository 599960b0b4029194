# SPDX-License-Identifier: GPL-2.0-only
"""The Python module's answers to bad input: every invalid override is a ScenarioError (never a
RuntimeError from yaml-cpp), and load_results names the model of runs that files written before
sipmob recorded it left empty."""

import os
import sqlite3

import pytest

from sipmob_build import REPO, import_sipmob

sipmob = import_sipmob()

SMALL = os.path.join(REPO, "tests", "python", "data", "two-static.yaml")


@pytest.mark.parametrize("value", ["[", "{", '"abc', "*x", "[1, 2"])
def test_an_override_that_is_not_yaml_is_a_scenario_error(value):
    with pytest.raises(sipmob.ScenarioError, match=r"^--set name: invalid YAML value"):
        sipmob.load_scenario(SMALL, {"name": value})


def test_a_duplicate_key_in_an_override_is_a_scenario_error():
    with pytest.raises(sipmob.ScenarioError, match=r"^--set lan: kind: duplicate key$"):
        sipmob.load_scenario(SMALL, {"lan": "{kind: shared, kind: switched}"})


def test_load_results_resolves_an_empty_model(tmp_path):
    pytest.importorskip("pandas")
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.executescript(
        "CREATE TABLE runs(run_id INTEGER PRIMARY KEY, scenario TEXT, model TEXT, seed INTEGER, "
        "run INTEGER, status TEXT, resolved_sha256 TEXT);"
        "CREATE TABLE scenarios(sha256 TEXT PRIMARY KEY, text TEXT);"
        "INSERT INTO scenarios VALUES ('a', 'name: x\nmodel: outbound-proxy\nduration: 5\n');"
        "INSERT INTO scenarios VALUES ('b', 'name: y\nduration: 5\n');"
        "INSERT INTO runs VALUES (1, 's.yaml', '', 1, 1, 'ok', 'a');"
        "INSERT INTO runs VALUES (2, 's.yaml', '', 1, 1, 'ok', 'b');"
        "INSERT INTO runs VALUES (3, 's.yaml', '', 1, 1, 'ok', NULL);"
        "INSERT INTO runs VALUES (4, 's.yaml', 'home-only', 1, 1, 'ok', 'a');")
    conn.commit()
    conn.close()
    runs = sipmob.load_results(db)["runs"]
    assert list(runs["model"]) == ["outbound-proxy", "home-only", "(unrecorded)", "home-only"]

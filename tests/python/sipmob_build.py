# SPDX-License-Identifier: GPL-2.0-only
"""Where the tests find the built project: the repository, the build directory, the `sipmob`
program and the `sipmob` Python module ($SIPMOB_BUILD_DIR, default <repo>/build)."""

import os
import sys

import pytest

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BUILD_DIR = os.environ.get("SIPMOB_BUILD_DIR", os.path.join(REPO, "build"))
MODULE_DIR = os.path.join(BUILD_DIR, "python")
SIPMOB = os.path.join(BUILD_DIR, "sipmob")


def import_sipmob():
    """The built module (BUILD_DIR/python first, else PYTHONPATH); skips the calling test module
    when neither has it. A built module that does not import is a failure, not a skip."""
    if os.path.isdir(os.path.join(MODULE_DIR, "sipmob")):
        sys.path.insert(0, MODULE_DIR)
        import sipmob
        return sipmob
    try:
        import sipmob
        return sipmob
    except ImportError:
        pytest.skip(f"sipmob Python module not built: no {MODULE_DIR}/sipmob and none on "
                    "PYTHONPATH (build the _sipmob target, or set SIPMOB_BUILD_DIR)",
                    allow_module_level=True)

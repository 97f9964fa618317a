"""Shared fixtures: the reference plan rendered once per test session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from helpers import REFERENCE_SPEC, run_cli

# The fuzz suite (tests/test_fuzz.py) replays the same cases on every run, so a red build means a
# regression, not an unlucky draw; `make fuzz` (REPORTGEN_FUZZ=random) explores new ones.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile("explore" if os.environ.get("REPORTGEN_FUZZ") == "random" else "repeatable")


@pytest.fixture(scope="session")
def reference_docx(tmp_path_factory) -> Path:
    """The reference plan rendered through the CLI, as a drafter would."""
    out = tmp_path_factory.mktemp("reference") / "ke-hoach.docx"
    result = run_cli("render", str(REFERENCE_SPEC), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def reference_bytes(reference_docx) -> bytes:
    return reference_docx.read_bytes()

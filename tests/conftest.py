"""Shared fixtures: the reference plan rendered once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import REFERENCE_SPEC, run_cli


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

"""Shared fixtures: the reference plan rendered once per test session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_SPEC = ROOT / "plan_specs" / "nq21-quang-nam" / "plan.yaml"
# A copy of shared/seeds/000_b16dd79943abea45.txt, so the suite needs nothing outside the repo.
SEED = ROOT / "tests" / "data" / "seed-nq21-quang-nam.txt"


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


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run `reportgen` in a child process: exit code, stdout and stderr as a user sees them."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "reportgen.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=300)

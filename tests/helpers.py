"""Paths and a CLI runner shared by the tests (imported as `helpers`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_SPEC = ROOT / "plan_specs" / "nq21-quang-nam" / "plan.yaml"
# A copy of shared/seeds/000_b16dd79943abea45.txt, so the suite needs nothing outside the repo.
SEED = ROOT / "tests" / "data" / "seed-nq21-quang-nam.txt"


def run_cli(*args: str, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run `reportgen` in a child process: exit code, stdout and stderr as a user sees them."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "reportgen.cli", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, env=env, timeout=timeout)


def write_spec(folder: Path, text: str, name: str = "plan.yaml") -> Path:
    """Write a variant of the reference spec elsewhere, keeping its relative paths (registry) working."""
    folder.mkdir(parents=True, exist_ok=True)
    text = text.replace("registry: ../units/", f"registry: {ROOT / 'plan_specs' / 'units'}/")
    spec = folder / name
    spec.write_text(text, encoding="utf-8")
    return spec

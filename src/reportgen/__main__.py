"""`python -m reportgen`: the same as the `reportgen` command, for machines where the console
script is not on PATH (a Windows office PC, a venv not activated)."""

import sys

from reportgen.cli import console

sys.exit(console())

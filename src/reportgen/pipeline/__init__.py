"""The jobs users ask for, as library calls: each reads like the job.

load spec → validate → build the document model → render → write, for a plan
(`plan`), the lower committees' plans (`derive`), the progress report and the
sơ kết (`reports`), two versions compared (`compare`) and the reporting cycle's
letters (`letters`).  The commands in `reportgen.commands` parse the command
line, call one of these and print; nothing here reads `sys.argv` or prints.

Importing this package gives the plan job only (what `render` needs), so a
command pays at start-up for its own job and not for every other one.
"""

from reportgen.pipeline.plan import (
    LoadedPlan,
    build_plan_document,
    load_plan,
    owner_problems,
    render_plan,
)

__all__ = ["LoadedPlan", "build_plan_document", "load_plan", "owner_problems", "render_plan"]

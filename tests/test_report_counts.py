"""Every count of the progress report and the sơ kết, at dates inside the period, against a count made here
straight from the YAML files (issue 20: a unit counted as finished by its state «done», not by its day).

Nothing of reportgen's counting is used: the plan, the registry and the units' files are read with
`yaml.safe_load`, the task tree is walked here (a heading's `lead` passes to its tasks), «children» is
the registry's units under the issuer, and a unit has finished a task at a date when its `done_on` is on
or before that date.  Only the wording helpers (`short_text`, `task_name`) are reused, to find a task's line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from docx import Document

from reportgen.cli import main
from reportgen.document.blocks import short_text, task_name
from reportgen.word.text import document_lines

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "plan_specs" / "nq21-quang-nam" / "plan.yaml"
DATA = PLAN.parent / "progress" / "2023"
DATES = ["2023-03-31", "2023-06-30", "2023-09-30", "2023-12-31"]


def _day(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


class Raw:
    """The example data as plain YAML: tasks with their owners, and each unit's finishing days and documents."""

    def __init__(self) -> None:
        plan = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
        registry = yaml.safe_load((PLAN.parent / plan["registry"]).read_text(encoding="utf-8"))
        issuer = plan["issuer"]["unit"]
        self.ids = {u["id"] for u in registry["units"]} | {o["id"] for u in registry["units"]
                                                           for o in u.get("organs", [])}
        self.children = [u["id"] for u in registry["units"] if u.get("parent") == issuer]
        self.files = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(DATA.glob("*.yaml"))
                      if p.name not in ("bao-cao.yaml", "so-ket.yaml")]
        self.done = {(f["unit"], t["task"]): _day(t["done_on"]) for f in self.files for t in f["tasks"]
                     if t.get("done_on")}
        self.reporters: dict[str, list[str]] = {}
        for f in self.files:
            for t in f["tasks"]:
                self.reporters.setdefault(t["task"], []).append(f["unit"])
        self.tasks: dict[str, dict] = {}            # id -> {text, lead, top}
        for section in plan["sections"]:
            self._walk(section, None, section["heading"])

    def _walk(self, node: dict, lead: str | None, top: str) -> None:
        own = node.get("lead")
        lead = own or lead
        text = node.get("item") or node.get("dash") or node.get("plus")
        if text and (node.get("id") or node.get("deadline") or own):
            self.tasks[node["id"]] = {"text": re.sub(r"\[\^[^\]]+\]", "", text), "lead": lead, "top": top,
                                      "short_name": node.get("short_name")}
        for child in node.get("content", []):
            self._walk(child, lead, top)

    def owners(self, task: str) -> list[str]:
        lead = self.tasks[task]["lead"]
        if lead == "children":
            return self.children
        if lead in self.ids:
            return [lead]
        return self.reporters.get(task, [])

    def finished(self, unit: str, task: str, as_of: dt.date) -> bool:
        return (unit, task) in self.done and self.done[(unit, task)] <= as_of

    def task_done(self, task: str, as_of: dt.date) -> bool:
        owners = self.owners(task)
        return bool(owners) and all(self.finished(u, task, as_of) for u in owners)

    def documents(self, as_of: dt.date) -> Counter:
        return Counter({f["unit"]: sum(1 for t in f["tasks"] for d in t.get("documents", []) if _day(d["date"]) <= as_of)
                        for f in self.files})


@pytest.fixture(scope="module")
def raw() -> Raw:
    return Raw()


def _table(doc, first_header: str, header: str):
    return [t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == [first_header, header]]


def _rows(table) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows[1:]]


def _by_name(raw: Raw) -> dict[str, str]:
    """An appendix names a task by its `short_name`, or by its first sentence when it has none."""
    return {t["short_name"] or task_name(t["text"]): task_id for task_id, t in raw.tasks.items()}


@pytest.mark.parametrize("as_of", DATES)
def test_progress_report_counts(raw, as_of, tmp_path):
    out = tmp_path / "bc.docx"
    assert main(["progress", str(PLAN), "--data", str(DATA), "--as-of", as_of, "-o", str(out)]) == 0
    day = _day(as_of)
    lines = document_lines(out)
    text = "\n".join(lines)
    docs = raw.documents(day)
    assert f"có {len(raw.files)}/31 đơn vị gửi báo cáo" in text
    assert f"các đơn vị đã ban hành {sum(docs.values())} văn bản" in text
    # II: «Tổng số 38 nhiệm vụ: 12 nhiệm vụ đã hoàn thành (…)» or «chưa có nhiệm vụ nào hoàn thành»
    n_done = sum(raw.task_done(t, day) for t in raw.tasks)
    m = re.search(r"Tính đến ngày [\d/]+, tổng số (\d+) nhiệm vụ: (?:(\d+) nhiệm vụ đã hoàn thành|chưa có nhiệm vụ nào)",
                  text)
    assert m and int(m[1]) == len(raw.tasks) and int(m[2] or 0) == n_done
    # II: under each task with many owners, «+ k/n đơn vị đã hoàn thành.»
    by_short = {short_text(t["text"]): task_id for task_id, t in raw.tasks.items()}
    checked = 0
    for line, after in zip(lines, lines[1:]):
        m = re.fullmatch(r"\+ (\d+)/(\d+) đơn vị đã hoàn thành\.", after)
        if not m or not line.startswith("- "):
            continue
        task = by_short[line[2:].rsplit(": ", 1)[0]]
        owners = raw.owners(task)
        assert (int(m[1]), int(m[2])) == (sum(raw.finished(u, task, day) for u in owners), len(owners)), task
        checked += 1
    assert checked == sum(len(raw.owners(t)) > 5 for t in raw.tasks)
    # Phụ lục 1: each task once, by name; its note counts owners that had finished by the date
    doc = Document(str(out))
    [table] = _table(doc, "STT", "Nhiệm vụ")[:1]
    names = _by_name(raw)
    rows = [r for r in _rows(table) if r[0].isdigit()]
    assert sorted(names[r[1]] for r in rows) == sorted(raw.tasks)
    for r in rows:
        task = names[r[1]]
        m = re.fullmatch(r"(\d+)/(\d+) đơn vị đã hoàn thành", r[-1])
        if m:
            owners = raw.owners(task)
            assert (int(m[1]), int(m[2])) == (sum(raw.finished(u, task, day) for u in owners), len(owners)), task
    group_rows = [r for r in _rows(table) if not r[0].isdigit()]
    done_rows = [r for r in group_rows if r[1].startswith("Đã hoàn thành")]
    assert sum(int(re.search(r"\((\d+) nhiệm vụ\)", r[1])[1]) for r in done_rows) == n_done
    # Phụ lục 2: the owners not finished by the date
    overdue = _table(doc, "STT", "Nhiệm vụ")[1:2]
    for r in (_rows(overdue[0]) if overdue else []):
        task = names[r[1]]
        late = [u for u in raw.owners(task) if not raw.finished(u, task, day)]
        shown = r[-1]
        assert (int(shown.split()[0]) if shown.endswith(" đơn vị") else len(shown.split(", "))) == len(late)


@pytest.mark.parametrize("as_of", DATES[1:3])
def test_summary_counts(raw, as_of, tmp_path):
    out = tmp_path / "sk.docx"
    assert main(["compile", str(PLAN), "--reports", str(DATA), "--as-of", as_of, "--no-history", "-o", str(out)]) == 0
    day = _day(as_of)
    text = "\n".join(document_lines(out))
    docs = raw.documents(day)
    assert f"Trong kỳ, {sum(1 for n in docs.values() if n)} đơn vị đã ban hành {sum(docs.values())} văn bản" in text
    assert f"Có {len(raw.files)}/31 đơn vị gửi báo cáo hợp lệ" in text
    doc = Document(str(out))
    # the group table: the plan's top-level headings that hold tasks, each with its tasks and those done
    [groups] = _table(doc, "STT", "Nhóm nhiệm vụ")
    tops: dict[str, list[str]] = {}
    for task_id, t in raw.tasks.items():
        tops.setdefault(t["top"], []).append(task_id)
    rows = _rows(groups)
    assert [r[1] for r in rows[:-1]] == list(tops)
    for r, members in zip(rows, tops.values()):
        assert int(r[2]) == len(members)
        assert int(r[3].split()[0]) == sum(raw.task_done(t, day) for t in members)
    assert int(rows[-1][2]) == len(raw.tasks)
    # Phụ lục 2: each unit's own tasks and how many it had finished
    [units] = [t for t in doc.tables if "Số nhiệm vụ chủ trì" in [c.text for c in t.rows[0].cells]]
    names = {f["unit"]: f for f in raw.files}
    registry = yaml.safe_load((PLAN.parent / "../units/quang-nam.yaml").read_text(encoding="utf-8"))
    unit_name = {u["id"]: u["name"] for u in registry["units"]}
    unit_name.update({o["id"]: o["name"] for u in registry["units"] for o in u.get("organs", [])})
    by_name = {unit_name[u]: u for u in names}
    for r in _rows(units):
        unit = by_name[r[1]]
        owned = [t for t in raw.tasks if unit in raw.owners(t)]
        assert int(r[2]) == len(owned), unit
        assert int(r[3]) == sum(raw.finished(unit, t, day) for t in owned), unit

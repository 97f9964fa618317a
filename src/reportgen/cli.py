"""The `reportgen` command line.

Each sub-command lives in `reportgen.commands.<name>` and exposes
`add_parser(subparsers)` and `run(args) -> int`.  Command modules import only
the standard library at module level, so building the parser stays cheap and
the heavy work is imported by the one command that runs.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from reportgen import __version__

# Sub-command name -> module under reportgen.commands, in the order `--help` lists them.
COMMANDS = {
    "render": "render",
    "check": "check",
    "derive": "derive",
    "validate": "validate",
    "form": "form",
    "progress": "progress",
    "compile": "compile_summary",
    "import": "import_docx",
    "compare": "compare",
    "units": "units",
    "tasks": "tasks",
    "request": "request",
    "remind": "remind",
}

# argparse's own messages, in Vietnamese: what users read is Vietnamese.
_ARGPARSE_VI = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "đối số",
    "options": "tùy chọn",
    "optional arguments": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "show program's version number and exit": "hiện phiên bản rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "the following arguments are required: %s": "thiếu đối số bắt buộc: %s",
    "unrecognized arguments: %s": "đối số không hợp lệ: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)",
    "expected one argument": "cần đúng một giá trị",
    "argument %(argument_name)s: %(message)s": "đối số %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s không rõ, có thể là %(matches)s",
    "not allowed with argument %s": "không dùng cùng đối số %s",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "one of the arguments %s is required": "cần ghi một trong các đối số %s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị (đã ghi %r)",
    "unexpected option string: %s": "tùy chọn không hợp lệ: %s",
    "can't open '%(filename)s': %(error)s": "không mở được «%(filename)s»: %(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "không có lệnh %(parser_name)r (chọn một trong %(choices)s)",
    "commands": "lệnh",
}
# Not translated: argparse's remaining messages report mistakes in our own parser
# definitions (conflicting options, bad `dest`), which only developers can meet.


def _vi_gettext(message: str) -> str:
    return _ARGPARSE_VI.get(message, message)


def _vi_ngettext(singular: str, plural: str, n: int) -> str:
    return _vi_gettext(singular if n == 1 else plural)


# pydantic scans every installed package's entry points for plugins when the first model is
# built (~20 ms of start-up); reportgen uses none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

argparse._ = _vi_gettext  # type: ignore[attr-defined]
argparse.ngettext = _vi_ngettext  # type: ignore[attr-defined]


def _command_module(module_name: str):
    return importlib.import_module(f"reportgen.commands.{module_name}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reportgen",
        description=(
            "Soạn kế hoạch, báo cáo của cấp ủy Đảng theo thể thức Hướng dẫn 36-HD/VPTW "
            "và xuất ra tệp Word (.docx)."
        ),
    )
    parser.add_argument("--version", action="version", version=f"reportgen {__version__}",
                        help="hiện phiên bản rồi thoát")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH", title="lệnh")
    for module_name in COMMANDS.values():
        _command_module(module_name).add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit status."""
    from reportgen.core.errors import ReportgenError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    module = _command_module(COMMANDS[args.command])
    try:
        return int(module.run(args) or 0)
    except ReportgenError as exc:
        print(exc.render(), file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:     # `reportgen tasks … | head`: the reader has all it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())      # Python's own flush at exit must not fail again
        return 0
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu; không tệp nào bị ghi dở.", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug, not bad input: say so plainly, keep the traceback for developers
        if os.environ.get("REPORTGEN_DEBUG"):
            raise
        print(f"Lỗi nội bộ của reportgen ({type(exc).__name__}: {exc}). Không tệp nào bị ghi dở. "
              "Hãy báo lỗi này kèm tệp đầu vào; đặt biến môi trường REPORTGEN_DEBUG=1 để xem chi tiết.",
              file=sys.stderr)
        return 70


def console() -> int:
    """The `reportgen` command: `main()`, then a quick exit.

    Python's shut-down runs a full garbage collection over every object the
    run created (pydantic's validators, lxml trees, Jinja templates): about
    70 ms, as long as all of reportgen's own work on a plan.  The process is
    ending and every file is already written, flushed and closed, so those
    objects are frozen (`gc.freeze`) rather than traversed one last time.
    Only the console script does this; `main()` called in a long-lived
    process (tests, scripts) keeps normal collection.
    """
    import gc

    status = main()
    gc.freeze()
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(console())

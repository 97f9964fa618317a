"""Generate the Vietnamese reference of the checker's rules from the rule sets.

The reference in docs/kiem-tra-the-thuc.md is generated, never edited by
hand, so it cannot drift from what `reportgen check` really checks.  A test
compares the committed file with `render()`.

    python -m reportgen.check.docs            # rewrite docs/kiem-tra-the-thuc.md
    python -m reportgen.check.docs --stdout   # print instead
"""

from __future__ import annotations

import sys

from reportgen.check.findings import GRADE_NOTE
from reportgen.check.rules import available_rule_sets, load_rule_set
from reportgen.core.files import REPO_ROOT

DOC_PATH = REPO_ROOT / "docs" / "kiem-tra-the-thuc.md"
SEVERITY_VI = {"error": "lỗi", "warning": "cảnh báo"}


def _param_text(params: dict) -> str:
    shown = {k: v for k, v in params.items() if k not in ("expected", "max_findings")}
    if not shown:
        return ""
    parts = []
    for key, value in shown.items():
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "có" if value else "không"
        escaped = str(value).replace("|", "\\|")  # a pipe would end the table cell
        parts.append(f"`{key}`: {escaped}")
    return "; ".join(parts)


def render_rule_set(name: str) -> str:
    rule_set = load_rule_set(name)
    lines = [f"## {rule_set.name} (`--rules {rule_set.id}`)", "", rule_set.source, ""]
    for label, components in rule_set.groups:
        rules = [r for r in rule_set.rules if r.component in components]
        if not rules:
            continue
        lines += [f"### {label}", "",
                  "| Mã quy tắc | Yêu cầu | Mức | Độ tin cậy | Căn cứ | Tham số |",
                  "|---|---|---|---|---|---|"]
        for r in rules:
            cells = [f"`{r.id}`", r.description, SEVERITY_VI[r.severity], GRADE_NOTE[r.grade],
                     r.clause, _param_text(r.params)]
            lines.append("| " + " | ".join(c.replace("\n", " ") for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def render() -> str:
    """The whole reference, one section per shipped rule set (hd36 first)."""
    names = sorted(available_rule_sets(), key=lambda n: (n != "hd36", n))
    head = [
        "# Kiểm tra thể thức văn bản (`reportgen check`)",
        "",
        "<!-- Tệp này được sinh tự động từ src/reportgen/rules/*.yaml bằng lệnh "
        "`python -m reportgen.check.docs`; đừng sửa tay. -->",
        "",
        "`reportgen check TỆP.docx` đọc văn bản Word (do reportgen tạo hay soạn tay) và báo từng chỗ "
        "sai thể thức: sai gì, căn cứ văn bản nào, cần gì và thấy gì, ở đoạn nào. "
        "Mã thoát 0 khi không có lỗi (có thể có cảnh báo), 1 khi có lỗi, 2 khi không đọc được tệp. "
        "`--json` in kết quả cho công cụ khác; `--annotate RA.docx` ghi bản sao có chú thích (comment) "
        "tại từng chỗ sai.",
        "",
        "Mỗi chỗ sai ghi căn cứ bằng tên đầy đủ của văn bản và cho biết căn cứ chắc đến đâu: trích nguyên văn "
        "Hướng dẫn; hoặc chưa đối chiếu được nguyên văn nhưng các tài liệu nghiệp vụ văn phòng cấp ủy thống nhất "
        "như vậy; hoặc chỉ có một nguồn — khi đó quy tắc chỉ cảnh báo, không báo lỗi. Mã quy tắc ở cột đầu "
        "chỉ dùng cho công cụ khác đọc kết quả `--json` (trường `rule_id`); báo cáo in ra màn hình không dùng mã.",
        "",
        "Phông chữ và cỡ chữ được xét theo định dạng thực tế khi hiển thị: định dạng trực tiếp, kiểu ký tự, "
        "kiểu đoạn (cả kiểu gốc), mặc định của văn bản và phông của giao diện (theme).",
        "",
        "Loại văn bản được nhận theo tên loại («KẾ HOẠCH» → kế hoạch) hoặc, với công văn (không có tên loại), "
        "theo số và ký hiệu «…-CV/…»; báo cáo ghi «Loại văn bản: …» và kết quả `--json` có trường `kind`. "
        "Với công văn, trích yếu là các dòng in thường dưới «Số» ở cột trái phần đầu; «Kính gửi:» và tên các "
        "nơi nhận sau nó được kiểm tra theo quy tắc riêng, không theo quy tắc của đoạn nội dung (căn đều, lùi "
        "đầu dòng).",
        "",
    ]
    return "\n".join(head) + "\n" + "\n".join(render_rule_set(n) for n in names)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    text = render()
    if "--stdout" in argv:
        sys.stdout.write(text)
    else:
        DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
        DOC_PATH.write_text(text, encoding="utf-8")
        print(f"Đã ghi {DOC_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

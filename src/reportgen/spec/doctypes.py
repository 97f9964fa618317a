"""Party document types and their abbreviations in the number symbol (HD 36)."""

from __future__ import annotations

ABBREVIATIONS = {
    "nghị quyết": "NQ",
    "quyết định": "QĐ",
    "quy định": "QĐ",
    "chỉ thị": "CT",
    "kết luận": "KL",
    "quy chế": "QC",
    "hướng dẫn": "HD",
    "báo cáo": "BC",
    "kế hoạch": "KH",
    "chương trình": "CTr",
    "chương trình hành động": "CTr",
    "thông báo": "TB",
    "tờ trình": "TTr",
    "thông tri": "TT",
    "công văn": "CV",
    "biên bản": "BB",
    "đề án": "ĐA",
    "phương án": "PA",
}


def abbreviation(document_type: str) -> str:
    """ "Kế hoạch" -> "KH"; raises ValueError (Vietnamese) for an unknown type."""
    key = " ".join(document_type.lower().split())
    try:
        return ABBREVIATIONS[key]
    except KeyError:
        known = ", ".join(sorted({k.capitalize() for k in ABBREVIATIONS}))
        raise ValueError(f"chưa biết ký hiệu của loại văn bản «{document_type}»; các loại đã biết: {known}.") from None

"""How a kept document is named, and what became of it: in the desk's lists of printed documents (the deposit
desk's print history and the reader's page), and in the line a step says after printing as it happened."""

from __future__ import annotations

from PyQt6.QtCore import QT_TRANSLATE_NOOP

from desk_app.core.services.print_history import PrintRecord
from desk_app.ui.retranslate import translate

_CONTEXT = "PrintedDocuments"
NAMES = {
    "receipt": QT_TRANSLATE_NOOP("PrintedDocuments", "收据"),
    "refund-application": QT_TRANSLATE_NOOP("PrintedDocuments", "押金退还申请表"),
    "proxy-authorisation": QT_TRANSLATE_NOOP("PrintedDocuments", "代办申请表及委托书"),
    "registration": QT_TRANSLATE_NOOP("PrintedDocuments", "登记表"),
    "guardian-consent": QT_TRANSLATE_NOOP("PrintedDocuments", "监护人授权书"),
    "card-face": QT_TRANSLATE_NOOP("PrintedDocuments", "卡面"),
}


def document_name(kind: str) -> str:
    return translate(_CONTEXT, NAMES[kind]) if kind in NAMES else kind


def print_state(record: PrintRecord) -> str:
    """Sent (with its job), failed (and why), or only its PDF kept."""
    if record.status == "sent":
        return translate("PrintedDocuments", "已送打印机（作业 {0}）").format(record.message)
    if record.status == "failed":
        return translate("PrintedDocuments", "打印失败：{0}").format(record.message)
    return translate("PrintedDocuments", "仅保存 PDF")


def print_outcome(record: PrintRecord | None, pdf: object) -> str:
    """What really became of a document printed as a step happened: sent (to which printer, which job),
    failed (why), or only kept (no printer chosen yet); the PDF is kept either way, for a reprint."""
    if record is not None and record.status == "sent":
        return translate("PrintedDocuments", "已送打印机 {0}（作业 {1}）").format(record.printer, record.message)
    if record is not None and record.status == "failed":
        return translate("PrintedDocuments", "未能打印（{0}）；PDF 已保存：{1}，可在“打印记录”中重印").format(
            record.message, pdf
        )
    return translate("PrintedDocuments", "未打印（尚未选择打印机）；PDF 已保存：{0}，可在“打印记录”中重印").format(pdf)


def document_printed(kind: str, record: PrintRecord | None, pdf: object) -> str:
    """The same, named: "登记表：已送打印机 …"."""
    return translate("PrintedDocuments", "{0}：{1}").format(document_name(kind), print_outcome(record, pdf))

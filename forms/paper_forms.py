"""The paper forms of the seeds as data: their titles, fields, fixed wording and who signs.

`printing/` lays them out; `desk_app/core/services/paperwork.py` fills them from records. A form printed
blank uses the same definitions with empty values, so a hand-filled form and a printed one match.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class FormKind(StrEnum):
    REGISTRATION = "registration"
    GUARDIAN_CONSENT = "guardian-consent"
    REFUND_APPLICATION = "refund-application"
    PROXY_AUTHORISATION = "proxy-authorisation"
    RECEIPT = "receipt"
    CARD_FACE = "card-face"
    BATCH_RESULT = "batch-result"
    READER_GUIDE = "reader-guide"
    DAY_END = "day-end"


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    span: int = 1  # how many of the form's columns the value takes


# Foshan Appendix B, 读者服务登记表 (the Shenzhen "Reader Card Application Form" plays the same role).
REGISTRATION_FIELDS = (
    # The first eight sit beside the photo.
    FieldSpec("name", "姓名"),
    FieldSpec("gender", "性别"),
    FieldSpec("birth_date", "出生日期"),
    FieldSpec("phone", "联系电话"),
    FieldSpec("document_type", "证件类型"),
    FieldSpec("document_number", "证件号码"),
    FieldSpec("card_number", "借阅证号"),
    FieldSpec("issued_on", "办证日期"),
    FieldSpec("card_type", "借阅证类型", 3),
    FieldSpec("work_unit", "工作单位/学校班级", 3),
    FieldSpec("address", "通讯地址", 3),
    FieldSpec("guardian_name", "监护人姓名"),
    FieldSpec("guardian_relationship", "与读者关系"),
    FieldSpec("guardian_document", "监护人证件号码"),
    FieldSpec("guardian_phone", "监护人电话"),
    FieldSpec("home_branch", "办证馆", 3),
)
REGISTRATION_TITLE = "{union}读者服务登记表"
# Foshan 6.1.1.2 / A.2.3.
PASSWORD_REMINDER = (
    "借阅证的服务密码默认为身份证号码后六位（持其他证件办理的，为办证时告知的六位数字），"
    "请及时自行修改密码为包含英文字母和数字的八位及以上字符串，"
    "以免造成个人信息泄露或财产损失。"
)

# Where a library's seed gives no consent wording (Foshan's 表A1注 only asks for the guardian's signature), the
# desk words a neutral consent from the profile's rules: this title and text, {child}, {library} and {rule}
# filled in. Chongqing's 授权书 (seed 003 附件1, seed 002 附件3) comes from its profile.
NEUTRAL_CONSENT_TITLE = "{library}未成年读者办理借阅证监护人同意书"
NEUTRAL_CONSENT_TEXT = (
    "本人为{child}的监护人，同意其在{library}办理借阅证。{rule}本人知悉图书馆为办理借阅证和提供借阅服务收集、"
    "使用其姓名、证件号码、联系方式等个人信息，并将督促其遵守图书馆各项管理规定，爱护文献，按时归还。"
)
GUARDIAN_CONSENT_SIGNATURE = "监护人(授权人)签名："

# Foshan Appendix C, 表 C.1 押金退还申请表.
REFUND_TITLE = "{union}押金退还申请表"
REFUND_INSTRUCTION = "请认真填写表格资料，并签名确认"
REFUND_CONDITIONS = (
    "申请条件：",
    "成年人由本人持中华人民共和国第二代居民身份证（下称“二代身份证”）和本人一卡通借阅证办理押金退费申请",
    "未满 16 周岁的读者，凭本人有效证件和一卡通借阅证，由监护人陪同到场办理押金退费申请",
    "港、澳、台居民或非中国籍居民，可凭本人有效证件（如护照等）和本人一卡通借阅证办理押金退费申请。",
)
REFUND_DOCUMENT_BOXES = ("身份证", "户口本", "军人证", "护照", "其他")
REFUND_FIELDS = (
    FieldSpec("card_number", "一卡通证号"),
    FieldSpec("name", "姓名"),
    FieldSpec("gender", "性别"),
    FieldSpec("phone", "联系电话"),
    FieldSpec("document_number", "证件号码", 3),
    FieldSpec("work_unit", "工作单位/学校班级"),
    FieldSpec("address", "通讯地址"),
    FieldSpec("amount", "退还押金"),
    FieldSpec("signature", "签名确认"),
)

# Foshan 6.4.7: the agent fills the application; the principal's and agent's documents and a power of attorney.
PROXY_TITLE = "押金退还委托书"
PROXY_TEXT = (
    "本人{principal}（证件类型：{principal_doc_type}，证件号码：{principal_doc}），因本人无法到场，"
    "现委托{agent}（证件类型：{agent_doc_type}，证件号码：{agent_doc}）代为办理{union}借阅证"
    "（证号：{card_number}）押金退还手续，由受托人代为填写《押金退还申请表》并领取退还押金。"
    "受托人在委托权限内办理的一切事项，本人均予承认。"
)
PROXY_ATTACHMENTS = "附：委托人及受托人有效证件复印件各一份"

RECEIPT_TITLES = {
    "deposit_taken": "押金收据",
    "deposit_refunded": "押金退还收据",
    "card_fee": "工本费收据",
    "fine_paid": "滞纳金（违约金）收据",
    "pre_deposit": "预存款收据",
    "pre_deposit_used": "预存款抵扣凭证",
    "pre_deposit_refunded": "预存款退还收据",
}
# Foshan 6.4.4: 一式两份.
RECEIPT_COPIES = ("第一联 读者联", "第二联 存根联（归档）")


@dataclass(frozen=True)
class Signer:
    role: str  # "reader", "guardian", "agent", "staff"
    label: str


@dataclass(frozen=True)
class RegistrationData:
    union: str
    values: dict[str, str]
    signers: tuple[Signer, ...]
    photo: bytes | None = None


@dataclass(frozen=True)
class GuardianConsentData:
    minor_name: str
    minor_document: str
    guardian_name: str
    guardian_relationship: str
    guardian_document: str
    guardian_phone: str
    signed_on: date | None
    signature: bytes | None = None
    # The library's own wording (its seed's, or a neutral one from its rules); {child} is the minor's name.
    title: str = ""
    text: str = ""


@dataclass(frozen=True)
class RefundData:
    union: str
    values: dict[str, str]
    document_box: str | None  # which of REFUND_DOCUMENT_BOXES is ticked
    application_date: date | None


@dataclass(frozen=True)
class ProxyData:
    union: str
    principal: str
    principal_doc_type: str
    principal_doc: str
    agent: str
    agent_doc_type: str
    agent_doc: str
    card_number: str
    refund: RefundData


@dataclass(frozen=True)
class ReceiptData:
    library: str
    branch: str
    receipt_no: str
    kind: str
    amount_fen: int
    reader_name: str
    card_number: str
    when: str
    staff: str
    note: str = ""
    on_behalf_of: str = ""  # Chongqing 五（十）: the library a fine was collected for


@dataclass(frozen=True)
class CardFaceData:
    union: str
    library: str
    card_type: str
    card_number: str
    holder: str = ""


@dataclass(frozen=True)
class BatchRow:
    line: int
    name: str
    masked_document: str
    outcome: str  # "accepted", "rejected", "review"
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class BatchResultData:
    union: str
    batch_name: str
    unit: str
    made_on: date | None
    rows: tuple[BatchRow, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ReaderGuideData:
    """Foshan Appendix A's card guide: sections of text, each a heading and its paragraphs."""

    union: str
    title: str
    sections: tuple[tuple[str, tuple[str, ...]], ...]
    source: str


@dataclass(frozen=True)
class DayEndData:
    """A desk's day-end cash summary (a CardDesk form: the seeds ask for receipts, not for a day-end sheet)."""

    library: str
    branch: str
    desk: str
    day: str
    staff: str
    lines: tuple[tuple[str, int, int, int], ...]  # kind label, count, amount, cash effect (fen)
    cash_in_fen: int
    cash_out_fen: int
    receipts: tuple[tuple[str, str, str, int, str], ...]  # number, time, kind label, amount, printed?
    problems: tuple[str, ...]

"""The rules table of docs/rules.md, generated from the profiles so that it cannot drift from them."""

from __future__ import annotations

from collections.abc import Callable

from desk_app.core.messages import format_fen
from desk_app.core.policy import CHOICE, PROFILE_NAMES, CardType, Eligibility, Profile, load_profile
from forms.identity_documents import SPECS

NOT_SET = "—"


def _ages(rule: Eligibility) -> str:
    if rule.min_age is None and rule.max_age is None:
        return "任何年龄"
    if rule.max_age is None:
        return f"{rule.min_age}周岁及以上"
    if rule.min_age is None:
        return f"{rule.max_age}周岁及以下"
    return f"{rule.min_age}–{rule.max_age}周岁"


def eligibility_text(ct: CardType) -> str:
    return "；".join(
        f"{_ages(rule)}：{'、'.join(SPECS[d].name_zh for d in SPECS if d in rule.documents)}" for rule in ct.eligibility
    )


def _money(value: int | None) -> str:
    return NOT_SET if value is None else format_fen(value)


def _count(value: int | None, unit: str) -> str:
    return NOT_SET if value is None else f"{value}{unit}"


def _yes(value: bool) -> str:
    return "是" if value else "否"


ROWS: list[tuple[str, str, Callable[[CardType], str]]] = [
    ("eligibility", "办理条件（证件与年龄）", eligibility_text),
    (
        "virtual_for",
        "凭证件即得虚拟证号",
        lambda ct: "、".join(SPECS[d].name_zh for d in SPECS if d in ct.virtual_for) or "无（须实体卡）",
    ),
    ("deposit_fen", "押金", lambda ct: _money(ct.deposit_fen)),
    (
        "deposit_waiver",
        "免押金条件",
        lambda ct: (
            NOT_SET
            if ct.deposit_waiver is None
            else f"近{ct.deposit_waiver.months}个月无逾期超过{ct.deposit_waiver.max_overdue_days}天、无未缴滞纳金"
        ),
    ),
    ("first_physical_card_free", "首张实体卡免费", lambda ct: _yes(ct.first_physical_card_free)),
    ("card_fee_fen", "工本费（补办/再办）", lambda ct: _money(ct.card_fee_fen)),
    ("replacement_requires_cancellation", "补办须先挂失并注销", lambda ct: _yes(ct.replacement_requires_cancellation)),
    ("loan_limit", "可借总数", lambda ct: _count(ct.loan_limit, "册")),
    ("foreign_language_limit", "其中外文书刊上限", lambda ct: _count(ct.foreign_language_limit, "册")),
    ("loan_days", "借期", lambda ct: _count(ct.loan_days, "天")),
    ("renewals", "续借次数", lambda ct: _count(ct.renewals, "次")),
    ("renewal_days", "续借期（自续借日起）", lambda ct: _count(ct.renewal_days, "天")),
    ("fine_per_day_fen", "滞纳金/天/册", lambda ct: _money(ct.fine_per_day_fen)),
    ("fine_cap_per_item_fen", "每册滞纳金上限", lambda ct: _money(ct.fine_cap_per_item_fen)),
    ("fines_paid_where_incurred", "滞纳金在发生馆缴纳", lambda ct: _yes(ct.fines_paid_where_incurred)),
    ("credit_check_required", "须信用核验", lambda ct: _yes(ct.credit_check_required)),
    ("consent_always", "一律须监护人授权", lambda ct: _yes(ct.consent_always)),
    ("consent_under_age", "未满此年龄须监护人签字同意", lambda ct: _count(ct.consent_under_age, "周岁")),
    (
        "accompany_ages",
        "须监护人陪同的年龄",
        lambda ct: NOT_SET if ct.accompany_ages is None else f"{ct.accompany_ages[0]}–{ct.accompany_ages[1]}周岁",
    ),
    ("children_desk_under_age", "未满此年龄到少儿服务区办理", lambda ct: _count(ct.children_desk_under_age, "周岁")),
    (
        "review_outside_ages",
        "集体名单中此年龄以外须复核（柜台不办）",
        lambda ct: (
            NOT_SET
            if ct.review_outside_ages is None
            else f"{ct.review_outside_ages[0]}–{ct.review_outside_ages[1]}周岁以外"
        ),
    ),
]

SERVICE_ROWS: list[tuple[str, str, Callable[[Profile], str]]] = [
    ("cancel_at_home_branch", "注销只在原办证馆", lambda p: _yes(p.service.cancel_at_home_branch)),
    ("replace_at_home_branch", "补办只在原办证馆", lambda p: _yes(p.service.replace_at_home_branch)),
    ("phone_loss", "可电话挂失", lambda p: _yes(p.service.phone_loss)),
    (
        "phone_loss_questions",
        "电话挂失的核对问题",
        lambda p: (
            "、".join(p.phone_loss_questions) + f"（至少答对{p.phone_loss_min_correct}项）"
            if p.service.phone_loss
            else NOT_SET
        ),
    ),
    (
        "refund_guardian_under_age",
        "未满此年龄退押金须监护人陪同",
        lambda p: _count(p.service.refund_guardian_under_age, "周岁"),
    ),
    ("refund_needs_card", "退押金须交回借阅证", lambda p: _yes(p.service.refund_needs_card)),
    ("swap_old_card", "原押金读者卡可换领免押金借阅卡（退原押金）", lambda p: _yes(p.service.swap_old_card)),
    ("refund_proxy_power_of_attorney", "代办退押金须委托书", lambda p: _yes(p.refund_proxy_power_of_attorney)),
    (
        "default_password",
        "初始密码",
        lambda p: (
            "公民身份号码后六位；其他证件为随机六位数（只显示一次）"
            if p.service.default_password == "citizen_last_six"  # noqa: S105 - the rule's name, not a password
            else "随机六位数（只显示一次）"
        ),
    ),
    ("password_rule", "新密码规则", lambda p: "8位及以上，含英文字母和数字（全角字符不算）"),
    (
        "guardian_min_age",
        "监护人最低年龄",
        lambda p: "、".join(sorted({f"{ct.guardian_min_age}周岁" for ct in p.card_types})),
    ),
    (
        "batch_template",
        "集体办证名单",
        lambda p: "学校名单" if p.service.batch_template == "school" else "单位名单",
    ),
    (
        "consent_wording",
        "监护人授权书",
        lambda p: p.service.consent.title or "按规则生成的监护人同意书",
    ),
    ("branches", "成员馆", lambda p: "、".join(b.name for b in p.branches)),
]


DOCUMENT_RULES = [
    "## 证件号码的检查 — how document numbers are checked (every profile)",
    "",
    "- 公民身份号码（居民身份证、户口簿、驾驶证、社会保障卡）: 18 characters, the check digit by GB 11643"
    " (ISO 7064 MOD 11-2), a birth date that exists and is not in the future, and a first two digits that are"
    " a province of GB/T 2260. The county code (digits 3–6) is **not** checked against the birth year: a"
    " number keeps the code of the county where it was first assigned, often years after the birth, and"
    " counties are created, merged and renumbered (Chongqing's 500xxx codes date from 1997, yet every"
    " Chongqing adult holds one). A mistyped digit is caught by the check digit. CardDesk's choice, because"
    " python-stdnum's rule (the county must have existed in the birth year) refuses most adults born before"
    " the 1980s.",
    "- 港澳台居民居住证: the same check digit, with 810000, 820000 or 830000 as the address code.",
    "- 外国人永久居留身份证: the 2017 card (three letters and twelve digits) or the 2023 card (18 characters"
    " beginning with 9, MOD 11-2).",
    "- Machine-readable zones (passports, travel documents): ICAO 9303 check digits. A two-digit expiry year"
    " is read in the century that puts it within 20 years ahead of today; a birth year is never in the future.",
    "",
]


def paper_form_rules() -> list[str]:
    from forms.paper_forms import REGISTRATION_FIELDS

    fields = "、".join(spec.label for spec in REGISTRATION_FIELDS)
    return [
        "## 纸质表格 — paper forms (every profile)",
        "",
        "| 表格 | 内容 | 依据 |",
        "|---|---|---|",
        f"| 读者服务登记表 (Foshan 附录 B) | {fields}；照片；读者（及监护人）签名；密码提示 |"
        " 附录 B gives only the title **[CardDesk's choice]**: the fields are what the desk records for a reader,"
        " and the password reminder quotes 6.1.1.2 / A.2.3 |",
        "| 押金退还申请表 (Foshan 附录 C) | 一卡通证号、姓名、性别、联系电话、"
        "证件类型（身份证、户口本、军人证、护照、其他）、证件号码、工作单位/学校班级、通讯地址、退还押金、签名确认；申请条件"
        " | 表 C.1, as the seed lays it out |",
        "| 监护人授权书 / 同意书 | the profile's consent wording (see each profile's service rules) |"
        " Chongqing seed 003 附件1; elsewhere **[CardDesk's choice]** |",
        "| 收据 | 一式两份（第一联 读者联，第二联 存根联） | Foshan 6.4.4: 打印财经票据，一式两份 |",
        "",
    ]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _source(text: str) -> str:
    """The clause, with a choice marked where CardDesk chose (wholly or in part)."""
    return _cell(text) + (" **[CardDesk's choice]**" if CHOICE in text else "")


def render_rules_table() -> str:
    lines = [
        "# Card rules by library profile",
        "",
        "Generated by `carddesk rules-table --out docs/rules.md` from `desk_app/core/profiles/*.toml`;"
        " a test fails when this file and the profiles disagree.",
        f"`{NOT_SET}` means the seed sets no value: the desk then charges nothing and limits nothing for that rule.",
        "Every rule quotes the clause of its seed, or is marked **[CardDesk's choice]** with the reason; a test"
        " fails when a rule has neither, or when a quoted clause is not in the seed.",
        "",
        "The loan rules (items, foreign-language items, loan days, renewals, fines) are shown to readers and"
        " printed in the reader guide; lending itself is the union's library system's job (ILAS and its"
        " successors): the desk neither lends nor checks a loan against these limits. It reads fines to block a"
        " cancellation or a deposit waiver where the seed says so.",
        "",
    ]
    lines += DOCUMENT_RULES
    lines += paper_form_rules()
    for name in PROFILE_NAMES:
        profile = load_profile(name)
        lines += [f"## {profile.name_zh} — {profile.name_en} (`{profile.code}`)", "", f"Source: {profile.source}", ""]
        lines.append("Member libraries: " + "、".join(f"{b.name} (`{b.code}`)" for b in profile.branches))
        lines += ["", "### 服务规则 — service rules", "", "| 规则 | 值 | 依据 |", "|---|---|---|"]
        for key, label, rule in SERVICE_ROWS:
            lines.append(f"| {label} | {_cell(rule(profile))} | {_source(profile.service.sources.get(key, ''))} |")
        lines.append("")
        for ct in profile.card_types:
            lines += [f"### {ct.name_zh} (`{ct.code}`)", "", "| 规则 | 值 | 依据 |", "|---|---|---|"]
            for key, label, value in ROWS:
                lines.append(f"| {label} | {_cell(value(ct))} | {_source(ct.sources.get(key, ''))} |")
            lines.append("")
    return "\n".join(lines)

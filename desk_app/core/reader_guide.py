"""The reader guide for the counter (Foshan Appendix A), written from the profile's own policy data."""

from __future__ import annotations

from desk_app.core.messages import format_fen
from desk_app.core.policy import CardType, Profile
from desk_app.core.rules_table import eligibility_text
from forms.identity_documents import SPECS
from forms.paper_forms import ReaderGuideData


def _card_section(ct: CardType) -> tuple[str, tuple[str, ...]]:
    lines = [f"办理条件：{eligibility_text(ct)}"]
    if ct.virtual_for:
        docs = "、".join(SPECS[d].name_zh for d in SPECS if d in ct.virtual_for)
        lines.append(f"凭{docs}办理的，成功办理后会得到虚拟证号，证件本身即可作借阅证使用。")
    else:
        lines.append("办理时发放实体借阅证（条码卡）。")
    fee = "免费" if ct.deposit_fen == 0 else f"押金 {format_fen(ct.deposit_fen)}"
    if ct.card_fee_fen:
        free = "首张实体卡免工本费，" if ct.first_physical_card_free else ""
        fee += f"；{free}补办、再办每卡工本费 {format_fen(ct.card_fee_fen)}"
    lines.append(f"所需费用：{fee}。")
    allows = []
    if ct.loan_limit:
        allows.append(
            f"可借 {ct.loan_limit} 册"
            + (f"（其中外文不超过 {ct.foreign_language_limit} 册）" if ct.foreign_language_limit else "")
        )
    if ct.loan_days:
        allows.append(f"借期 {ct.loan_days} 天")
    if ct.renewals:
        allows.append(f"可续借 {ct.renewals} 次，每次 {ct.renewal_days or ct.loan_days} 天")
    if ct.fine_per_day_fen:
        cap = f"，每册最多 {format_fen(ct.fine_cap_per_item_fen)}" if ct.fine_cap_per_item_fen else ""
        where = "，在发生馆缴纳" if ct.fines_paid_where_incurred else ""
        allows.append(f"逾期滞纳金每天每册 {format_fen(ct.fine_per_day_fen)}{cap}{where}")
    if allows:
        lines.append("借阅权限：" + "；".join(allows) + "。")
    minors = []
    if ct.consent_always:
        minors.append("须家长（监护人）签署授权书")
    elif ct.consent_under_age:
        minors.append(f"未满 {ct.consent_under_age} 周岁须监护人签字同意")
    if ct.accompany_ages:
        minors.append(f"{ct.accompany_ages[0]}–{ct.accompany_ages[1]} 周岁须由监护人陪同办理")
    if ct.children_desk_under_age:
        minors.append(f"未满 {ct.children_desk_under_age} 周岁到少儿服务区办理")
    if minors:
        lines.append("未成年人：" + "；".join(minors) + "。")
    if ct.credit_check_required:
        lines.append("办理前须完成个人信用核验，免押金借阅。")
    return ct.name_zh, tuple(lines)


def reader_guide(profile: Profile) -> ReaderGuideData:
    sections = [_card_section(ct) for ct in profile.card_types]
    service = profile.service
    replace_rules = [ct.name_zh for ct in profile.card_types if ct.replacement_requires_cancellation]
    sections.append(
        (
            "借阅",
            (
                "借还由图书馆的借阅系统办理，上述借阅权限在借书时执行；办证服务台只办理借阅证。",
                "滞纳金、违约金由借阅系统记录，注销借阅证前须缴清。",
            ),
        )
    )
    password = (
        "借阅证的服务密码默认为身份证号码后六位；持其他证件办理的，为办证时告知的六位数字。"
        if service.default_password == "citizen_last_six"  # noqa: S105 - the rule's name, not a password
        else "借阅证的服务密码为办证时告知的六位数字。"
    )
    sections.append(
        ("密码", (password, "请及时自行修改为包含英文字母和数字的八位及以上字符串，以免造成个人信息泄露或财产损失。"))
    )
    where_cancel = "到原办证馆办理" if service.cancel_at_home_branch else "到任一成员馆办理"
    where_replace = "到原办证馆" if service.replace_at_home_branch else "到任一成员馆"
    sections.append(
        (
            "挂失、恢复、注销和补办",
            (
                "挂失：借阅证遗失后，本人可到任一成员馆"
                + ("或打电话" if service.phone_loss else "")
                + "办理挂失；挂失前造成的损失由读者自负。",
                "恢复：挂失后找回原证，或身份证补办成功，本人可到任一成员馆解除挂失，恢复借阅功能。",
                f"注销：注销前应还清所借文献并缴清违约金，持本人有效证件{where_cancel}。",
                f"补办：{where_replace}办理；"
                + ("、".join(replace_rules) + "须挂失并注销后方可补办新证；" if replace_rules else "")
                + "其他借阅证挂失后即可补办。",
            ),
        )
    )
    sections.append(("成员馆", ("、".join(b.name for b in profile.branches) + "。",)))
    return ReaderGuideData(profile.name_zh, f"{profile.name_zh}读者办证指南", tuple(sections), profile.source)

"""The catalogue of user-facing messages raised by the core, in Simplified Chinese and English.

The core cannot use Qt's translation system (it has no Qt), so its messages carry a code and parameters
and are rendered here; the UI picks the language the user chose.
"""

from __future__ import annotations

from typing import NamedTuple


class Text(NamedTuple):
    """A name that exists in both languages, passed as a message parameter."""

    zh: str
    en: str

    def pick(self, lang: str) -> str:
        return self.en if lang.startswith("en") else self.zh


MESSAGES: dict[str, tuple[str, str]] = {
    "document.unknown_type": ("不支持的证件类型：{doc_type}", "Unsupported document type: {doc_type}"),
    "document.number_missing": ("请填写{doc_name}号码", "Enter the {doc_name} number"),
    "document.bad_format": ("{doc_name}号码格式不正确：{number}", "The {doc_name} number is malformed: {number}"),
    "document.bad_check_digit": (
        "{doc_name}号码校验位错误，请核对：{number}",
        "The {doc_name} number has a wrong check digit: {number}",
    ),
    "document.bad_birth_date": (
        "{doc_name}号码中的出生日期不存在：{number}",
        "The birth date inside the {doc_name} number does not exist: {number}",
    ),
    "document.unknown_region": (
        "{doc_name}号码的前两位不是省级行政区划代码，请核对：{number}",
        "The first two digits of the {doc_name} number are no province code: {number}",
    ),
    "document.future_birth_date": (
        "{doc_name}号码中的出生日期晚于今天：{number}",
        "The birth date inside the {doc_name} number is in the future: {number}",
    ),
    "document.expired": (
        "{doc_name}已于{valid_until}过期，请持有效证件办理",
        "The {doc_name} expired on {valid_until}; a valid document is needed",
    ),
    "document.expiry_required": ("请填写{doc_name}的有效期", "Enter the expiry date of the {doc_name}"),
    "document.nationality_required": ("请填写{doc_name}的国籍", "Enter the nationality on the {doc_name}"),
    "document.birth_date_mismatch": (
        "出生日期与{doc_name}号码不一致（证件：{from_document}，填写：{entered}）",
        "The birth date does not match the {doc_name} number (document: {from_document}, entered: {entered})",
    ),
    "reader.name_missing": ("请填写读者姓名", "Enter the reader's name"),
    "reader.name_too_long": ("姓名过长（最多{limit}个字符）", "The name is too long (at most {limit} characters)"),
    "reader.birth_date_missing": (
        "无法确定出生日期，请填写出生日期",
        "The birth date is unknown: enter it",
    ),
    "reader.phone_invalid": ("联系电话格式不正确：{phone}", "The phone number is malformed: {phone}"),
    "reader.phone_missing": ("请填写联系电话", "Enter a phone number"),
    "reader.no_document": ("请至少提供一种有效证件", "At least one valid identity document is needed"),
    "reader.not_found": ("找不到该读者", "No such reader"),
    "reader.identity_mismatch": (
        "出示的证件与读者登记的证件不符，无法办理",
        "The document shown does not belong to this reader",
    ),
    "reader.nothing_to_change": ("没有需要修改的信息", "Nothing to change"),
    "reader.field_not_changeable": ("该信息不能在此修改：{field}", "This detail cannot be changed here: {field}"),
    "card.type_unknown": ("本馆政策中没有该借阅证类型：{card_type}", "The policy has no card type {card_type}"),
    "card.not_eligible": (
        "{card_type_name}不适用于该读者（{reason}）",
        "{card_type_name} is not available to this reader ({reason})",
    ),
    "merge.same_record": ("要合并的是同一条读者记录", "Both are the same reader record"),
    "merge.not_the_same_person": (
        "两条记录的姓名或出生日期不同（{kept} / {gone}），不能合并：请先核对并修改信息",
        "The two records differ in name or date of birth ({kept} / {gone}): check and correct them first",
    ),
    "merge.two_live_cards": (
        "两条记录都有有效的借阅证（{cards}）：一人一证，请先注销其中一张再合并",
        "Both records hold a live card ({cards}): one person, one card; cancel one first, then merge",
    ),
    "card.maybe_in_union": (
        "离线核对：此人可能已在联盟某馆办过借阅证（一人一证）。请联网后再办理；联网后系统会给出确切结果",
        "Checked offline: this person may already hold a card somewhere in the union (one person, one card)."
        " Issue it once the desk is online, which gives the certain answer",
    ),
    "card.already_has_card": (
        "该读者已在{branch_name}办理借阅证（证号 {card_number}，状态：{status}），一人只能办理一张借阅证",
        "This person already has a card issued at {branch_name} (number {card_number}, {status}); one person, one card",
    ),
    "card.barcode_required": (
        "{card_type_name}需要实体卡：请扫描卡片条码",
        "{card_type_name} needs a physical card: scan the card's barcode",
    ),
    "card.barcode_invalid": ("卡片条码格式不正确：{barcode}", "The card barcode is malformed: {barcode}"),
    "card.barcode_taken": ("条码 {barcode} 已属于另一张借阅证", "Barcode {barcode} already belongs to another card"),
    "card.chip_taken": ("芯片 {chip_uid} 已绑定另一张借阅证", "Chip {chip_uid} is already bound to another card"),
    "card.chip_invalid": ("芯片号格式不正确：{chip_uid}", "The chip UID is malformed: {chip_uid}"),
    "card.not_found": ("找不到借阅证：{card}", "No such card: {card}"),
    "card.bad_transition": (
        "借阅证当前状态为“{status}”，不能{action}",
        "The card is {status}: it cannot be {action}",
    ),
    "card.home_branch_only": (
        "{action}须到原办证馆（{branch_name}）办理",
        "{action} is only possible at the home branch ({branch_name})",
    ),
    "card.loans_out": (
        "读者尚有{count}册文献未归还，请先还清所借文献",
        "The reader still has {count} item(s) on loan; they must be returned first",
    ),
    "card.fines_unpaid": (
        "读者尚有违约金{amount}未缴清，请先缴清",
        "The reader has {amount} of unpaid fines; they must be paid first",
    ),
    "card.replacement_needs_cancellation": (
        "“一卡通”须先挂失并注销后方可补办新证",
        'A "one card" card can only be replaced after it was reported lost and cancelled',
    ),
    "card.replacement_needs_loss": (
        "只有已挂失的借阅证才能补办",
        "Only a card reported lost can be replaced",
    ),
    "card.fee_due": (
        "应收工本费{amount}，实收{paid}",
        "A fee of {amount} is due; {paid} was taken",
    ),
    "card.deposit_due": ("应收押金{amount}，实收{paid}", "A deposit of {amount} is due; {paid} was taken"),
    "card.already_physical": (
        "该借阅证已绑定实体卡（条码 {barcode}）",
        "This card is already bound to a physical card (barcode {barcode})",
    ),
    "guardian.required": (
        "{age}周岁读者办证须监护人签字同意，请登记监护人",
        "A reader aged {age} needs a guardian's signed consent: record the guardian",
    ),
    "guardian.must_accompany": (
        "{age}周岁读者须由监护人陪同办理",
        "A reader aged {age} must be accompanied by a guardian",
    ),
    "guardian.too_young": (
        "监护人须年满{age}周岁",
        "The guardian must be at least {age} years old",
    ),
    "consent.not_the_guardian": (
        "送来授权书的不是登记的监护人（{name}）：授权书须由登记的监护人签署并出示其证件",
        "The person bringing the authorisation is not the guardian on record ({name}): the guardian on record "
        "signs it and shows their own document",
    ),
    "consent.guardian_document": (
        "请读取监护人（{name}）本人的身份证件：授权书须核对监护人身份后登记",
        "Read the guardian's ({name}) own identity document: the authorisation is recorded once they are checked",
    ),
    "guardian.consent_missing": ("监护人尚未签字同意", "The guardian has not signed the consent"),
    "credit.reference_format": (
        "信用核验编号应为 6–40 位字母、数字或连字符（平台给出的核验编号）：{reference}",
        "The credit check's reference is 6-40 letters, digits or dashes (as the platform gave it): {reference}",
    ),
    "credit.attestation_required": (
        "信用借阅证须先完成信用核验",
        "A credit reading card needs a completed credit check",
    ),
    "password.too_weak": (
        "新密码须为包含字母和数字的8位及以上字符串",
        "The new password needs 8 or more characters with both letters and digits",
    ),
    "password.wrong": ("原密码不正确", "The current password is wrong"),
    "attachment.not_an_image": (
        "文件不是可用的图片（仅支持 PNG 或 JPEG）",
        "The file is not a usable image (PNG or JPEG)",
    ),
    "attachment.too_large": ("文件过大（最大 {limit} MB）", "The file is too large (at most {limit} MB)"),
    "paper.no_guardian": ("该读者没有登记监护人", "No guardian is recorded for this reader"),
    "paper.no_card": ("该读者没有借阅证", "This reader has no card"),
    "paper.no_receipt": ("找不到收据：{receipt}", "No such receipt: {receipt}"),
    "paper.no_deposit": ("系统中没有该读者的押金记录", "The system holds no deposit for this reader"),
    "print.failed": (
        "打印失败：{reason}。PDF 已保存在 {path}，可在读者的打印记录中重印",
        "Printing failed: {reason}. The PDF is kept at {path} and can be reprinted from the reader's history",
    ),
    "print.blank_not_kept": (
        "空白表格不保存记录：请用 --out 生成后自行打印",
        "A blank form is not kept: print the file written with --out",
    ),
    "print.no_printer": (
        "尚未为“{kind}”选择打印机：请在打印预览中选择一台。PDF 已保存在 {path}",
        "No printer is chosen for {kind} yet: choose one in the print preview. The PDF is kept at {path}",
    ),
    "print.no_record": ("找不到打印记录：{record}", "No such printed document: {record}"),
    "privacy.reason_required": (
        "查看读者完整信息须说明原因",
        "Say why the reader's full details are needed",
    ),
    "cli.password_needs_terminal": (
        "请在终端中输入密码，或使用 --password-stdin",
        "Type the password at a terminal, or use --password-stdin",
    ),
    "cli.passwords_differ": ("两次输入的密码不一致", "The two passwords differ"),
    "cli.staff_needed": (
        "此命令会修改数据，须以 --staff 用户名 指明办理人，并提供其密码（--password-stdin 或在终端输入）",
        "This command changes data: name who acts with --staff USERNAME and give their password"
        " (--password-stdin, or type it at a terminal)",
    ),
    "cli.password_needed": (
        "请提供 {staff} 的密码：使用 --password-stdin 从标准输入读取，或在终端中运行以输入密码",
        "Give {staff}'s password: --password-stdin reads it from standard input, or run at a terminal to type it",
    ),
    "cli.password_stdin_empty": (
        "标准输入中没有密码（--password-stdin 读取第一行）",
        "No password on standard input (--password-stdin reads its first line)",
    ),
    "input.too_long": ("“{field}”过长（最多{limit}个字符）", "“{field}” is too long (at most {limit} characters)"),
    "input.invisible_character": (
        "“{field}”第{position}个字符是不可见的控制字符（{code}），请删去后重新输入",
        "“{field}” has an invisible control character at position {position} ({code}): remove it and type it again",
    ),
    "batch.already_imported": (
        "这个文件已经导入过：批次“{batch}”（{at}，编号 {id}）。请在集体办证中打开该批次；"
        "确需再导入一次的，请选择“再次导入”",
        "This file was imported before: batch “{batch}” ({at}, id {id}). Open that batch; to import it a second"
        " time all the same, choose to import again",
    ),
    "batch.unknown_field": (
        "不能修改的字段：{fields}（可修改：{allowed}）",
        "No such field to correct: {fields} (the fields are: {allowed})",
    ),
    "batch.row_not_in_review": ("第 {row} 行不在待复核状态", "Row {row} is not waiting for review"),
    "batch.confirm_reason": ("请说明确认的原因", "Say why the row is confirmed"),
    "batch.unsupported": (
        "不支持的文件类型：{file}（请使用 .xlsx、.xls 或 .csv）",
        "Unsupported file type: {file} (use .xlsx, .xls or .csv)",
    ),
    "batch.unreadable": (
        "无法读取文件 {file}（{reason}）：文件可能已损坏，请在 Excel 中重新保存后再导入",
        "Cannot read {file} ({reason}): the file may be damaged; save it again in Excel and retry",
    ),
    "batch.no_header": (
        "在 {file} 中找不到表头：至少需要“身份证号”和“姓名”两列，请使用导入模板",
        "No header row in {file}: at least the columns 身份证号 and 姓名 are needed; use the template",
    ),
    "batch.cancelled": ("导入已取消，未保存任何记录", "The import was cancelled; nothing was saved"),
    "batch.not_found": ("找不到批次：{batch}", "No such batch: {batch}"),
    "batch.row_not_found": ("批次中没有第 {row} 行", "The batch has no row {row}"),
    "batch.row_approved": ("第 {row} 行已审核开通，不能再修改或删除", "Row {row} is approved and can no longer change"),
    "loss.questions": (
        "电话挂失须按本馆规定的核验问题提问，至少 {needed} 项",
        "A telephone loss needs at least {needed} of the library's identity questions",
    ),
    "loss.not_verified": (
        "来电者未能通过身份核验，不能挂失（已记录）",
        "The caller did not pass the identity check; no loss was recorded (the attempt was)",
    ),
    "fine.not_found": ("找不到该借阅记录", "No such loan"),
    "fine.nothing_owed": ("该文献没有未缴的滞纳金", "Nothing is owed on this item"),
    "fine.elsewhere": (
        "该滞纳金须在发生馆（{branch}）缴纳",
        "This fine is paid at the library where it arose ({branch})",
    ),
    "fine.amount": ("应缴{owed}，本次收取{paid}：金额不对", "{owed} is owed; {paid} cannot be taken"),
    "card.none_for_document": (
        "该证件名下没有可用的借阅证（线上卡须先开通）",
        "No card belongs to this document (an online card must be opened first)",
    ),
    "external.unknown_issuer": ("本馆不受理该发卡机构的卡：{issuer}", "This library does not accept cards of {issuer}"),
    "external.bad_number": (
        "{issuer}卡号不正确，请重新刷卡或核对",
        "The {issuer} card number is wrong: swipe or check it",
    ),
    "external.no_key": (
        "本机未配置联名卡密钥（系统密钥环不可用），不能办理联名卡",
        "No co-branded card key on this desk (the system keyring is unavailable): co-branded cards cannot be bound",
    ),
    "external.id_card_needed": (
        "激活联名卡须读取持卡人本人的第二代居民身份证",
        "Activating a co-branded card needs the holder's own second-generation ID card",
    ),
    "branch.unknown": ("未知的分馆代码：{code}", "Unknown branch code: {code}"),
    "staff.unknown": ("未知或已停用的工作人员：{staff}", "Unknown or disabled staff member: {staff}"),
    "staff.wrong_branch": (
        "该工作人员不属于{branch}，不能在此办理",
        "This staff member does not belong to {branch} and cannot act for it",
    ),
    "staff.not_permitted": ("{role}无权{action}", "A {role} may not {action}"),
    "staff.children_desk_only": (
        "该年龄的读者须在少儿服务台办理",
        "Readers of this age are served at the children's desk",
    ),
    "staff.locked": (
        "密码错误次数过多，账号已锁定至 {until}",
        "Too many wrong passwords: the account is locked until {until}",
    ),
    "staff.exists": ("用户名已存在：{username}", "The user name is taken: {username}"),
    "staff.first_admin_exists": (
        "本服务台已有可登录的工作人员：新账号须由本馆管理员以 --staff 登录后添加",
        "This desk already has staff who can sign in: a branch administrator adds accounts, signed in with --staff",
    ),
    "staff.first_admin_role": (
        "本服务台的第一个账号必须是分馆管理员（--role admin）",
        "The first account of a desk must be its branch administrator (--role admin)",
    ),
    "staff.other_branch": (
        "{staff}属于{branch}，只能由该馆的管理员管理",
        "{staff} belongs to {branch} and is managed by that branch's administrator",
    ),
    "staff.bad_credentials": ("用户名或密码错误", "Wrong user name or password"),
    "staff.no_password": ("该账号尚未设置密码", "This account has no password yet"),
    "profile.unknown": (
        "未知的政策配置：{name}（可选：{choices}）",
        "Unknown policy profile: {name} (choices: {choices})",
    ),
    "db.malformed": (
        "数据库文件已损坏（{path}）：请关闭所有服务台程序，用 {backup} 中最近的备份恢复"
        "（carddesk db restore 备份文件），再联系信息部门",
        "The database file is damaged ({path}): close every desk program, restore the latest backup from"
        " {backup} (carddesk db restore FILE), then call library IT",
    ),
    "db.newer": (
        "数据库 {path} 由更新版本的 CardDesk 创建：请先把本机的 CardDesk 升级到最新版本",
        "The database {path} was made by a newer CardDesk: update CardDesk on this PC first",
    ),
    "db.disk_full": (
        "磁盘已满，数据库 {path} 无法写入（刚才的操作没有保存）：请清理磁盘空间后重试",
        "The disk is full and the database {path} cannot be written (the last action was not saved): free some"
        " space and try again",
    ),
    "output.disk_full": (
        "磁盘已满，文件没有写成：{path}（没有留下不完整的文件）：请清理磁盘空间或换一个文件夹后重试",
        "The disk is full and the file was not written: {path} (no partial file was left): free some space or"
        " choose another folder, and try again",
    ),
    "db.backup_failed": (
        "数据库 {path} 的备份没有通过校验，未保存：数据库可能已损坏，请联系信息部门",
        "The backup of {path} failed its check and was not kept: the database may be damaged; call library IT",
    ),
    "db.backup_damaged": (
        "备份文件 {path} 已损坏，不能用来恢复：请选择另一份备份",
        "The backup {path} is damaged and cannot be restored: choose another",
    ),
    "db.io_error": (
        "读写数据库 {path} 时磁盘出错（刚才的操作没有保存）：请检查磁盘或 U 盘是否已拔出，再重试",
        "The disk failed while the database {path} was written (the last action was not saved): check the disk"
        " (was a USB drive pulled out?) and try again",
    ),
    "db.read_only": (
        "数据库 {path} 无法写入（只读或无权限）：请检查文件和文件夹的权限，或联系信息部门",
        "The database {path} cannot be written (read-only, or no permission): check the file's and folder's"
        " permissions, or call library IT",
    ),
    "db.unsent_central_changes": (
        "本服务台还有 {count} 条变更没有送到旧的中心数据库，不能升级：请用原来的 CardDesk 同步后加入联盟服务"
        "（carddesk join），再升级",
        "This desk still holds {count} changes never sent to the old central database and cannot be upgraded:"
        " sync them with the CardDesk it has, join the union service (carddesk join), then upgrade",
    ),
    "db.unreadable": (
        "无法打开数据库文件 {path}（已损坏、不是 CardDesk 数据库，或在别的电脑上加密）：如已损坏，请用 {backup} 中"
        "最近的备份恢复（carddesk db restore 备份文件）",
        "The database file {path} cannot be opened (damaged, not a CardDesk database, or encrypted on another PC):"
        " if it is damaged, restore the latest backup from {backup} (carddesk db restore FILE)",
    ),
    "device.port_unavailable": (
        "无法打开设备端口 {port}：{reason}。请检查连线，或在设置中选择其他端口",
        "Cannot open the device port {port}: {reason}. Check the cable, or choose another port in the settings",
    ),
    "device.failed": (
        "设备（{port}）出错，正在重新连接：{reason}",
        "The device ({port}) failed and is being reconnected: {reason}",
    ),
    "device.disconnected": (
        "设备已断开（{port}），正在等待重新连接",
        "The device was disconnected ({port}); waiting for it to come back",
    ),
    "device.not_answering": (
        "读卡器在 {seconds} 秒内没有应答（{port}），请检查电源和连线",
        "The reader did not answer within {seconds} s ({port}); check its power and cable",
    ),
    "device.no_card": (
        "{seconds} 秒内没有读到证件，请把证件平放在读卡器上",
        "No card was read within {seconds} s; lay the card flat on the reader",
    ),
    "device.bad_checksum": (
        "读卡器传来的数据校验错误，已丢弃，请重新放一次证件",
        "The reader's data failed its checksum and was dropped; place the card again",
    ),
    "device.bad_length": (
        "读卡器传来的数据长度不对（{length} 字节），已丢弃",
        "The reader sent a frame of an impossible length ({length} bytes); it was dropped",
    ),
    "device.truncated": (
        "读卡器传来的数据不完整，请重新放一次证件",
        "The reader's answer was cut short; place the card again",
    ),
    "device.reader_status": ("读卡器报告：{reason}", "The reader reports: {reason}"),
    "dayend.no_receipt_number": ("{kind} {amount} 没有收据号", "{kind} {amount} has no receipt number"),
    "dayend.not_printed": ("收据 {receipt} 未打印", "Receipt {receipt} was not printed"),
    "dayend.printed_not_on_ledger": (
        "打印过的收据 {receipt} 不在账上",
        "Printed receipt {receipt} is not on the ledger",
    ),
    "dayend.number_missing": ("收据号 {receipt} 缺失", "Receipt number {receipt} is missing"),
    "demo.not_installed": (
        "安装版不含演示数据：演示请在源代码目录中运行（sh installer/dev.sh run）",
        "The installed program carries no demo data: run the demo from the source tree (sh installer/dev.sh run)",
    ),
    "device.select_failed": (
        "读到证件但未能选中：请只放一张证件并放平（两张证件重叠时读不出）",
        "A card was found but could not be selected: lay one card only, flat (two overlapping cards cannot be read)",
    ),
    "device.foreign_frames": (
        "端口 {port} 上的设备回应的不是身份证阅读器的数据：请检查是否接错了设备，或端口被其他程序占用",
        "The device on {port} answers with something other than an ID card reader's frames: check the device"
        " plugged in, or whether another program uses the port",
    ),
    "device.sdk_missing": (
        "无法加载读卡器厂商的动态库 {path}：{reason}。请安装厂商驱动，或在设置中填写库文件的位置",
        "The reader vendor's library {path} cannot be loaded: {reason}. Install the vendor's driver, or give the"
        " library's location in the settings",
    ),
    "device.sdk_not_this_family": (
        "{path} 不是所选读卡器类型的厂商库（缺少 {function}）",
        "{path} is not a library of the chosen reader family (it has no {function})",
    ),
    "device.sdk_kind_unsupported": (
        "此读卡器驱动（{backend}）只读居民身份证；这张证件（类型 {kind}）请换用串口或 sdtapi 读卡器，或手工录入",
        "This reader driver ({backend}) reads resident ID cards only; read this card (kind {kind}) on a serial or"
        " sdtapi reader, or enter it by hand",
    ),
    "device.port_needed": (
        "请用 --port 指定读卡器的串口（如 /dev/ttyUSB0 或 COM3）",
        "Name the reader's serial port with --port (e.g. /dev/ttyUSB0 or COM3)",
    ),
    "device.sdk_unknown_backend": (
        "未知的读卡器类型 {backend}（可选：{choices}）",
        "Unknown reader family {backend} (choices: {choices})",
    ),
    "device.id_bad_field": (
        "证件芯片中的{field}无法识别：{value}",
        "The {field} in the card's chip cannot be read: {value}",
    ),
    "device.id_unknown_kind": (
        "无法识别的证件类型标识「{flag}」，请用手工录入",
        "Unknown card kind flag '{flag}'; enter the details by hand",
    ),
    "device.pcsc_service": (
        "智能卡服务（PC/SC）没有运行，IC卡读卡器暂不可用：请启动 pcscd（Linux）或“Smart Card”服务（Windows）。"
        "系统报告：{reason}",
        "The smart-card service (PC/SC) is not running, so the IC card reader is unavailable: start pcscd (Linux)"
        " or the Smart Card service (Windows). The system reports: {reason}",
    ),
    "device.pcsc_no_reader": ("没有找到读卡器：{reader}", "No card reader found: {reader}"),
    "device.pcsc_no_card": ("读卡器上没有卡片（{reader}）", "There is no card on the reader ({reader})"),
    "device.pcsc_card_error": (
        "卡片通信失败（{reader}）：{reason}。请把卡片重新放好",
        "Talking to the card failed ({reader}): {reason}. Place the card again",
    ),
    "device.pcsc_status": (
        "卡片拒绝了读取卡号的指令（状态字 {sw}），这张卡可能不是本馆的卡",
        "The card refused the read-UID command (status {sw}); it may not be a library card",
    ),
    "device.mrz_unreadable": (
        "护照机读码无法识别（应为 2 行 44 位、2 行 36 位或 3 行 30 位）",
        "The passport's machine-readable zone cannot be read (expected 2×44, 2×36 or 3×30 characters)",
    ),
    "device.mrz_check_digit": (
        "机读码中“{fields}”一栏未通过校验（校验位不符，或数字栏里有字母），请重新扫描或手工输入",
        "The machine-readable zone's {fields} failed its check (a wrong check digit, or a letter in a digit"
        " field): scan it again or type the details",
    ),
    "device.mrz_mainland_permit": (
        "这是内地签发的出入境通行证的机读码，本系统不读取其格式：请手工输入证件信息",
        "This is the machine-readable zone of a mainland exit-entry permit, whose layout the desk does not"
        " read: type the document's details",
    ),
    "setup.desk_code": (
        "服务台编号只能是 1 到 8 位大写字母或数字：{code}",
        "A desk code is 1 to 8 capital letters or digits: {code}",
    ),
    "setup.unknown_branch": (
        "政策配置「{profile}」中没有分馆代码 {code}",
        "The profile '{profile}' has no branch with the code {code}",
    ),
    "setup.ca_file": ("找不到 CA 证书文件：{path}", "The CA certificate file does not exist: {path}"),
    "setup.keyring_unavailable": (
        "系统密码库不可用，无法保存密码：{reason}",
        "The system keyring is not available, so the password cannot be kept: {reason}",
    ),
    "setup.unknown_printer": (
        "找不到打印机：{printer}（可用：{choices}）",
        "No such printer: {printer} (available: {choices})",
    ),
    "setup.not_an_id_reader": (
        "端口 {port} 上的设备不是身份证阅读器：{reason}",
        "The device on {port} is not an ID card reader: {reason}",
    ),
    "loss.no_phone_reports": (
        "{library}的规定没有电话挂失：请读者持本人有效证件到馆办理",
        "{library} takes no loss reports by telephone: the reader comes with their document",
    ),
    "settings.unreadable": (
        "设置文件已损坏或无法读取：{path}。服务台不会按默认设置打开（以免用错服务台身份、收据编号和数据库）："
        "请用上一份备份 {backup} 覆盖它，或删除它后重新运行设置（carddesk setup）",
        "The settings file is damaged or unreadable: {path}. The desk will not open on defaults (it could take"
        " another desk's identity, receipt numbers and database): copy the last good backup {backup} over it,"
        " or delete it and run the set-up again (carddesk setup)",
    ),
    "union.queue_waiting": (
        "还有 {count} 项本台办理的业务等待联盟服务确认（需要办理人联网登录）：请先同步，再办理此项",
        "{count} actions of this desk still wait for the union service (their staff must sign in online): sync"
        " first, then do this",
    ),
    "union.command_refused": ("联盟服务未接受此项业务：{reason}", "The union service did not accept this: {reason}"),
    "union.said": ("{zh}", "{en}"),
    "union.no_service_accounts": (
        "加入联盟的服务台不建服务账号：定时任务请用联盟中已有的工作人员账号登录（--staff 与 --password-stdin）",
        "A desk in a union makes no service accounts: a scheduled job signs in as a union staff member"
        " (--staff with --password-stdin)",
    ),
    "union.sign_in_needed": (
        "请先联网登录联盟服务，再处理该冲突",
        "Sign in online against the union first, then resolve the conflict",
    ),
    "demo.in_union": (
        "本服务台已加入联盟，不能写入演示数据（演示账号的密码是公开的）；"
        "演示联盟的数据用 carddesk union demo-data 写入",
        "This desk belongs to a union and takes no demo data (the demo accounts' password is public); a demo"
        " union gets its data with carddesk union demo-data",
    ),
    "union.demo_not_empty": (
        "联盟数据库中已有读者：演示数据只能放进新建的演示联盟，不会混入真实数据",
        "The union's database already has readers: demo data goes only into a new, empty demo union, never among"
        " real records",
    ),
    "union.not_initialised": (
        "联盟数据库尚未初始化：请先运行 carddesk union init",
        "The union's database is not set up: run carddesk union init first",
    ),
    "union.code_invalid": (
        "入网码无效、已用过或已过期：请向图书馆信息部门重新申请",
        "The enrolment code is wrong, used or expired: ask library IT for a new one",
    ),
    "union.desk_unknown": (
        "联盟服务不认识本服务台（未入网或已被注销）：请重新入网",
        "The union service does not know this desk (not enrolled, or revoked): enrol it again",
    ),
    "refund.needs_union": (
        "退押金须由联盟服务确认（押金是否已在本馆其他服务台退过，只有联盟知道）：本服务台尚未加入联盟服务",
        "A refund is paid only as the union service decides (only the union knows whether another desk of the"
        " home branch paid it back already): this desk has not joined the union service",
    ),
    "union.not_joined": (
        "本服务台尚未加入联盟服务：请运行 carddesk join",
        "This desk has not joined the union service: run carddesk join",
    ),
    "union.https_required": (
        "联盟服务地址必须使用 HTTPS（只有本机回环地址可用 HTTP）：{url}",
        "The union service's address must be HTTPS (plain HTTP only on this machine's loopback): {url}",
    ),
    "union.unreachable": (
        "联系不上联盟服务（{url}）：{reason}",
        "The union service ({url}) cannot be reached: {reason}",
    ),
    "union.refused": (
        "联盟服务拒绝了请求（HTTP {status}）：{detail}",
        "The union service refused the request (HTTP {status}): {detail}",
    ),
    "union.number_missing": (
        "命令缺少服务台取号记录：{sequence}",
        "The command lacks the number the desk drew from {sequence}",
    ),
    "union.number_reused": (
        "号码 {sequence}:{number} 已经用过，不能再用",
        "Number {number} of {sequence} was used before and cannot be used again",
    ),
    "union.clock_ahead": (
        "命令的时间（{at}）比联盟服务的时钟超前：请校准服务台的时钟",
        "The command's time ({at}) is ahead of the union's clock: set the desk's clock right",
    ),
    "union.staff_id_differs": (
        "本服务台已有同名账号 {staff}，与联盟的账号不是同一个：请由管理员处理后再登录",
        "This desk has its own account named {staff}, not the union's: an administrator must sort it out first",
    ),
    "union.role_name": ("数据库角色名不合规：{role}", "Not a database role name: {role}"),
    "union.listen": (
        "监听地址应写作 主机:端口，如 0.0.0.0:8443：{listen}",
        "Listen on HOST:PORT, e.g. 0.0.0.0:8443: {listen}",
    ),
    "union.bad_command": ("命令格式不正确", "The command is malformed"),
    "union.command_id_taken": ("命令编号已被其他服务台使用", "Another desk used this command id"),
    "money.just_taken": (
        "{minutes}分钟前刚为这张借阅证收过一笔{amount}（收据 {receipt}）：是否重复操作？确需再收一次的，请确认后再办理",
        "{amount} was taken for this card {minutes} minutes ago (receipt {receipt}): is this the same payment again?"
        " To take it a second time, confirm it",
    ),
    "money.no_policy_deposit": (
        "“{card_type}”按政策不收押金（{source}）：如读者自愿存钱，请收“预存款”；确需收押金的，请说明原因",
        "The policy takes no deposit for “{card_type}” ({source}): take a pre-deposit if the reader wishes to"
        " leave money; to take a deposit all the same, give the reason",
    ),
    "money.deposit_not_policy": (
        "按政策押金为{policy}，本次为{amount}：确需按此金额收取的，请说明原因",
        "The policy deposit is {policy}, this is {amount}: to take it all the same, give the reason",
    ),
    "refund.not_found": ("找不到退押金申请：{request}", "No such refund request: {request}"),
    "refund.home_branch_only": (
        "押金只能回原办证馆（{branch_name}）申请退还",
        "A deposit is refunded only at the library that issued the card ({branch_name})",
    ),
    "refund.card_needed": (
        "退押金须交回读者的借阅证（原借阅卡）：请查验并收回后再登记申请",
        "A refund needs the reader's card handed over: check it and take it back, then apply",
    ),
    "refund.agent_is_reader": ("受托人不能是读者本人", "The agent cannot be the reader"),
    "refund.power_of_attorney": (
        "代办退押金须提交委托书（附件编号或纸质档案号）",
        "A refund by an agent needs the power of attorney (an attachment or its paper archive number)",
    ),
    "refund.guardian_needed": (
        "未满{age}周岁的读者须由监护人陪同办理退押金",
        "A reader under {age} needs a guardian with them to have a deposit refunded",
    ),
    "refund.legacy_evidence": (
        "第一代读者证退押金须查验原证、记录原收据号，并由读者签字确认",
        "A first-generation card's refund needs the original card, the old receipt number and the reader's signature",
    ),
    "refund.legacy_amount": ("请填写原收据上的押金金额", "Enter the deposit amount on the old receipt"),
    "refund.legacy_known": (
        "读者证 {card} 的押金已有系统记录，请按普通退押金办理",
        "The deposit of card {card} is already recorded; refund it the ordinary way",
    ),
    "refund.already_open": (
        "该读者已有一笔未办结的退押金申请，请先处理",
        "This reader already has a refund in progress; finish that one first",
    ),
    "refund.fines_due": (
        "读者尚有滞纳金 {amount} 未缴：请先缴清，或选择从押金中抵扣",
        "The reader owes {amount} in fines: pay them first, or choose to settle them from the deposit",
    ),
    "refund.fines_exceed_deposit": (
        "滞纳金超过押金，请先缴清超出部分",
        "The fines are more than the deposit; the difference must be paid first",
    ),
    "refund.supervisor_needed": (
        "第一代读者证退押金须由本馆主管（非经办人）输入账号密码审核",
        "A first-generation card's refund needs a supervisor of this branch (not the clerk) and their password",
    ),
    "refund.bad_status": (
        "该申请当前状态为「{status}」，不能进行此操作",
        "The request is {status}; that cannot be done now",
    ),
    "refund.already_paid": (
        "该申请已经退款（收据 {receipts}），不会重复退款",
        "This refund is already paid (receipts {receipts}); it is never paid twice",
    ),
    "refund.already_refunded": (
        "该押金已于 {when} 在{branch}（{desk}）退还，收据 {receipt}：不能重复退还",
        "This deposit was refunded on {when} at {branch} ({desk}), receipt {receipt}: never twice",
    ),
    "refund.not_confirmed": (
        "退款尚未得到中心数据库确认，请保持联网后重试（不会重复退款）",
        "The refund is not confirmed by the central database yet; stay online and try again (it is never paid twice)",
    ),
    "refund.archive_missing": ("归档材料不全：{items}", "The archive still lacks: {items}"),
    "money.amount": ("金额须大于零：{amount}", "The amount must be more than zero: {amount}"),
    "money.pre_deposit_short": (
        "预存款余额 {balance} 不足以支付 {amount}",
        "The pre-deposit ({balance}) does not cover {amount}",
    ),
    "dayend.no_entries": ("{day} 本服务台没有收退款记录", "No money moved at this desk on {day}"),
    "card.credit_standing": (
        "不符合免押金条件（{reason}），须交押金 {amount}",
        "The deposit is not waived ({reason}); {amount} is due",
    ),
    "sync.no_conflict": ("没有待处理的冲突：{change_id}", "No open conflict: {change_id}"),
    "sync.money_moved": (
        "本台为这项联盟未接受的操作收付过款项，撤销会抹去款项记录：此冲突保留，请主管与读者当面结清款项",
        "Money changed hands here for this refused step and undoing it would erase that record: the conflict "
        "stays; a supervisor settles the money with the reader in person",
    ),
    "sync.not_a_card": (
        "这条冲突不是借阅证（{entity}），只能以联盟记录为准",
        "This conflict is not about a card ({entity}); only the union's record can be taken",
    ),
    "sync.unknown_resolution": ("未知的处理方式：{resolution}", "Unknown resolution: {resolution}"),
    "device.cards_file": (
        "模拟卡文件无法读取：{path}：{reason}",
        "The emulator's card file cannot be read: {path}: {reason}",
    ),
}

CARD_STATUS_NAMES: dict[str, Text] = {
    "active": Text("正常", "active"),
    "pending_consent": Text("待监护人授权", "awaiting the guardian's consent"),
    "provisional": Text("待确认", "provisional"),
    "lost": Text("已挂失", "lost"),
    "cancelled": Text("已注销", "cancelled"),
    "replaced": Text("已补办（旧卡失效）", "replaced"),
}

ACTION_NAMES: dict[str, Text] = {
    "issue": Text("办证", "issued"),
    "report_loss": Text("挂失", "reported lost"),
    "restore": Text("恢复", "restored"),
    "cancel": Text("注销", "cancelled"),
    "replace": Text("补办", "replaced"),
    "confirm": Text("确认", "confirmed"),
    "consent": Text("登记监护人授权", "recorded as consented"),
    "bind": Text("绑定实体卡", "bound to a physical card"),
}


def render(code: str, lang: str, params: dict[str, object]) -> str:
    zh, en = MESSAGES[code]
    template = en if lang.startswith("en") else zh
    return template.format(**{k: v.pick(lang) if isinstance(v, Text) else v for k, v in params.items()})


def format_fen(amount_fen: int, lang: str = "zh") -> str:
    """Money is integer fen; this renders it as yuan for people."""
    text = yuan_text(amount_fen)
    return f"{text} 元" if not lang.startswith("en") else f"CNY {text}"


def yuan_text(amount_fen: int) -> str:
    """Integer fen as the yuan figure people read and type ("100.50", "-2.00"), with no unit."""
    sign = "-" if amount_fen < 0 else ""
    yuan, fen = divmod(abs(amount_fen), 100)
    return f"{sign}{yuan}.{fen:02d}"

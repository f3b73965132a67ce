<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>BatchImportDialog</name>
    <message>
        <location filename="../desk_app/ui/batch_import.py" line="46" />
        <source>导入集体办证名单</source>
        <translation>Import a group registration list</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/batch_import.py" line="49" />
        <source>选择 .xlsx、.xls 或 .csv 文件</source>
        <translation>Choose an .xlsx, .xls or .csv file</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/batch_import.py" line="50" />
        <source>选择文件(&amp;F)…</source>
        <translation>Choose &amp;file…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/batch_import.py" line="52" />
        <source>批次名称（默认用文件名）</source>
        <translation>Batch name (the file name if empty)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/batch_import.py" line="53" />
        <source>仅检查，不保存(&amp;K)</source>
        <translation>Chec&amp;k only, do not save</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/batch_import.py" line="56" />
        <source>再次导入（另建一个批次）</source>
        <translation>Import again (as a second batch)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/batch_import.py" line="59" />
        <source>开始导入(&amp;S)</source>
        <translation>&amp;Start the import</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/batch_import.py" line="60" />
        <source>取消导入(&amp;C)</source>
        <translation>&amp;Cancel the import</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/batch_import.py" line="65" />
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/batch_import.py" line="65" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/batch_import.py" line="65" />
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/batch_import.py" line="65" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/batch_import.py" line="91" />
        <source>选择名单文件</source>
        <translation>Choose the list file</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/batch_import.py" line="101" />
        <source>正在读取……</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/batch_import.py" line="113" />
        <source>正在取消……</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/batch_import.py" line="126" />
        <source>检查完成（未保存）：</source>
        <translation>Checked (not saved):</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/batch_import.py" line="126" />
        <source>已导入：</source>
        <translation>Imported:</translation>
    </message>
</context><context>
    <name>CameraDialog</name>
    <message>
        <location filename="../desk_app/ui/camera.py" line="45" />
        <source>拍照</source>
        <translation>Photo</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/camera.py" line="60" />
        <source>拍照(&amp;S)</source>
        <translation>&amp;Shoot</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/camera.py" line="63" />
        <source>正在打开摄像头……</source>
        <translation>Opening the camera…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/camera.py" line="77" />
        <source>请读者正对摄像头，按“拍照”</source>
        <translation>Ask the reader to face the camera, then press “Shoot”</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/camera.py" line="82" />
        <source>还没有画面，请稍候</source>
        <translation>No picture yet, please wait</translation>
    </message>
</context><context>
    <name>CardServicesDialog</name>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="46" />
        <source>借阅证业务</source>
        <translation>Card services</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="50" />
        <source>挂失</source>
        <translation>Report lost</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="51" />
        <source>恢复（解除挂失）</source>
        <translation>Restore (lift the loss)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="52" />
        <source>注销</source>
        <translation>Cancel card</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="53" />
        <source>补办</source>
        <translation>Replace</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="54" />
        <source>绑定实体卡（线上卡、证件卡领卡）</source>
        <translation>Bind a physical card (online or document card)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="55" />
        <source>修改读者信息</source>
        <translation>Change details</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="56" />
        <source>重置密码</source>
        <translation>Reset the password</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="57" />
        <source>登记监护人授权</source>
        <translation>Record the guardian's consent</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="67" />
        <source>请选择要办理的业务</source>
        <translation>Choose the service</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="162" />
        <location filename="../desk_app/ui/card_services.py" line="74" />
        <source>读者本人证件号码（读卡或输入）</source>
        <translation>The reader's own document number (tap or type)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="76" />
        <source>护照等：国籍三字母代码，如 CHN</source>
        <translation>For a passport: the three-letter nationality, e.g. CHN</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="78" />
        <source>有效期至 YYYY-MM-DD（证件上有则填）</source>
        <translation>Valid until YYYY-MM-DD (if the document says)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="80" />
        <source>扫描新卡条码</source>
        <translation>Scan the new card's barcode</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="82" />
        <source>实收工本费（元）</source>
        <translation>Card fee received (yuan)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="88" />
        <source>代办人身份证号（读卡或输入）</source>
        <translation>Proxy's ID number (tap or type)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="91" />
        <source>读取监护人身份证自动填写</source>
        <translation>Filled from the guardian's ID card tap</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="95" />
        <source>父亲</source>
        <translation>Father</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="95" />
        <source>母亲</source>
        <translation>Mother</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="95" />
        <source>祖父母/外祖父母</source>
        <translation>Grandparent</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="95" />
        <source>其他监护人</source>
        <translation>Other guardian</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="98" />
        <source>尚未附扫描件</source>
        <translation>No scan attached yet</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="99" />
        <source>附签字授权书扫描件(&amp;S)…</source>
        <translation>Attach the signed authorisation's &amp;scan…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="158" />
        <location filename="../desk_app/ui/card_services.py" line="103" />
        <source>证件号码(&amp;N)</source>
        <translation>Document &amp;number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="105" />
        <source>证件类型</source>
        <translation>Document type</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="107" />
        <source>国籍</source>
        <translation>Nationality</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="108" />
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="109" />
        <source>新卡</source>
        <translation>New card</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="111" />
        <source>新卡条码(&amp;B)</source>
        <translation>New card &amp;barcode</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="112" />
        <source>工本费(&amp;F)</source>
        <translation>Card &amp;fee</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="113" />
        <source>修改信息（留空的不改）</source>
        <translation>Change details (empty fields stay as they are)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="115" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="116" />
        <source>通讯地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="117" />
        <source>工作单位/学校班级</source>
        <translation>Work unit / school class</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="118" />
        <source>代办人姓名</source>
        <translation>Proxy's name</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="119" />
        <source>代办人证件号码</source>
        <translation>Proxy's document number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="121" />
        <source>监护人授权（由登记的监护人本人办理）</source>
        <translation>Guardian's consent (brought by the guardian on record)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="123" />
        <source>监护人姓名</source>
        <translation>Guardian's name</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="124" />
        <source>与读者关系</source>
        <translation>Relationship to the reader</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="128" />
        <source>签字授权书</source>
        <translation>Signed authorisation</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="130" />
        <source>确认办理(&amp;O)</source>
        <translation>D&amp;o it</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="149" />
        <source>读者：{0}　借阅证：{1}</source>
        <translation>Reader: {0}  card: {1}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="158" />
        <source>监护人证件号码(&amp;N)</source>
        <translation>Guardian's document &amp;number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="160" />
        <source>监护人本人证件号码（读卡或输入）</source>
        <translation>The guardian's own document number (tap or type)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="184" />
        <source>已附扫描件（{0} KB）</source>
        <translation>Scan attached ({0} KB)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="187" />
        <source>选择扫描件</source>
        <translation>Choose the scan</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="224" />
        <source>将会：</source>
        <translation>This will:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="226" />
        <source>不能办理，因为：</source>
        <translation>Cannot be done, because:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="239" />
        <source>工本费金额格式不对（如 10.00）</source>
        <translation>The card fee is not a valid amount (e.g. 10.00)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="244" />
        <source>有效期格式不对（如 2031-01-01）</source>
        <translation>The expiry date is not valid (e.g. 2031-01-01)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="269" />
        <source>已挂失，借阅证 {0} 已停用</source>
        <translation>Reported lost: card {0} is blocked</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="270" />
        <source>已恢复，借阅证 {0} 可正常使用</source>
        <translation>Restored: card {0} works again</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="271" />
        <source>已注销借阅证 {0}</source>
        <translation>Card {0} cancelled</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="272" />
        <source>已补办，新证号 {0}</source>
        <translation>Replaced: the new card number is {0}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="273" />
        <source>已绑定实体卡，证号 {0} 不变，可凭实体卡借阅</source>
        <translation>Physical card bound; the number {0} stays and the card works at once</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="274" />
        <source>已修改借阅证 {0} 读者的信息</source>
        <translation>Details of card {0}'s reader changed</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="275" />
        <source>已重置借阅证 {0} 的密码，请提醒读者修改</source>
        <translation>Password of card {0} reset; remind the reader to change it</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="276" />
        <source>已登记监护人授权，借阅证 {0} 已启用</source>
        <translation>Guardian's consent recorded: card {0} works now</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="280" />
        <source>：{0}</source>
        <translation>: {0}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="282" />
        <source>　工本费收据 {0}：{1}</source>
        <translation>  card fee receipt {0}: {1}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="287" />
        <source>　签字授权书扫描件已保存</source>
        <translation>  the signed authorisation's scan is kept</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="287" />
        <source>　未附扫描件：请将纸质授权书归档</source>
        <translation>  no scan attached: file the paper authorisation</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_services.py" line="290" />
        <source>　初始密码 {0}（只显示这一次，请告知读者并提醒其修改）</source>
        <translation> Initial password {0} (shown this once: tell the reader and remind them to change it)</translation>
    </message>
</context><context>
    <name>CheckedPage</name>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="64" />
        <source>正在检查…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="71" />
        <source>✓ 检查通过</source>
        <translation>✓ Checked</translation>
    </message>
</context><context>
    <name>ChildRegistrationDialog</name>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="38" />
        <source>少儿办证</source>
        <translation>Children's card</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="42" />
        <source>儿童身份证号（读卡或输入）</source>
        <translation>The child's ID number (tap or type)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="46" />
        <source>读取儿童证件后显示办理要求</source>
        <translation>Read the child's document to see what is needed</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="48" />
        <source>儿童</source>
        <translation>Child</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="72" />
        <location filename="../desk_app/ui/children_desk.py" line="50" />
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="71" />
        <location filename="../desk_app/ui/children_desk.py" line="51" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="52" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="57" />
        <source>监护人身份证号（读卡或输入）</source>
        <translation>The guardian's ID number (tap or type)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="60" />
        <source>父母</source>
        <translation>Parent</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="60" />
        <source>祖父母/外祖父母</source>
        <translation>Grandparent</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="60" />
        <source>其他监护人</source>
        <translation>Other guardian</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="63" />
        <source>监护人在场</source>
        <translation>Guardian present</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="65" />
        <source>改为在纸质授权书上签字（已签）</source>
        <translation>Signed on the printed authorisation instead</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="67" />
        <source>清除签名(&amp;C)</source>
        <translation>&amp;Clear the signature</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="69" />
        <source>监护人</source>
        <translation>Guardian</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="73" />
        <source>与儿童关系</source>
        <translation>Relationship</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="74" />
        <source>联系电话(&amp;P)</source>
        <translation>Phone(&amp;P)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="76" />
        <source>签名</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="82" />
        <source>办证并打印授权书(&amp;I)</source>
        <translation>&amp;Issue and print the authorisation</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="165" />
        <source>已办证：{0}（{1}）。</source>
        <translation>Card issued: {0} ({1}). </translation>
    </message>
    <message>
        <location filename="../desk_app/ui/children_desk.py" line="169" />
        <source>，请监护人核对。</source>
        <translation>; ask the guardian to check it.</translation>
    </message>
</context><context>
    <name>CobrandedDialog</name>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="67" />
        <source>激活联名卡</source>
        <translation>Activate a co-branded card</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="74" />
        <source>读取第二代居民身份证</source>
        <translation>Tap the resident ID card</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="78" />
        <source>刷卡或输入卡号</source>
        <translation>Swipe or type the card number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="83" />
        <source>未成年人：读取监护人身份证</source>
        <translation>A minor: read the guardian's ID card</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="86" />
        <source>父母</source>
        <translation>Parent</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="86" />
        <source>祖父母/外祖父母</source>
        <translation>Grandparent</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="86" />
        <source>其他监护人</source>
        <translation>Other guardian</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="87" />
        <source>监护人已签字同意</source>
        <translation>The guardian signed the consent</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="89" />
        <source>发卡机构</source>
        <translation>Issuer</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="90" />
        <source>身份证号</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="91" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="92" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="93" />
        <source>卡号</source>
        <translation>Card number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="94" />
        <source>监护人姓名</source>
        <translation>Guardian's name</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="95" />
        <source>监护人身份证号</source>
        <translation>Guardian's ID number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="96" />
        <source>与持卡人关系</source>
        <translation>Relationship to the holder</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="100" />
        <source>激活</source>
        <translation>Activate</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="142" />
        <source>已激活：{0}（{1}），可作为借阅证使用</source>
        <translation>Activated: {0} ({1}), it now works as a reader card</translation>
    </message>
</context><context>
    <name>ConflictsDialog</name>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="149" />
        <source>同步冲突</source>
        <translation>Sync conflicts</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="152" />
        <source>发现时间</source>
        <translation>Found at</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="152" />
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="152" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="152" />
        <source>说明</source>
        <translation>Detail</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="160" />
        <source>联盟未接受本台的这些操作（如两台服务台离线时为同一人办证，联盟只保留一张证）。“注销本台的临时卡”注销本台办的证；“以联盟记录为准”撤销本台的这项操作，本台改为联盟的记录（审计记录保留；收付过款项的操作不能撤销）。</source>
        <translation>The union did not accept these steps of this desk (two desks registering one person while offline, say: the union keeps one card). “Cancel this desk's temporary card” cancels the card issued here; “Take the union's record” undoes the step here and this desk takes the union's record (the audit log keeps it; a step that moved money cannot be undone).</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="167" />
        <source>注销本台的临时卡(&amp;C)</source>
        <translation>&amp;Cancel this desk's provisional card</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="168" />
        <source>以联盟记录为准(&amp;D)</source>
        <translation>Take the union's record (&amp;D)</translation>
    </message>
</context><context>
    <name>Crash</name>
    <message>
        <location filename="../desk_app/ui/crash.py" line="21" />
        <source>CardDesk 出错了</source>
        <translation>CardDesk ran into a problem</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/crash.py" line="22" />
        <source>程序遇到意外错误，已记录到日志：{0}</source>
        <translation>Something unexpected went wrong; it is written to the log: {0}</translation>
    </message>
</context><context>
    <name>DepositDeskDialog</name>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="57" />
        <source>押金台</source>
        <translation>Deposit desk</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="61" />
        <source>刷卡、扫码或输入证号</source>
        <translation>Tap, scan or type a card number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="62" />
        <source>查询(&amp;Q)</source>
        <translation>&amp;Look up</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="66" />
        <source>借阅证(&amp;C)：</source>
        <translation>&amp;Card:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="74" />
        <source>押金与预存款(&amp;1)</source>
        <translation>Deposit and pre-deposit (&amp;1)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="75" />
        <source>退押金(&amp;2)</source>
        <translation>Refund (&amp;2)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="76" />
        <source>日结(&amp;3)</source>
        <translation>Day-end (&amp;3)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="77" />
        <source>打印记录(&amp;4)</source>
        <translation>Printed documents (&amp;4)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="82" />
        <source>请先刷卡或输入证号</source>
        <translation>Tap, scan or type a card first</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="96" />
        <source>请先查询借阅证</source>
        <translation>Look up a card first</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="245" />
        <location filename="../desk_app/ui/deposit_desk.py" line="99" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="99" />
        <source>类别</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="99" />
        <source>金额（元）</source>
        <translation>Amount (yuan)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="99" />
        <source>收据号</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="99" />
        <source>经办</source>
        <translation>Desk</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="104" />
        <source>金额（元），如 100.00</source>
        <translation>Amount in yuan, e.g. 100.00</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="105" />
        <source>预存款（用于抵扣滞纳金等费用）</source>
        <translation>Pre-deposit (settles fines and fees)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="107" />
        <source>押金与政策不符时，填写收取原因</source>
        <translation>Reason, when the deposit differs from the policy</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="108" />
        <source>收款并打印收据(&amp;T)</source>
        <translation>&amp;Take the money and print the receipt</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="110" />
        <source>退还预存款余额(&amp;R)</source>
        <translation>Pay back the pre-deposit (&amp;R)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="130" />
        <source>读者本人证件号码（读卡或输入）</source>
        <translation>The reader's own document number (tap or type)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="131" />
        <source>滞纳金从押金中抵扣</source>
        <translation>Settle the fines from the deposit</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="132" />
        <source>已查验并收回读者的借阅证(&amp;K)</source>
        <translation>The reader's card was chec&amp;ked and handed back</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="136" />
        <source>委托书附件编号或纸质档案号</source>
        <translation>Its attachment id or paper archive number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="140" />
        <source>第一代读者证号（系统无押金记录时）</source>
        <translation>First-generation card number (when the system has no deposit record)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="143" />
        <source>已查验原证</source>
        <translation>Original card seen</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="144" />
        <source>读者已签字确认</source>
        <translation>Reader has signed</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="149" />
        <source>纸质档案号</source>
        <translation>Paper archive number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="153" />
        <source>退押金</source>
        <translation>Refund the deposit</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="154" />
        <source>换领免押金借阅卡（退原押金）</source>
        <translation>Swap for the deposit-free card (old deposit refunded)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="156" />
        <source>读者证件号码(&amp;N)</source>
        <translation>Reader's document &amp;number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="157" />
        <source>事由(&amp;Y)</source>
        <translation>Reason(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="162" />
        <source>代办（受托人）或监护人陪同</source>
        <translation>Agent (power of attorney) or accompanying guardian</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="164" />
        <source>受托人姓名(&amp;M)</source>
        <translation>Agent's na&amp;me</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="165" />
        <source>受托人身份证号(&amp;D)</source>
        <translation>Agent's I&amp;D number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="166" />
        <source>委托书(&amp;W)</source>
        <translation>Po&amp;wer of attorney</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="167" />
        <source>监护人姓名</source>
        <translation>Guardian's name</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="168" />
        <source>监护人身份证号</source>
        <translation>Guardian's ID number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="169" />
        <source>第一代读者证</source>
        <translation>First-generation card</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="171" />
        <source>原证号</source>
        <translation>Old card number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="172" />
        <source>原收据号</source>
        <translation>Old receipt number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="173" />
        <source>原押金（元）</source>
        <translation>Old deposit (yuan)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="178" />
        <source>主管账号</source>
        <translation>Supervisor's user name</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="179" />
        <source>主管密码</source>
        <translation>Supervisor's password</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="181" />
        <source>打印申请表(&amp;F)</source>
        <translation>Print the application &amp;form</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="183" />
        <source>1. 登记申请(&amp;A)</source>
        <translation>1. Record the &amp;application</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="184" />
        <source>2. 审核通过(&amp;V)</source>
        <translation>2. Appro&amp;ve</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="185" />
        <source>3. 退款并打印收据(&amp;P)</source>
        <translation>3. &amp;Pay out and print the receipt</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="186" />
        <source>4. 归档(&amp;R)</source>
        <translation>4. A&amp;rchive</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="196" />
        <source>读者有效证件复印件</source>
        <translation>Copy of the reader's document</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="533" />
        <location filename="../desk_app/ui/deposit_desk.py" line="197" />
        <source>押金退还申请表</source>
        <translation>Refund application</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="198" />
        <source>财经票据原件</source>
        <translation>Original receipt</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="199" />
        <source>受托人有效证件复印件</source>
        <translation>Copy of the agent's document</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="200" />
        <source>委托书</source>
        <translation>Power of attorney</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="201" />
        <source>第一代读者证原件</source>
        <translation>Original first-generation card</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="202" />
        <source>原押金收据</source>
        <translation>Old deposit receipt</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="205" />
        <source>附加扫描件(&amp;S)…</source>
        <translation>Attach a &amp;scan…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="208" />
        <source>归档(&amp;H)：</source>
        <translation>Arc&amp;hive:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="350" />
        <location filename="../desk_app/ui/deposit_desk.py" line="214" />
        <source>尚未登记申请</source>
        <translation>No application recorded yet</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="232" />
        <source>生成今日日结单（PDF 与 Excel）(&amp;E)</source>
        <translation>Make today's day-&amp;end sheet (PDF and Excel)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="245" />
        <source>单据</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="245" />
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="245" />
        <source>打印机</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="245" />
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="251" />
        <source>重印所选单据(&amp;I)</source>
        <translation>Re&amp;print the selected document</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="254" />
        <source>打印机：</source>
        <translation>Printer:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="282" />
        <source>{0}（{1}）应退 ¥{2}</source>
        <translation>{0} ({1}) to be paid ¥{2}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="285" />
        <source>已审核待退款：{0}</source>
        <translation>Approved, waiting to be paid: {0}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="297" />
        <source>正在办理……</source>
        <translation>Working…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="381" />
        <source>请先选择要重印的单据</source>
        <translation>Choose the document to reprint first</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="394" />
        <source>{0} 已重新送打印机 {1}（作业 {2}）</source>
        <translation>{0} sent again to printer {1} (job {2})</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="398" />
        <source>读者：{0}（{1}）　借阅证 {2}</source>
        <translation>Reader: {0} ({1})  card {2}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="401" />
        <source>押金余额 ¥{0}　预存款余额 ¥{1}　（由账目逐笔计算）</source>
        <translation>Deposit held ¥{0}  pre-deposit ¥{1}  (summed from the ledger)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="406" />
        <source>注意：此证类型按政策不收押金；读者自愿存钱请勾选“预存款”。</source>
        <translation>Note: the policy takes no deposit for this card type; tick “pre-deposit” if the reader wishes to leave money.</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="408" />
        <source>此证类型的政策押金为 ¥{0}。</source>
        <translation>The policy deposit for this card type is ¥{0}.</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="419" />
        <source>是否重复办理？</source>
        <translation>Do it a second time?</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="420" />
        <source>这是读者要求的另一笔吗？选择“否”则不再办理。</source>
        <translation>Did the reader ask for a second one? Choose “No” to leave it at the first.</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="459" />
        <location filename="../desk_app/ui/deposit_desk.py" line="442" />
        <source>金额格式不对：{0}（如 100.00）</source>
        <translation>Not a valid amount: {0} (e.g. 100.00)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="476" />
        <source>已退还预存款。收据 {0}（一式两份）：{1}</source>
        <translation>Pre-deposit paid back. Receipt {0} (in duplicate): {1}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="486" />
        <source>已收款。收据 {0}（一式两份）：{1}</source>
        <translation>Money taken. Receipt {0} (in duplicate): {1}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="531" />
        <source>代办申请表及委托书</source>
        <translation>Application by an agent with the power of attorney</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="533" />
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="540" />
        <source>原押金金额格式不对（如 50.00）</source>
        <translation>The old deposit amount is not valid (e.g. 50.00)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="564" />
        <source>选择扫描件</source>
        <translation>Choose the scan</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="582" />
        <source>已登记，待审核</source>
        <translation>recorded, to be approved</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="583" />
        <source>已审核，待退款</source>
        <translation>approved, to be paid out</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="584" />
        <source>退款中（中断后再点“退款”即可继续，不会重复退款）</source>
        <translation>being paid (if cut off, press Pay again to finish; it is never paid twice)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="585" />
        <source>已退款，待归档</source>
        <translation>paid, to be archived</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="586" />
        <source>已归档，办结</source>
        <translation>archived, done</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="588" />
        <source>{0}：{1}　押金 ¥{2}，抵扣滞纳金 ¥{3}，应退 ¥{4}</source>
        <translation>{0}: {1}  deposit ¥{2}, fines settled ¥{3}, to pay back ¥{4}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="593" />
        <source>　收据 {0}</source>
        <translation>  receipt {0}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="595" />
        <source>　归档尚缺：{0}（或填纸质档案号）</source>
        <translation>  the archive still needs: {0} (or a paper archive number)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="603" />
        <source>收据 {0}（一式两份）：{1}</source>
        <translation>receipt {0} (in duplicate): {1}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="607" />
        <source>这笔押金已经退过，本次没有再退款</source>
        <translation>This deposit was already refunded; nothing was paid now</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="609" />
        <source>已退款 ¥{0}。{1}</source>
        <translation>Refunded ¥{0}. {1}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="620" />
        <source>现金收入 ¥{0}　现金支出 ¥{1}　应存现金 ¥{2}</source>
        <translation>Cash in ¥{0}  cash out ¥{1}  to bank ¥{2}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="624" />
        <source>{0}：{1} 笔 ¥{2}</source>
        <translation>{0}: {1} × ¥{2}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="626" />
        <source>账实不符：</source>
        <translation>Ledger and receipts differ:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="629" />
        <source>账目与收据一致</source>
        <translation>The ledger and the receipts agree</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/deposit_desk.py" line="630" />
        <source>日结单：{0}　Excel：{1}</source>
        <translation>Day-end sheet: {0}  Excel: {1}</translation>
    </message>
</context><context>
    <name>DevicesPage</name>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="202" />
        <source>设备</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="206" />
        <source>串口身份证阅读器（GA 467）</source>
        <translation>Serial ID card reader (GA 467)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="211" />
        <source>USB 阅读器（{0} 驱动）：{1}</source>
        <translation>USB reader ({0} driver): {1}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="219" />
        <source>（无：证件照片用摄像头拍摄）</source>
        <translation>(none: the photo is taken with the camera)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="225" />
        <source>（第一个插上的读卡器）</source>
        <translation>(the first reader plugged in)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="240" />
        <source>未选择的设备将以模拟设备代替，键盘式扫码枪无需设置。</source>
        <translation>Devices not chosen are emulated; a keyboard-wedge scanner needs no set-up.</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="241" />
        <source>身份证阅读器：</source>
        <translation>ID card reader:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="242" />
        <source>身份证阅读器端口（USB 阅读器填 1001）：</source>
        <translation>ID card reader port (1001 for a USB reader):</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="243" />
        <source>证件照片解码库：</source>
        <translation>Card photo decoder:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="244" />
        <source>串口扫码枪端口：</source>
        <translation>Serial barcode scanner port:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="245" />
        <source>扫码枪结尾符：</source>
        <translation>Scanner's end character:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="246" />
        <source>护照阅读器端口：</source>
        <translation>Passport reader port:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="247" />
        <source>IC卡读卡器（PC/SC）：</source>
        <translation>Chip card reader (PC/SC):</translation>
    </message>
</context><context>
    <name>DrillDialog</name>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="49" />
        <source>证号</source>
        <translation>Card number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="49" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="49" />
        <source>证件号</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="49" />
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="49" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="49" />
        <source>所属馆</source>
        <translation>Home library</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="72" />
        <location filename="../desk_app/ui/stats_window.py" line="54" />
        <source>正在读取…</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="55" />
        <source>上一页(&amp;P)</source>
        <translation>&amp;Previous page</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="56" />
        <source>下一页(&amp;N)</source>
        <translation>&amp;Next page</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="88" />
        <source>第 {0}–{1} 张，共 {2} 张</source>
        <translation>cards {0}–{1} of {2}</translation>
    </message>
</context><context>
    <name>FirstAdminDialog</name>
    <message>
        <location filename="../desk_app/ui/first_admin.py" line="27" />
        <source>建立第一位管理员</source>
        <translation>Make the first administrator</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_admin.py" line="29" />
        <source>这台服务台还没有可以登录的工作人员。请为{0}建立第一位管理员，之后由其添加其他工作人员（carddesk staff add）。</source>
        <translation>Nobody can sign in at this desk yet. Make the first administrator of {0}; they then add the other staff (carddesk staff add).</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_admin.py" line="42" />
        <source>用户名(&amp;U)：</source>
        <translation>&amp;User name:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_admin.py" line="43" />
        <source>姓名(&amp;N)：</source>
        <translation>&amp;Name:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_admin.py" line="44" />
        <source>密码(&amp;P)：</source>
        <translation>&amp;Password:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_admin.py" line="45" />
        <source>再次输入密码(&amp;A)：</source>
        <translation>Password &amp;again:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_admin.py" line="52" />
        <source>建立并登录</source>
        <translation>Make and sign in</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_admin.py" line="65" />
        <source>请填写用户名和姓名</source>
        <translation>Fill in the user name and the name</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_admin.py" line="68" />
        <source>两次输入的密码不一致</source>
        <translation>The two passwords differ</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_admin.py" line="71" />
        <source>正在建立……</source>
        <translation>Making the account…</translation>
    </message>
</context><context>
    <name>FirstRunWizard</name>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="302" />
        <source>CardDesk 首次设置</source>
        <translation>CardDesk first-time set-up</translation>
    </message>
</context><context>
    <name>GroupDeskDialog</name>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="51" />
        <source>集体办证批次</source>
        <translation>Group batches</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="56" />
        <source>导入时间</source>
        <translation>Imported</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="56" />
        <source>批次</source>
        <translation>Batch</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="56" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="56" />
        <source>进度</source>
        <translation>Progress</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="64" />
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="64" />
        <source>证件号</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="64" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="64" />
        <source>班级</source>
        <translation>Class</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="64" />
        <source>结果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="64" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="73" />
        <source>开通选中的行(&amp;S)</source>
        <translation>Open cards for the &amp;selected rows</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="74" />
        <source>开通整批可办理的行(&amp;A)</source>
        <translation>Open cards for &amp;all accepted rows</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="75" />
        <source>导出结果(&amp;E)…</source>
        <translation>&amp;Export the results…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="76" />
        <source>刷新(&amp;F)</source>
        <translation>Re&amp;fresh</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="101" />
        <source>正在办理……</source>
        <translation>Working…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="127" />
        <source>可办理</source>
        <translation>accepted</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="127" />
        <source>未通过</source>
        <translation>rejected</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="127" />
        <source>待核实</source>
        <translation>to check</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="128" />
        <source>已有证</source>
        <translation>has a card</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="131" />
        <location filename="../desk_app/ui/group_desk.py" line="128" />
        <source>已开通</source>
        <translation>opened</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="131" />
        <source>待审核</source>
        <translation>to approve</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="212" />
        <location filename="../desk_app/ui/group_desk.py" line="165" />
        <source>请先选择一个批次</source>
        <translation>Choose a batch first</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="171" />
        <source>请先选择要开通的行</source>
        <translation>Choose the rows to open first</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="189" />
        <source>开通批次须主管授权：请主管输入自己的账号和密码（本次开通记为主管办理）</source>
        <translation>Opening a batch needs a supervisor: the supervisor types their own user name and password (the approval is recorded as theirs)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="192" />
        <source>主管授权</source>
        <translation>Supervisor's authorisation</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="202" />
        <source>已开通：{0}</source>
        <translation>Opened: {0}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="205" />
        <source>导出结果</source>
        <translation>Export the results</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/group_desk.py" line="216" />
        <source>已导出：{0}</source>
        <translation>Exported: {0}</translation>
    </message>
</context><context>
    <name>MainWindow</name>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="259" />
        <location filename="../desk_app/ui/main_window.py" line="86" />
        <source>CardDesk 读者证服务台 — {0}</source>
        <translation>CardDesk reader card desk — {0}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="90" />
        <source>刷卡、扫码，或输入证号、证件号、姓名、电话</source>
        <translation>Tap, scan, or type a card number, document number, name or phone</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="104" />
        <source>查找读者：</source>
        <translation>Find a reader:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="115" />
        <source>本地数据库：{0}　｜　未加入联盟（只用本机数据）</source>
        <translation>Local database: {0}  |  not in a union (this PC's data only)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="116" />
        <source>设备：未启动</source>
        <translation>Devices: not started</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="123" />
        <source>查找读者</source>
        <translation>Find a reader</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="128" />
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="138" />
        <source>打印前先预览</source>
        <translation>Preview before printing</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="141" />
        <source>打印记录与重印（收据、申请表…）</source>
        <translation>Printed documents and reprints (receipts, applications…)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="147" />
        <source>办证</source>
        <translation>Cards</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="148" />
        <source>借阅证业务（挂失、恢复、注销、补办、改信息、重置密码）…</source>
        <translation>Card services (loss, restore, cancel, replace, details, password)…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="154" />
        <source>少儿办证（监护人签名）…</source>
        <translation>Children's card (guardian signs)…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="160" />
        <source>“一卡通”办证（护照等其他证件）…</source>
        <translation>"One card" with another document (passport…)…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="167" />
        <source>激活联名卡…</source>
        <translation>Activate a co-branded card…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="168" />
        <source>线上卡领取实体卡…</source>
        <translation>Physical card for an online card…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="175" />
        <source>集体办证</source>
        <translation>Groups</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="176" />
        <source>导入名单…</source>
        <translation>Import a list…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="181" />
        <source>批次审核与开通…</source>
        <translation>Review and open batches…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="188" />
        <source>押金</source>
        <translation>Deposits</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="189" />
        <source>押金台（收押金、退押金、日结）…</source>
        <translation>Deposit desk (take, refund, day-end)…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="195" />
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="196" />
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="199" />
        <source>同步冲突…</source>
        <translation>Sync conflicts…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="208" />
        <source>统计</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="209" />
        <source>统计报表…</source>
        <translation>Statistics…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="215" />
        <source>语言 / Language(&amp;L)</source>
        <translation>语言 / &amp;Language</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="228" />
        <source>人员</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="229" />
        <source>切换用户 / 锁定服务台</source>
        <translation>Switch user / lock the desk</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="254" />
        <source>&lt;b&gt;{0}&lt;/b&gt;　{1}</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;  {1}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="347" />
        <source>身份证阅读器</source>
        <translation>ID card reader</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="348" />
        <source>扫码枪</source>
        <translation>Barcode scanner</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="349" />
        <source>护照阅读器</source>
        <translation>Passport reader</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="350" />
        <source>IC卡读卡器</source>
        <translation>Chip card reader</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="355" />
        <source>未配置</source>
        <translation>not configured</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="356" />
        <source>就绪</source>
        <translation>ready</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="357" />
        <source>有卡</source>
        <translation>card present</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="358" />
        <source>出错</source>
        <translation>error</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="359" />
        <source>未连接</source>
        <translation>not connected</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="365" />
        <source>（模拟）</source>
        <translation> (emulated)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="411" />
        <source>读到社会保障卡：{0}</source>
        <translation>Social security card read: {0}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="414" />
        <source>读到护照：{0} {1}</source>
        <translation>Passport read: {0} {1}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="417" />
        <source>读到卡片芯片 {0}：当前没有需要它的表单</source>
        <translation>Read card chip {0}: no open form asks for it</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="423" />
        <source>读到证件：{0}，证件照片已读取（办证时保存为读者照片）</source>
        <translation>Card read: {0}; its photo was read (kept as the reader's photo when the card is issued)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="425" />
        <source>读到证件：{0}。证件照片为加密格式（WLT），如需照片请用摄像头拍摄</source>
        <translation>Card read: {0}. The chip's photo is encrypted (WLT); use the camera if a photo is needed</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="457" />
        <source>{0} 周岁的读者须在少儿服务台办理：请少儿服务台、主管或管理员接待</source>
        <translation>A reader aged {0} is served at the children's desk: a children's desk clerk, a supervisor or an administrator can serve them</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="491" />
        <source>正在查找……</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="589" />
        <source>请先在列表中选择一位有借阅证的读者</source>
        <translation>Select a reader with a card in the list first</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="661" />
        <source>请先在列表中选择一位读者</source>
        <translation>Select a reader in the list first</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="666" />
        <source>正在打印……</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="673" />
        <source>正在生成……</source>
        <translation>Making the document…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="697" />
        <source>已生成：{0}</source>
        <translation>Made: {0}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="714" />
        <source>找到 {0} 位读者</source>
        <translation>{0} reader(s) found</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="743" />
        <source>查找失败：{0}</source>
        <translation>Search failed: {0}</translation>
    </message>
</context><context>
    <name>OnlineToPhysicalDialog</name>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="149" />
        <source>线上卡领取实体卡</source>
        <translation>Physical card for an online card</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="156" />
        <source>扫描新卡条码</source>
        <translation>Scan the new card's barcode</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="158" />
        <source>实收工本费（元，如 10.00）</source>
        <translation>Card fee received (yuan, e.g. 10.00)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="160" />
        <source>证件类型</source>
        <translation>Document type</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="161" />
        <source>证件号码</source>
        <translation>Document number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="162" />
        <source>实体卡条码</source>
        <translation>Physical card barcode</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="163" />
        <source>实收工本费</source>
        <translation>Card fee received</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="166" />
        <source>绑定实体卡</source>
        <translation>Bind the physical card</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="186" />
        <source>工本费金额格式不对（如 10.00）</source>
        <translation>The card fee is not a valid amount (e.g. 10.00)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="192" />
        <source>已绑定实体卡，证号 {0} 不变</source>
        <translation>Physical card bound; the card number {0} stays</translation>
    </message>
</context><context>
    <name>Operations</name>
    <message>
        <location filename="../desk_app/ui/operations.py" line="173" />
        <source>出错：{0}</source>
        <translation>Error: {0}</translation>
    </message>
</context><context>
    <name>OtherDocumentDialog</name>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="46" />
        <source>“一卡通”办证（其他证件）</source>
        <translation>"One card" with another document</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="55" />
        <source>男</source>
        <translation>male</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="56" />
        <source>女</source>
        <translation>female</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="60" />
        <source>三字母代码，如 CHN、GBR</source>
        <translation>Three-letter code, e.g. CHN, GBR</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="69" />
        <source>扫描卡库中新卡的条码</source>
        <translation>Scan the barcode of a new card from stock</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="71" />
        <source>把新卡放上读卡器，自动读出芯片号</source>
        <translation>Put the new card on the reader: its chip number is read</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="72" />
        <source>尚无照片</source>
        <translation>No photo yet</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="76" />
        <source>摄像头拍照(&amp;M)</source>
        <translation>Ca&amp;mera</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="77" />
        <source>从文件载入照片(&amp;L)…</source>
        <translation>&amp;Load a photo from a file…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="80" />
        <source>未找到摄像头：请从文件载入照片</source>
        <translation>No camera found: load the photo from a file</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="85" />
        <source>证件类型</source>
        <translation>Document type</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="86" />
        <source>证件号码</source>
        <translation>Document number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="87" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="88" />
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="89" />
        <source>出生日期</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="90" />
        <source>国籍</source>
        <translation>Nationality</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="91" />
        <source>有效期至</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="92" />
        <source>联系电话(&amp;P)</source>
        <translation>&amp;Phone</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="93" />
        <source>通讯地址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="94" />
        <source>读者证类型</source>
        <translation>Card type</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="95" />
        <source>新卡条码</source>
        <translation>New card barcode</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="96" />
        <source>芯片号</source>
        <translation>Chip number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="109" />
        <source>办证并打印登记表(&amp;I)</source>
        <translation>&amp;Issue and print the registration form</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="111" />
        <source>可在护照阅读器上读取护照，自动填写</source>
        <translation>Read a passport on the MRZ reader to fill the form</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="160" />
        <source>已从护照读取，请核对后扫描新卡</source>
        <translation>Read from the passport: check, then scan the new card</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="173" />
        <source>不是可用的图片文件</source>
        <translation>Not an image file that can be used</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="187" />
        <source>选择照片</source>
        <translation>Choose the photo</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="201" />
        <source>日期格式不对（如 1990-05-01）</source>
        <translation>Not a valid date (e.g. 1990-05-01)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="229" />
        <source>已办证：{0}（{1}）。请提醒读者修改初始密码。</source>
        <translation>Card issued: {0} ({1}). Remind the reader to change the initial password.</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="234" />
        <source>，请读者签字。</source>
        <translation>; ask the reader to sign it.</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/other_documents.py" line="236" />
        <source>初始密码 {0}（只显示这一次，请告知读者）。</source>
        <translation>Initial password {0} (shown this once: tell the reader).</translation>
    </message>
</context><context>
    <name>PlacePage</name>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="87" />
        <source>图书馆与服务台</source>
        <translation>Library and desk</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="94" />
        <source>政策配置：</source>
        <translation>Policy profile:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="95" />
        <source>本馆（分馆代码）：</source>
        <translation>This library (branch code):</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="96" />
        <source>服务台编号：</source>
        <translation>Desk code:</translation>
    </message>
</context><context>
    <name>PrintActions</name>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="162" />
        <source>打印收据（押金、工本费、滞纳金）</source>
        <translation>Print receipts (deposits, card fees, fines)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="163" />
        <source>打印代办申请表及委托书</source>
        <translation>Print the agent's application and power of attorney</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="34" />
        <source>打印登记表</source>
        <translation>Print the registration form</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="35" />
        <source>打印监护人授权书</source>
        <translation>Print the guardian's authorisation</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="36" />
        <source>打印卡面</source>
        <translation>Print the card face</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/main_window.py" line="37" />
        <source>打印押金退还申请表</source>
        <translation>Print the refund application</translation>
    </message>
</context><context>
    <name>PrintPreviewDialog</name>
    <message>
        <location filename="../desk_app/ui/print_preview.py" line="37" />
        <source>打印预览 — {0}</source>
        <translation>Print preview — {0}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/print_preview.py" line="57" />
        <source>注意：打印字体缺少这些字符，打印出来会是空白：{0}。请手写补上或更换字体。</source>
        <translation>Note: the print font lacks these characters, they will print blank: {0}. Write them in by hand or change the font.</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/print_preview.py" line="65" />
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/print_preview.py" line="68" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/print_preview.py" line="69" />
        <source>共 {0} 页</source>
        <translation>{0} page(s)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/print_preview.py" line="71" />
        <source>没有可用的打印机；PDF 已保存：{0}</source>
        <translation>No printer available; the PDF is kept: {0}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/print_preview.py" line="74" />
        <source>打印机：</source>
        <translation>Printer:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/print_preview.py" line="90" />
        <source>正在发送到 {0}……</source>
        <translation>Sending to {0}…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/print_preview.py" line="94" />
        <source>已发送到打印机（作业 {0}）</source>
        <translation>Sent to the printer (job {0})</translation>
    </message>
</context><context>
    <name>PrintedDocuments</name>
    <message>
        <location filename="../desk_app/ui/printed.py" line="13" />
        <source>收据</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/printed.py" line="14" />
        <source>押金退还申请表</source>
        <translation>Refund application</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/printed.py" line="15" />
        <source>代办申请表及委托书</source>
        <translation>Application by an agent with the power of attorney</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/printed.py" line="16" />
        <source>登记表</source>
        <translation>Registration form</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/printed.py" line="17" />
        <source>监护人授权书</source>
        <translation>Guardian consent</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/printed.py" line="18" />
        <source>卡面</source>
        <translation>Card face</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/printed.py" line="29" />
        <source>已送打印机（作业 {0}）</source>
        <translation>Sent to the printer (job {0})</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/printed.py" line="31" />
        <source>打印失败：{0}</source>
        <translation>Printing failed: {0}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/printed.py" line="32" />
        <source>仅保存 PDF</source>
        <translation>PDF kept only</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/printed.py" line="39" />
        <source>已送打印机 {0}（作业 {1}）</source>
        <translation>sent to printer {0} (job {1})</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/printed.py" line="41" />
        <source>未能打印（{0}）；PDF 已保存：{1}，可在“打印记录”中重印</source>
        <translation>not printed ({0}); PDF kept: {1}, reprint it from Printed documents</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/printed.py" line="44" />
        <source>未打印（尚未选择打印机）；PDF 已保存：{0}，可在“打印记录”中重印</source>
        <translation>not printed (no printer chosen yet); PDF kept: {0}, reprint it from Printed documents</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/printed.py" line="49" />
        <source>{0}：{1}</source>
        <translation>{0}: {1}</translation>
    </message>
</context><context>
    <name>PrintersPage</name>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="169" />
        <source>打印机</source>
        <translation>Printers</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="175" />
        <source>（只生成 PDF）</source>
        <translation>(PDF only)</translation>
    </message>
</context><context>
    <name>ReaderPageDialog</name>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="54" />
        <source>读者</source>
        <translation>Reader</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="57" />
        <source>正在读取……</source>
        <translation>Reading…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="59" />
        <source>显示完整信息(&amp;V)…</source>
        <translation>Show full details (&amp;V)…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="63" />
        <source>无照片</source>
        <translation>No photo</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="72" />
        <source>证号</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="72" />
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="72" />
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="72" />
        <source>办证馆</source>
        <translation>Issuing library</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="72" />
        <source>办证时间</source>
        <translation>Issued</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="73" />
        <source>最近记录</source>
        <translation>Latest</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="74" />
        <source>书名</source>
        <translation>Title</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="74" />
        <source>应还日期</source>
        <translation>Due</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="74" />
        <source>逾期天数</source>
        <translation>Days overdue</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="74" />
        <source>借出馆</source>
        <translation>Lent at</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="75" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="75" />
        <source>单据</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="75" />
        <source>编号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="75" />
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="81" />
        <source>挂失(&amp;L)</source>
        <translation>Report &amp;lost</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="82" />
        <source>恢复(&amp;R)</source>
        <translation>&amp;Restore</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="83" />
        <source>注销(&amp;X)</source>
        <translation>Cancel (&amp;X)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="84" />
        <source>补办(&amp;B)</source>
        <translation>Replace (&amp;B)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="85" />
        <source>绑定实体卡(&amp;K)</source>
        <translation>Bind physical card(&amp;K)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="86" />
        <source>改信息(&amp;M)</source>
        <translation>Change details (&amp;M)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="87" />
        <source>重置密码(&amp;P)</source>
        <translation>Reset &amp;password</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="88" />
        <source>监护人授权(&amp;G)</source>
        <translation>&amp;Guardian's consent</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="98" />
        <source>退押金(&amp;T)</source>
        <translation>Refund the deposi&amp;t</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="103" />
        <source>换领免押金卡(&amp;W)</source>
        <translation>Swap for free card(&amp;W)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="111" />
        <source>借阅证</source>
        <translation>Cards</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="113" />
        <source>在借与逾期</source>
        <translation>On loan and overdue</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="115" />
        <source>打印记录（重印：打印菜单 → 打印记录与重印）</source>
        <translation>Printed documents (to reprint: Print → Printed documents and reprints)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="151" />
        <source>读者：{0}</source>
        <translation>Reader: {0}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="153" />
        <source>{0}　{1}　{2} 周岁　电话 {3}　办证馆：{4}</source>
        <translation>{0}  {1}  aged {2}  phone {3}  issuing library: {4}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="173" />
        <source>押金 ¥{0}　预存款 ¥{1}</source>
        <translation>Deposit ¥{0}  pre-deposit ¥{1}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="176" />
        <source>可在本馆缴纳</source>
        <translation>payable here</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="176" />
        <source>须在{0}缴纳</source>
        <translation>payable at {0} only</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="178" />
        <source>滞纳金 ¥{0}：{1}（{2}产生，{3}）</source>
        <translation>Fine ¥{0}: {1} (incurred at {2}, {3})</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="192" />
        <source>监护人：{0}</source>
        <translation>Guardian: {0}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="206" />
        <source>刚办理：{0}</source>
        <translation>Just done: {0}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="234" />
        <source>显示完整信息</source>
        <translation>Show full details</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="234" />
        <source>查看原因（记入审计日志）：</source>
        <translation>Why they are needed (kept in the audit log):</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_page.py" line="245" />
        <source>完整信息（已记入审计日志）：{0}　电话 {1}　地址 {2}　单位 {3}</source>
        <translation>Full details (kept in the audit log): {0}  phone {1}  address {2}  work unit {3}</translation>
    </message>
</context><context>
    <name>ReaderTable</name>
    <message>
        <location filename="../desk_app/ui/reader_table.py" line="16" />
        <source>证号</source>
        <translation>Card number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_table.py" line="17" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_table.py" line="18" />
        <source>证件号</source>
        <translation>Document</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_table.py" line="19" />
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_table.py" line="20" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/reader_table.py" line="21" />
        <source>办证馆</source>
        <translation>Home library</translation>
    </message>
</context><context>
    <name>RegistrationDialog</name>
    <message>
        <location filename="../desk_app/ui/registration.py" line="34" />
        <source>办理新证</source>
        <translation>New card</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="40" />
        <source>长期</source>
        <translation>Long-term</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="44" />
        <source>请读者确认手机号码</source>
        <translation>Ask the reader to confirm the mobile number</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="48" />
        <source>证件照片为加密格式（WLT），如需照片请用摄像头拍摄。</source>
        <translation>The chip's photo is encrypted (WLT); take a photo with the camera if one is needed.</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="51" />
        <source>姓名：</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="52" />
        <source>证件号码：</source>
        <translation>Document number:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="53" />
        <source>性别：</source>
        <translation>Sex:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="54" />
        <source>出生日期：</source>
        <translation>Date of birth:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="55" />
        <source>住址：</source>
        <translation>Address:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="56" />
        <source>有效期至：</source>
        <translation>Valid until:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="57" />
        <source>手机号码：</source>
        <translation>Mobile phone:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="58" />
        <source>读者证类型：</source>
        <translation>Card type:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="60" />
        <source>办证(&amp;I)</source>
        <translation>&amp;Issue</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="87" />
        <source>正在办理…</source>
        <translation>Working…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="93" />
        <source>已办证：{0}（{1}）。请提醒读者修改初始密码。</source>
        <translation>Card issued: {0} ({1}). Remind the reader to change the default password.</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="95" />
        <source>初始密码 {0}（只显示这一次，请告知读者）。</source>
        <translation>Initial password {0} (shown this once: tell the reader).</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="97" />
        <source>中心库未连接：此证为临时证，联网后自动确认。</source>
        <translation>Central database not reachable: this card is provisional until it is confirmed online.</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="105" />
        <source>打印登记表(&amp;P)</source>
        <translation>&amp;Print the registration form</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="109" />
        <source>完成(&amp;D)</source>
        <translation>&amp;Done</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="119" />
        <source>登记表已送打印机 {0}（作业 {1}），请读者签字。</source>
        <translation>The registration form went to printer {0} (job {1}); the reader signs it.</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="121" />
        <source>登记表未能打印（{0}）；PDF 已保存：{1}</source>
        <translation>The registration form did not print ({0}); the PDF is kept at {1}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/registration.py" line="123" />
        <source>尚未选择登记表打印机：PDF 已保存：{0}（可在打印菜单选择打印机）</source>
        <translation>No registration-form printer chosen yet: the PDF is kept at {0} (choose a printer from the Print menu)</translation>
    </message>
</context><context>
    <name>SignInDialog</name>
    <message>
        <location filename="../desk_app/ui/sign_in.py" line="35" />
        <source>CardDesk 登录</source>
        <translation>CardDesk sign-in</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sign_in.py" line="35" />
        <source>CardDesk 已锁定</source>
        <translation>CardDesk is locked</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sign_in.py" line="41" />
        <source>长时间未操作，服务台已锁定。请重新登录。</source>
        <translation>The desk locked itself after a while without use. Sign in again.</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sign_in.py" line="45" />
        <source>用户名：</source>
        <translation>User name:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sign_in.py" line="46" />
        <source>密码：</source>
        <translation>Password:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sign_in.py" line="48" />
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sign_in.py" line="50" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sign_in.py" line="76" />
        <source>正在登录……</source>
        <translation>Signing in…</translation>
    </message>
</context><context>
    <name>SignaturePad</name>
    <message>
        <location filename="../desk_app/ui/signature_pad.py" line="19" />
        <source>请监护人在此签名（手写笔或鼠标）</source>
        <translation>The guardian signs here (pen or mouse)</translation>
    </message>
</context><context>
    <name>StartFailure</name>
    <message>
        <location filename="../desk_app/ui/start_failure.py" line="17" />
        <source>CardDesk 无法启动</source>
        <translation>CardDesk cannot start</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/start_failure.py" line="18" />
        <source>日志：%1</source>
        <translation>Log: %1</translation>
    </message>
</context><context>
    <name>StatsWindow</name>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="102" />
        <source>统计报表</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="108" />
        <source>全部分馆</source>
        <translation>All branches</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="111" />
        <source>统计(&amp;R)</source>
        <translation>&amp;Report</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="112" />
        <source>导出 Excel(&amp;E)…</source>
        <translation>&amp;Export to Excel…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="117" />
        <source>年度：</source>
        <translation>Year:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="119" />
        <source>分馆：</source>
        <translation>Branch:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="138" />
        <source>正在统计…</source>
        <translation>Counting…</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="147" />
        <source>双击数字可查看其中的读者证（姓名和证件号已遮蔽）</source>
        <translation>Double-click a figure to list its cards (names and document numbers masked)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="148" />
        <source>数据来源：{0}</source>
        <translation>Source: {0}</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="237" />
        <source>导出统计</source>
        <translation>Export the statistics</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/stats_window.py" line="242" />
        <source>已导出：{0}</source>
        <translation>Exported: {0}</translation>
    </message>
</context><context>
    <name>SyncCommands</name>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="35" />
        <source>办证</source>
        <translation>Card issue</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="36" />
        <source>收款</source>
        <translation>Money taken</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="37" />
        <source>挂失</source>
        <translation>Loss report</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="38" />
        <source>导入集体名单</source>
        <translation>Group list import</translation>
    </message>
</context><context>
    <name>SyncReasons</name>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="26" />
        <source>此人已在联盟内办证</source>
        <translation>Already holds a card in the union</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="27" />
        <source>证号或卡片已被使用</source>
        <translation>Card number or card already in use</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="28" />
        <source>押金已退过</source>
        <translation>Deposit already refunded</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="29" />
        <source>无权办理</source>
        <translation>Not permitted</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="30" />
        <source>联盟没有这张证</source>
        <translation>The union has no such card</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="31" />
        <source>本馆已导入过这份名单</source>
        <translation>This list was imported at this branch already</translation>
    </message>
</context><context>
    <name>SyncStatus</name>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="130" />
        <source>未加入联盟服务（仅本机工作）</source>
        <translation>Not in a union service (this PC only)</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="131" />
        <source>，{0} 条变更待同步</source>
        <translation>, {0} changes waiting to sync</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="133" />
        <source>联盟服务 {0}：在线</source>
        <translation>Union service {0}: online</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="133" />
        <source>联盟服务 {0}：离线</source>
        <translation>Union service {0}: offline</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/sync_status.py" line="138" />
        <source>，{0} 个冲突待处理</source>
        <translation>, {0} conflicts to resolve</translation>
    </message>
</context><context>
    <name>UnionPage</name>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="127" />
        <source>联盟服务</source>
        <translation>Union service</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="132" />
        <source>信息部门给本服务台的一次性入网码</source>
        <translation>The one-time code library IT gave this desk</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="134" />
        <source>留空地址则本服务台不加入联盟，只使用本机数据库。入网码只能使用一次。</source>
        <translation>Leave the address empty and this desk works on its own, with this PC's database only. A code works once.</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="135" />
        <source>地址：</source>
        <translation>Address:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="136" />
        <source>入网码：</source>
        <translation>Enrolment code:</translation>
    </message>
    <message>
        <location filename="../desk_app/ui/first_run.py" line="137" />
        <source>CA 证书文件：</source>
        <translation>CA certificate file:</translation>
    </message>
</context><context>
    <name>_PathDialog</name>
    <message>
        <location filename="../desk_app/ui/card_paths.py" line="46" />
        <source>正在办理……</source>
        <translation>Working…</translation>
    </message>
</context></TS>

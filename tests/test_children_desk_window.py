"""The children's desk on screen: the child's document sets the path, the guardian's is read too, the
guardian signs on the pad, and the signature is kept with the consent and printed on the authorisation."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from desk_app.bootstrap import open_desk
from desk_app.children_desk import ChildrenDesk
from desk_app.core.entities import Actor
from desk_app.core.services.setup import add_staff
from desk_app.demo.people import PeopleFactory
from desk_app.ui.children_desk import ChildRegistrationDialog
from tests.conftest import TODAY
from tests.printing_fixtures import pdf_text


def test_a_child_registered_with_the_guardians_signature_on_the_pad(qtbot: Any, tmp_path: Path) -> None:
    desk = open_desk(tmp_path / "desk.sqlite", "foshan")
    try:
        with desk.uow() as uow:
            staff = add_staff(uow, "children-fslib", "少儿服务台", "FSLIB", "children")
        children = ChildrenDesk(desk, desk.context(Actor(staff.id, "FSLIB", "D3")), {})
        people = PeopleFactory("foshan", seed=31)
        child, parent = people.person(9, TODAY), people.person(37, TODAY)
        dialog = ChildRegistrationDialog(children)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.child_doc.setText(child.citizen_number)
        with qtbot.waitSignal(dialog.finished_step, timeout=10000) as path:
            dialog.check_path()
        assert path.args[1].consent_required and "9 周岁" in dialog.path_label.text()
        assert "须监护人签字同意" in dialog.path_label.text()
        dialog.child_name.setText(child.name)
        dialog.guardian_name.setText(parent.name)
        dialog.guardian_doc.setText(parent.citizen_number)
        dialog.guardian_phone.setText(parent.phone)
        with qtbot.waitSignal(dialog.finished_step, timeout=10000) as unsigned:
            dialog.issue_button.click()
        assert isinstance(unsigned.args[1], Exception) and dialog.result_label.text()  # no signature yet
        dialog.pad.add_stroke([(20, 90), (60, 40), (100, 95), (150, 35), (210, 80)])
        assert not dialog.pad.is_empty()
        with qtbot.waitSignal(dialog.finished_step, timeout=20000) as done:
            dialog.issue_button.click()
        issued = done.args[1]
        assert not isinstance(issued, Exception), dialog.result_label.text()
        assert issued.issued.card_number in dialog.result_label.text()
        with desk.uow() as uow:
            guardian = uow.guardians.where()[0]
            signatures = uow.attachments.where(owner="guardian", owner_id=str(guardian.id), kind="signature")
        assert guardian.relationship == "父母" and guardian.consent_signed_at is not None
        assert len(signatures) == 1 and signatures[0].mime == "image/png"
        text = pdf_text(Path(issued.consent_pdf))
        assert parent.name in text and child.name in text
        png = tmp_path / "consent"
        subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", issued.consent_pdf, str(png)], check=True)
        assert list(tmp_path.glob("consent*.png"))
        dialog.operations.wait()
    finally:
        desk.close()

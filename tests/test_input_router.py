"""Device input goes where it is asked for (#22.2): the Qt-free rule, without a screen."""

from __future__ import annotations

from dataclasses import dataclass, field

from desk_app.input_router import InputKind, InputRouter


@dataclass(eq=False)
class _Form:
    kinds: tuple[InputKind, ...]
    only: object = None  # takes just this value (the same card laid again)
    taken: list[tuple[InputKind, object]] = field(default_factory=list)

    def wants_input(self, kind: InputKind, value: object) -> bool:
        return kind in self.kinds and (self.only is None or value == self.only)

    def take_input(self, kind: InputKind, value: object) -> None:
        self.taken.append((kind, value))


def test_the_form_used_last_that_asks_for_the_input_takes_it_else_the_window() -> None:
    window = _Form(tuple(InputKind))
    router = InputRouter(window)
    replacement = _Form((InputKind.BARCODE, InputKind.ID_CARD))
    refund = _Form((InputKind.ID_CARD,))
    router.opened(replacement)
    router.opened(refund)
    assert router.deliver(InputKind.ID_CARD, "tap") is refund  # the refund was used last
    assert router.deliver(InputKind.BARCODE, "CQ1") is replacement  # the refund does not ask for scans
    assert router.deliver(InputKind.MRZ, "P<") is window  # nobody asks: the window opens the reader
    router.opened(replacement)  # the clerk goes back to the replacement
    assert router.deliver(InputKind.ID_CARD, "tap2") is replacement
    router.closed(replacement)
    router.closed(refund)
    assert router.deliver(InputKind.BARCODE, "CQ2") is window and router.open_forms == ()
    assert replacement.taken == [(InputKind.BARCODE, "CQ1"), (InputKind.ID_CARD, "tap2")]
    assert refund.taken == [(InputKind.ID_CARD, "tap")]
    assert window.taken == [(InputKind.MRZ, "P<"), (InputKind.BARCODE, "CQ2")]


def test_one_tap_never_opens_two_forms_and_a_form_is_listed_once() -> None:
    window = _Form(tuple(InputKind))
    router = InputRouter(window)
    form = _Form((InputKind.ID_CARD,), only="110101199001011237")
    router.opened(form)
    router.opened(form)
    assert router.open_forms == (form,)
    assert router.deliver(InputKind.ID_CARD, "110101199001011237") is form  # comes forward, no second form
    assert router.deliver(InputKind.ID_CARD, "someone else") is window
    assert len(form.taken) == 1 and len(window.taken) == 1

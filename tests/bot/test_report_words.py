"""The status overview in words: an overdue deadline says who has not reported done, in the right
number, for a tick as well as a hand-in."""

from datetime import date

import pytest

from bot.report import render_overview
from bot.services.status import DeadlineStatus


def overdue(open_: int) -> DeadlineStatus:
    return DeadlineStatus(
        event_id=1,
        title="Frist X",
        due=date(2026, 11, 20),
        done=22 - open_,
        open=open_,
        exempt=0,
        overdue=True,
        late=open_,  # a day deadline past: every open unit is late
    )


@pytest.mark.parametrize(
    ("open_", "lang", "expected"),
    [
        (
            1,
            "nb",
            "‼ Forfalt: Frist X (fredag 20. november 2026): 1 kommuneparti har ikke meldt ferdig",
        ),
        (
            3,
            "nb",
            "‼ Forfalt: Frist X (fredag 20. november 2026): 3 kommunepartier har ikke meldt ferdig",
        ),
        (
            1,
            "en",
            "‼ Overdue: Frist X (Friday 20 November 2026): 1 municipal party has not reported done",
        ),
    ],
)
def test_an_overdue_deadline_counts_the_parties_not_done(open_, lang, expected) -> None:
    assert render_overview([overdue(open_)], lang) == expected


def test_a_hand_in_of_four_files_lists_three_and_one_more_file() -> None:
    from bot.models import Delivery, DeliveryFile
    from bot.services.deliveries import short_description

    delivery = Delivery(obligation_id=1, handed_in_by="U1", changed_by="U1")
    files = [
        DeliveryFile(delivery_id=1, source_id=str(i), filename=f"f{i}.pdf", size=1, sha256="")
        for i in range(4)
    ]
    assert short_description(delivery, files, "nb") == "f0.pdf, f1.pdf, f2.pdf, 1 fil til"
    assert short_description(delivery, files + files[:1], "en").endswith(", 2 more files")

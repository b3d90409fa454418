"""A plan that remembers a day long before any plan ('vi minnes freden 8. mai 1945') is read, not
refused; a row that cannot be stored is explained in the reader's language; a 'den' inside a word
('freden', 'perioden') is not the 'den' before a day. Found when an unseen history association's
programme was refused as a whole over one such line, with an English reason under a Norwegian
heading."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.importer import ImportRowsError, import_text, items_from_found, read_import_file
from bot.services.imports import rows_error_text

PROGRAMME = (
    "Møteplan 2025\n"
    "\n"
    "14. mars: Årsmøte i grendehuset\n"
    "8. mai: Minnestund ved bautaen, vi minnes freden 8. mai 1945\n"
    "12. juni: Sommertur til Fjellheim\n"
)


def test_a_date_before_any_plan_is_history_and_the_rest_is_read() -> None:
    found = import_text(PROGRAMME, name="program.txt")
    items = items_from_found(found, document="program.txt")  # no ImportRowsError
    starts = [item.event.start_date for item in items]
    assert starts == [date(2025, 3, 14), date(2025, 5, 8), date(2025, 6, 12)]
    assert all(start is not None and start.year >= 1990 for start in starts)


def test_den_inside_a_word_is_not_part_of_the_date() -> None:
    found = import_text(PROGRAMME, name="program.txt")
    titles = [event.title for event in found]
    assert any(title.startswith("Minnestund ved bautaen, vi minnes freden") for title in titles), (
        titles
    )


@pytest.mark.parametrize(
    ("lang", "said", "not_said"),
    [("nb", "Datoen 9. april 1940 er utenfor planen", "The date"), ("en", "The date", "Datoen")],
)
def test_a_row_that_cannot_be_stored_is_explained_in_the_readers_language(
    tmp_path: Path, lang: str, said: str, not_said: str
) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "title,kind,start\nStyremøte,meeting,2027-02-01\nMinnestund,meeting,1940-04-09\n"
    )
    with pytest.raises(ImportRowsError) as caught:
        read_import_file(path=path)
    text = rows_error_text(caught.value, file="plan.csv", lang=lang)
    assert said in text
    assert not_said not in text
    assert "1940-04-09" not in text  # the date as people write it

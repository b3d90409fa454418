"""Files that must be refused as a whole (issue 14 item 10), and text files in UTF-16 that must
be read: strict decoding, strict CSV quoting, YAML without aliases, bounded sizes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from bot.importer import ImportFileError, read_import_file
from bot.importer import reading as reading_module
from bot.importer import word as word_module
from bot.services.imports import file_error_text

HEADER = "title,kind,start\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def refusal(path: Path) -> ImportFileError:
    with pytest.raises(ImportFileError) as caught:
        read_import_file(path=path)
    return caught.value


def test_csv_with_an_unterminated_quote_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "plan.csv", (HEADER + '"unterminated,meeting,2027-02-01\n').encode())
    error = refusal(path)
    assert (error.code, error.detail) == ("csv_syntax", "2")
    text = file_error_text(error, file="plan.csv", lang="nb")
    assert "linje 2" in text and "anførselstegn" in text


@pytest.mark.parametrize("byte", [b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"])
def test_bytes_windows_1252_does_not_define_are_refused(tmp_path: Path, byte: bytes) -> None:
    data = (
        HEADER.encode()
        + b"Styrem\xf8te,meeting,2027-02-01\nM\xf8te"
        + byte
        + b",meeting,2027-03-01\n"
    )
    error = refusal(write(tmp_path, "plan.csv", data))
    assert (error.code, error.detail) == ("encoding", "3")
    assert "UTF-8" in file_error_text(error, file="plan.csv", lang="nb")


def test_windows_1252_text_is_still_read(tmp_path: Path) -> None:
    data = (HEADER + "Årsmøte på Finnsnes,annual_meeting,2027-03-01\n").encode("cp1252")
    [item] = read_import_file(path=write(tmp_path, "plan.csv", data))
    assert item.event.title == "Årsmøte på Finnsnes"


def test_yaml_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    lines = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, 6):
        lines.append(
            f"{chr(97 + level)}: &{chr(97 + level)} ["
            + ", ".join([f"*{chr(96 + level)}"] * 9)
            + "]"
        )
    lines.append("events:\n  - title: *f\n    start: 2027-01-01")
    path = write(tmp_path, "bomb.yaml", "\n".join(lines).encode())
    error = refusal(path)
    assert error.code == "yaml_syntax"
    assert "aliases" in error.detail


def test_yaml_anchor_used_once_in_a_plain_file_is_refused_too(tmp_path: Path) -> None:
    text = "events:\n  - &first {title: Årsmøte, start: 2027-03-01}\n  - *first\n"
    assert refusal(write(tmp_path, "plan.yaml", text.encode())).code == "yaml_syntax"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_text_with_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    text = "Arbeidsplan 2027\nForslagsfrist til landsmøtet 1. desember 2027.\n"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    found = read_import_file(path=write(tmp_path, "plan.txt", data))
    assert [(i.event.start_date.isoformat() if i.event.start_date else None) for i in found] == [
        "2027-12-01"
    ]


def test_utf16_csv_from_excel_is_read(tmp_path: Path) -> None:
    data = (HEADER + "Styremøte,meeting,2027-02-01\n").encode("utf-16")
    [item] = read_import_file(path=write(tmp_path, "plan.csv", data))
    assert item.event.title == "Styremøte"


def test_files_over_the_size_limit_are_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading_module, "MAX_FILE_BYTES", 1024)
    path = write(tmp_path, "plan.txt", b"Styrem\xc3\xb8te 1. mars 2027.\n" * 100)
    error = refusal(path)
    assert error.code == "too_large"
    assert "for stor" in file_error_text(error, file="plan.txt", lang="nb")


def test_a_word_file_that_unpacks_to_too_much_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(word_module, "MAX_UNPACKED_BYTES", 10_000)
    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", "<w:p/>" * 10_000)
    assert refusal(path).code == "too_large"

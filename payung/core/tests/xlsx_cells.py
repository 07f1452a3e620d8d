"""Read an .xlsx as stored: formulas (`<f>`) and text cells, to prove nothing runs as a formula."""

import re
import zipfile
from html import unescape
from io import BytesIO
from pathlib import Path

_FORMULA = re.compile(r"<f(?:\s[^>]*)?>(.*?)</f>", re.S)
_SHARED = re.compile(r"<si>(.*?)</si>", re.S)
_INLINE = re.compile(r"<is>(.*?)</is>", re.S)
_TEXT = re.compile(r"<t(?:\s[^>]*)?>(.*?)</t>", re.S)


def _archive(source: bytes | Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(BytesIO(source) if isinstance(source, bytes) else source)


def _sheets(archive: zipfile.ZipFile) -> list[str]:
    return [
        archive.read(name).decode()
        for name in archive.namelist()
        if name.startswith("xl/worksheets/") and name.endswith(".xml")
    ]


def _text(item: str) -> str:
    return unescape("".join(_TEXT.findall(item)))


def formulas(source: bytes | Path) -> list[str]:
    """Every formula in every sheet of the workbook."""
    with _archive(source) as archive:
        return [unescape(found) for xml in _sheets(archive) for found in _FORMULA.findall(xml)]


def shared_strings(source: bytes | Path) -> list[str]:
    """The workbook's text cells: shared strings, and inline ones (constant-memory mode)."""
    with _archive(source) as archive:
        texts = [_text(item) for xml in _sheets(archive) for item in _INLINE.findall(xml)]
        if "xl/sharedStrings.xml" in archive.namelist():
            xml = archive.read("xl/sharedStrings.xml").decode()
            texts += [_text(item) for item in _SHARED.findall(xml)]
    return texts

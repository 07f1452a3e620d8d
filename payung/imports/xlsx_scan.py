"""Check an .xlsx in bounded memory before python-calamine reads it.

calamine turns a sheet into one dense grid from A1 to the farthest cell holding a value, 32 bytes
per grid cell whether filled or not: two cells at A1 and XFD1048576 ask for 550 GB. It also
reserves room for as many shared texts as `<sst uniqueCount>` announces. Neither depends on how
much the file really holds, so both are checked here, reading every zip member through a buffer of
fixed size, before calamine opens the file:

- the grid of every sheet must stay within `allowed_grid_cells(file size)`: `MIN_GRID_CELLS`, or
  `GRID_CELLS_PER_BYTE` per byte of the file when that is more (a real roster's grid is under two
  cells per byte of its file). Every member with a `<sheetData>` is checked, since calamine reads
  whichever member the workbook names;
- `uniqueCount` may not announce more shared texts than the member holds.

A sheet is checked the fast way first: its `<dimension ref>` gives a grid, and one regular
expression shows that every cell tag is written the plain way (`<c r="B7" s="1" t="s">`) with its
reference inside that grid; it reads raw bytes and may see more tags than calamine does, never
fewer. Any other sheet (no dimension, a dimension larger than allowed, a cell outside it, a cell
written otherwise) is read tag by tag, placing cells as calamine does, to find its real extent;
markup that calamine might place differently, or a tag longer than `MAX_MARKUP_BYTES`, is refused.
"""

import re
import string
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

MIN_GRID_CELLS = 2_000_000
"""A sheet may always span this many grid cells (about 64 MB in calamine)."""

GRID_CELLS_PER_BYTE = 4
"""Beyond `MIN_GRID_CELLS`, this many grid cells per byte of the file."""

CHUNK_BYTES = 1024 * 1024
MAX_MARKUP_BYTES = 4 * 1024 * 1024
"""The longest tag followed (a tag in a real sheet is a few dozen bytes), or tag name passed."""

SHARED_TEXT_SLACK = 1024
"""How many more shared texts than it holds a file may announce."""

_BEYOND_CALAMINE = 2**32
"""More than any row or column calamine can place (it counts them in 32 bits)."""

_LETTERS = string.ascii_uppercase
_DIGITS = string.digits
_NAME = rb"[^\s<>/!?\"'=]"
_PREFIX = rb"(?:" + _NAME + rb"*:)?"
_DIMENSION = re.compile(
    rb"<" + _PREFIX + rb"dimension\s(?:[^<>\"']|\"[^\"]*\"|'[^']*')*?"
    rb"(?<![\w:.\-])ref\s*=\s*[\"']\s*([^\"']*)[\"']"
)
_PREFIXED_CELL = re.compile(rb":c[\s/>]")
_UNIQUE_COUNT = re.compile(rb"uniqueCount(?<![\w:.\-]uniqueCount)\s*=\s*[\"']?\s*(\d+)")
_MARKUP = re.compile(
    rb"<(?:!--.*?-->|!\[CDATA\[.*?\]\]>|\?.*?\?>"
    rb"|(?P<end>/)?(?P<name>" + _NAME + rb"+)"
    rb"(?P<attributes>(?:[^<>\"'/]|/(?!>)|\"[^\"<]*\"|'[^'<]*')*)(?P<empty>/)?>)",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(rb"\s*(" + _NAME + rb"+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REFERENCE = re.compile(rb"([A-Za-z]*)(\d+)")
_NAME_END = re.compile(rb"[\s/>]")
_ELEMENTS_READ = frozenset({b"sheetData", b"sst", b"dimension", b"c", b"row"})
_CELL_OR_ROW = frozenset({b"c", b"row", b"sheetData"})
_WIDE_ENCODINGS = (b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00", b"\x00\x00\x00<")
_MARKUP_CHARACTERS = "<>/=\"' \t\r\n:!?-_.[]" + string.ascii_letters + string.digits
_DECLARED_ENCODING = re.compile(rb"<\?xml[^>]*encoding\s*=\s*[\"']([^\"']*)[\"']")


class XlsxScanError(Exception):
    """The file cannot be handed to calamine safely."""


class GridTooLarge(XlsxScanError):
    """A sheet's cells span a grid far larger than its file could fill."""

    def __init__(self, *, rows: int, columns: int, allowed: int) -> None:
        self.rows, self.columns, self.allowed = rows, columns, allowed
        super().__init__(f"a sheet spans {columns:,} columns × {rows:,} rows")

    @property
    def last_cell(self) -> str:
        """The far corner of the grid, e.g. `XFD1048576`."""
        return f"{column_letters(self.columns)}{self.rows}"


class UnsafeMarkup(XlsxScanError):
    """Markup the scan cannot follow as calamine would, or that asks for memory it does not hold."""


@dataclass(frozen=True)
class Extent:
    """The last row and column (1-based) holding a cell; `cells` when counted."""

    rows: int
    columns: int
    cells: int | None = None

    @property
    def grid(self) -> int:
        return self.rows * self.columns


def allowed_grid_cells(file_bytes: int) -> int:
    return max(MIN_GRID_CELLS, GRID_CELLS_PER_BYTE * file_bytes)


def column_letters(number: int) -> str:
    """1 → A, 26 → Z, 27 → AA, 16384 → XFD."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = _LETTERS[remainder] + letters
    return letters


def column_number(letters: bytes) -> int:
    """A → 1, XFD → 16384, in either case, as calamine reads a reference (at most 2³²)."""
    if len(letters) > 7:
        return _BEYOND_CALAMINE
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - ord("A") + 1
    return number


def check_xlsx(path: Path) -> None:
    """Raise `XlsxScanError` unless calamine can open the .xlsx at `path` in bounded memory."""
    allowed = allowed_grid_cells(path.stat().st_size)
    with zipfile.ZipFile(path) as archive:
        for member in archive.infolist():
            if not member.is_dir():
                _check_member(archive, member, allowed)


def sheet_extent(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Extent | None:
    """The extent of a sheet member's cells, read tag by tag; None when it is no sheet."""
    return _TagReader().read(_chunks(archive, member))


def _check_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, allowed: int) -> None:
    dimension: Extent | None = None
    plain: re.Pattern[bytes] | None = None  # while every cell so far is written the plain way
    is_sheet = False
    unique_count = shared_texts = 0
    for piece in _tag_aligned(_chunks(archive, member)):
        if b"uniqueCount" in piece:
            counts = [_number(count) for count in _UNIQUE_COUNT.findall(piece)]
            unique_count = max([unique_count, *counts])
        if unique_count:
            shared_texts += piece.count(b"<si") + piece.count(b":si")
        if not is_sheet:
            # From the first mention of sheetData on (calamine's cells come after it), even one
            # whose tag began in an earlier piece or that is no tag at all.
            start = piece.find(b"sheetData")
            end = start if start >= 0 else len(piece)
            if b"dimension" in piece:
                for found in _DIMENSION.finditer(piece, 0, end):
                    dimension = _parse_dimension(found.group(1))
            if start < 0:
                continue
            is_sheet = True
            if dimension is not None and dimension.grid <= allowed:
                plain = _irregular_cell(dimension)
            piece = piece[end:]
        if plain is not None and (plain.search(piece) or _PREFIXED_CELL.search(piece)):
            plain = None
    if unique_count > shared_texts + SHARED_TEXT_SLACK:
        raise UnsafeMarkup(f"{unique_count:,} shared texts announced, {shared_texts:,} present")
    if not is_sheet or plain is not None:
        return
    extent = sheet_extent(archive, member)
    if extent is not None and extent.grid > allowed:
        raise GridTooLarge(rows=extent.rows, columns=extent.columns, allowed=allowed)


def _irregular_cell(dimension: Extent) -> re.Pattern[bytes]:
    """A cell tag other than `<c r="REF"` + double-quoted non-`r` attributes, REF within reach.

    It matches every `<c` followed by a space, `/` or `>` (every unprefixed cell tag, and perhaps
    text that only looks like one) unless the tag is written that plain way.
    """
    reference = (
        _at_most(column_letters(dimension.columns), _LETTERS)
        + _at_most(str(dimension.rows), _DIGITS)
    ).encode()
    return re.compile(rb'<c(?! r="' + reference + rb'"(?> (?!r=)[A-Za-z:]+="[^"<]*")*+/?>)[\s/>]')


def _at_most(bound: str, alphabet: str) -> str:
    """A regular expression for the strings over `alphabet` no greater than `bound`.

    Strings compare by length, then place by place, as column letters and row numbers do (no
    leading zero): `_at_most("CV", A…Z)` matches A…Z, AA…CU and CV.
    """
    every = f"[{alphabet[0]}-{alphabet[-1]}]"
    leading = alphabet[1:] if alphabet[0] == "0" else alphabet
    choices = [bound]
    if len(bound) > 1:
        choices.append(f"[{leading[0]}-{leading[-1]}]{every}{{0,{len(bound) - 2}}}")
    for place, symbol in enumerate(bound):
        allowed = leading if place == 0 else alphabet
        lower = allowed[: allowed.index(symbol)]
        if lower:
            rest = len(bound) - place - 1
            choices.append(f"{bound[:place]}[{lower[0]}-{lower[-1]}]{every}{{{rest}}}")
    return "(?:" + "|".join(choices) + ")"


def _parse_dimension(value: bytes) -> Extent | None:
    last = value.strip().rpartition(b":")[2]
    reference = _REFERENCE.fullmatch(last)
    if reference is None or not reference.group(1) or _number(reference.group(2)) == 0:
        return None
    return Extent(rows=_number(reference.group(2)), columns=column_number(reference.group(1)))


def _check_encoding(head: bytes) -> None:
    """Refuse a part whose markup bytes are not those of ASCII (UTF-16, UTF-32, UTF-7, …)."""
    if head.startswith(_WIDE_ENCODINGS):
        raise UnsafeMarkup("a part is encoded as UTF-16 or UTF-32")
    declared = _DECLARED_ENCODING.match(head.lstrip(b"\xef\xbb\xbf \t\r\n"))
    if declared is None:
        return
    name = declared.group(1).decode("ascii", "replace")
    try:
        ascii_compatible = _MARKUP_CHARACTERS.encode(name) == _MARKUP_CHARACTERS.encode()
    except (LookupError, UnicodeError):
        ascii_compatible = False
    if not ascii_compatible:
        raise UnsafeMarkup(f"a part is encoded as {name[:40]}")


def _chunks(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    with _unpacking():
        stream = archive.open(member)
    with stream:
        with _unpacking():
            chunk = stream.read(CHUNK_BYTES)
        _check_encoding(chunk)
        while chunk:
            yield chunk
            with _unpacking():
                chunk = stream.read(CHUNK_BYTES)


@contextmanager
def _unpacking() -> Iterator[None]:
    """Whatever zipfile raises on a damaged, encrypted or oddly compressed part, as a refusal."""
    try:
        yield
    except Exception as error:
        raise UnsafeMarkup(f"a part cannot be unpacked: {error}") from error


def _tag_aligned(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The same bytes in pieces that never split a tag calamine acts on.

    Each piece ends just before the last `<` read so far; the rest waits for more. When more than
    `MAX_MARKUP_BYTES` wait, they are refused if their tag is one calamine reads, or has a name
    that has not ended yet; otherwise they are passed on, as they hold no other tag (a long text
    or a binary stretch after a tag of no interest).
    """
    pending = b""
    for chunk in chunks:
        data = pending + chunk
        cut = data.rfind(b"<")
        if cut < 0:
            pending = b""
            yield data
            continue
        if cut:
            yield data[:cut]
        pending = data[cut:]
        if len(pending) > MAX_MARKUP_BYTES:
            name_end = _NAME_END.search(pending, 1)
            if name_end is None or _read_by_calamine(pending[1 : name_end.start()]):
                raise UnsafeMarkup(f"a tag longer than {MAX_MARKUP_BYTES:,} bytes")
            yield pending
            pending = b""
    if pending:
        yield pending


def _read_by_calamine(name: bytes) -> bool:
    """Whether an element of this name (with any prefix) is one the scan must see whole."""
    return bool({name, name.partition(b":")[2], name.rpartition(b":")[2]} & _ELEMENTS_READ)


class _TagReader:
    """Places cells as calamine does: at their `r`, else after the previous cell of the row.

    Inside a cell calamine reads each element of the value whole (`<v>…</v>`, `<is>…</is>`) and
    the cell ends at the first `</c>` outside them; tags it would swallow there (a `</c>` or a
    `</row>` inside `<v>`) must not move the reader's rows and columns, so the elements inside a
    cell are followed by name, and a cell or row tag among them is refused.
    """

    def __init__(self) -> None:
        self.row = self.column = 0  # 0-based, calamine's row_index and col_index
        self.last_row = self.last_column = self.cells = 0
        self.in_sheet = self.finished = False
        self.open_in_cell: list[bytes] | None = None  # the elements open inside the cell

    def read(self, chunks: Iterator[bytes]) -> Extent | None:
        pending = b""
        for chunk in chunks:
            data = pending + chunk
            pending = data[self._feed(data) :]
            if self.finished:
                break
            if len(pending) > MAX_MARKUP_BYTES:
                raise UnsafeMarkup(f"markup longer than {MAX_MARKUP_BYTES:,} bytes")
        if not self.in_sheet:
            return None
        if not self.finished and pending.strip():
            raise UnsafeMarkup("the sheet ends inside a tag")
        return Extent(rows=self.last_row, columns=self.last_column, cells=self.cells)

    def _feed(self, data: bytes) -> int:
        """Act on every complete tag in `data`; the offset of the first byte not read."""
        position = 0
        while not self.finished:
            start = data.find(b"<", position)
            if start < 0:
                return len(data)
            tag = _MARKUP.match(data, start)
            if tag is None:
                return start
            position = tag.end()
            if tag["name"] is not None:
                self._tag(tag)
        return position

    def _tag(self, tag: re.Match[bytes]) -> None:
        name: bytes = tag["name"]
        if name.count(b":") > 1:
            raise UnsafeMarkup(f"element name {name[:40]!r}")
        local = name.partition(b":")[2] or name
        if not self.in_sheet:
            self.in_sheet = local == b"sheetData" and not tag["end"]
        elif self.open_in_cell is not None:
            self._inside_cell(tag, name, local)
        elif tag["end"]:
            if local == b"row":
                self.row, self.column = self.row + 1, 0
            elif local == b"sheetData":
                self.finished = True
        elif local == b"c":
            self._cell(tag)
        elif local == b"row":
            references = _attribute_r(tag["attributes"])
            if references:
                self.row = max(_parse_reference(r, column_required=False)[0] for r in references)
            if tag["empty"]:
                self.row, self.column = self.row + 1, 0

    def _cell(self, tag: re.Match[bytes]) -> None:
        references = [
            _parse_reference(r, column_required=True) for r in _attribute_r(tag["attributes"])
        ]
        row = self.row
        if references:
            # Repeated, each reference is taken: the farthest bounds wherever calamine puts it.
            row = max(found[0] for found in references)
            self.column = max(found[1] for found in references)
        self.cells += 1
        self.last_row = max(self.last_row, row + 1)
        self.last_column = max(self.last_column, self.column + 1)
        if tag["empty"]:
            self.column += 1
        else:
            self.open_in_cell = []

    def _inside_cell(self, tag: re.Match[bytes], name: bytes, local: bytes) -> None:
        assert self.open_in_cell is not None
        if tag["end"] and self.open_in_cell:
            if self.open_in_cell.pop() != name:
                raise UnsafeMarkup(f"</{name[:40].decode('ascii', 'replace')}> out of order")
        elif tag["end"] and local == b"c":
            self.open_in_cell = None
            self.column += 1
        elif local in _CELL_OR_ROW:
            raise UnsafeMarkup(f"a {local.decode()} tag inside a cell")
        elif not tag["end"] and not tag["empty"]:
            self.open_in_cell.append(name)


def _attribute_r(attributes: bytes) -> list[bytes]:
    """Every value of the `r` attribute (calamine takes the last of a cell's, a row's first)."""
    found = []
    position = 0
    while attribute := _ATTRIBUTE.match(attributes, position):
        position = attribute.end()
        if attribute.group(1) == b"r":
            found.append(
                attribute.group(2) if attribute.group(2) is not None else attribute.group(3)
            )
    if attributes[position:].strip():
        raise UnsafeMarkup(f"attributes {attributes[:40]!r}")
    return found


def _parse_reference(value: bytes, *, column_required: bool) -> tuple[int, int]:
    """(row, column), 0-based, of a reference such as `B12` (a row's `r` may omit the column)."""
    reference = _REFERENCE.fullmatch(value)
    if reference is None or _number(reference.group(2)) == 0:
        raise UnsafeMarkup(f"cell reference {value[:40]!r}")
    letters, digits = reference.groups()
    if column_required and not letters:
        raise UnsafeMarkup(f"cell reference {value[:40]!r}")
    return _number(digits) - 1, max(column_number(letters) - 1, 0)


def _number(digits: bytes) -> int:
    """The value of a run of digits, at most 2³² (calamine keeps 32 bits of a longer one)."""
    digits = digits.lstrip(b"0") or b"0"
    return _BEYOND_CALAMINE if len(digits) > 10 else min(int(digits), _BEYOND_CALAMINE)

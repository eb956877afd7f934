"""The "Unduh Excel" writer shared by every admin list.

openpyxl in write_only mode (rows are streamed to a temporary file, memory stays flat), a bold frozen header
row, column widths, dates as dd-mm-yyyy, and text neutralised against formula injection.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "dd-mm-yyyy"
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"
_SAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 15


def neutralise(value):
    """A cell value that a spreadsheet will never run as a formula.

    Text starting with =, +, -, @, tab or CR gets a leading apostrophe (OWASP CSV-injection advice);
    characters that XLSX cannot hold are dropped. Numbers, dates and None pass unchanged.
    """
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell(ws, value) -> WriteOnlyCell:
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        value = timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones
    cell = WriteOnlyCell(ws, value=neutralise(value))
    if isinstance(value, datetime.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, datetime.date):
        cell.number_format = DATE_FORMAT
    return cell


def safe_filename(name: str) -> str:
    """`Pegawai Kab. Uji` -> `Pegawai_Kab._Uji.xlsx`: ASCII only, no quotes or path parts."""
    stem = name[:-5] if name.lower().endswith(".xlsx") else name
    stem = _SAFE_FILENAME.sub("_", stem).strip("._") or "data"
    return f"{stem[:120]}.xlsx"


def workbook_bytes(
    *, columns: Sequence[Column], rows: Iterable[Sequence], sheet_title: str = "Data"
) -> bytes:
    """The XLSX file as bytes: one sheet, a bold header row, then `rows` (any iterable, consumed once)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=neutralise(sheet_title)[:31] or "Data")
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=neutralise(column.header))
        cell.font = bold
        cell.fill = fill
        header.append(cell)
    ws.append(header)
    for row in rows:
        ws.append([_cell(ws, value) for value in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_response(
    *, filename: str, columns: Sequence[Column], rows: Iterable[Sequence], sheet_title: str = "Data"
) -> HttpResponse:
    """An HTTP download of the rows as an Excel file."""
    content = workbook_bytes(columns=columns, rows=rows, sheet_title=sheet_title)
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(filename)}"'
    response["Cache-Control"] = "no-store"
    return response

"""The shared "Unduh Excel" writer: header, widths, dates, download headers and formula injection."""

import datetime
import io
import zoneinfo

import pytest
from openpyxl import load_workbook

from kinerja.core import excel

COLUMNS = [excel.Column("NIP", 21), excel.Column("Nama", 40), excel.Column("Tanggal", 12)]


def read_back(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def test_header_bold_frozen_and_column_widths():
    ws = read_back(excel.workbook_bytes(columns=COLUMNS, rows=[], sheet_title="Pegawai"))
    assert ws.title == "Pegawai"
    assert [c.value for c in ws[1]] == ["NIP", "Nama", "Tanggal"]
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width == 21
    assert ws.column_dimensions["B"].width == 40
    assert ws.max_row == 1


def test_rows_keep_their_types_and_dates_read_as_indonesians_write_them():
    rows = [("198911082020122002", "SANI LESTARI, S.Kom.", datetime.date(2020, 12, 1)), ("1", None, None)]
    ws = read_back(excel.workbook_bytes(columns=COLUMNS, rows=iter(rows)))
    assert ws["A2"].value == "198911082020122002"
    assert ws["A2"].data_type == "s"  # a NIP stays text, never a rounded number
    assert ws["B2"].value == "SANI LESTARI, S.Kom."
    assert ws["C2"].value == datetime.datetime(2020, 12, 1)
    assert ws["C2"].number_format == "dd-mm-yyyy"
    assert ws["B3"].value is None


def test_aware_datetimes_are_written_in_local_time():
    moment = datetime.datetime(2024, 1, 1, 1, 30, tzinfo=datetime.UTC)
    ws = read_back(excel.workbook_bytes(columns=COLUMNS, rows=[("x", "y", moment)]))
    jakarta = moment.astimezone(zoneinfo.ZoneInfo("Asia/Jakarta")).replace(tzinfo=None)
    assert ws["C2"].value == jakarta
    assert ws["C2"].number_format == "dd-mm-yyyy hh:mm"


@pytest.mark.parametrize(
    "evil",
    ['=HYPERLINK("http://x","klik")', "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "=cmd|'/C calc'!A0"],
)
def test_formula_injection_is_neutralised(evil):
    ws = read_back(excel.workbook_bytes(columns=COLUMNS, rows=[(evil, "nama", None)]))
    cell = ws["A2"]
    assert cell.data_type == "s"  # stored as text: Excel will not run it
    assert excel.neutralise(evil) == "'" + evil
    assert cell.value == "'" + evil.replace("\r", "\n")  # XML reads a bare CR back as LF
    assert not str(cell.value).startswith(excel.FORMULA_PREFIXES)


def test_harmless_text_numbers_and_headers_are_untouched():
    assert excel.neutralise("Kepala Bidang - Umum") == "Kepala Bidang - Umum"
    assert excel.neutralise(-5) == -5
    assert excel.neutralise(None) is None
    ws = read_back(excel.workbook_bytes(columns=[excel.Column("=evil header")], rows=[]))
    assert ws["A1"].value == "'=evil header"


def test_characters_xlsx_cannot_hold_are_dropped():
    ws = read_back(excel.workbook_bytes(columns=COLUMNS, rows=[("A\x00B\x07C", "ok", None)]))
    assert ws["A2"].value == "ABC"


def test_response_is_an_attachment_with_a_safe_name():
    response = excel.xlsx_response(
        filename='pegawai "Kab. Uji"/../x.xlsx', columns=COLUMNS, rows=[("1", "a", None)]
    )
    assert response["Content-Type"] == excel.CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    name = disposition.split("filename=")[1].strip('"')
    assert name.endswith(".xlsx")
    assert "/" not in name and '"' not in name and " " not in name
    ws = read_back(response.content)
    assert ws["A2"].value == "1"


def test_safe_filename_never_empty():
    assert excel.safe_filename("///") == "data.xlsx"
    assert excel.safe_filename("pegawai-I00001-20240101") == "pegawai-I00001-20240101.xlsx"

"""Import files (CSV or XLSX) read into rows, and one row turned into typed values. No ORM here.

Line numbers are the ones a spreadsheet shows: the header is row 1 when it is the first row,
the first data row below it is row 2; empty rows are skipped but still counted.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass
from typing import NoReturn

from kinerja.core.errors import DomainError
from kinerja.org import reference, rules

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000

KOLOM_UNIT = ("id_unor", "nama", "eselon", "id_unor_atasan", "jenis_induk")
KOLOM_PEGAWAI = (
    "nip", "nama", "gelar_depan", "gelar_belakang", "tempat_lahir", "tanggal_lahir", "jenis_kelamin",
    "jenis_asn", "tmt_cpns", "tmt_pns", "jabatan", "jenis_jabatan", "jenjang", "tmt_jabatan",
    "golongan", "tmt_golongan", "id_unor", "nomor_kartu_asn",
)  # fmt: skip
KOLOM = {"unit": KOLOM_UNIT, "pegawai": KOLOM_PEGAWAI}
LABEL = {"unit": "Unit Kerja", "pegawai": "Pegawai"}

# The example files offered for download (invented data; the NIPs follow the NIP rules).
CONTOH = {
    "unit": [
        ("5c1f0e3a9b2d4f6a8c0e1b3d5f7a9c01", "PEMERINTAH KABUPATEN CONTOH", "", "", ""),
        ("5c1f0e3a9b2d4f6a8c0e1b3d5f7a9c02", "DINAS PENDIDIKAN", "22",
         "5c1f0e3a9b2d4f6a8c0e1b3d5f7a9c01", "JPT"),
        ("5c1f0e3a9b2d4f6a8c0e1b3d5f7a9c03", "BIDANG PEMBINAAN SEKOLAH DASAR", "32",
         "5c1f0e3a9b2d4f6a8c0e1b3d5f7a9c02", ""),
    ],
    "pegawai": [
        ("198504122010031001", "BAMBANG SETIAWAN", "", "S.Pd., M.Si.", "Singaraja", "1985-04-12", "L", "PNS",
         "2010-03-01", "2011-03-01", "Analis Kebijakan", "JF", "Ahli Muda", "2021-01-04", "III/c",
         "2020-04-01", "5c1f0e3a9b2d4f6a8c0e1b3d5f7a9c03", ""),
        ("199209232022212003", "NI LUH PUTU SARI", "", "S.Pd.", "Tabanan", "23/09/1992", "P", "PPPK",
         "01-03-2022", "", "Guru", "JF", "Ahli Pertama", "01-03-2022", "IX", "01-03-2022",
         "5c1f0e3a9b2d4f6a8c0e1b3d5f7a9c03", ""),
    ],
}  # fmt: skip

_XLSX_MAGIC = b"PK\x03\x04"
_XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_TIME_SUFFIX = re.compile(r"^(\S+)\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


@dataclass(frozen=True)
class Baris:
    nomor: int  # the row number a spreadsheet shows
    nilai: dict[str, object]


@dataclass(frozen=True)
class Masalah:
    """One reason why one row is refused."""

    baris: int
    kunci: str  # the NIP or id_unor as written in the row
    kolom: str
    alasan: str


def ribuan(n: int) -> str:
    """20000 → 20.000"""
    return f"{n:,}".replace(",", ".")


def _fail(message: str) -> NoReturn:
    raise DomainError(message, field="berkas")


def read_rows(berkas, *, jenis: str) -> list[Baris]:
    """The data rows of an uploaded file, keyed by column name. Raises DomainError(field="berkas")."""
    size = getattr(berkas, "size", None)
    if size is not None and size > MAX_BYTES:
        _fail("Ukuran berkas paling besar 10 MB. Pecah data menjadi beberapa berkas.")
    data = berkas.read()
    name = (getattr(berkas, "name", "") or "").lower()
    if not data.strip():
        _fail("Berkas kosong.")
    if data.startswith(_XLSX_MAGIC):
        table = _read_xlsx(data)
    elif data.startswith(_XLS_MAGIC):
        _fail("Format .xls (Excel 97-2003) tidak didukung. Simpan berkas sebagai .xlsx atau CSV UTF-8.")
    elif name.endswith(".xlsx"):
        _fail("Berkas .xlsx ini rusak atau bukan berkas Excel.")
    elif name.endswith((".csv", ".txt")):
        table = _read_csv(data)
    else:
        _fail("Jenis berkas tidak didukung. Unggah berkas CSV (UTF-8) atau Excel (.xlsx).")
    return _rows_with_header(table, KOLOM[jenis])


def _read_csv(data: bytes) -> list[tuple[int, list]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        _fail("Berkas CSV harus disimpan dengan pengodean UTF-8 (di Excel: Simpan Sebagai → CSV UTF-8).")
    if "\x00" in text:
        _fail("Berkas ini bukan CSV teks. Unggah berkas CSV (UTF-8) atau Excel (.xlsx).")
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = []
    try:
        for nomor, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1):
            rows.append((nomor, row))
            if nomor > MAX_ROWS + 1:
                break
    except csv.Error:
        _fail(f'Berkas CSV tidak dapat dibaca di sekitar baris {len(rows) + 1}; periksa tanda kutip (").')
    return rows


def _read_xlsx(data: bytes) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # a damaged or foreign zip file raises many kinds of errors
        _fail("Berkas .xlsx ini rusak atau bukan berkas Excel.")
    try:
        if not workbook.worksheets:
            _fail("Berkas Excel tidak memuat lembar kerja.")
        rows = []
        for nomor, row in enumerate(workbook.worksheets[0].iter_rows(min_row=1, values_only=True), start=1):
            rows.append((nomor, list(row)))
            if nomor > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def _header_name(value) -> str:
    return re.sub(r"[\s\-]+", "_", teks(value).lower().lstrip("\ufeff"))


def _is_blank(row: list) -> bool:
    for value in row:
        if type(value) is str:
            if value.strip():  # strip() and split() agree on what whitespace is
                return False
        elif value is not None and teks(value):
            return False
    return True


def _rows_with_header(table: list[tuple[int, list]], kolom: tuple[str, ...]) -> list[Baris]:
    filled = [(nomor, row) for nomor, row in table if not _is_blank(row)]
    if not filled:
        _fail("Berkas kosong.")
    _, header = filled[0]
    names = [_header_name(v) for v in header]
    missing = [k for k in kolom if k not in names]
    for jenis, lain in KOLOM.items():
        if missing and lain != kolom and all(k in names for k in lain):
            _fail(
                f"Berkas ini berisi kolom data {LABEL[jenis]}; "
                f"pilih jenis data {LABEL[jenis]} atau unggah berkas lain."
            )
    if missing:
        _fail(
            "Baris judul tidak memuat kolom: " + ", ".join(missing)
            + ". Baris pertama berkas harus berisi nama kolom; unduh contoh berkas untuk melihat susunannya."
        )  # fmt: skip
    double = sorted({n for n in names if n in kolom and names.count(n) > 1})
    if double:
        _fail("Kolom berikut muncul lebih dari sekali pada baris judul: " + ", ".join(double) + ".")
    index = {k: names.index(k) for k in kolom}
    rows = [
        Baris(nomor=nomor, nilai={k: (row[i] if i < len(row) else None) for k, i in index.items()})
        for nomor, row in filled[1:]
    ]
    if not rows:
        _fail("Berkas hanya berisi baris judul, tanpa data.")
    if len(rows) > MAX_ROWS:
        _fail(f"Berkas memuat lebih dari {ribuan(MAX_ROWS)} baris data. Pecah data menjadi beberapa berkas.")
    return rows


# ---- cell values ---------------------------------------------------------------------------------


def teks(value) -> str:
    """A cell as text, spaces collapsed. Whole numbers lose their `.0`."""
    if type(value) is str:  # every CSV cell: the fast path
        return " ".join(value.split())
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    return " ".join(str(value).split())


def tanggal(value) -> datetime.date | None:
    """A date cell: a real spreadsheet date, or text YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY. Else ValueError."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError("angka")
    return _tanggal_teks(teks(value))


def _tanggal_teks(text: str) -> datetime.date | None:
    """`tanggal` of a cell already turned into text by `teks`."""
    if not text:
        return None
    if len(text) == 10 and text.isascii():
        parsed = _exact_date(text)
        if parsed is not None:
            if not 1900 <= parsed.year <= 2100:
                raise ValueError("tahun")
            return parsed
    match = _TIME_SUFFIX.match(text)
    if match:
        text = match.group(1)
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if not 1900 <= parsed.year <= 2100:
            raise ValueError("tahun")
        return parsed
    raise ValueError("format")


def _exact_date(text: str) -> datetime.date | None:
    """`YYYY-MM-DD`, `DD-MM-YYYY` or `DD/MM/YYYY` with every digit written, as `strptime` reads them (a
    few dozen times faster); None for anything else, which then takes the general path."""
    if text[4] == "-" and text[7] == "-":
        year, month, day = text[:4], text[5:7], text[8:]
    elif text[2] == text[5] and text[2] in "-/":
        day, month, year = text[:2], text[3:5], text[6:]
    else:
        return None
    if not (year.isdecimal() and month.isdecimal() and day.isdecimal()):
        return None
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None  # e.g. 31-02-2012: the general path gives the message


class _Row:
    """Collects the typed values of one row and the problems found on the way.

    Every cell is turned into text once (`self.t`); the checks below read that text."""

    __slots__ = ("baris", "kunci", "masalah", "t")

    def __init__(self, baris: Baris, kunci_kolom: str):
        self.baris = baris
        self.t = {k: " ".join(v.split()) if type(v) is str else teks(v) for k, v in baris.nilai.items()}
        self.kunci = self.t.get(kunci_kolom, "")
        self.masalah: list[Masalah] = []

    def problem(self, kolom: str, alasan: str) -> None:
        self.masalah.append(Masalah(self.baris.nomor, self.kunci, kolom, alasan))

    def text(self, kolom: str, *, max_length: int, required: bool = False) -> str:
        value = self.t.get(kolom, "")
        if required and not value:
            self.problem(kolom, f"Kolom {kolom} wajib diisi.")
        elif len(value) > max_length:
            self.problem(kolom, f"Kolom {kolom} paling banyak {max_length} karakter.")
        return value

    def date(self, kolom: str, *, required: bool = False) -> datetime.date | None:
        raw = self.baris.nilai.get(kolom)
        try:  # a text cell is read from its text; a typed cell (Excel) as it is
            value = _tanggal_teks(self.t.get(kolom, "")) if raw is None or type(raw) is str else tanggal(raw)
        except ValueError as e:
            if str(e) == "tahun":
                self.problem(kolom, f"Tahun pada kolom {kolom} tidak wajar.")
            else:
                self.problem(
                    kolom,
                    f"Tanggal pada kolom {kolom} tidak dikenali. Gunakan TTTT-BB-HH, HH-BB-TTTT, HH/BB/TTTT "
                    "atau sel bertipe tanggal.",
                )
            return None
        if value is None and required:
            self.problem(kolom, f"Kolom {kolom} wajib diisi.")
        return value

    def choice(self, kolom: str, mapping: dict[str, str], *, required: bool, label: str) -> str:
        raw = self.t.get(kolom, "")
        if not raw:
            if required:
                self.problem(kolom, f"Kolom {kolom} wajib diisi ({label}).")
            return ""
        value = mapping.get(raw.upper())
        if value is None:
            self.problem(kolom, f"Nilai '{raw}' pada kolom {kolom} tidak dikenal; isi dengan {label}.")
            return ""
        return value


_JENIS_INDUK = {"JPT": "JPT", "MANDIRI": "MANDIRI"}
_JENIS_KELAMIN = {
    "L": rules.PRIA,
    "P": rules.WANITA,
    "PRIA": rules.PRIA,
    "WANITA": rules.WANITA,
    "LAKI-LAKI": rules.PRIA,
    "PEREMPUAN": rules.WANITA,
}
_JENIS_ASN = {"PNS": rules.PNS, "PPPK": rules.PPPK}
_JENIS_JABATAN = {"JPT": "JPT", "JA": "JA", "JF": "JF"}


def parse_unit(baris: Baris) -> tuple[dict, list[Masalah]]:
    row = _Row(baris, "id_unor")
    data = {
        "id_unor": row.text("id_unor", max_length=64, required=True),
        "nama": row.text("nama", max_length=250, required=True),
        "eselon": row.text("eselon", max_length=4),
        "id_unor_atasan": row.text("id_unor_atasan", max_length=64),
        "jenis_induk": row.choice(
            "jenis_induk", _JENIS_INDUK, required=False, label="JPT, MANDIRI atau kosong"
        ),
    }
    return data, row.masalah


def normalize_golongan(kode: str) -> str:
    """`iii/B` → `III/b`, `ix` → `IX`."""
    kode = kode.replace(" ", "")
    if "/" in kode:
        kiri, _, kanan = kode.partition("/")
        return f"{kiri.upper()}/{kanan.lower()}"
    return kode.upper()


def parse_pegawai(baris: Baris) -> tuple[dict, list[Masalah]]:
    row = _Row(baris, "nip")
    raw_nip = baris.nilai.get("nip")
    d = {
        "nip": row.text("nip", max_length=64, required=True) if not isinstance(raw_nip, float) else "",
        "nama": row.text("nama", max_length=150, required=True),
        "gelar_depan": row.text("gelar_depan", max_length=40),
        "gelar_belakang": row.text("gelar_belakang", max_length=60),
        "tempat_lahir": row.text("tempat_lahir", max_length=100),
        "tanggal_lahir": row.date("tanggal_lahir", required=True),
        "jenis_kelamin": row.choice("jenis_kelamin", _JENIS_KELAMIN, required=True, label="L atau P"),
        "jenis_asn": row.choice("jenis_asn", _JENIS_ASN, required=True, label="PNS atau PPPK"),
        "tmt_cpns": row.date("tmt_cpns", required=True),
        "tmt_pns": row.date("tmt_pns"),
        "jabatan": row.text("jabatan", max_length=250),
        "jenis_jabatan": row.choice("jenis_jabatan", _JENIS_JABATAN, required=False, label="JPT, JA atau JF"),
        "jenjang": row.text("jenjang", max_length=60),
        "tmt_jabatan": row.date("tmt_jabatan"),
        "golongan": normalize_golongan(row.text("golongan", max_length=6)),
        "tmt_golongan": row.date("tmt_golongan"),
        "id_unor": row.text("id_unor", max_length=64, required=True),
        "nomor_kartu_asn": row.text("nomor_kartu_asn", max_length=40),
    }
    if isinstance(raw_nip, float):
        row.problem(
            "nip",
            "NIP tersimpan sebagai angka di Excel sehingga digit terakhirnya hilang. "
            "Format kolom nip sebagai Teks lalu isi ulang NIP.",
        )
    elif d["nip"]:
        valid_asn = d["jenis_asn"] or None
        for alasan in rules.nip_problems(
            d["nip"],
            tanggal_lahir=d["tanggal_lahir"],
            jenis_kelamin=d["jenis_kelamin"] or None,
            jenis_asn=valid_asn,
            tmt_cpns=d["tmt_cpns"],
        ):
            row.problem("nip", alasan)
    if d["jenis_asn"] == rules.PPPK and d["tmt_pns"]:
        row.problem("tmt_pns", "PPPK tidak memiliki TMT PNS; kosongkan kolom tmt_pns.")
    elif d["tmt_pns"] and d["tmt_cpns"] and d["tmt_pns"] < d["tmt_cpns"]:
        row.problem("tmt_pns", "TMT PNS tidak boleh sebelum TMT CPNS.")
    if d["jabatan"] and not d["jenis_jabatan"] and not row.t.get("jenis_jabatan"):
        row.problem("jenis_jabatan", "Kolom jenis_jabatan wajib diisi bila jabatan diisi (JPT, JA atau JF).")
    if not d["jabatan"] and (d["jenis_jabatan"] or d["jenjang"] or d["tmt_jabatan"]):
        row.problem(
            "jabatan", "Kolom jabatan wajib diisi bila jenis_jabatan, jenjang atau tmt_jabatan diisi."
        )
    if d["golongan"] and d["jenis_asn"] and not reference.is_valid_golongan(d["jenis_asn"], d["golongan"]):
        row.problem("golongan", f"Golongan {d['golongan']} tidak dikenal untuk {d['jenis_asn']}.")
    if d["tmt_golongan"] and not d["golongan"]:
        row.problem("golongan", "Kolom golongan wajib diisi bila tmt_golongan diisi.")
    return d, row.masalah

"""Riwayat Unit Kerja / Jabatan / Mutasi / Promosi Pegawai, from our own records (five queries whatever the length
of the history):

- the Pegawai history (django-simple-history, imports included): every change of instansi, unit kerja, jabatan or
  golongan starts a row, dated by its TMT jabatan / TMT golongan when that was set with the change, else by the
  day it was recorded;
- the SKP periods: their snapshots of jabatan and unit give the rows older than the first history record, and
  their pejabat penilai give the ATASAN of every row they overlap.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from kinerja.org.models import Instansi, Jabatan, Pegawai, UnitKerja
from kinerja.skp.models import Skp, StatusPegawai

AWAL = "Awal"
MUTASI_INSTANSI = "Mutasi Antar Instansi"
PROMOSI = "Promosi"
MUTASI = "Mutasi"
PERUBAHAN_JABATAN = "Perubahan Jabatan"
KENAIKAN_PANGKAT = "Kenaikan Pangkat"
PERUBAHAN_PANGKAT = "Perubahan Pangkat"

# Rank of a jenjang jabatan, higher is higher; a move up is a Promosi. Longest names first when matching.
PERINGKAT = {
    ("JPT", "utama"): 9, ("JPT", "madya"): 8, ("JPT", "pratama"): 7,
    ("JA", "administrator"): 6, ("JA", "pengawas"): 5, ("JA", "pelaksana"): 3,
    ("JF", "ahli utama"): 8, ("JF", "ahli madya"): 7, ("JF", "ahli muda"): 6, ("JF", "ahli pertama"): 5,
    ("JF", "penyelia"): 4, ("JF", "mahir"): 3, ("JF", "terampil"): 2, ("JF", "pemula"): 1,
}  # fmt: skip


def peringkat(jenis: str | None, jenjang: str | None) -> int | None:
    if not jenis or not jenjang:
        return None
    teks = " ".join(jenjang.lower().replace("_", " ").replace("-", " ").split())
    for (j, nama), nilai in sorted(PERINGKAT.items(), key=lambda kv: -len(kv[0][1])):
        if j == jenis and nama in teks:
            return nilai
    return None


def _golongan_urut(golongan: str) -> tuple:
    """`III/b` -> (3, 'b'); PPPK `IX` -> (9, ''); unknown -> ()."""
    romawi = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
    romawi.update({"XI": 11, "XII": 12, "XIII": 13, "XIV": 14, "XV": 15, "XVI": 16, "XVII": 17})
    bagian = (golongan or "").strip().upper().split("/")
    if bagian[0] not in romawi:
        return ()
    return (romawi[bagian[0]], bagian[1].lower() if len(bagian) > 1 else "")


def jenis_perubahan(sebelum: dict | None, sesudah: dict) -> str:
    """What kind of change leads from one row to the next (pure; keys instansi, unit, jabatan, peringkat,
    golongan)."""
    if sebelum is None:
        return AWAL
    if sebelum["instansi"] != sesudah["instansi"]:
        return MUTASI_INSTANSI
    naik = sebelum["peringkat"] is not None and sesudah["peringkat"] is not None
    if naik and sesudah["peringkat"] > sebelum["peringkat"]:
        return PROMOSI
    if sebelum["unit"] != sesudah["unit"]:
        return MUTASI
    if sebelum["jabatan"] != sesudah["jabatan"]:
        return PERUBAHAN_JABATAN
    a, b = _golongan_urut(sebelum["golongan"]), _golongan_urut(sesudah["golongan"])
    if a and b and b > a:
        return KENAIKAN_PANGKAT
    return PERUBAHAN_PANGKAT


@dataclass
class BarisRiwayat:
    jabatan: str
    unit_kerja: str
    instansi: str
    golongan: str
    mulai: datetime.date | None
    selesai: datetime.date | None = None
    jenis: str = AWAL
    sumber: str = "Data Pegawai"
    atasan: list[str] = field(default_factory=list)
    # For jenis_perubahan.
    kunci: dict = field(default_factory=dict, repr=False)


def _tanggal(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def riwayat(pegawai: Pegawai) -> list[BarisRiwayat]:
    """The person's rows, oldest first."""
    hist = list(
        pegawai.history.exclude(history_type="-")
        .order_by("history_date", "history_id")
        .values(
            "history_date",
            "instansi_id",
            "unit_kerja_id",
            "jabatan_id",
            "golongan",
            "tmt_jabatan",
            "tmt_golongan",
        )
    )
    skp = list(
        Skp.objects.filter(pegawai=pegawai, status_pegawai=StatusPegawai.DEFINITIF)
        .order_by("periode_awal", "id")
        .values(
            "periode_awal", "periode_akhir", "unit_kerja_id", "pegawai_jabatan", "pegawai_unit",
            "pegawai_pangkat", "instansi_id", "penilai_nama", "penilai_jabatan",
        )
    )  # fmt: skip
    units = {u.pk: u.nama for u in UnitKerja.objects.filter(pk__in={h["unit_kerja_id"] for h in hist})}
    jabatan = {j.pk: j for j in Jabatan.objects.filter(pk__in={h["jabatan_id"] for h in hist} - {None})}
    instansi_ids = {h["instansi_id"] for h in hist} | {s["instansi_id"] for s in skp}
    instansi = {i.pk: i.nama for i in Instansi.objects.filter(pk__in=instansi_ids)}

    rows: list[BarisRiwayat] = []
    prev_key = None
    for h in hist:
        key = (h["instansi_id"], h["unit_kerja_id"], h["jabatan_id"], h["golongan"])
        if key == prev_key:
            continue
        mulai = _tanggal(h["history_date"])
        if rows:
            prev = rows[-1]
            tmt = h["tmt_jabatan"] if key[2] != prev_key[2] else None
            if tmt is None and key[3] != prev_key[3]:
                tmt = h["tmt_golongan"]
            if tmt and prev.mulai and prev.mulai < tmt <= mulai:
                mulai = tmt
        elif h["tmt_jabatan"] and h["tmt_jabatan"] < mulai:
            mulai = h["tmt_jabatan"]
        jab = jabatan.get(h["jabatan_id"])
        kunci = {
            "instansi": h["instansi_id"],
            "unit": h["unit_kerja_id"],
            "jabatan": jab.nama if jab else "",
            "peringkat": peringkat(jab.jenis, jab.jenjang) if jab else None,
            "golongan": h["golongan"],
        }
        rows.append(
            BarisRiwayat(
                jabatan=jab.nama if jab else "-",
                unit_kerja=units.get(h["unit_kerja_id"], "-"),
                instansi=instansi.get(h["instansi_id"], "-"),
                golongan=h["golongan"],
                mulai=mulai,
                kunci=kunci,
            )
        )
        prev_key = key

    # The first recorded row began with the earliest SKP in the same unit when that SKP is older.
    if rows:
        first_unit = rows[0].kunci["unit"]
        older = [s["periode_awal"] for s in skp if s["unit_kerja_id"] == first_unit]
        if older and min(older) < rows[0].mulai:
            rows[0].mulai = min(older)
    batas = rows[0].mulai if rows else None
    dahulu: list[BarisRiwayat] = []
    for s in skp:
        if batas is not None and s["periode_awal"] >= batas:
            continue
        kunci = {
            "instansi": s["instansi_id"],
            "unit": s["pegawai_unit"],
            "jabatan": s["pegawai_jabatan"],
            "peringkat": None,
            "golongan": "",
        }
        if dahulu and (dahulu[-1].instansi, dahulu[-1].unit_kerja, dahulu[-1].jabatan) == (
            instansi.get(s["instansi_id"], "-"),
            s["pegawai_unit"],
            s["pegawai_jabatan"] or "-",
        ):
            dahulu[-1].selesai = s["periode_akhir"]
            continue
        dahulu.append(
            BarisRiwayat(
                jabatan=s["pegawai_jabatan"] or "-",
                unit_kerja=s["pegawai_unit"],
                instansi=instansi.get(s["instansi_id"], "-"),
                golongan=s["pegawai_pangkat"],
                mulai=s["periode_awal"],
                selesai=s["periode_akhir"],
                sumber="Periode SKP",
                kunci=kunci,
            )
        )
    semua = dahulu + rows
    for i, row in enumerate(semua):
        nxt = semua[i + 1] if i + 1 < len(semua) else None
        if nxt is not None and nxt.mulai:
            akhir = nxt.mulai - datetime.timedelta(days=1)
            row.selesai = min(row.selesai, akhir) if row.selesai else akhir
        sesudah = row.kunci
        if i and i == len(dahulu):  # an SKP snapshot -> the first recorded row: compare units by name
            sesudah = {**row.kunci, "unit": row.unit_kerja}
        row.jenis = jenis_perubahan(semua[i - 1].kunci if i else None, sesudah)
        row.atasan = _atasan(skp, row.mulai, row.selesai)
    return semua


def _atasan(skp: list[dict], mulai, selesai) -> list[str]:
    """The pejabat penilai of the SKP periods overlapping [mulai, selesai], in order, without repeats."""
    names: list[str] = []
    for s in skp:
        if selesai is not None and s["periode_awal"] > selesai:
            continue
        if mulai is not None and s["periode_akhir"] < mulai:
            continue
        if not s["penilai_nama"]:
            continue
        label = f"{s['penilai_nama']} ({s['penilai_jabatan']})" if s["penilai_jabatan"] else s["penilai_nama"]
        if label not in names:
            names.append(label)
    return names

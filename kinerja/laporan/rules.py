"""Conversions used downstream (RULES.md §3): angka kredit for JF, nilai for TPP, the Indeks Profesionalitas
kinerja component and the talent axis. Pure functions; no ORM, no request.

Predikat and rating keys are those of kinerja.penilaian.rules (SANGAT_BAIK ..., DIBAWAH/SESUAI/DIATAS).
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

from kinerja.penilaian.rules import (
    BAIK,
    BUTUH_PERBAIKAN,
    DIATAS,
    DIBAWAH,
    KURANG,
    PREDIKAT_ORDER,
    SANGAT_BAIK,
    SANGAT_KURANG,
    SESUAI,
)

DUA_DESIMAL = Decimal("0.01")

# --- Angka kredit (PerBKN 3/2023) --------------------------------------------------------------------------------

PERSENTASE_AK: dict[str, Decimal] = {
    SANGAT_BAIK: Decimal("150"),
    BAIK: Decimal("100"),
    BUTUH_PERBAIKAN: Decimal("75"),
    KURANG: Decimal("50"),
    SANGAT_KURANG: Decimal("25"),
}

PEMULA, TERAMPIL, MAHIR, PENYELIA = "PEMULA", "TERAMPIL", "MAHIR", "PENYELIA"
AHLI_PERTAMA, AHLI_MUDA, AHLI_MADYA, AHLI_UTAMA = "AHLI_PERTAMA", "AHLI_MUDA", "AHLI_MADYA", "AHLI_UTAMA"

KOEFISIEN: dict[str, Decimal] = {
    PEMULA: Decimal("3.75"),
    TERAMPIL: Decimal("5"),
    MAHIR: Decimal("12.5"),
    PENYELIA: Decimal("25"),
    AHLI_PERTAMA: Decimal("12.5"),
    AHLI_MUDA: Decimal("25"),
    AHLI_MADYA: Decimal("37.5"),
    AHLI_UTAMA: Decimal("50"),
}
JENJANG_LABEL = {
    PEMULA: "Pemula",
    TERAMPIL: "Terampil",
    MAHIR: "Mahir",
    PENYELIA: "Penyelia",
    AHLI_PERTAMA: "Ahli Pertama",
    AHLI_MUDA: "Ahli Muda",
    AHLI_MADYA: "Ahli Madya",
    AHLI_UTAMA: "Ahli Utama",
}
# Looked for as whole words, the two-word "ahli ..." names first.
_JENJANG_POLA = [
    (re.compile(rf"\b{label.lower()}\b"), key)
    for key, label in sorted(JENJANG_LABEL.items(), key=lambda kv: -len(kv[1]))
]


def jenjang_key(teks: str | None) -> str | None:
    """The jenjang of a JF from free text (`Jabatan.jenjang`): "Ahli Pertama", "AHLI  PERTAMA", "ahli-pertama",
    "Ahli_Pertama", "Jenjang Terampil" all resolve; anything else gives None."""
    if not teks:
        return None
    normal = " ".join(re.sub(r"[-_./]+", " ", teks).lower().split())
    for pola, key in _JENJANG_POLA:
        if pola.search(normal):
            return key
    return None


def angka_kredit(predikat: str | None, jenjang: str | None, bulan: int) -> Decimal | None:
    """AK = percentage(predikat) x annual coefficient(jenjang) x months / 12, rounded half up to 2 decimals.

    None when the predikat or the jenjang is unknown (nothing to convert)."""
    if predikat not in PERSENTASE_AK or jenjang not in KOEFISIEN:
        return None
    if not 0 <= bulan <= 12:
        raise ValueError("bulan harus 0 sampai 12")
    nilai = PERSENTASE_AK[predikat] / Decimal(100) * KOEFISIEN[jenjang] * Decimal(bulan) / Decimal(12)
    return nilai.quantize(DUA_DESIMAL, rounding=ROUND_HALF_UP)


# --- Months of an SKP period within the year ------------------------------------------------------------------------

HARI_MINIMUM = 15  # days of a calendar month a period must cover for that month to count


def _hari_dalam_bulan(awal: datetime.date, akhir: datetime.date, tahun: int, bulan: int) -> int:
    pertama = datetime.date(tahun, bulan, 1)
    terakhir = datetime.date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])
    mulai, selesai = max(awal, pertama), min(akhir, terakhir)
    return max((selesai - mulai).days + 1, 0)


def bulan_per_periode(periode: Sequence[tuple[datetime.date, datetime.date]], tahun: int) -> list[int]:
    """The number of months each SKP period counts in `tahun` (same order as given).

    Rule: every calendar month of the year goes to at most one period: the one covering the most days of that
    month (on a tie, the later period, which carries on), and only when it covers at least 15 days of it. So a
    full year counts 12, 1 Nov - 31 Dec counts 2, and a mutasi in the middle of a month never counts that month
    twice (RULES.md §4: periods of one person are sequential within one year)."""
    hasil = [0] * len(periode)
    for bulan in range(1, 13):
        terbaik, hari_terbaik = None, 0
        for i, (awal, akhir) in enumerate(periode):
            hari = _hari_dalam_bulan(awal, akhir, tahun, bulan)
            if hari and (
                hari > hari_terbaik or (hari == hari_terbaik and (awal, i) >= (periode[terbaik][0], terbaik))
            ):
                terbaik, hari_terbaik = i, hari
        if terbaik is not None and hari_terbaik >= HARI_MINIMUM:
            hasil[terbaik] += 1
    return hasil


# --- Nilai, rating codes, Indeks Profesionalitas, talent axis (instansi settings with these defaults) --------------

KODE_RATING_BAWAAN: dict[str, int] = {DIBAWAH: 1, SESUAI: 2, DIATAS: 3}
NILAI_PREDIKAT_BAWAAN: dict[str, int] = {
    SANGAT_BAIK: 100,
    BAIK: 80,
    BUTUH_PERBAIKAN: 60,
    KURANG: 40,
    SANGAT_KURANG: 20,
}
# SIASN `kuadranNilai` (INTEGRATIONS.md §1.6): 1 SANGAT BAIK ... 5 SANGAT KURANG.
KUADRAN_SIASN: dict[str, int] = {SANGAT_BAIK: 1, BAIK: 2, BUTUH_PERBAIKAN: 3, KURANG: 4, SANGAT_KURANG: 5}
IP_MAKSIMUM = Decimal("30")


def kode_rating(rating: str | None, kode: Mapping[str, int] | None = None) -> int | None:
    if not rating:
        return None
    return {**KODE_RATING_BAWAAN, **(kode or {})}.get(rating)


def nilai_predikat(predikat: str | None, nilai: Mapping[str, int] | None = None) -> int | None:
    if not predikat:
        return None
    return {**NILAI_PREDIKAT_BAWAAN, **(nilai or {})}.get(predikat)


def indeks_profesionalitas(nilai: int | None) -> Decimal | None:
    """The kinerja component of the Indeks Profesionalitas ASN (max 30) = nilai x 30 / 100, 2 decimals."""
    if nilai is None:
        return None
    return (Decimal(nilai) * IP_MAKSIMUM / Decimal(100)).quantize(DUA_DESIMAL, rounding=ROUND_HALF_UP)


def kuadran(predikat: str | None) -> int | None:
    """The talent axis code: SIASN's kuadranNilai of the predikat (computed from the matrix, not RA getKuadran)."""
    return KUADRAN_SIASN.get(predikat or "")


def validasi_kode_rating(data: Mapping) -> dict[str, int]:
    """A complete, valid table of rating codes (whole numbers 0..99), or ValueError with an Indonesian message."""
    return _validasi(data, KODE_RATING_BAWAAN, 0, 99, "Kode rating")


def validasi_nilai_predikat(data: Mapping) -> dict[str, int]:
    """A complete table of nilai per predikat (0..100, not decreasing from Sangat Kurang to Sangat Baik)."""
    hasil = _validasi(data, NILAI_PREDIKAT_BAWAAN, 0, 100, "Nilai predikat")
    urut = [hasil[p] for p in PREDIKAT_ORDER]
    if urut != sorted(urut):
        raise ValueError("Nilai predikat harus naik dari Sangat Kurang sampai Sangat Baik.")
    return hasil


def _kunci_tampil(key) -> str:
    """An unknown key as the refusal shows it: printable characters only, at most 40 of them."""
    teks = "".join(ch for ch in str(key) if ch.isprintable())
    return teks if len(teks) <= 40 else f"{teks[:40]}…"


def _validasi(data: Mapping, bawaan: Mapping[str, int], bawah: int, atas: int, nama: str) -> dict[str, int]:
    if not isinstance(data, Mapping):
        raise ValueError(f"{nama} harus berupa tabel.")
    asing = set(data) - set(bawaan)
    if asing:
        kunci = sorted(map(_kunci_tampil, asing))
        raise ValueError(
            f"{nama}: kunci tidak dikenal ({', '.join(kunci[:5])}{', …' if len(kunci) > 5 else ''})."
        )
    hasil = {}
    for key in bawaan:
        value = data.get(key, bawaan[key])
        if isinstance(value, bool) or not isinstance(value, int) or not bawah <= value <= atas:
            raise ValueError(f"{nama} harus bilangan bulat {bawah} sampai {atas}.")
        hasil[key] = value
    return hasil

"""Rules of monthly targets, daily entries and the monthly TPP score (pure: no ORM, no request).

Default TPP formula (documented in docs/kinerja-harian.md; an instansi may change the settings):
for every indicator with a target in the month, capaian = realisasi / target × 100, capped at `batas_capaian`
(default 100 %); the month's score is the plain mean of those capaian (RATA_RATA), or (TERBOBOT) the mean of the
Utama indicators weighted `bobot_utama` % and the mean of the Tambahan ones weighted the rest (when a month has only
one kind, that kind counts fully). No indicator with a target in the month → no score.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

HARI_MUNDUR = 5  # days back an entry may still be made (instansi setting)
BATAS_CAPAIAN = 100  # cap of one indicator's capaian, in percent (instansi setting)
BOBOT_UTAMA = 80  # TERBOBOT: weight of Utama indicators, in percent (instansi setting)

KONSEP, PERIKSA, SETUJU, DIKEMBALIKAN = "KONSEP", "PERIKSA", "SETUJU", "DIKEMBALIKAN"
STATUS_BOLEH_UBAH = frozenset({KONSEP, DIKEMBALIKAN})  # the owner may edit, delete and send
STATUS_BOLEH_KIRIM = STATUS_BOLEH_UBAH
STATUS_BOLEH_PERIKSA = frozenset({PERIKSA})  # the assessor may approve or return

BULAN = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
BULAN_SINGKAT = ("JAN", "FEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGT", "SEP", "OKT", "NOV", "DES")

SERATUS = Decimal(100)
DUA_DESIMAL = Decimal("0.01")


def bulan_dalam_periode(awal: datetime.date, akhir: datetime.date) -> list[int]:
    """The months (1..12) an SKP period touches, in its (single) year."""
    return list(range(awal.month, akhir.month + 1))


def total(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), Decimal(0))


def pesan_total_target(target_tahunan: Decimal | None, total_rencana: Decimal) -> str | None:
    """The warning shown while the monthly targets do not add up to the annual target."""
    if target_tahunan is None or total_rencana == target_tahunan:
        return None
    return (
        f"Total Rencana Target ({_angka(total_rencana)}) belum sama dengan target tahunan "
        f"({_angka(target_tahunan)})."
    )


def masalah_tanggal(
    tanggal: datetime.date,
    *,
    hari_ini: datetime.date,
    skp_awal: datetime.date,
    skp_akhir: datetime.date,
    hari_mundur: int,
) -> str | None:
    """Why a daily entry may not be made on `tanggal`, or None."""
    if tanggal > hari_ini:
        return "Catatan kinerja harian tidak boleh untuk tanggal yang akan datang."
    if tanggal < skp_awal or tanggal > skp_akhir:
        return "Tanggal harus berada dalam periode SKP."
    if (hari_ini - tanggal).days > hari_mundur:
        return f"Catatan kinerja harian hanya dapat diisi paling lambat {hari_mundur} hari setelah tanggal kegiatan."
    return None


def capaian(realisasi: Decimal | None, target: Decimal | None, batas: int = BATAS_CAPAIAN) -> Decimal | None:
    """Capaian of one indicator in a month, in percent (capped), or None when there is no target."""
    if target is None or target <= 0:
        return None
    value = (realisasi or Decimal(0)) / target * SERATUS
    return min(value, Decimal(batas)).quantize(DUA_DESIMAL, rounding=ROUND_HALF_UP)


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return sum(values, Decimal(0)) / len(values)


def nilai_tpp(
    items: Iterable[tuple[str, Decimal | None, Decimal | None]],
    *,
    rumus: str = "RATA_RATA",
    batas: int = BATAS_CAPAIAN,
    bobot_utama: int = BOBOT_UTAMA,
) -> Decimal | None:
    """The month's score from (jenis UTAMA/TAMBAHAN, realisasi, target) per indicator."""
    utama, tambahan = [], []
    for jenis, realisasi, target in items:
        c = capaian(realisasi, target, batas)
        if c is not None:
            (tambahan if jenis == "TAMBAHAN" else utama).append(c)
    if rumus == "TERBOBOT" and utama and tambahan:
        w = Decimal(bobot_utama) / SERATUS
        value = _mean(utama) * w + _mean(tambahan) * (1 - w)
    else:
        value = _mean(utama + tambahan)
    return None if value is None else value.quantize(DUA_DESIMAL, rounding=ROUND_HALF_UP)


def _angka(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text

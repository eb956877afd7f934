"""Pure rules of the assessment (RULES.md §1, §2, §6, §7). No ORM, no request."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Ratings (RULES.md §1)
DIBAWAH, SESUAI, DIATAS = "DIBAWAH", "SESUAI", "DIATAS"
RATING_LABEL = {DIBAWAH: "Dibawah Ekspektasi", SESUAI: "Sesuai Ekspektasi", DIATAS: "Diatas Ekspektasi"}

# Predikat kinerja pegawai, in the order used in lists and curves (low -> high).
SANGAT_KURANG, KURANG, BUTUH_PERBAIKAN, BAIK, SANGAT_BAIK = (
    "SANGAT_KURANG",
    "KURANG",
    "BUTUH_PERBAIKAN",
    "BAIK",
    "SANGAT_BAIK",
)
PREDIKAT_ORDER = (SANGAT_KURANG, KURANG, BUTUH_PERBAIKAN, BAIK, SANGAT_BAIK)
PREDIKAT_LABEL = {
    SANGAT_KURANG: "Sangat Kurang",
    KURANG: "Kurang/Misconduct",
    BUTUH_PERBAIKAN: "Butuh Perbaikan",
    BAIK: "Baik",
    SANGAT_BAIK: "Sangat Baik",
}

# (rating hasil kerja, rating perilaku kerja) -> predikat
PREDIKAT_MATRIX: dict[tuple[str, str], str] = {
    (DIATAS, DIBAWAH): KURANG,
    (DIATAS, SESUAI): BAIK,
    (DIATAS, DIATAS): SANGAT_BAIK,
    (SESUAI, DIBAWAH): KURANG,
    (SESUAI, SESUAI): BAIK,
    (SESUAI, DIATAS): BAIK,
    (DIBAWAH, DIBAWAH): SANGAT_KURANG,
    (DIBAWAH, SESUAI): BUTUH_PERBAIKAN,
    (DIBAWAH, DIATAS): BUTUH_PERBAIKAN,
}


def predikat_for(hasil_kerja: str | None, perilaku_kerja: str | None) -> str | None:
    """The predikat kinerja from the two ratings; None until both are given."""
    if not hasil_kerja or not perilaku_kerja:
        return None
    return PREDIKAT_MATRIX[(hasil_kerja, perilaku_kerja)]


# Rating guidance shown beside the choice (seed 002).
PANDUAN_HASIL_KERJA = {
    DIATAS: "Hampir seluruh atau seluruh hasil kerja melebihi ekspektasi, tidak ada hasil kerja utama yang di bawah "
    "ekspektasi, dan umpan balik sebagian besar positif.",
    SESUAI: "Hampir seluruh atau seluruh hasil kerja sesuai ekspektasi, hanya sebagian kecil hasil kerja utama di bawah "
    "ekspektasi, dan umpan balik sebagian positif.",
    DIBAWAH: "Hampir seluruh atau seluruh hasil kerja utama di bawah ekspektasi dan umpan balik sebagian besar tidak positif.",
}
PANDUAN_PERILAKU = {
    DIATAS: "Menunjukkan perilaku kerja sesuai nilai-nilai dasar secara konsisten, bagi diri sendiri dan bagi orang lain.",
    SESUAI: "Menunjukkan perilaku kerja sesuai nilai-nilai dasar secara konsisten bagi diri sendiri.",
    DIBAWAH: "Belum menunjukkan perilaku kerja sesuai nilai-nilai dasar secara konsisten.",
}

# Predikat organisasi (RULES.md §2)
ISTIMEWA, ORG_BAIK, ORG_BUTUH_PERBAIKAN, ORG_KURANG, ORG_SANGAT_KURANG = (
    "ISTIMEWA",
    "BAIK",
    "BUTUH_PERBAIKAN",
    "KURANG",
    "SANGAT_KURANG",
)
PREDIKAT_ORGANISASI_LABEL = {
    ISTIMEWA: "Istimewa",
    ORG_BAIK: "Baik",
    ORG_BUTUH_PERBAIKAN: "Butuh Perbaikan",
    ORG_KURANG: "Kurang",
    ORG_SANGAT_KURANG: "Sangat Kurang",
}
# Default mapping for a leader's rating hasil kerja from the unit's predikat organisasi (an instansi setting).
RATING_DARI_ORGANISASI = {
    ISTIMEWA: DIATAS,
    ORG_BAIK: SESUAI,
    ORG_BUTUH_PERBAIKAN: DIBAWAH,
    ORG_KURANG: DIBAWAH,
    ORG_SANGAT_KURANG: DIBAWAH,
}


def rating_dari_organisasi(
    predikat_organisasi: str | None, mapping: Mapping[str, str] | None = None
) -> str | None:
    if not predikat_organisasi:
        return None
    return (mapping or RATING_DARI_ORGANISASI).get(predikat_organisasi)


@dataclass(frozen=True)
class Bound:
    """A bound on the share of subordinates in some predikat: `share(predikat) op percent`."""

    predikat: tuple[str, ...]
    op: str  # "<=" or ">="
    percent: int  # a share in percent, or a number of people when `orang` is set
    label: str
    orang: bool = False

    def holds(self, counts: Mapping[str, int], total: int) -> bool:
        if total == 0:
            return True
        n = sum(counts.get(p, 0) for p in self.predikat)
        if self.orang:
            return n <= self.percent if self.op == "<=" else n >= self.percent
        return n * 100 <= self.percent * total if self.op == "<=" else n * 100 >= self.percent * total


def _b(predikat, op, percent, label, orang=False):
    return Bound(tuple(predikat), op, percent, label, orang)


# SE MenPANRB 3/2023 bounds per predikat organisasi.
CURVE_BOUNDS: dict[str, tuple[Bound, ...]] = {
    ISTIMEWA: (_b([SANGAT_BAIK], "<=", 70, "Sangat Baik paling banyak 70%"),),
    ORG_BAIK: (
        _b([BAIK], "<=", 70, "Baik paling banyak 70%"),
        _b(
            [BUTUH_PERBAIKAN, KURANG],
            ">=",
            1,
            "Paling sedikit satu pegawai Butuh Perbaikan atau Kurang",
            orang=True,
        ),
    ),
    ORG_BUTUH_PERBAIKAN: (
        _b([BUTUH_PERBAIKAN], ">=", 60, "Butuh Perbaikan paling sedikit 60%"),
        _b([SANGAT_BAIK], "<=", 10, "Sangat Baik paling banyak 10%"),
    ),
    ORG_KURANG: (
        _b([KURANG], ">=", 60, "Kurang paling sedikit 60%"),
        _b([BUTUH_PERBAIKAN], ">=", 10, "Butuh Perbaikan paling sedikit 10%"),
        _b([SANGAT_BAIK], "<=", 10, "Sangat Baik paling banyak 10%"),
    ),
    ORG_SANGAT_KURANG: (
        _b([SANGAT_KURANG], ">=", 60, "Sangat Kurang paling sedikit 60%"),
        _b([KURANG, BUTUH_PERBAIKAN], ">=", 10, "Kurang dan Butuh Perbaikan paling sedikit 10%"),
        _b([SANGAT_BAIK], "<=", 0, "Tidak ada Sangat Baik"),
    ),
}


def broken_bounds(predikat_organisasi: str | None, counts: Mapping[str, int]) -> list[Bound]:
    """The bounds of the organisation's predikat that the realised distribution breaks (a warning, never a block)."""
    if not predikat_organisasi:
        return []
    total = sum(counts.values())
    return [bound for bound in CURVE_BOUNDS[predikat_organisasi] if not bound.holds(counts, total)]


# Default ideal curve (percent per predikat, low -> high), peaking at the predikat matching the organisation's.
IDEAL_CURVE: dict[str, tuple[int, int, int, int, int]] = {
    ISTIMEWA: (0, 5, 10, 25, 60),
    ORG_BAIK: (5, 10, 15, 60, 10),
    ORG_BUTUH_PERBAIKAN: (5, 10, 60, 20, 5),
    ORG_KURANG: (10, 60, 15, 10, 5),
    ORG_SANGAT_KURANG: (60, 20, 10, 10, 0),
}


def ideal_counts(
    predikat_organisasi: str, total: int, curve: Mapping[str, Iterable[int]] | None = None
) -> dict[str, float]:
    shares = list((curve or IDEAL_CURVE)[predikat_organisasi])
    return {p: total * s / 100 for p, s in zip(PREDIKAT_ORDER, shares, strict=True)}


# Assessment periods (RULES.md §6)
PERIODIK, FINAL = "PERIODIK", "FINAL"
BULANAN, TRIWULANAN = "BULANAN", "TRIWULANAN"
ANGKA_MAKS = {BULANAN: 12, TRIWULANAN: 4}
ROMAWI = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
MSG_DUA_TIPE = "Terdapat 2 tipe periodik di periode"
MSG_DUPLIKAT = "Terdapat angka periodik yang duplikat di periode"
MSG_KOSONG = "Tidak terdapat periode yang memiliki data tipe periodik/angka periodik"


def nama_periode(jenis: str, tipe: str | None, angka: int | None, tahun: int | None) -> str:
    if jenis == FINAL:
        return f"Tahun {tahun}" if tahun else "Tahunan (Final)"
    if tipe == TRIWULANAN:
        return f"Triwulan {ROMAWI[angka - 1]}"
    return f"Periode {ROMAWI[angka - 1]}"


def parse_mmdd(value: str) -> tuple[int, int] | None:
    """`12-31` -> (12, 31); None when not a real month-day (29 Februari is accepted)."""
    value = (value or "").strip()
    if len(value) != 5 or value[2] != "-" or not (value[:2].isdigit() and value[3:].isdigit()):
        return None
    month, day = int(value[:2]), int(value[3:])
    try:
        datetime.date(2024, month, day)  # a leap year accepts 02-29
    except ValueError:
        return None
    return month, day


def tanggal_dari_mmdd(mmdd: str, tahun: int) -> datetime.date:
    month, day = parse_mmdd(mmdd)
    if (month, day) == (2, 29) and not (tahun % 4 == 0 and (tahun % 100 != 0 or tahun % 400 == 0)):
        day = 28
    return datetime.date(tahun, month, day)


def tanggal_periode(
    awal: str, akhir: str, batas: str, tahun: int
) -> tuple[datetime.date, datetime.date, datetime.date]:
    """Real dates of a period in a year. A batas earlier in the year than the end falls in the next year
    (Triwulan IV 10-01..12-31, batas 01-05 -> 5 January of the next year)."""
    d_awal, d_akhir = tanggal_dari_mmdd(awal, tahun), tanggal_dari_mmdd(akhir, tahun)
    d_batas = tanggal_dari_mmdd(batas, tahun)
    if d_batas < d_akhir:
        d_batas = tanggal_dari_mmdd(batas, tahun + 1)
    return d_awal, d_akhir, d_batas


@dataclass(frozen=True)
class PeriodeData:
    jenis: str
    tipe: str | None
    angka: int | None
    tahun: int | None


def periode_set_problems(periods: Iterable[PeriodeData], tahun: int) -> list[str]:
    """The seed's messages for the periodic periods that apply in `tahun` (tahun empty = every year)."""
    periodik = [p for p in periods if p.jenis == PERIODIK and (p.tahun is None or p.tahun == tahun)]
    if not any(p.tipe and p.angka for p in periodik):
        return [MSG_KOSONG]
    problems = []
    if len({p.tipe for p in periodik}) > 1:
        problems.append(MSG_DUA_TIPE)
    angka = [(p.tipe, p.angka) for p in periodik]
    if len(angka) != len(set(angka)):
        problems.append(MSG_DUPLIKAT)
    return problems


# Keberatan (RULES.md §7)
KEBERATAN_HARI = 14


def keberatan_batas(ditetapkan: datetime.date, hari: int = KEBERATAN_HARI) -> datetime.date:
    """The last day an objection may be filed: `hari` calendar days after the predikat was set."""
    return ditetapkan + datetime.timedelta(days=hari)


def keberatan_terbuka(
    ditetapkan: datetime.date | None, hari_ini: datetime.date, hari: int = KEBERATAN_HARI
) -> bool:
    return ditetapkan is not None and ditetapkan <= hari_ini <= keberatan_batas(ditetapkan, hari)

"""Dashboard Nasional: predikat distribution and completion of the Final assessment per instansi for a year.

Read from the summary rows (`RingkasanUnit`, kept current by the services) with one grouped query over the
covering index `ringkasan_nasional` (tahun, jenis, instansi), and one query for the instansi names — whatever the
number of employees (6.5 million in benchmark 4, docs/performance.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max, Sum

from kinerja.org.models import Instansi

from .. import rules
from ..models import RingkasanUnit

KOLOM = ("skp", "ditambah", "dinilai", *(f"predikat_{p}" for p in reversed(rules.PREDIKAT_ORDER)))
URUTAN = {"nama": "Nama", "selesai": "% dinilai terendah", "skp": "SKP terbanyak"}


@dataclass
class BarisNasional:
    instansi: Instansi
    periode_id: int
    angka: dict[str, int]

    @property
    def persen(self) -> float:
        """Share of the approved SKPs whose Final assessment has a predikat."""
        skp = self.angka["skp"]
        return round(100 * self.angka["dinilai"] / skp, 1) if skp else 0.0

    @property
    def sel(self) -> list[tuple[str, int]]:
        return [(m, self.angka[m]) for m in KOLOM]


def nasional(*, tahun: int, q: str = "", urutan: str = "nama") -> tuple[list[BarisNasional], dict]:
    """(rows per instansi with Final data in `tahun`, totals with `persen`). Two queries."""
    grouped = (
        RingkasanUnit.objects.filter(tahun=tahun, jenis=rules.FINAL)
        .values("instansi_id")
        .annotate(periode_id=Max("periode_id"), **{m: Sum(m) for m in KOLOM})
        .order_by()
    )
    angka = {r["instansi_id"]: r for r in grouped}
    instansi = Instansi.objects.filter(pk__in=list(angka)).only("id", "nama", "kode").order_by("nama")
    if q:
        instansi = instansi.filter(nama__icontains=q)
    rows = [
        BarisNasional(i, angka[i.pk]["periode_id"], {m: angka[i.pk][m] or 0 for m in KOLOM}) for i in instansi
    ]
    if urutan == "selesai":
        rows.sort(key=lambda b: (b.persen, b.instansi.nama))
    elif urutan == "skp":
        rows.sort(key=lambda b: (-b.angka["skp"], b.instansi.nama))
    total = {m: sum(b.angka[m] for b in rows) for m in KOLOM}
    total["persen"] = round(100 * total["dinilai"] / total["skp"], 1) if total["skp"] else 0.0
    return rows, total

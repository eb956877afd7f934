"""Reads of the Matriks Target Bulanan and of the monthly realisation from approved daily entries (CKHP)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Sum
from django.db.models.functions import ExtractMonth

from kinerja.skp.models import Indikator, JenisRhk, Rhk, Skp
from kinerja.skp.selectors.detail import skp_visible_or_404

from .. import pengaturan, rules
from ..models import CatatanHarian, PengaturanHarian, RealisasiBulanan, StatusCatatan, Tahapan, TargetBulanan
from ..services.common import bulan_ditutup_set

NOL = Decimal(0)


def angka(value: Decimal | None) -> str:
    """12.50 -> "12,5"; None -> "" (as Indonesians write numbers)."""
    if value is None:
        return ""
    text = format(value.normalize(), "f") if value != 0 else "0"
    return text.replace(".", ",")


def realisasi_bulanan(
    skp: Skp | int, indikator_ids: Iterable[int] | None, awal: datetime.date, akhir: datetime.date
) -> dict[int, dict[int, Decimal]]:
    """{indikator_id: {bulan: sum of approved (SETUJU) CKHP realisasi}} between awal and akhir. One query.

    `indikator_ids` None: every indicator of the SKP. Months without approved entries are absent.
    """
    qs = CatatanHarian.objects.filter(
        skp_id=getattr(skp, "pk", skp), status=StatusCatatan.SETUJU, tanggal__gte=awal, tanggal__lte=akhir
    )
    if indikator_ids is not None:
        qs = qs.filter(indikator_id__in=list(indikator_ids))
    result: dict[int, dict[int, Decimal]] = {}
    rows = (
        qs.annotate(bulan=ExtractMonth("tanggal"))
        .values("indikator_id", "bulan")
        .annotate(jumlah=Sum("realisasi"))
        .order_by()
    )
    for row in rows:
        result.setdefault(row["indikator_id"], {})[row["bulan"]] = row["jumlah"] or NOL
    return result


def skp_matriks_or_404(user, pk: int) -> tuple[Skp, PengaturanHarian]:
    """The SKP the user may read (owner, assessor, admin of the instansi) with the feature on, else 404."""
    skp = skp_visible_or_404(user, pk)
    return skp, pengaturan.aktif_or_404(skp.instansi_id)


@dataclass
class Bulan:
    nomor: int
    singkat: str
    nama: str
    dalam_skp: bool
    ditutup: bool

    @property
    def terbuka(self) -> bool:
        return self.dalam_skp and not self.ditutup


@dataclass
class Sel:
    bulan: Bulan
    indikator_id: int
    target: Decimal | None
    realisasi_ckhp: Decimal
    realisasi_manual: Decimal | None
    field: object = None  # the bound form field, set by the view for the owner

    @property
    def nama(self) -> str:
        return f"t_{self.indikator_id}_{self.bulan.nomor}"

    @property
    def realisasi(self) -> Decimal:
        return self.realisasi_manual if self.realisasi_manual is not None else self.realisasi_ckhp

    @property
    def target_label(self) -> str:
        return angka(self.target)

    @property
    def realisasi_label(self) -> str:
        return angka(self.realisasi)


@dataclass
class BarisMatriks:
    nomor: int
    rhk: Rhk
    indikator: Indikator
    pertama: bool
    jumlah: int  # indicators of the RHK (rowspan)
    sel: list[Sel]

    @property
    def total_target(self) -> Decimal:
        return rules.total(s.target for s in self.sel)

    @property
    def total_realisasi(self) -> Decimal:
        return rules.total(s.realisasi for s in self.sel)

    @property
    def pesan(self) -> str | None:
        return rules.pesan_total_target(self.indikator.target_nilai, self.total_target)

    def _satuan(self, value: Decimal) -> str:
        return f"{angka(value)} {self.indikator.target_satuan}".strip()

    @property
    def total_target_label(self) -> str:
        return self._satuan(self.total_target)

    @property
    def total_realisasi_label(self) -> str:
        return self._satuan(self.total_realisasi)


@dataclass
class Matriks:
    skp: Skp
    pengaturan: PengaturanHarian
    bulan: list[Bulan]
    utama: list[BarisMatriks] = field(default_factory=list)
    tambahan: list[BarisMatriks] = field(default_factory=list)

    @property
    def kelompok(self) -> list[tuple[str, list[BarisMatriks]]]:
        return [("UTAMA", self.utama), ("TAMBAHAN", self.tambahan)]

    @property
    def baris(self) -> list[BarisMatriks]:
        return self.utama + self.tambahan

    @property
    def belum_sesuai(self) -> list[BarisMatriks]:
        return [b for b in self.baris if b.pesan]

    def sel(self, indikator_id: int, bulan: int) -> Sel | None:
        for b in self.baris:
            if b.indikator.pk == indikator_id:
                return b.sel[bulan - 1]
        return None


def rhk_dengan_tahapan(skp: Skp) -> list[Rhk]:
    """The SKP's RHK with their indicators and Tahapan (three queries)."""
    return list(
        Rhk.objects.filter(skp=skp)
        .select_related("rhk_atasan")
        .prefetch_related(
            Prefetch("indikator", queryset=Indikator.objects.order_by("urutan", "id")),
            Prefetch("tahapan", queryset=Tahapan.objects.order_by("urutan", "id")),
        )
        .order_by("urutan", "id")
    )


def data_matriks(skp: Skp, setting: PengaturanHarian) -> Matriks:
    """The whole matrix in a constant number of queries (six; five without manual realisation)."""
    tahun = skp.periode_awal.year
    dalam = set(rules.bulan_dalam_periode(skp.periode_awal, skp.periode_akhir))
    ditutup = bulan_ditutup_set(skp.instansi_id, tahun)
    bulan = [
        Bulan(i, rules.BULAN_SINGKAT[i - 1], rules.BULAN[i - 1], i in dalam, i in ditutup)
        for i in range(1, 13)
    ]
    rhk = rhk_dengan_tahapan(skp)
    target: dict[tuple[int, int], Decimal] = {
        (t.indikator_id, t.bulan): t.target for t in TargetBulanan.objects.filter(indikator__rhk__skp=skp)
    }
    manual: dict[tuple[int, int], Decimal] = {}
    if setting.realisasi_bulanan_diubah:
        manual = {
            (r.indikator_id, r.bulan): r.nilai
            for r in RealisasiBulanan.objects.filter(indikator__rhk__skp=skp)
        }
    ckhp = realisasi_bulanan(skp, None, skp.periode_awal, skp.periode_akhir)
    result = Matriks(skp=skp, pengaturan=setting, bulan=bulan)
    nomor = {JenisRhk.UTAMA: 0, JenisRhk.TAMBAHAN: 0}
    for r in rhk:
        inds = list(r.indikator.all())
        if not inds:
            continue
        nomor[r.jenis] = nomor.get(r.jenis, 0) + 1
        rows = result.tambahan if r.jenis == JenisRhk.TAMBAHAN else result.utama
        for i, ind in enumerate(inds):
            sel = [
                Sel(
                    bulan=b,
                    indikator_id=ind.pk,
                    target=target.get((ind.pk, b.nomor)),
                    realisasi_ckhp=ckhp.get(ind.pk, {}).get(b.nomor, NOL),
                    realisasi_manual=manual.get((ind.pk, b.nomor)),
                )
                for b in bulan
            ]
            rows.append(BarisMatriks(nomor[r.jenis], r, ind, i == 0, len(inds), sel))
    return result


# --- Saran realisasi on the Penilaian page ----------------------------------------------------------------------


@dataclass
class SaranRealisasi:
    """The approved CKHP realisation of one indicator within a period: per month, and the total."""

    satuan: str
    bulan: list[tuple[str, Decimal]]  # (short month name, sum) for every month of the period

    @property
    def total(self) -> Decimal:
        return rules.total(v for _, v in self.bulan)

    @property
    def total_label(self) -> str:
        return f"{angka(self.total)} {self.satuan}".strip()

    @property
    def rincian(self) -> list[tuple[str, str]]:
        return [(nama, angka(v)) for nama, v in self.bulan]


def saran_realisasi(
    skp: Skp, indikator: Iterable[Indikator], awal, akhir
) -> dict[int, SaranRealisasi] | None:
    """{indikator_id: SaranRealisasi} for the period awal..akhir, or None when kinerja harian is off for the
    SKP's instansi. Two queries (the switch, the sums)."""
    if not pengaturan.aktif(skp.instansi_id):
        return None
    indikator = list(indikator)
    sums = realisasi_bulanan(skp, [i.pk for i in indikator], awal, akhir)
    same_year = awal.year == akhir.year
    months = rules.bulan_dalam_periode(awal, akhir) if same_year else list(range(1, 13))
    return {
        i.pk: SaranRealisasi(
            i.target_satuan,
            [(rules.BULAN_SINGKAT[m - 1], sums.get(i.pk, {}).get(m, NOL)) for m in months],
        )
        for i in indikator
    }

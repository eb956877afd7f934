"""Reads of one SKP (Detail SKP, Cetak) and of one person's SKP list, with the rights built in."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from kinerja.harian import pengaturan as harian_pengaturan
from kinerja.harian.models import Tahapan
from kinerja.org.models import Pegawai

from .. import rules
from ..models import EkspektasiPimpinan, Indikator, JenisLampiran, JenisRhk, LampiranItem, Rhk, Skp


def skp_base() -> QuerySet[Skp]:
    return Skp.objects.select_related(
        "pegawai", "penilai", "instansi", "unit_kerja", "penugasan_plt__unit_kerja"
    )


def skp_visible_or_404(user, pk: int) -> Skp:
    """An SKP the user may read (owner; assessor once submitted; admin of the instansi), else 404."""
    skp = skp_base().filter(pk=pk).first()
    if skp is None or not user.has_perm("skp.view", skp):
        raise Http404("SKP tidak ditemukan.")
    return skp


def daftar_skp(pegawai: Pegawai) -> QuerySet[Skp]:
    """Daftar SKP: every SKP period of one employee, newest first."""
    return skp_base().filter(pegawai=pegawai).order_by("-periode_awal", "-id")


@dataclass
class Perilaku:
    nomor: int
    nilai: str
    perilaku: tuple[str, ...]
    ekspektasi: str


@dataclass
class DetailSkp:
    skp: Skp
    utama: list[Rhk] = field(default_factory=list)
    tambahan: list[Rhk] = field(default_factory=list)
    perilaku: list[Perilaku] = field(default_factory=list)
    lampiran: dict[str, list[LampiranItem]] = field(default_factory=dict)
    tahapan_aktif: bool = False  # kinerja harian on for the instansi: each RHK's `tahapan` is prefetched

    @property
    def jumlah_indikator(self) -> int:
        return sum(len(r.indikator.all()) for r in self.utama + self.tambahan)


def detail_skp(skp: Skp) -> DetailSkp:
    """Everything Detail SKP and Cetak show, in a constant number of queries (5 after the SKP itself; 6 with the
    Tahapan when kinerja harian is on for the instansi)."""
    tahapan_aktif = harian_pengaturan.aktif(skp.instansi_id)
    prefetch = [Prefetch("indikator", queryset=Indikator.objects.order_by("urutan", "id"))]
    if tahapan_aktif:
        prefetch.append(Prefetch("tahapan", queryset=Tahapan.objects.order_by("urutan", "id")))
    rhk = list(
        Rhk.objects.filter(skp=skp)
        .select_related("rhk_atasan")
        .prefetch_related(*prefetch)
        .order_by("urutan", "id")
    )
    ekspektasi = {e.nilai: e.teks for e in EkspektasiPimpinan.objects.filter(skp=skp)}
    lampiran: dict[str, list[LampiranItem]] = {jenis: [] for jenis in JenisLampiran.values}
    for item in LampiranItem.objects.filter(skp=skp).order_by("urutan", "id"):
        lampiran[item.jenis].append(item)
    return DetailSkp(
        skp=skp,
        utama=[r for r in rhk if r.jenis == JenisRhk.UTAMA],
        tambahan=[r for r in rhk if r.jenis == JenisRhk.TAMBAHAN],
        perilaku=[
            Perilaku(i, nilai, perilaku, ekspektasi.get(i, ""))
            for i, (nilai, perilaku) in enumerate(rules.BERAKHLAK, start=1)
        ],
        lampiran=lampiran,
        tahapan_aktif=tahapan_aktif,
    )

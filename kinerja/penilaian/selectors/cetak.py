"""Reads behind Cetak Form Penilaian and Cetak Dokumen Evaluasi Kinerja: one assessment period, everything the two
PDFs print, in a constant number of queries whatever the number of RHK, indicators and bukti dukung."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from kinerja.org.models import UnitKerja
from kinerja.skp import rules as skp_rules
from kinerja.skp.models import EkspektasiPimpinan, Indikator, JenisRhk, Rhk

from .. import rules
from ..models import (
    BuktiDukung,
    FeedbackIndikator,
    FeedbackPerilaku,
    Jempol,
    Keberatan,
    KeputusanKeberatan,
    Penilaian,
    Realisasi,
    RencanaAksi,
    StatusKeberatan,
)
from .organisasi import capaian_untuk
from .pengaturan import pengaturan_untuk

BELUM_DINILAI = "Belum dinilai"
JEMPOL_LABEL = {Jempol.NAIK: "Jempol ke atas", Jempol.TURUN: "Jempol ke bawah"}


def penilaian_base() -> QuerySet[Penilaian]:
    return Penilaian.objects.select_related(
        "periode",
        "penilai",
        "skp__pegawai",
        "skp__instansi",
        "skp__unit_kerja",
        "keberatan",
    )


def penilaian_visible_or_404(user, pk: int) -> Penilaian:
    """A period the user may read (owner, the period's assessor, admin of the instansi), else 404."""
    penilaian = penilaian_base().filter(pk=pk).first()
    if penilaian is None or not user.has_perm("penilaian.view", penilaian):
        raise Http404("Penilaian tidak ditemukan.")
    return penilaian


@dataclass
class Feedback:
    jempol: str = ""
    teks: str = ""

    @property
    def kosong(self) -> bool:
        return not (self.jempol or self.teks)


def _feedback(obj) -> Feedback:
    if obj is None:
        return Feedback()
    return Feedback(JEMPOL_LABEL.get(obj.jempol, ""), obj.teks)


@dataclass
class BarisIndikator:
    indikator: Indikator
    bukti: list[BuktiDukung]
    realisasi: Realisasi | None
    feedback: Feedback


@dataclass
class BarisRhk:
    rhk: Rhk
    rencana_aksi: list[RencanaAksi]
    indikator: list[BarisIndikator]

    @property
    def baris(self) -> int:
        return max(len(self.indikator), 1)


@dataclass
class BarisPerilaku:
    nomor: int
    nilai: str
    perilaku: tuple[str, ...]
    ekspektasi: str
    feedback: Feedback


@dataclass
class Pihak:
    nama: str
    nip: str
    pangkat: str
    jabatan: str
    unit: str


@dataclass
class Capaian:
    predikat: str  # the label, e.g. "Baik"
    kode: str  # rules.ISTIMEWA ...
    unit: str  # the unit the value belongs to
    warisan: bool  # inherited from the Unit Kerja Induk


@dataclass
class Pola:
    """POLA DISTRIBUSI: the five predikat (low -> high), the ideal share for the organisation, the employee's cell."""

    label: str
    kode: str
    persen: int | None
    milik_pegawai: bool


@dataclass
class FormPenilaian:
    penilaian: Penilaian
    pegawai: Pihak
    penilai: Pihak | None
    utama: list[BarisRhk] = field(default_factory=list)
    tambahan: list[BarisRhk] = field(default_factory=list)
    perilaku: list[BarisPerilaku] = field(default_factory=list)
    rating_hasil_kerja: str = BELUM_DINILAI
    rating_perilaku: str = BELUM_DINILAI
    predikat: str = BELUM_DINILAI  # as it stands: a decided keberatan may have changed it
    dinilai: bool = False
    capaian: Capaian | None = None
    pola: list[Pola] = field(default_factory=list)
    keberatan: Keberatan | None = None  # only once decided (DIUBAH has already rewritten the ratings)
    keberatan_tertunda: Keberatan | None = None
    tanggal: datetime.date | None = None

    @property
    def is_final(self) -> bool:
        return self.penilaian.is_final

    @property
    def diubah_keberatan(self) -> bool:
        return bool(self.keberatan and self.keberatan.keputusan == KeputusanKeberatan.DIUBAH)


def _label_rating(kode: str) -> str:
    return rules.RATING_LABEL.get(kode, BELUM_DINILAI) if kode else BELUM_DINILAI


def _label_predikat(kode: str) -> str:
    return rules.PREDIKAT_LABEL.get(kode, BELUM_DINILAI) if kode else BELUM_DINILAI


def capaian_organisasi(unit: UnitKerja, periode_id: int, tahun: int) -> Capaian | None:
    """The unit's own capaian organisasi for the period and year, else its Unit Kerja Induk's (one query)."""
    kode, sumber = capaian_untuk(unit, periode_id, tahun)
    if not kode:
        return None
    return Capaian(rules.PREDIKAT_ORGANISASI_LABEL[kode], kode, sumber.nama, sumber.pk != unit.pk)


def pola_distribusi(capaian: Capaian | None, predikat: str, kurva_ideal=None) -> list[Pola]:
    shares = (
        (kurva_ideal or rules.IDEAL_CURVE)[capaian.kode] if capaian else (None,) * len(rules.PREDIKAT_ORDER)
    )
    return [
        Pola(rules.PREDIKAT_LABEL[kode], kode, persen, kode == predikat)
        for kode, persen in zip(rules.PREDIKAT_ORDER, shares, strict=True)
    ]


def _pihak_penilai(penilaian: Penilaian) -> Pihak | None:
    """The period's frozen assessor; the rank from the SKP snapshot when it is the same person."""
    if not penilaian.penilai_nama:
        return None
    skp = penilaian.skp
    if penilaian.penilai_id and penilaian.penilai_id == skp.penilai_id:
        pangkat = skp.penilai_pangkat
    elif penilaian.penilai_id:
        pangkat = penilaian.penilai.pangkat_golongan
    else:
        pangkat = ""
    return Pihak(
        penilaian.penilai_nama,
        penilaian.penilai_nip,
        pangkat,
        penilaian.penilai_jabatan,
        penilaian.penilai_unit,
    )


def _hasil_kerja(penilaian: Penilaian) -> tuple[list[BarisRhk], list[BarisRhk]]:
    rhk_list = list(
        Rhk.objects.filter(skp_id=penilaian.skp_id)
        .select_related("rhk_atasan")
        .prefetch_related(Prefetch("indikator", queryset=Indikator.objects.order_by("urutan", "id")))
        .order_by("urutan", "id")
    )
    rencana: dict[int, list[RencanaAksi]] = {}
    if not penilaian.is_final:
        for ra in RencanaAksi.objects.filter(penilaian=penilaian).order_by("id"):
            rencana.setdefault(ra.rhk_id, []).append(ra)
    bukti: dict[int, list[BuktiDukung]] = {}
    for b in BuktiDukung.objects.filter(penilaian=penilaian).order_by("id"):
        bukti.setdefault(b.indikator_id, []).append(b)
    realisasi = {r.indikator_id: r for r in Realisasi.objects.filter(penilaian=penilaian)}
    feedback = {f.indikator_id: f for f in FeedbackIndikator.objects.filter(penilaian=penilaian)}
    baris = [
        BarisRhk(
            rhk,
            rencana.get(rhk.pk, []),
            [
                BarisIndikator(
                    ind, bukti.get(ind.pk, []), realisasi.get(ind.pk), _feedback(feedback.get(ind.pk))
                )
                for ind in rhk.indikator.all()
            ],
        )
        for rhk in rhk_list
    ]
    return (
        [b for b in baris if b.rhk.jenis == JenisRhk.UTAMA],
        [b for b in baris if b.rhk.jenis == JenisRhk.TAMBAHAN],
    )


def _perilaku(penilaian: Penilaian) -> list[BarisPerilaku]:
    ekspektasi = {e.nilai: e.teks for e in EkspektasiPimpinan.objects.filter(skp_id=penilaian.skp_id)}
    feedback = {f.nilai: f for f in FeedbackPerilaku.objects.filter(penilaian=penilaian)}
    return [
        BarisPerilaku(i, nilai, perilaku, ekspektasi.get(i, ""), _feedback(feedback.get(i)))
        for i, (nilai, perilaku) in enumerate(skp_rules.BERAKHLAK, start=1)
    ]


def _keberatan(penilaian: Penilaian) -> Keberatan | None:
    try:
        return penilaian.keberatan
    except Keberatan.DoesNotExist:
        return None


def form_penilaian(penilaian: Penilaian, *, hasil_kerja: bool = True) -> FormPenilaian:
    """Everything both PDFs print. `hasil_kerja=False` skips the tables only the Form Penilaian shows."""
    skp = penilaian.skp
    pegawai = Pihak(
        skp.pegawai_nama, skp.pegawai_nip, skp.pegawai_pangkat, skp.pegawai_jabatan, skp.pegawai_unit
    )
    form = FormPenilaian(penilaian=penilaian, pegawai=pegawai, penilai=_pihak_penilai(penilaian))
    if hasil_kerja:
        form.utama, form.tambahan = _hasil_kerja(penilaian)
        form.perilaku = _perilaku(penilaian)
    form.rating_hasil_kerja = _label_rating(penilaian.rating_hasil_kerja)
    form.rating_perilaku = _label_rating(penilaian.rating_perilaku)
    form.dinilai = bool(penilaian.predikat)
    form.predikat = _label_predikat(penilaian.predikat)
    keberatan = _keberatan(penilaian)
    if keberatan is not None and keberatan.status == StatusKeberatan.DIPUTUS:
        form.keberatan = keberatan
    elif keberatan is not None:
        form.keberatan_tertunda = keberatan
    form.capaian = capaian_organisasi(skp.unit_kerja, penilaian.periode_id, penilaian.tahun)
    form.pola = pola_distribusi(
        form.capaian, penilaian.predikat, pengaturan_untuk(penilaian.skp.instansi_id).kurva_ideal
    )
    form.tanggal = (
        timezone.localtime(penilaian.dinilai_pada).date()
        if form.dinilai and penilaian.dinilai_pada
        else timezone.localdate()
    )
    return form

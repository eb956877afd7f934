"""Reads of Pemantauan dan Evaluasi: the leader's periods, their subordinates, one subordinate's sheet, the
rekap, the kurva and the coaching notes. Every list runs a constant number of queries whatever its length."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from kinerja.org.models import UnitKerja
from kinerja.skp import rules as skp_rules
from kinerja.skp.models import EkspektasiPimpinan, Indikator, JenisRhk, Rhk, Skp, Status

from .. import rules
from ..models import (
    BuktiDukung,
    FeedbackIndikator,
    FeedbackPerilaku,
    Keberatan,
    Pembinaan,
    Penilaian,
    PeriodePenilaian,
    Realisasi,
    RencanaAksi,
    ReviewSangatBaik,
)
from ..services.penilaian import periode_dates_for_skp
from .organisasi import capaian_untuk
from .pengaturan import pengaturan_untuk
from .penilaian import feedback_rekan_untuk

# --- The leader's SKP and its periods ---------------------------------------------------------------------------


def leader_skp_or_404(user, pk: int) -> Skp:
    """The user's own SKP (definitive or PLT); anyone else's is a 404. The pages show its snapshot fields and use
    its unit (Lihat Kurva): no other related row is read."""
    skp = (
        Skp.objects.select_related("unit_kerja").filter(pk=pk, pegawai__user_id=user.pk).order_by().first()
        if user.is_authenticated
        else None
    )
    if skp is None:
        raise Http404("SKP tidak ditemukan.")
    return skp


@dataclass
class Konteks:
    """One assessment period seen from the leader's SKP (dates in the SKP's year)."""

    skp: Skp
    periode: PeriodePenilaian
    tahun: int
    awal: object
    akhir: object
    jumlah: int = 0
    dinilai: int = 0


def _konteks(skp: Skp, periode: PeriodePenilaian) -> Konteks | None:
    dates = periode_dates_for_skp(skp, periode)
    if dates is None:
        return None
    tahun, awal, akhir, _batas = dates
    return Konteks(skp, periode, tahun, awal, akhir)


def _bawahan_q(skp: Skp) -> Q:
    return Q(
        penilai_id=skp.pegawai_id,
        skp__penilai_unit_kerja_id=skp.unit_kerja_id,
        skp__periode_awal__lte=skp.periode_akhir,
        skp__periode_akhir__gte=skp.periode_awal,
    ) & ~Q(skp__pegawai_id=skp.pegawai_id)


def daftar_periode(skp: Skp) -> list[Konteks]:
    """The instansi's periods overlapping the leader SKP, with the number of subordinates and of those assessed."""
    rows = []
    for periode in PeriodePenilaian.objects.filter(instansi_id=skp.instansi_id):
        k = _konteks(skp, periode)
        if k is not None:
            rows.append(k)
    counts = {
        (c["periode_id"], c["tahun"]): c
        for c in Penilaian.objects.filter(_bawahan_q(skp), periode_id__in=[k.periode.pk for k in rows])
        .values("periode_id", "tahun")
        .annotate(jumlah=Count("id"), dinilai=Count("id", filter=~Q(predikat="")))
    }
    for k in rows:
        c = counts.get((k.periode.pk, k.tahun))
        if c:
            k.jumlah, k.dinilai = c["jumlah"], c["dinilai"]
    rows.sort(key=lambda k: (k.periode.jenis == rules.FINAL, k.awal, k.periode.angka_periodik or 0))
    return rows


def konteks_or_404(skp: Skp, periode_pk: int) -> Konteks:
    periode = PeriodePenilaian.objects.filter(pk=periode_pk, instansi_id=skp.instansi_id).order_by().first()
    k = _konteks(skp, periode) if periode else None
    if k is None:
        raise Http404("Periode penilaian tidak ditemukan.")
    return k


# --- Subordinates ---------------------------------------------------------------------------------------------------


def bawahan(k: Konteks) -> QuerySet[Penilaian]:
    """The periods added by the leader's subordinates: frozen assessor = the leader, assessed for the leader
    SKP's unit (a PLT assesses the acting unit from the PLT SKP), SKP overlapping the leader SKP."""
    return (
        Penilaian.objects.filter(_bawahan_q(k.skp), periode=k.periode, tahun=k.tahun)
        .select_related("skp", "periode")
        .order_by("skp__pegawai_nama", "skp__pegawai_nip", "id")
    )


def bawahan_or_404(k: Konteks, penilaian_pk, *, dengan_lembar: bool = False) -> Penilaian:
    """One subordinate's row of the period, with its SKP (the pages show its snapshot fields; the services lock
    and read the row again). `dengan_lembar`: with its keberatan and review too (for `lembar`)."""
    if not (str(penilaian_pk).isdecimal() and len(str(penilaian_pk)) <= 18):
        raise Http404("Bawahan tidak ditemukan pada periode ini.")
    rows = bawahan(k).filter(pk=penilaian_pk).order_by()
    if dengan_lembar:
        rows = rows.select_related("keberatan", "review_sangat_baik")
    penilaian = rows.first()
    if penilaian is None:
        raise Http404("Bawahan tidak ditemukan pada periode ini.")
    return penilaian


def konteks_bawahan_or_404(skp: Skp, periode_pk: int, penilaian_pk: int) -> tuple[Konteks, Penilaian]:
    """konteks_or_404 and bawahan_or_404 in one query, for the pages of one subordinate: the period comes with
    the subordinate's row, and must be of the leader's instansi, overlap the leader SKP and give the row's year."""
    penilaian = (
        Penilaian.objects.filter(
            _bawahan_q(skp), pk=penilaian_pk, periode_id=periode_pk, periode__instansi_id=skp.instansi_id
        )
        .select_related("skp", "periode")
        .order_by()
        .first()
    )
    k = _konteks(skp, penilaian.periode) if penilaian else None
    if k is None or penilaian.tahun != k.tahun:
        raise Http404("Bawahan tidak ditemukan pada periode ini.")
    return k, penilaian


def pilihan_bawahan(k: Konteks) -> list[tuple[int, str]]:
    """PILIH BAWAHAN: "Belum Dinilai - 1. NIP - NAMA" with jabatan and SKP status, in one query (values only:
    a leader may have hundreds of subordinates)."""
    status = dict(Status.choices)
    rows = bawahan(k).values_list(
        "pk", "predikat", "skp__pegawai_nip", "skp__pegawai_nama", "skp__pegawai_jabatan", "skp__status"
    )
    return [
        (
            pk,
            f"{'Sudah Dinilai' if predikat else 'Belum Dinilai'} - {i}. {nip} - "
            f"{nama} · {jabatan or '-'} - {str(status.get(st, st)).title()}",
        )
        for i, (pk, predikat, nip, nama, jabatan, st) in enumerate(rows, start=1)
    ]


def _count(model, **filters) -> Coalesce:
    sub = (
        model.objects.filter(**filters)
        .order_by()
        .values(next(iter(filters)))
        .annotate(c=Count("pk"))
        .values("c")
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def rekap(k: Konteks) -> QuerySet[Penilaian]:
    """Rekap Penilaian Bawahan: each subordinate with the number of indicators and of realisasi filled."""
    return bawahan(k).annotate(
        jumlah_indikator=_count(Indikator, rhk__skp_id=OuterRef("skp_id")),
        realisasi_terisi=_count(Realisasi, penilaian_id=OuterRef("pk")),
        jumlah_pembinaan=_count(Pembinaan, penilaian_id=OuterRef("pk")),
    )


# --- Predikat organisasi --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PredikatOrganisasi:
    kode: str
    unit: UnitKerja  # the unit whose capaian it is
    diwarisi: bool  # taken from the Unit Kerja Induk

    @property
    def label(self) -> str:
        return rules.PREDIKAT_ORGANISASI_LABEL[self.kode]


def predikat_organisasi(unit: UnitKerja, k: Konteks) -> PredikatOrganisasi | None:
    """The unit's capaian organisasi for the period, else that of its Unit Kerja Induk (one query)."""
    kode, sumber = capaian_untuk(unit, k.periode, k.tahun)
    if not kode:
        return None
    return PredikatOrganisasi(kode, sumber, sumber.pk != unit.pk)


# --- One subordinate's sheet (Penilaian Bawahan) ----------------------------------------------------------------------


@dataclass
class BarisIndikator:
    indikator: Indikator
    bukti: list[BuktiDukung]
    realisasi: Realisasi | None
    feedback: FeedbackIndikator | None


@dataclass
class BarisRhk:
    rhk: Rhk
    rencana_aksi: list[RencanaAksi]
    indikator: list[BarisIndikator]


@dataclass
class BarisPerilaku:
    nomor: int
    nilai: str
    perilaku: tuple[str, ...]
    ekspektasi: str
    feedback: FeedbackPerilaku | None
    rekan: list = field(default_factory=list)


@dataclass
class Lembar:
    penilaian: Penilaian
    utama: list[BarisRhk]
    tambahan: list[BarisRhk]
    perilaku: list[BarisPerilaku]
    review: ReviewSangatBaik | None
    keberatan: Keberatan | None
    organisasi: PredikatOrganisasi | None  # for a subordinate who leads a unit

    @property
    def usulan_hasil_kerja(self) -> str | None:
        if not self.organisasi:
            return None
        mapping = pengaturan_untuk(self.penilaian.skp.instansi_id).rating_dari_organisasi
        return rules.rating_dari_organisasi(self.organisasi.kode, mapping)


def _group(items, key: str) -> dict[int, list]:
    grouped = defaultdict(list)
    for item in items:
        grouped[getattr(item, key)].append(item)
    return grouped


def lembar(penilaian: Penilaian, k: Konteks) -> Lembar:
    """Everything the assessor sees of one subordinate in one period, in a constant number of queries."""
    skp = penilaian.skp
    rhk = list(
        Rhk.objects.filter(skp=skp)
        .select_related("rhk_atasan")
        .prefetch_related(Prefetch("indikator", queryset=Indikator.objects.order_by("urutan", "id")))
        .order_by("urutan", "id")
    )
    # the Final period has no rencana aksi column
    aksi = (
        {}
        if penilaian.is_final
        else _group(RencanaAksi.objects.filter(penilaian=penilaian).order_by("id"), "rhk_id")
    )
    bukti = _group(BuktiDukung.objects.filter(penilaian=penilaian).order_by("id"), "indikator_id")
    realisasi = {r.indikator_id: r for r in Realisasi.objects.filter(penilaian=penilaian)}
    feedback = {f.indikator_id: f for f in FeedbackIndikator.objects.filter(penilaian=penilaian)}
    rows = [
        BarisRhk(
            r,
            aksi.get(r.pk, []),
            [
                BarisIndikator(i, bukti.get(i.pk, []), realisasi.get(i.pk), feedback.get(i.pk))
                for i in r.indikator.all()
            ],
        )
        for r in rhk
    ]
    ekspektasi = {e.nilai: e.teks for e in EkspektasiPimpinan.objects.filter(skp=skp)}
    fb_perilaku = {f.nilai: f for f in FeedbackPerilaku.objects.filter(penilaian=penilaian)}
    rekan = feedback_rekan_untuk(skp)
    perilaku = [
        BarisPerilaku(i, nilai, items, ekspektasi.get(i, ""), fb_perilaku.get(i), rekan.get(i, []))
        for i, (nilai, items) in enumerate(skp_rules.BERAKHLAK, start=1)
    ]
    organisasi = predikat_organisasi(skp.unit_kerja, k) if skp.jenis_pegawai == "PIMPINAN" else None
    return Lembar(
        penilaian=penilaian,
        utama=[b for b in rows if b.rhk.jenis == JenisRhk.UTAMA],
        tambahan=[b for b in rows if b.rhk.jenis == JenisRhk.TAMBAHAN],
        perilaku=perilaku,
        # read with the row when the caller selected them (bawahan_or_404(dengan_lembar=True)), else one query each
        review=getattr(penilaian, "review_sangat_baik", None),
        keberatan=getattr(penilaian, "keberatan", None),
        organisasi=organisasi,
    )


def pembinaan_untuk(penilaian: Penilaian) -> QuerySet[Pembinaan]:
    """The coaching notes of one period, oldest first: for the assessor's page and the employee's own page."""
    return Pembinaan.objects.filter(penilaian=penilaian).select_related("oleh").order_by("dibuat_pada", "id")


# --- Lihat Kurva ------------------------------------------------------------------------------------------------------

W, H = 600, 330
KIRI, KANAN, ATAS, BAWAH = 58, 16, 24, 64


def _f(v: float) -> str:
    """A coordinate for SVG: a dot decimal whatever the locale."""
    return f"{v:.1f}"


@dataclass
class Titik:
    x: float
    y: float
    nilai: float
    teks: str
    px: str = ""  # the coordinates as written in the SVG
    py: str = ""

    def __post_init__(self):
        self.px, self.py = _f(self.x), _f(self.y)


@dataclass
class Batas:
    label: str
    terpenuhi: bool
    realisasi: str


@dataclass
class Kurva:
    konteks: Konteks
    organisasi: PredikatOrganisasi | None
    jumlah_bawahan: int
    jumlah_dinilai: int
    realisasi: dict[str, int]
    ideal: dict[str, float] | None
    batas: list[Batas]
    # geometry of the SVG (viewBox units)
    w: int = W
    h: int = H
    sumbu: list[dict] = field(default_factory=list)  # x axis labels
    grid: list[dict] = field(default_factory=list)  # y ticks
    titik_ideal: list[Titik] = field(default_factory=list)
    titik_realisasi: list[Titik] = field(default_factory=list)

    kiri: int = KIRI
    atas: int = ATAS
    bawah_plot: int = H - BAWAH
    kanan_plot: int = W - KANAN
    tengah_y: int = (ATAS + H - BAWAH) // 2

    @property
    def garis_ideal(self) -> str:
        return " ".join(f"{t.px},{t.py}" for t in self.titik_ideal)

    @property
    def garis_realisasi(self) -> str:
        return " ".join(f"{t.px},{t.py}" for t in self.titik_realisasi)

    @property
    def tabel(self) -> list[dict]:
        return [
            {
                "label": rules.PREDIKAT_LABEL[p],
                "ideal": _angka(self.ideal[p]) if self.ideal else "-",
                "realisasi": self.realisasi[p],
                "persen": _persen(self.realisasi[p], self.jumlah_dinilai),
            }
            for p in rules.PREDIKAT_ORDER
        ]


def _angka(value: float) -> str:
    """1.0 -> "1"; 1.05 -> "1,1" (one decimal, half up, Indonesian decimal comma)."""
    rounded = Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(int(rounded)) if rounded == rounded.to_integral() else str(rounded).replace(".", ",")


def _persen(n: int, total: int) -> str:
    return f"{_angka(round(n * 100 / total, 1))}%" if total else "-"


def _langkah(maks: float) -> int:
    """A round step for about four grid lines (1, 2, 5, 10, 20, 50, ...)."""
    raw = max(maks / 4, 1)
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * mag >= raw:
            return max(1, int(m * mag))
    return int(10 * mag)


def _geometri(kurva: Kurva) -> None:
    nilai = list(kurva.realisasi.values()) + (list(kurva.ideal.values()) if kurva.ideal else [])
    langkah = _langkah(max(nilai + [1]))
    puncak = langkah * max(1, math.ceil(max(nilai + [1]) / langkah))
    lebar, tinggi = W - KIRI - KANAN, H - ATAS - BAWAH
    kolom = lebar / len(rules.PREDIKAT_ORDER)

    def x(i: int) -> float:
        return KIRI + kolom * (i + 0.5)

    def y(v: float) -> float:
        return ATAS + tinggi * (1 - v / puncak)

    kurva.grid = [{"y": _f(y(v)), "teks": str(v)} for v in range(0, puncak + 1, langkah)]
    for i, p in enumerate(rules.PREDIKAT_ORDER):
        label = rules.PREDIKAT_LABEL[p].replace("/", "/ ")
        kurva.sumbu.append({"x": _f(x(i)), "baris": label.split(" ", 1) if " " in label else [label]})
        n = kurva.realisasi[p]
        kurva.titik_realisasi.append(Titik(x(i), y(n), n, str(n)))
        if kurva.ideal:
            v = kurva.ideal[p]
            kurva.titik_ideal.append(Titik(x(i), y(v), v, _angka(v)))


def _batas(kode: str | None, realisasi: dict[str, int], total: int) -> list[Batas]:
    if not kode:
        return []
    broken = rules.broken_bounds(kode, realisasi)
    rows = []
    for bound in rules.CURVE_BOUNDS[kode]:
        n = sum(realisasi.get(p, 0) for p in bound.predikat)
        teks = f"{n} orang" if bound.orang else f"{n} dari {total} ({_persen(n, total)})"
        rows.append(Batas(bound.label, bound not in broken, teks))
    return rows


def kurva(k: Konteks) -> Kurva:
    """Ideal (red) against realised (green) counts over the five predikat, with the SE 3/2023 bounds of the
    leader unit's predikat organisasi. Three or four queries whatever the number of subordinates."""
    counts = {
        row["predikat"]: row["n"] for row in bawahan(k).order_by().values("predikat").annotate(n=Count("id"))
    }
    realisasi = {p: counts.get(p, 0) for p in rules.PREDIKAT_ORDER}
    jumlah_bawahan = sum(counts.values())
    jumlah_dinilai = sum(realisasi.values())
    organisasi = predikat_organisasi(k.skp.unit_kerja, k)
    kurva_ideal = pengaturan_untuk(k.skp.instansi_id).kurva_ideal
    ideal = rules.ideal_counts(organisasi.kode, jumlah_bawahan, kurva_ideal) if organisasi else None
    result = Kurva(
        konteks=k,
        organisasi=organisasi,
        jumlah_bawahan=jumlah_bawahan,
        jumlah_dinilai=jumlah_dinilai,
        realisasi=realisasi,
        ideal=ideal,
        batas=_batas(organisasi.kode if organisasi else None, realisasi, jumlah_dinilai),
    )
    _geometri(result)
    return result

"""Reads of the employee's side of the assessment: the Penilaian SKP page, Rencana Aksi, Pengisian Bukti Dukung dan
Lihat Hasil, Feedback Perilaku (the assessor's and colleagues'), Keberatan — with the rights built in and a constant
number of queries whatever the number of RHK, indicators and bukti dukung."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from kinerja.org.atasan import ancestors, unit_induk
from kinerja.org.models import Pegawai, UnitKerja
from kinerja.skp import rules as skp_rules
from kinerja.skp.models import EkspektasiPimpinan, Indikator, JenisRhk, Rhk, Skp, Status
from kinerja.skp.selectors.detail import skp_base

from .. import rules
from ..models import (
    BuktiDukung,
    FeedbackIndikator,
    FeedbackPerilaku,
    FeedbackRekan,
    Keberatan,
    Penilaian,
    PeriodePenilaian,
    Realisasi,
    RencanaAksi,
    StatusKeberatan,
)
from ..services.keberatan import keberatan_hari, keberatan_masalah
from ..services.penilaian import kunci_duplikat, periode_dates_for_skp
from .organisasi import capaian_per_periode

# --- Access ------------------------------------------------------------------------------------------------------


def penilaian_base() -> QuerySet[Penilaian]:
    return Penilaian.objects.select_related(
        "periode", "penilai", "skp__pegawai", "skp__instansi", "skp__unit_kerja", "keberatan__atasan"
    )


def _is_keberatan_atasan(user, penilaian: Penilaian) -> bool:
    keberatan = getattr(penilaian, "keberatan", None)
    return bool(keberatan and keberatan.atasan_id and keberatan.atasan.user_id == user.pk)


def penilaian_ringkas() -> QuerySet[Penilaian]:
    """What the Pengisian pages show of a period: no instansi, unit or keberatan (read lazily in the rare case
    that needs them). Each related model read costs its columns in SQL and in Python."""
    return Penilaian.objects.select_related("periode", "penilai", "skp__pegawai")


def penilaian_visible_or_404(user, pk: int, *, ringkas: bool = False) -> Penilaian:
    """A period the user may read: owner, the period's assessor, admin of the instansi, and the atasan pejabat
    penilai deciding its keberatan. Anyone else: 404. `ringkas`: read with `penilaian_ringkas()`."""
    # order_by(): the model's default ordering follows the SKP's across joins, costly to compile for one row
    penilaian = (penilaian_ringkas() if ringkas else penilaian_base()).filter(pk=pk).order_by().first()
    if penilaian is None or not (
        user.has_perm("penilaian.view", penilaian) or _is_keberatan_atasan(user, penilaian)
    ):
        raise Http404("Penilaian tidak ditemukan.")
    return penilaian


def skp_penilaian_or_404(user, pk: int) -> Skp:
    """The SKP of a Penilaian SKP page: the owner, its assessor (of the SKP or of one of its periods), the admin
    of the instansi. Anyone else: 404."""
    skp = skp_base().filter(pk=pk).first()
    if skp is None:
        raise Http404("SKP tidak ditemukan.")
    if user.has_perm("skp.view", skp):
        return skp
    if user.is_authenticated and Penilaian.objects.filter(skp=skp, penilai__user_id=user.pk).exists():
        return skp
    raise Http404("SKP tidak ditemukan.")


def bisa_isi(user, penilaian: Penilaian) -> bool:
    """The owner may still fill this period (the services check it again on every write)."""
    return (
        penilaian.skp.pegawai.user_id == user.pk
        and penilaian.skp.status == Status.PERSETUJUAN
        and timezone.localdate() <= penilaian.batas_efektif
    )


# --- Penilaian SKP page --------------------------------------------------------------------------------------


@dataclass
class BarisPenilaian:
    penilaian: Penilaian
    capaian: str | None  # predikat organisasi (own or from the Unit Kerja Induk)
    capaian_dari: UnitKerja | None
    jumlah_pembinaan: int
    keberatan: Keberatan | None
    keberatan_bisa: bool  # the Ajukan Keberatan button: Final, rated, inside the window, none filed yet
    terbuka: bool  # before the batas pengisian (or the admin's reopening)

    @property
    def capaian_label(self) -> str:
        return rules.PREDIKAT_ORGANISASI_LABEL.get(self.capaian or "", "-")

    @property
    def dinilai(self) -> bool:
        return bool(self.penilaian.rating_hasil_kerja or self.penilaian.rating_perilaku)


@dataclass
class HalamanPenilaianSkp:
    skp: Skp
    unit_induk: UnitKerja | None
    baris: list[BarisPenilaian]
    periode_pilihan: list[tuple[PeriodePenilaian, object, object]]  # (periode, awal, akhir) not added yet
    duplikat: bool


def periode_untuk_skp(skp: Skp, sudah: set[tuple[int, int]] | None = None) -> list[tuple]:
    """The instansi's periods that overlap the SKP and are not on it yet: (periode, awal, akhir). One query."""
    result = []
    for periode in PeriodePenilaian.objects.filter(instansi_id=skp.instansi_id).order_by(
        "-jenis", "angka_periodik", "awal", "id"
    ):
        dates = periode_dates_for_skp(skp, periode)
        if dates is None or (periode.pk, dates[0]) in (sudah or set()):
            continue
        result.append((periode, dates[1], dates[2]))
    return result


def halaman_penilaian_skp(user, skp: Skp) -> HalamanPenilaianSkp:
    rows = list(
        Penilaian.objects.filter(skp=skp)
        .select_related("periode", "penilai", "keberatan")
        .annotate(jumlah_pembinaan=Count("pembinaan"))
        .order_by("tahun", "-periode__jenis", "awal", "id")
    )
    chain = ancestors(skp.unit_kerja)
    hari = keberatan_hari(skp.instansi_id)
    owner = skp.pegawai.user_id == user.pk
    today = timezone.localdate()
    baris = []
    capaian_rows = capaian_per_periode(skp.unit_kerja, ((p.periode_id, p.tahun) for p in rows))
    for p in rows:
        p.skp = skp
        capaian, dari = capaian_rows[(p.periode_id, p.tahun)]
        keberatan = getattr(p, "keberatan", None)
        baris.append(
            BarisPenilaian(
                penilaian=p,
                capaian=capaian,
                capaian_dari=dari,
                jumlah_pembinaan=p.jumlah_pembinaan,
                keberatan=keberatan,
                keberatan_bisa=owner and keberatan is None and keberatan_masalah(p, hari) is None,
                terbuka=today <= p.batas_efektif,
            )
        )
    keys = [kunci_duplikat(p) for p in rows]
    return HalamanPenilaianSkp(
        skp=skp,
        unit_induk=unit_induk(chain),
        baris=baris,
        periode_pilihan=periode_untuk_skp(skp, {(p.periode_id, p.tahun) for p in rows}) if owner else [],
        duplikat=len(keys) != len(set(keys)),
    )


# --- Rencana Aksi and Pengisian ---------------------------------------------------------------------------------


@dataclass
class BarisIndikator:
    indikator: Indikator
    bukti: list[BuktiDukung] = field(default_factory=list)
    realisasi: Realisasi | None = None
    feedback: FeedbackIndikator | None = None


@dataclass
class BarisRhk:
    rhk: Rhk
    rencana_aksi: list[RencanaAksi]
    indikator: list[BarisIndikator]
    terbuka: bool  # bukti dukung and realisasi may be filled (a rencana aksi exists, or the Final period)


@dataclass
class BarisPerilaku:
    nomor: int
    nilai: str
    perilaku: tuple[str, ...]
    ekspektasi: str
    feedback: FeedbackPerilaku | None
    rekan: list[FeedbackRekan]


@dataclass
class DataPengisian:
    penilaian: Penilaian
    utama: list[BarisRhk]
    tambahan: list[BarisRhk]
    perilaku: list[BarisPerilaku]

    @property
    def kelompok(self) -> list[tuple[str, list[BarisRhk]]]:
        return [("Utama", self.utama), ("Tambahan", self.tambahan)]

    @property
    def tanpa_rencana_aksi(self) -> bool:
        return any(not b.terbuka for b in self.utama + self.tambahan)


def rhk_skp(skp: Skp) -> list[Rhk]:
    """The SKP's RHK with their indicators, in order. Two queries."""
    return list(
        Rhk.objects.filter(skp=skp)
        .select_related("rhk_atasan")
        .prefetch_related(Prefetch("indikator", queryset=Indikator.objects.order_by("urutan", "id")))
        .order_by("urutan", "id")
    )


def rencana_aksi_per_rhk(penilaian: Penilaian) -> dict[int, list[RencanaAksi]]:
    result: dict[int, list[RencanaAksi]] = {}
    for item in RencanaAksi.objects.filter(penilaian=penilaian).order_by("id"):
        result.setdefault(item.rhk_id, []).append(item)
    return result


def data_rencana_aksi(penilaian: Penilaian) -> list[tuple[Rhk, list[RencanaAksi]]]:
    """The Rencana Aksi page: every RHK (utama first) with its rencana aksi. Three queries."""
    per_rhk = rencana_aksi_per_rhk(penilaian)
    rhk = rhk_skp(penilaian.skp)
    ordered = [r for r in rhk if r.jenis == JenisRhk.UTAMA] + [r for r in rhk if r.jenis != JenisRhk.UTAMA]
    return [(r, per_rhk.get(r.pk, [])) for r in ordered]


def data_pengisian(
    penilaian: Penilaian, dengan_rekan: bool = False, dengan_rencana_aksi: bool = True
) -> DataPengisian:
    """Everything the Pengisian page shows. Eight queries (nine with the colleagues' feedback, seven without the
    rencana aksi: the page of a Final period shows none)."""
    per_rhk = rencana_aksi_per_rhk(penilaian) if dengan_rencana_aksi else {}
    bukti: dict[int, list[BuktiDukung]] = {}
    for item in BuktiDukung.objects.filter(penilaian=penilaian).order_by("id"):
        bukti.setdefault(item.indikator_id, []).append(item)
    realisasi = {r.indikator_id: r for r in Realisasi.objects.filter(penilaian=penilaian).order_by()}
    feedback = {f.indikator_id: f for f in FeedbackIndikator.objects.filter(penilaian=penilaian).order_by()}
    groups: dict[str, list[BarisRhk]] = {JenisRhk.UTAMA: [], JenisRhk.TAMBAHAN: []}
    for rhk in rhk_skp(penilaian.skp):
        rows = [
            BarisIndikator(ind, bukti.get(ind.pk, []), realisasi.get(ind.pk), feedback.get(ind.pk))
            for ind in rhk.indikator.all()
        ]
        ra = per_rhk.get(rhk.pk, [])
        groups.setdefault(rhk.jenis, []).append(BarisRhk(rhk, ra, rows, penilaian.is_final or bool(ra)))
    return DataPengisian(
        penilaian=penilaian,
        utama=groups[JenisRhk.UTAMA],
        tambahan=groups[JenisRhk.TAMBAHAN],
        perilaku=perilaku_rows(penilaian, dengan_rekan=dengan_rekan),
    )


def perilaku_rows(penilaian: Penilaian, dengan_rekan: bool = True) -> list[BarisPerilaku]:
    """The 7 core values with the leader's expectation, the assessor's feedback and (optionally) colleagues'."""
    ekspektasi = {
        e.nilai: e.teks for e in EkspektasiPimpinan.objects.filter(skp_id=penilaian.skp_id).order_by()
    }
    feedback = {f.nilai: f for f in FeedbackPerilaku.objects.filter(penilaian=penilaian).order_by()}
    rekan = feedback_rekan_untuk(penilaian.skp) if dengan_rekan else {}
    return [
        BarisPerilaku(i, nilai, perilaku, ekspektasi.get(i, ""), feedback.get(i), rekan.get(i, []))
        for i, (nilai, perilaku) in enumerate(skp_rules.BERAKHLAK, start=1)
    ]


def feedback_rekan_untuk(skp: Skp | int) -> dict[int, list[FeedbackRekan]]:
    """Colleagues' comments on an SKP by core value (1..7), each with its giver (`pemberi`). One query."""
    result: dict[int, list[FeedbackRekan]] = {i: [] for i in range(1, len(skp_rules.BERAKHLAK) + 1)}
    skp_id = getattr(skp, "pk", skp)
    for item in (
        FeedbackRekan.objects.filter(skp_id=skp_id).select_related("pemberi").order_by("nilai", "dibuat_pada")
    ):
        result.setdefault(item.nilai, []).append(item)
    return result


# --- Feedback Perilaku rekan kerja ------------------------------------------------------------------------------


def cari_rekan(pemberi: Pegawai, nip: str) -> Pegawai | None:
    """A colleague by NIP in the giver's instansi (not the giver)."""
    nip = (nip or "").strip()
    if not nip:
        return None
    return (
        Pegawai.objects.filter(instansi_id=pemberi.instansi_id, nip=nip, aktif=True)
        .exclude(pk=pemberi.pk)
        .select_related("jabatan", "unit_kerja")
        .first()
    )


def skp_rekan(rekan: Pegawai) -> list[Skp]:
    return list(skp_base().filter(pegawai=rekan).order_by("-periode_awal", "-id"))


def skp_rekan_or_404(pemberi: Pegawai, pk: int) -> Skp:
    """A colleague's SKP: same instansi, not the giver's own. Else 404."""
    skp = skp_base().filter(pk=pk, instansi_id=pemberi.instansi_id).exclude(pegawai=pemberi).first()
    if skp is None:
        raise Http404("SKP tidak ditemukan.")
    return skp


def feedback_saya(pemberi: Pegawai, skp: Skp) -> dict[int, FeedbackRekan]:
    return {f.nilai: f for f in FeedbackRekan.objects.filter(skp=skp, pemberi=pemberi)}


# --- Keberatan -----------------------------------------------------------------------------------------------------


def keberatan_untuk_atasan(user, status: str = StatusKeberatan.DIAJUKAN) -> QuerySet[Keberatan]:
    """The objections the user decides as atasan pejabat penilai (paginate it). Constant queries per page."""
    return (
        Keberatan.objects.filter(atasan__user_id=user.pk, status=status)
        .select_related("penilaian__skp", "penilaian__periode")
        .order_by("diajukan_pada", "id")
    )


def keberatan_or_404(user, pk: int) -> Keberatan:
    """A keberatan for its atasan, its owner, the period's assessor and the instansi's admin. Else 404."""
    keberatan = (
        Keberatan.objects.select_related(
            "atasan",
            "penilaian__skp__pegawai",
            "penilaian__skp__instansi",
            "penilaian__periode",
            "penilaian__penilai",
        )
        .filter(pk=pk)
        .first()
    )
    if keberatan is None:
        raise Http404("Keberatan tidak ditemukan.")
    penilaian = keberatan.penilaian
    penilaian.keberatan = keberatan
    if not (user.has_perm("penilaian.view", penilaian) or _is_keberatan_atasan(user, penilaian)):
        raise Http404("Keberatan tidak ditemukan.")
    return keberatan

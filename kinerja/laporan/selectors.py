"""Keluaran kinerja per NIP per year (RULES.md §3, SPEC.md §5): the final predikat, both ratings, the numeric
values other systems consume and, for JF, the angka kredit per SKP period. Reads only, with the rights built in
and a constant number of queries whatever the number of employees (see docs/keluaran.md).

Which assessment is "the" final one (RULES.md §4: "The Final assessment uses the last period of the year"): the
Final-period Penilaian of the person's last definitive SKP of the year (latest `periode_awal`, then id). PLT SKPs
never count. When that SKP has no rated Final period yet, the year has no final predikat.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from kinerja.core.errors import PermissionDeniedError
from kinerja.org.atasan import rantai_atasan
from kinerja.org.models import Instansi, JenisJabatan, Pegawai, Peran, UnitKerja
from kinerja.org.permissions import is_admin_of
from kinerja.penilaian import rules as penilaian_rules
from kinerja.penilaian.models import Keberatan, Penilaian
from kinerja.skp import rules as skp_rules
from kinerja.skp.models import Skp

from . import rules
from .models import PengaturanKeluaran

# --- Settings ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pengaturan:
    kode_rating: dict[str, int]
    nilai_predikat: dict[str, int]


BAWAAN = Pengaturan(dict(rules.KODE_RATING_BAWAAN), dict(rules.NILAI_PREDIKAT_BAWAAN))


def pengaturan_map(instansi_ids: Iterable[int]) -> dict[int, Pengaturan]:
    """The settings of each instansi (defaults where there is no row or no key). One query."""
    ids = set(instansi_ids)
    result = dict.fromkeys(ids, BAWAAN)
    for row in PengaturanKeluaran.objects.filter(instansi_id__in=ids):
        result[row.instansi_id] = Pengaturan(row.kode_rating_efektif, row.nilai_predikat_efektif)
    return result


def pengaturan_untuk(instansi_id: int) -> Pengaturan:
    return pengaturan_map([instansi_id])[instansi_id]


# --- Rows --------------------------------------------------------------------------------------------------------


@dataclass
class PeriodeAk:
    """One SKP period of the year with the months it counts, its own predikat and the angka kredit."""

    skp: Skp
    predikat: str  # "" when not rated yet
    sumber: str  # which assessment gave the predikat: "Final" or the periodic period's name
    bulan: int = 0
    angka_kredit: Decimal | None = None

    @property
    def predikat_label(self) -> str:
        return penilaian_rules.PREDIKAT_LABEL.get(self.predikat, "Belum dinilai")

    @property
    def persentase(self) -> Decimal | None:
        return rules.PERSENTASE_AK.get(self.predikat)


@dataclass
class Keluaran:
    pegawai: Pegawai
    tahun: int
    final: Penilaian | None
    periode: list[PeriodeAk] = field(default_factory=list)
    pengaturan: Pengaturan = BAWAAN

    @property
    def predikat(self) -> str:
        return self.final.predikat if self.final else ""

    @property
    def predikat_label(self) -> str:
        return penilaian_rules.PREDIKAT_LABEL.get(self.predikat, "Belum dinilai")

    @property
    def rating_hasil_kerja(self) -> str:
        return self.final.rating_hasil_kerja if self.final else ""

    @property
    def rating_perilaku(self) -> str:
        return self.final.rating_perilaku if self.final else ""

    @property
    def kode_hasil_kerja(self) -> int | None:
        return rules.kode_rating(self.rating_hasil_kerja, self.pengaturan.kode_rating)

    @property
    def kode_perilaku(self) -> int | None:
        return rules.kode_rating(self.rating_perilaku, self.pengaturan.kode_rating)

    @property
    def nilai(self) -> int | None:
        return rules.nilai_predikat(self.predikat, self.pengaturan.nilai_predikat)

    @property
    def indeks_profesionalitas(self) -> Decimal | None:
        return rules.indeks_profesionalitas(self.nilai)

    @property
    def kuadran(self) -> int | None:
        return rules.kuadran(self.predikat)

    @property
    def status_keberatan(self) -> str:
        keberatan = getattr(self.final, "keberatan", None) if self.final else None
        return keberatan.status if keberatan else ""

    @property
    def skp_final(self) -> Skp | None:
        return self.periode[-1].skp if self.periode else None

    @property
    def jabatan(self):
        return self.pegawai.jabatan

    @property
    def is_jf(self) -> bool:
        return bool(self.jabatan and self.jabatan.jenis == JenisJabatan.JF)

    @property
    def jenjang(self) -> str | None:
        """The jenjang key of the employee's JF (from their current jabatan), or None."""
        return rules.jenjang_key(self.jabatan.jenjang) if self.is_jf else None

    @property
    def jenjang_label(self) -> str:
        return rules.JENJANG_LABEL.get(self.jenjang or "", "")

    @property
    def koefisien(self) -> Decimal | None:
        return rules.KOEFISIEN.get(self.jenjang or "")

    @property
    def angka_kredit(self) -> Decimal | None:
        """The sum over the year's periods that have an angka kredit; None for non-JF or nothing rated."""
        values = [p.angka_kredit for p in self.periode if p.angka_kredit is not None]
        return sum(values, Decimal("0.00")) if values else None


def _predikat_skp(skp: Skp, tahun: int) -> tuple[str, str, Penilaian | None]:
    """(predikat, source, final penilaian) of one SKP period: its rated Final period; else its latest rated
    periodic period; the Final Penilaian row itself (rated preferred) for the year's final."""
    rows = [p for p in skp.penilaian.all() if p.tahun == tahun]
    finals = [p for p in rows if p.periode.jenis == penilaian_rules.FINAL]
    finals.sort(key=lambda p: (bool(p.predikat), p.dinilai_pada is not None, p.dinilai_pada or 0, p.pk))
    final = finals[-1] if finals else None
    if final and final.predikat:
        return final.predikat, "Final", final
    periodik = sorted(
        (p for p in rows if p.periode.jenis != penilaian_rules.FINAL and p.predikat),
        key=lambda p: (p.akhir, p.pk),
    )
    if periodik:
        return periodik[-1].predikat, periodik[-1].periode.nama, final
    return "", "", final


def _susun(pegawai: Pegawai, tahun: int, skps: list[Skp], pengaturan: Pengaturan) -> Keluaran:
    skps = sorted(skps, key=lambda s: (s.periode_awal, s.pk))
    bulan = rules.bulan_per_periode([(s.periode_awal, s.periode_akhir) for s in skps], tahun)
    keluaran = Keluaran(pegawai=pegawai, tahun=tahun, final=None, pengaturan=pengaturan)
    final = None
    for skp, n in zip(skps, bulan, strict=True):
        predikat, sumber, final = _predikat_skp(skp, tahun)
        baris = PeriodeAk(skp=skp, predikat=predikat, sumber=sumber, bulan=n)
        keluaran.periode.append(baris)
    keluaran.final = final  # the last SKP's Final period
    jenjang = keluaran.jenjang
    for baris in keluaran.periode:
        baris.angka_kredit = rules.angka_kredit(baris.predikat or None, jenjang, baris.bulan)
    return keluaran


def _skp_tahun_qs() -> QuerySet[Skp]:
    penilaian = Penilaian.objects.select_related("periode", "keberatan").order_by("id")
    return (
        Skp.objects.filter(status_pegawai=skp_rules.DEFINITIF)
        .select_related("unit_kerja")
        .prefetch_related(Prefetch("penilaian", queryset=penilaian))
        .order_by("periode_awal", "id")
    )


def keluaran_untuk(pegawai_list: list[Pegawai], tahun: int) -> list[Keluaran]:
    """One Keluaran per employee for the year, in the given order. Three queries, whatever the number."""
    by_pegawai: dict[int, list[Skp]] = defaultdict(list)
    ids = [p.pk for p in pegawai_list]
    if ids:
        for skp in _skp_tahun_qs().filter(pegawai_id__in=ids, periode_awal__year=tahun):
            by_pegawai[skp.pegawai_id].append(skp)
    settings = pengaturan_map(p.instansi_id for p in pegawai_list)
    return [_susun(p, tahun, by_pegawai[p.pk], settings[p.instansi_id]) for p in pegawai_list]


def keluaran_semua_tahun(pegawai: Pegawai) -> list[Keluaran]:
    """Every year with a definitive SKP of the employee, newest first (the Angka Kredit page). Three queries."""
    by_tahun: dict[int, list[Skp]] = defaultdict(list)
    for skp in _skp_tahun_qs().filter(pegawai=pegawai):
        by_tahun[skp.periode_awal.year].append(skp)
    pengaturan = pengaturan_untuk(pegawai.instansi_id)
    return [_susun(pegawai, tahun, by_tahun[tahun], pengaturan) for tahun in sorted(by_tahun, reverse=True)]


# --- Access ------------------------------------------------------------------------------------------------------


def pegawai_base() -> QuerySet[Pegawai]:
    return Pegawai.objects.select_related("jabatan", "unit_kerja", "instansi")


def boleh_lihat(user, pegawai: Pegawai) -> bool:
    """The employee; their assessor chain (the pejabat penilai frozen on any of their SKPs or periods, the atasan
    pejabat penilai deciding a keberatan, today's pejabat penilai and atasan pejabat penilai); the admin of their
    instansi; the national admin."""
    if not user or not user.is_authenticated:
        return False
    if pegawai.user_id == user.pk or (user.peran != Peran.PEGAWAI and is_admin_of(user, pegawai)):
        return True
    saya = Pegawai.objects.filter(user_id=user.pk).values_list("pk", flat=True).first()
    if saya is None:
        return False
    frozen = (
        Skp.objects.filter(pegawai=pegawai, penilai_id=saya).exists()
        or Penilaian.objects.filter(skp__pegawai=pegawai, penilai_id=saya).exists()
        or Keberatan.objects.filter(penilaian__skp__pegawai=pegawai, atasan_id=saya).exists()
    )
    if frozen:
        return True
    rantai = rantai_atasan(pegawai)
    atasan = [rantai.pejabat_penilai.pegawai]
    if rantai.atasan_pejabat_penilai:
        atasan.append(rantai.atasan_pejabat_penilai.pegawai)
    return any(a is not None and a.pk == saya for a in atasan)


def pegawai_or_404(user, nip: str) -> Pegawai:
    """The employee with this NIP if the user may see their outputs; 404 otherwise (no hint that it exists)."""
    pegawai = pegawai_base().filter(nip=nip).first()
    if pegawai is None or not boleh_lihat(user, pegawai):
        raise Http404("Pegawai tidak ditemukan.")
    return pegawai


def keluaran_pegawai(user, nip: str, tahun: int) -> Keluaran:
    return keluaran_untuk([pegawai_or_404(user, nip)], tahun)[0]


# --- The instansi's list (admin, API key) ------------------------------------------------------------------------


def _final_penilaian(tahun: int) -> QuerySet[Penilaian]:
    """Rated Final periods of the year that sit on the person's last definitive SKP of that year."""
    later = Skp.objects.filter(
        pegawai_id=OuterRef("skp__pegawai_id"),
        status_pegawai=skp_rules.DEFINITIF,
        periode_awal__year=tahun,
    ).filter(
        Q(periode_awal__gt=OuterRef("skp__periode_awal"))
        | Q(periode_awal=OuterRef("skp__periode_awal"), pk__gt=OuterRef("skp_id"))
    )
    return (
        Penilaian.objects.filter(
            periode__jenis=penilaian_rules.FINAL,
            tahun=tahun,
            skp__status_pegawai=skp_rules.DEFINITIF,
            skp__periode_awal__year=tahun,
        )
        .exclude(predikat="")
        .filter(~Exists(later))
    )


def pegawai_dengan_final(
    *,
    user,
    tahun: int,
    q: str = "",
    instansi: Instansi | None = None,
    unit: UnitKerja | None = None,
    sub_unit: bool = False,
) -> QuerySet[Pegawai]:
    """Employees with a rated final assessment in the year on an SKP of the admin's instansi (the national admin:
    every instansi, or the one chosen). Filters: NIP / nama, the unit kerja of that SKP (and its sub units)."""
    if user.peran == Peran.ADMIN_NASIONAL:
        finals = _final_penilaian(tahun)
    elif user.peran == Peran.ADMIN_INSTANSI and user.instansi_id:
        finals = _final_penilaian(tahun).filter(skp__instansi_id=user.instansi_id)
    else:
        raise PermissionDeniedError("Hanya admin instansi yang dapat melihat keluaran kinerja instansi.")
    if instansi is not None:
        finals = finals.filter(skp__instansi=instansi)
    if unit is not None:
        finals = (
            finals.filter(skp__unit_kerja__path__startswith=unit.path)
            if sub_unit
            else finals.filter(skp__unit_kerja=unit)
        )
    qs = pegawai_base().filter(Exists(finals.filter(skp__pegawai_id=OuterRef("pk"))))
    q = (q or "").strip()
    if q:
        qs = qs.filter(nip__startswith=q) if q.isdigit() else qs.filter(nama__icontains=q)
    return qs.order_by("nama", "nip")


class DaftarKeluaran:
    """A lazy list of Keluaran over a Pegawai queryset: `count()` is one query, a slice builds its rows in four.

    Works with django.core.paginator.Paginator and ninja's PageNumberPagination alike."""

    def __init__(self, pegawai: QuerySet[Pegawai], tahun: int):
        self.pegawai = pegawai
        self.tahun = tahun

    def count(self) -> int:
        return self.pegawai.count()

    def __len__(self) -> int:
        return self.count()

    def all(self) -> DaftarKeluaran:
        return self

    def __getitem__(self, key):
        if isinstance(key, slice):
            return keluaran_untuk(list(self.pegawai[key]), self.tahun)
        return keluaran_untuk([self.pegawai[key]], self.tahun)[0]

    def __iter__(self):
        """Everything, in chunks of 500 employees (the Excel download)."""
        total = self.count()
        for start in range(0, total, 500):
            yield from self[start : start + 500]


def daftar_keluaran(*, user, tahun: int, **filters) -> DaftarKeluaran:
    return DaftarKeluaran(pegawai_dengan_final(user=user, tahun=tahun, **filters), tahun)


def tahun_pilihan(user) -> list[int]:
    """Years with a Final period in the admin's scope, newest first (one query)."""
    qs = Penilaian.objects.filter(periode__jenis=penilaian_rules.FINAL)
    if user.peran != Peran.ADMIN_NASIONAL:
        qs = qs.filter(skp__instansi_id=user.instansi_id)
    return sorted(set(qs.values_list("tahun", flat=True).distinct()), reverse=True)

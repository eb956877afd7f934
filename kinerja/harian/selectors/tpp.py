"""The monthly kinerja score for TPP: computed live (set-based, a constant number of queries whatever the number of
people) while a month is open, read from NilaiTppBulanan once it is closed."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.http import Http404

from kinerja.org.models import Pegawai, UnitKerja
from kinerja.org.permissions import is_admin_of
from kinerja.skp.models import Indikator, Skp, Status

from .. import rules
from ..models import CatatanHarian, NilaiTppBulanan, PengaturanHarian, RealisasiBulanan, TargetBulanan
from ..services.common import bulan_ditutup, bulan_ditutup_set

SETUJU = rules.SETUJU


def rentang_bulan(tahun: int, bulan: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(tahun, bulan, 1), datetime.date(tahun, bulan, calendar.monthrange(tahun, bulan)[1])


def angka(value: Decimal | None) -> str | None:
    """A decimal as stored in `rincian` and shown: `12`, `2.5`, or None."""
    if value is None:
        return None
    text = f"{value.quantize(rules.DUA_DESIMAL):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def tampil(rincian: list[dict]) -> list[dict]:
    """`rincian` for a page: numbers with the Indonesian decimal comma."""
    keys = ("target", "realisasi", "capaian")
    return [{**r, **{k: r[k].replace(".", ",") for k in keys if r.get(k) is not None}} for r in rincian]


@dataclass
class Hasil:
    nilai: Decimal | None = None
    rincian: list[dict] = field(default_factory=list)


def _pegawai_filter(pegawai) -> Q:
    """`pegawai`: a Pegawai queryset (used as a subquery) or a list of ids."""
    if isinstance(pegawai, QuerySet):
        return Q(rhk__skp__pegawai_id__in=pegawai.values("pk"))
    return Q(rhk__skp__pegawai_id__in=list(pegawai))


def hitung(pegawai, tahun: int, daftar_bulan: list[int], pengaturan: PengaturanHarian) -> dict:
    """Scores of many people for some months of one year: {(pegawai_id, bulan): Hasil}. Three or four queries.

    Indicators of the people's approved definitive SKPs covering each month; target = TargetBulanan of the month;
    realisasi = sum of SETUJU daily entries dated in the month, or the RealisasiBulanan override where the instansi
    allows manual realisation. Combined by rules.nilai_tpp with the instansi's settings.
    """
    if not daftar_bulan:
        return {}
    awal = rentang_bulan(tahun, min(daftar_bulan))[0]
    akhir = rentang_bulan(tahun, max(daftar_bulan))[1]
    indikator_qs = Indikator.objects.filter(
        _pegawai_filter(pegawai),
        rhk__skp__status=Status.PERSETUJUAN,
        rhk__skp__status_pegawai="DEFINITIF",
        rhk__skp__periode_awal__lte=akhir,
        rhk__skp__periode_akhir__gte=awal,
    )
    indikator = list(
        indikator_qs.values(
            "pk",
            "teks",
            "target_satuan",
            "rhk__jenis",
            "rhk__skp__pegawai_id",
            "rhk__skp__periode_awal",
            "rhk__skp__periode_akhir",
        ).order_by("rhk__skp__periode_awal", "-rhk__jenis", "rhk__urutan", "rhk_id", "urutan", "pk")
    )
    hasil: dict[tuple[int, int], Hasil] = defaultdict(Hasil)
    if not indikator:
        return hasil
    ids = indikator_qs.values("pk")
    target = {
        (i, b): t
        for i, b, t in TargetBulanan.objects.filter(indikator_id__in=ids, bulan__in=daftar_bulan).values_list(
            "indikator_id", "bulan", "target"
        )
    }
    jumlah = {
        (row["indikator_id"], row["bulan"]): row["total"]
        for row in CatatanHarian.objects.filter(
            indikator_id__in=ids, status=SETUJU, tanggal__gte=awal, tanggal__lte=akhir
        )
        .annotate(bulan=ExtractMonth("tanggal"))
        .values("indikator_id", "bulan")
        .annotate(total=Sum("realisasi"))
        .order_by()
    }
    manual = {}
    if pengaturan.realisasi_bulanan_diubah:
        manual = {
            (i, b): n
            for i, b, n in RealisasiBulanan.objects.filter(
                indikator_id__in=ids, bulan__in=daftar_bulan
            ).values_list("indikator_id", "bulan", "nilai")
        }
    items: dict[tuple[int, int], list] = defaultdict(list)
    for bulan in daftar_bulan:
        m_awal, m_akhir = rentang_bulan(tahun, bulan)
        for ind in indikator:
            if ind["rhk__skp__periode_awal"] > m_akhir or ind["rhk__skp__periode_akhir"] < m_awal:
                continue
            key = (ind["pk"], bulan)
            t = target.get(key)
            is_manual = key in manual
            real = manual[key] if is_manual else jumlah.get(key, Decimal(0))
            jenis = ind["rhk__jenis"]
            c = rules.capaian(real, t, pengaturan.batas_capaian)
            pid = ind["rhk__skp__pegawai_id"]
            items[(pid, bulan)].append((jenis, real, t))
            hasil[(pid, bulan)].rincian.append(
                {
                    "indikator_id": ind["pk"],
                    "teks": ind["teks"],
                    "jenis": jenis,
                    "satuan": ind["target_satuan"],
                    "target": angka(t),
                    "realisasi": angka(real),
                    "manual": is_manual,
                    "capaian": angka(c),
                }
            )
    for key, values in items.items():
        hasil[key].nilai = rules.nilai_tpp(
            values,
            rumus=pengaturan.rumus_tpp,
            batas=pengaturan.batas_capaian,
            bobot_utama=pengaturan.bobot_utama,
        )
    return hasil


# --- One person: the months of a year ---------------------------------------------------------------------------


@dataclass
class NilaiBulan:
    bulan: int
    nama: str
    nilai: Decimal | None
    rincian: list[dict]
    ditutup: bool
    berjalan: bool  # the month has started (today is on or after its first day)

    @property
    def rincian_tampil(self) -> list[dict]:
        return tampil(self.rincian)


def nilai_tahun(pegawai: Pegawai, tahun: int, pengaturan: PengaturanHarian, hari_ini: datetime.date):
    """The twelve months of a year for one person: closed months from NilaiTppBulanan, open ones live."""
    ditutup = bulan_ditutup_set(pegawai.instansi_id, tahun)
    beku = {
        n.bulan: n for n in NilaiTppBulanan.objects.filter(pegawai=pegawai, tahun=tahun, bulan__in=ditutup)
    }
    terbuka = [b for b in range(1, 13) if b not in ditutup and datetime.date(tahun, b, 1) <= hari_ini]
    live = hitung([pegawai.pk], tahun, terbuka, pengaturan)
    result = []
    for b in range(1, 13):
        berjalan = datetime.date(tahun, b, 1) <= hari_ini
        if b in ditutup:
            n = beku.get(b)
            result.append(
                NilaiBulan(b, rules.BULAN[b - 1], n.nilai if n else None, n.rincian if n else [], True, True)
            )
        else:
            h = live.get((pegawai.pk, b)) or Hasil()
            result.append(NilaiBulan(b, rules.BULAN[b - 1], h.nilai, h.rincian, False, berjalan))
    return result


def nilai_satu(pegawai: Pegawai, tahun: int, bulan: int, pengaturan: PengaturanHarian) -> tuple:
    """(nilai, rincian, ditutup) of one person in one month."""
    if bulan_ditutup(pegawai.instansi_id, tahun, bulan):
        n = NilaiTppBulanan.objects.filter(pegawai=pegawai, tahun=tahun, bulan=bulan).first()
        return (n.nilai, n.rincian, True) if n else (None, [], True)
    h = hitung([pegawai.pk], tahun, [bulan], pengaturan).get((pegawai.pk, bulan)) or Hasil()
    return h.nilai, h.rincian, False


# --- The instansi list (Rekap TPP Bulanan, Unduh Excel, API) ----------------------------------------------------


@dataclass
class BarisTpp:
    pegawai: Pegawai
    nilai: Decimal | None
    rincian: list[dict]
    ditutup: bool

    @property
    def rincian_tampil(self) -> list[dict]:
        return tampil(self.rincian)


def _filter_pegawai(qs, prefix: str, q: str, unit: UnitKerja | None, sub_unit: bool):
    if q:
        qs = (
            qs.filter(**{f"{prefix}nip__startswith": q})
            if q.isdigit()
            else qs.filter(**{f"{prefix}nama__icontains": q})
        )
    if unit is not None:
        if sub_unit:
            qs = qs.filter(**{f"{prefix}unit_kerja__path__startswith": unit.path})
        else:
            qs = qs.filter(**{f"{prefix}unit_kerja_id": unit.pk})
    return qs


class DaftarTpp:
    """A lazy, sliceable list of BarisTpp: a page costs the same few queries whatever its size (Paginator and
    ninja's @paginate both slice it and call count())."""

    def __init__(self, *, instansi, tahun: int, bulan: int, pengaturan: PengaturanHarian, ditutup: bool, qs):
        self.instansi, self.tahun, self.bulan = instansi, tahun, bulan
        self.pengaturan, self.ditutup, self.qs = pengaturan, ditutup, qs

    def all(self):
        return self

    def count(self) -> int:
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def _baris(self, rows: list) -> list[BarisTpp]:
        if self.ditutup:
            return [BarisTpp(n.pegawai, n.nilai, n.rincian, True) for n in rows]
        hasil = hitung([p.pk for p in rows], self.tahun, [self.bulan], self.pengaturan)
        out = []
        for p in rows:
            h = hasil.get((p.pk, self.bulan)) or Hasil()
            out.append(BarisTpp(p, h.nilai, h.rincian, False))
        return out

    def __getitem__(self, key):
        if isinstance(key, slice):
            return self._baris(list(self.qs[key]))
        return self._baris([self.qs[key]])[0]

    def semua(self) -> list[BarisTpp]:
        """Every row (Unduh Excel): one computation over the whole filtered set."""
        rows = list(self.qs)
        if self.ditutup:
            return self._baris(rows)
        hasil = hitung(self.qs, self.tahun, [self.bulan], self.pengaturan)
        return [
            BarisTpp(p, (h := hasil.get((p.pk, self.bulan)) or Hasil()).nilai, h.rincian, False) for p in rows
        ]


def daftar_tpp(
    *, instansi, tahun: int, bulan: int, q: str = "", unit: UnitKerja | None = None, sub_unit: bool = False
) -> DaftarTpp:
    """The instansi's people with their score of the month. Open month: the active employees, live. Closed
    month: the frozen rows made when it was closed."""
    pengaturan = PengaturanHarian.objects.filter(instansi=instansi).first() or PengaturanHarian(
        instansi=instansi
    )
    ditutup = bulan_ditutup(instansi.pk, tahun, bulan)
    if ditutup:
        qs = NilaiTppBulanan.objects.filter(instansi=instansi, tahun=tahun, bulan=bulan).select_related(
            "pegawai__unit_kerja", "pegawai__jabatan"
        )
        qs = _filter_pegawai(qs, "pegawai__", q, unit, sub_unit).order_by("pegawai__nama", "pegawai_id")
    else:
        qs = Pegawai.objects.filter(instansi=instansi, aktif=True).select_related("unit_kerja", "jabatan")
        qs = _filter_pegawai(qs, "", q, unit, sub_unit).order_by("nama", "pk")
    return DaftarTpp(
        instansi=instansi, tahun=tahun, bulan=bulan, pengaturan=pengaturan, ditutup=ditutup, qs=qs
    )


def pegawai_tpp_or_404(user, nip: str, instansi=None) -> Pegawai:
    """One person whose monthly score `user` may read: themself, an admin of their instansi (or an API key of
    it), the admin nasional, or the pejabat penilai of one of their SKPs. Anyone else: 404."""
    p = Pegawai.objects.select_related("instansi", "unit_kerja", "jabatan").filter(nip=nip).first()
    if p is None:
        raise Http404
    if instansi is not None and p.instansi_id != instansi.pk:
        raise Http404
    if p.user_id == user.pk or is_admin_of(user, p):
        return p
    if Skp.objects.filter(pegawai=p, penilai__user_id=user.pk).exists():
        return p
    raise Http404

"""CKHP (Catatan Kinerja Harian Pegawai): the caller's own daily entries — list, add (Konsep) and Kirim Kinerja
Harian. The same services and selectors as the web page (kinerja/harian/services/ckhp.py). The caller must be an
employee of an instansi with kinerja harian on; otherwise every endpoint is a 404."""

import datetime
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kinerja.harian.pengaturan import aktif_or_404
from kinerja.harian.selectors import ckhp as selectors
from kinerja.harian.services import ckhp as services
from kinerja.skp.models import Indikator

from ..auth import actor
from ..errors import ErrorOut
from ..schemas import Halaman, Teks
from .penilaian import bidang

router = Router(tags=["Kinerja Harian"])

ERR = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class CatatanOut(Schema):
    id: int
    skp_id: int
    indikator_id: int
    indikator: str
    jenis: str
    aspek: str
    satuan: str
    tanggal: datetime.date
    uraian: str
    realisasi: float
    bukti_link: str
    status: str
    catatan_pemeriksa: str
    dikirim_pada: datetime.datetime | None
    diperiksa_pada: datetime.datetime | None

    @staticmethod
    def resolve_indikator(obj) -> str:
        return obj.indikator.teks

    @staticmethod
    def resolve_jenis(obj) -> str:
        return obj.indikator.rhk.jenis

    @staticmethod
    def resolve_aspek(obj) -> str:
        return obj.indikator.aspek

    @staticmethod
    def resolve_satuan(obj) -> str:
        return obj.indikator.target_satuan

    @staticmethod
    def resolve_realisasi(obj) -> float:
        return float(obj.realisasi)


class CatatanIn(Schema):
    skp_id: int
    indikator_id: int
    tanggal: datetime.date
    uraian: Teks(2000)
    realisasi: Decimal
    bukti_link: Teks(1000) = ""


class KirimIn(Schema):
    catatan_id: list[int] = Field(..., min_length=1, max_length=500)


class Filter(Schema):
    skp: int | None = None
    tahun: int | None = Field(None, ge=2000, le=2100)
    bulan: int | None = Field(None, ge=1, le=12)
    status: str | None = None


def _pegawai(user):
    """The caller's employee record with the feature on; else 404 (API keys' service accounts have none)."""
    try:
        pegawai = user.pegawai
    except ObjectDoesNotExist:
        pegawai = None
    if pegawai is None:
        raise Http404("Kinerja harian hanya untuk pegawai.")
    aktif_or_404(pegawai.instansi_id)
    return pegawai


@router.get("", response={200: list[CatatanOut], **ERR}, summary="Daftar catatan kinerja harian saya")
@paginate(Halaman)
def catatan_list(request, filters: Query[Filter]):
    user = actor(request)
    _pegawai(user)
    qs = selectors.catatan_pemilik(user)
    if filters.skp:
        qs = qs.filter(skp_id=filters.skp)
    if filters.tahun:
        qs = qs.filter(tanggal__year=filters.tahun)
    if filters.bulan:
        qs = qs.filter(tanggal__month=filters.bulan)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.order_by("-tanggal", "-id")


@router.post("", response={201: CatatanOut, **ERR}, summary="Tambah catatan kinerja harian (Konsep)")
def catatan_tambah(request, payload: CatatanIn):
    """Rules as on the page: the SKP approved, the date within the SKP, not in the future and not more days back
    than the instansi allows, the month not closed."""
    user = actor(request)
    _pegawai(user)
    skp = selectors.skp_pemilik(user).filter(pk=payload.skp_id).first()
    if skp is None:
        raise Http404("SKP tidak ditemukan di daftar SKP Anda yang sudah disetujui.")
    with bidang(indikator="indikator_id"):
        c = services.catatan_tambah(
            actor=user,
            skp=skp,
            indikator=Indikator(
                pk=payload.indikator_id
            ),  # the service loads it and checks it belongs to the SKP
            tanggal=payload.tanggal,
            uraian=payload.uraian,
            realisasi=payload.realisasi,
            bukti_link=payload.bukti_link,
        )
    return Status(201, selectors.catatan_pemilik(user).get(pk=c.pk))


@router.post("/kirim", response={200: list[CatatanOut], **ERR}, summary="Kirim Kinerja Harian")
def catatan_kirim(request, payload: KirimIn):
    """Send several entries (Konsep / Dikembalikan) to the pejabat penilai: all or none."""
    user = actor(request)
    _pegawai(user)
    ids = set(payload.catatan_id)
    found = list(selectors.catatan_pemilik(user).filter(pk__in=ids))
    if len(found) != len(ids):
        raise Http404("Catatan kinerja harian tidak ditemukan.")
    services.catatan_kirim(actor=user, catatan_list=found)
    return list(selectors.catatan_pemilik(user).filter(pk__in=ids).order_by("tanggal", "id"))

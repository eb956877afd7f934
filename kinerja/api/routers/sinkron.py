"""Sinkronisasi: Sinkro Profil SIASN, any per-person sync (SIASN / PMM), bulk jobs, the sync log.

The same services as the web pages (kinerja.integrasi.services.*, jobs.sync_func). A system that is not
configured or cannot be reached is a 503 `{"kode": "layanan_tidak_tersedia", "pesan": …}`.
"""

import datetime
import functools

from django.db.models import QuerySet
from django.http import Http404
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.integrasi import jobs
from kinerja.integrasi.clients import NetworkError, NotConfigured, pmm
from kinerja.integrasi.clients import siasn as siasn_client
from kinerja.integrasi.models import (
    SISTEM_OF,
    JenisSinkron,
    JobSinkronisasi,
    LogSinkronisasi,
    PenggunaPmm,
    Sistem,
    StatusLog,
)
from kinerja.integrasi.services import kirim, siasn
from kinerja.org.models import Instansi, Pegawai, Peran
from kinerja.org.selectors import instansi_for_admin, pegawai_for_admin

from ..auth import actor
from ..errors import ErrorOut
from ..schemas import Halaman, Teks

router = Router(tags=["Sinkronisasi"])
ERR = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 503: ErrorOut}
MAX_ID = 2**31 - 1


def _layanan(view):
    """NotConfigured / NetworkError of the remote system → 503 with a clear message."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except (NotConfigured, NetworkError) as exc:
            return Status(503, {"kode": "layanan_tidak_tersedia", "pesan": exc.message, "galat": []})

    return wrapper


# --- schemas ----------------------------------------------------------------------------------------------------


class BarisOut(Schema):
    label: str
    siasn: str
    ekinerja: str
    beda: bool


class UnitOut(Schema):
    nama: str
    id: str


class BandingOut(Schema):
    nip: str
    nama: str
    baris: list[BarisOut]
    unit_siasn: UnitOut
    unit_ekinerja: UnitOut
    unit_beda: bool
    unit_siasn_terdaftar: bool
    pesan_unit: str
    saran_unit: str


class TerapkanIn(Schema):
    pakai_unit_siasn: bool = False


class LogOut(Schema):
    id: int
    nip: str
    nama: str
    sistem: str
    jenis: str
    tahun: int | None
    tipe_skp: str
    status: str
    keterangan: str
    catatan: str
    perbaikan: str
    hasil: dict
    job_id: int | None
    terkini: bool
    dibuat_pada: datetime.datetime


class JobOut(Schema):
    id: int
    instansi_id: int
    jenis: str
    tahun: int | None
    status: str
    total: int
    diproses: int
    berhasil: int
    gagal: int
    persen: int
    percobaan: int
    pesan: str
    dimulai_oleh: str | None
    dibuat_pada: datetime.datetime
    selesai_pada: datetime.datetime | None

    @staticmethod
    def resolve_dimulai_oleh(obj) -> str | None:
        return obj.dimulai_oleh.username if obj.dimulai_oleh_id else None


class JobIn(Schema):
    jenis: JenisSinkron
    tahun: int | None = Field(None, ge=2000, le=2100)
    nip: list[Teks(18)] | None = Field(None, max_length=5000)
    instansi: int | None = Field(None, ge=1, le=MAX_ID)  # the national admin names the instansi


class LogFilter(Schema):
    nip: Teks(18) = ""
    status: StatusLog | None = None
    sistem: Sistem | None = None
    jenis: JenisSinkron | None = None
    tahun: int | None = Field(None, ge=2000, le=2100)
    job: int | None = Field(None, ge=1, le=MAX_ID)
    terkini: bool | None = None


# --- helpers ----------------------------------------------------------------------------------------------------


def _pegawai(user, nip: str) -> Pegawai:
    """The person themself, or (admin) an employee of their instansi; anyone else is a 404."""
    if "\x00" in nip:
        raise Http404("Pegawai tidak ditemukan.")
    qs = pegawai_for_admin(user) if user.is_admin else Pegawai.objects.filter(user_id=user.pk, aktif=True)
    pegawai = qs.select_related("instansi", "unit_kerja", "jabatan").filter(nip=nip).first()
    if pegawai is None:
        raise Http404("Pegawai tidak ditemukan.")
    return pegawai


def _banding_out(b: siasn.Banding) -> dict:
    return {
        "nip": b.pegawai.nip,
        "nama": b.pegawai.nama,
        "baris": [
            {"label": r.label, "siasn": r.siasn, "ekinerja": r.ekinerja, "beda": r.beda} for r in b.baris
        ],
        "unit_siasn": {"nama": b.unit_siasn_nama, "id": b.unit_siasn_id},
        "unit_ekinerja": {"nama": b.unit_ekinerja_nama, "id": b.unit_ekinerja_id},
        "unit_beda": b.unit_beda,
        "unit_siasn_terdaftar": b.unit_siasn_terdaftar is not None,
        "pesan_unit": b.pesan_unit,
        "saran_unit": b.saran_unit,
    }


def _require_configured(jenis: str) -> None:
    if SISTEM_OF[jenis] == Sistem.SIASN and not siasn_client.configured():
        raise NotConfigured("SIASN")
    if SISTEM_OF[jenis] == Sistem.PMM and not pmm.configured():
        raise NotConfigured("PMM")


def _tahun(jenis: str, tahun: int | None) -> int | None:
    if jenis == JenisSinkron.PROFIL:
        return None
    if jenis == JenisSinkron.KIRIM_SKP:
        return kirim.tahun_valid(tahun)
    if tahun is None or not 2000 <= tahun <= 2100:
        raise DomainError("Tahun wajib diisi dengan tahun yang valid untuk sinkronisasi ini.", field="tahun")
    return tahun


def _sync_func(jenis: str):
    try:
        return jobs.sync_func(jenis)
    except (ImportError, AttributeError) as exc:
        raise NotConfigured(f"Sinkronisasi {JenisSinkron(jenis).label}") from exc


def _instansi(user, instansi_id: int | None) -> Instansi:
    if not user.is_admin:
        raise PermissionDeniedError("Hanya admin instansi yang dapat menjalankan sinkronisasi massal.")
    if user.peran == Peran.ADMIN_NASIONAL and instansi_id is None:
        raise DomainError("Pilih instansi (field instansi).", field="instansi")
    qs = instansi_for_admin(user)
    instansi = qs.filter(pk=instansi_id).first() if instansi_id is not None else qs.first()
    if instansi is None:
        raise Http404("Instansi tidak ditemukan.")
    return instansi


def _pegawai_ids(instansi: Instansi, jenis: str, nips: list[str] | None) -> list[int]:
    if nips is None:
        if SISTEM_OF[jenis] == Sistem.PMM:  # PMM syncs concern the instansi's PMM users only
            return list(PenggunaPmm.objects.filter(instansi=instansi).values_list("pegawai_id", flat=True))
        return siasn.pegawai_aktif_ids(instansi)
    wanted = set(nips)
    found = dict(Pegawai.objects.filter(instansi=instansi, nip__in=wanted).values_list("nip", "pk"))
    missing = sorted(wanted - set(found))
    if missing:
        raise DomainError(f"NIP tidak ditemukan di instansi ini: {', '.join(missing[:20])}.", field="nip")
    return list(found.values())


def _logs_for(user) -> QuerySet[LogSinkronisasi]:
    if user.is_admin:
        return LogSinkronisasi.objects.filter(instansi__in=instansi_for_admin(user))
    return LogSinkronisasi.objects.filter(pegawai__user_id=user.pk)


# --- endpoints --------------------------------------------------------------------------------------------------


@router.get(
    "/siasn/profil/{nip}", response={200: BandingOut, **ERR}, summary="Sinkro Profil SIASN: perbandingan"
)
@_layanan
def profil_banding(request, nip: str):
    """Data SIASN | Data e-Kinerja row by row, and the unit kerja of both (nothing is written)."""
    user = actor(request)
    return _banding_out(siasn.profil_banding(actor=user, pegawai=_pegawai(user, nip)))


@router.post("/siasn/profil/{nip}", response={200: LogOut, **ERR}, summary="Sinkro Profil SIASN: terapkan")
@_layanan
def profil_terapkan(request, nip: str, body: TerapkanIn):
    """Apply SIASN's profile; the unit kerja stays the e-Kinerja one unless `pakai_unit_siasn`."""
    user = actor(request)
    return siasn.profil_terapkan(
        actor=user, pegawai=_pegawai(user, nip), pakai_unit_siasn=body.pakai_unit_siasn
    )


@router.get("/job/{job_id}", response={200: JobOut, **ERR}, summary="Status job sinkronisasi")
def job_detail(request, job_id: int):
    user = actor(request)
    if not 1 <= job_id <= MAX_ID:
        raise Http404("Job tidak ditemukan.")
    job = (
        JobSinkronisasi.objects.filter(instansi__in=instansi_for_admin(user), pk=job_id)
        .select_related("dimulai_oleh")
        .first()
    )
    if job is None:
        raise Http404("Job tidak ditemukan.")
    return job


@router.post("/job", response={200: JobOut, **ERR}, summary="Mulai job sinkronisasi massal")
@_layanan
def job_mulai(request, body: JobIn):
    """Admin or write API key: a background job over the given NIPs, or the instansi's active employees (PMM
    syncs: its PMM users)."""
    user = actor(request)
    instansi = _instansi(user, body.instansi)
    if not user.has_perm("org.manage", instansi):
        raise PermissionDeniedError("Hanya admin instansi ini yang dapat menjalankan sinkronisasi massal.")
    jenis = body.jenis.value
    tahun = _tahun(jenis, body.tahun)
    _require_configured(jenis)
    _sync_func(jenis)
    ids = _pegawai_ids(instansi, jenis, body.nip)
    job = jobs.job_create(actor=user, instansi=instansi, jenis=jenis, pegawai_ids=ids, tahun=tahun)
    job.refresh_from_db()
    return job


@router.get("/log", response={200: list[LogOut], **ERR}, summary="Log Sinkronisasi")
@paginate(Halaman)
def log_list(request, filters: Query[LogFilter]):
    """An admin: the log of their instansi (the national admin: all); an employee: their own rows."""
    qs = _logs_for(actor(request))
    if filters.nip:
        qs = qs.filter(nip__contains=filters.nip)
    for name in ("status", "sistem", "jenis"):
        value = getattr(filters, name)
        if value is not None:
            qs = qs.filter(**{name: value.value})
    if filters.tahun is not None:
        qs = qs.filter(tahun=filters.tahun)
    if filters.job is not None:
        qs = qs.filter(job_id=filters.job)
    if filters.terkini is not None:
        qs = qs.filter(terkini=filters.terkini)
    return qs.order_by("-dibuat_pada", "-id")


@router.post("/{jenis}/{nip}", response={200: LogOut, **ERR}, summary="Sinkronisasi satu pegawai")
@_layanan
def sinkron_pegawai(request, jenis: JenisSinkron, nip: str, tahun: int | None = None):
    """Run one kind of sync for one person now (the person themself or an admin of the instansi); the log row
    says Berhasil or Gagal with the reason and who must fix it."""
    user = actor(request)
    pegawai = _pegawai(user, nip)
    jenis_value = jenis.value
    tahun = _tahun(jenis_value, tahun)
    _require_configured(jenis_value)
    fn = _sync_func(jenis_value)
    return fn(actor=user, pegawai=pegawai, tahun=tahun, job=None)

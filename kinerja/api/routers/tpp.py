"""TPP: the monthly kinerja score per NIP (for the payment system). Open months give the live score, closed months
the frozen one (`ditutup`). The same selectors as the Rekap TPP Bulanan page (kinerja/harian/selectors/tpp.py).
With kinerja harian off for the instansi every endpoint is a 404."""

import datetime
from decimal import Decimal

from django.http import Http404
from ninja import Path, Query, Router, Schema
from ninja.pagination import paginate

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.harian.models import NilaiTppBulanan
from kinerja.harian.pengaturan import aktif_or_404
from kinerja.harian.selectors import tpp as selectors
from kinerja.harian.services.tpp import bulan_tutup
from kinerja.org.models import Instansi, Peran

from ..auth import actor
from ..errors import ErrorOut
from ..schemas import DenganSetelah, Halaman, Teks

router = Router(tags=["TPP"])

ERR = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
Tahun = Path(..., ge=2000, le=2100, description="Tahun")
Bulan = Path(..., ge=1, le=12, description="Bulan (1-12)")


class RincianOut(Schema):
    indikator_id: int
    teks: str
    jenis: str
    satuan: str
    target: float | None
    realisasi: float | None
    capaian: float | None
    manual: bool


class TppOut(Schema):
    nip: str
    nama: str
    unit_kerja: str
    tahun: int
    bulan: int
    nilai: float | None
    ditutup: bool
    rincian: list[RincianOut]


def _num(value) -> float | None:
    return None if value is None else float(Decimal(str(value)))


def _out(pegawai, tahun: int, bulan: int, nilai, rincian, ditutup: bool) -> dict:
    return {
        "nip": pegawai.nip,
        "nama": pegawai.nama_lengkap,
        "unit_kerja": pegawai.unit_kerja.nama,
        "tahun": tahun,
        "bulan": bulan,
        "nilai": _num(nilai),
        "ditutup": ditutup,
        "rincian": [
            {**r, "target": _num(r.get("target")), "realisasi": _num(r.get("realisasi")),
             "capaian": _num(r.get("capaian"))}
            for r in rincian
        ],
    }  # fmt: skip


def _instansi(user, instansi_id: int | None) -> Instansi:
    """Admins only: the national admin names the instansi, an admin instansi (or API key) has its own."""
    if user.peran == Peran.ADMIN_NASIONAL:
        if instansi_id is None:
            raise DomainError("Pilih instansi (parameter instansi).", field="instansi")
        instansi = Instansi.objects.filter(pk=instansi_id).first()
    elif user.peran == Peran.ADMIN_INSTANSI and user.instansi_id:
        instansi = Instansi.objects.filter(pk=user.instansi_id).first()
    else:
        raise PermissionDeniedError("Daftar nilai TPP hanya untuk admin instansi atau API key instansi.")
    if instansi is None or (instansi_id is not None and instansi.pk != instansi_id):
        raise Http404("Instansi tidak ditemukan.")
    return instansi


@router.get("/{tahun}/{bulan}", response={200: list[TppOut], **ERR}, summary="Nilai kinerja bulanan instansi")
@paginate(Halaman)
def tpp_list(
    request,
    tahun: int = Tahun,
    bulan: int = Bulan,
    instansi: int | None = Query(None, ge=1, le=2_147_483_647, description="Instansi (admin nasional)"),
    q: Teks(150) | None = None,
):
    """Every employee of the instansi with the month's score: for an admin of the instansi or its API key (the
    admin nasional names `instansi`). Open month: the active employees, live; closed month: the frozen scores.
    `q`: NIP prefix or part of the name."""
    user = actor(request)
    inst = _instansi(user, instansi)
    aktif_or_404(inst.pk)
    daftar = selectors.daftar_tpp(instansi=inst, tahun=tahun, bulan=bulan, q=q or "")
    return DenganSetelah(
        daftar,
        lambda page: [
            _out(b.pegawai, daftar.tahun, daftar.bulan, b.nilai, b.rincian, b.ditutup) for b in page
        ],
    )


class TutupOut(Schema):
    tahun: int
    bulan: int
    jumlah_pegawai: int
    ditutup_pada: datetime.datetime


@router.post("/{tahun}/{bulan}/tutup", response={200: TutupOut, **ERR}, summary="Tutup bulan")
def tpp_tutup(
    request,
    tahun: int = Tahun,
    bulan: int = Bulan,
    instansi: int | None = Query(None, ge=1, le=2_147_483_647, description="Instansi (admin nasional)"),
):
    """Close an ended month of the instansi: every active employee's score is frozen (a write key or an admin's
    session with the CSRF header; a read key gets 403 `hanya_baca`)."""
    user = actor(request)
    inst = _instansi(user, instansi)
    aktif_or_404(inst.pk)
    row = bulan_tutup(actor=user, instansi=inst, tahun=tahun, bulan=bulan)
    jumlah = NilaiTppBulanan.objects.filter(instansi=inst, tahun=tahun, bulan=bulan).count()
    return {"tahun": tahun, "bulan": bulan, "jumlah_pegawai": jumlah, "ditutup_pada": row.ditutup_pada}


@router.get(
    "/{tahun}/{bulan}/{nip}", response={200: TppOut, **ERR}, summary="Nilai kinerja bulanan satu pegawai"
)
def tpp_detail(request, nip: Teks(18), tahun: int = Tahun, bulan: int = Bulan):
    """One employee's month: the employee, the pejabat penilai of one of their SKPs, an admin of their instansi
    (or its API key), the admin nasional; anyone else 404."""
    user = actor(request)
    pegawai = selectors.pegawai_tpp_or_404(user, nip)
    setting = aktif_or_404(pegawai.instansi_id)
    nilai, rincian, ditutup = selectors.nilai_satu(pegawai, tahun, bulan, setting)
    return _out(pegawai, tahun, bulan, nilai, rincian, ditutup)

"""Organisasi: who I am, unit kerja, pegawai, their atasan and bawahan.

Rights are those of the web UI: an employee sees themself, the colleagues of their unit (List Pegawai Satu
Unit Kerja) and their subordinates (List Pegawai Bawahan); an admin their instansi; the national admin all.
Anything else is a 404.
"""

from django.db.models import QuerySet
from django.http import Http404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.org import atasan, selectors
from kinerja.org.models import Instansi, Pegawai, Peran, UnitKerja
from kinerja.org.selectors import units as unit_selectors

from ..auth import actor
from ..errors import ErrorOut
from ..schemas import DenganSetelah, Halaman, Teks
from ..schemas.organisasi import (
    AtasanOut,
    PegawaiDetailOut,
    PegawaiOut,
    UnitKerjaDetailOut,
    UnitKerjaOut,
)

router = Router(tags=["Organisasi"])
TIDAK_TERHUBUNG = "Akun ini tidak terhubung dengan data pegawai."
ERR = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def _saya(user) -> Pegawai | None:
    return None if user.is_admin else selectors.pegawai_of_user(user)


def pegawai_terlihat(user) -> QuerySet[Pegawai]:
    """Employees the caller may read: the admin's scope, or self + unit colleagues + subordinates."""
    if user.is_admin:
        return selectors.pegawai_for_admin(user)
    saya = selectors.pegawai_of_user(user)
    if saya is None:
        return Pegawai.objects.none()
    return (
        selectors.pegawai_satu_unit(saya)
        | selectors.pegawai_bawahan(saya)
        | Pegawai.objects.filter(pk=saya.pk)
    )


def _pegawai_or_404(user, nip: str) -> Pegawai:
    if "\x00" in nip:
        raise Http404("Pegawai tidak ditemukan.")
    pegawai = pegawai_terlihat(user).select_related("jabatan", "unit_kerja").filter(nip=nip).first()
    if pegawai is None:
        raise Http404("Pegawai tidak ditemukan.")
    return pegawai


def _units_terlihat(user) -> QuerySet[UnitKerja]:
    if user.is_admin:
        return selectors.units_for_admin(user)
    saya = selectors.pegawai_of_user(user)
    return UnitKerja.objects.filter(instansi_id=saya.instansi_id) if saya else UnitKerja.objects.none()


def _instansi(user, instansi_id: int | None) -> Instansi:
    """The instansi a unit list is about: the national admin names one, everyone else has their own."""
    if user.peran == Peran.ADMIN_NASIONAL:
        if instansi_id is None:
            raise DomainError("Pilih instansi (parameter instansi).", field="instansi")
        instansi = Instansi.objects.filter(pk=instansi_id).first()
    elif user.is_admin:
        instansi = Instansi.objects.filter(pk=user.instansi_id).first()
    else:
        saya = selectors.pegawai_of_user(user)
        instansi = saya.instansi if saya else None
    if instansi is None or (instansi_id is not None and instansi.pk != instansi_id):
        raise Http404("Instansi tidak ditemukan.")
    return instansi


@router.get("/saya", response={200: PegawaiDetailOut, **ERR}, summary="Data pegawai pemanggil")
def saya(request):
    pegawai = _saya(actor(request))
    if pegawai is None:
        raise Http404(TIDAK_TERHUBUNG)
    return pegawai


class UnitFilter(Schema):
    instansi: int | None = None
    q: Teks(100) = ""
    status: str = ""  # "aktif", "nonaktif" or empty for both


@router.get("/unit-kerja", response={200: list[UnitKerjaOut], **ERR}, summary="Daftar unit kerja")
@paginate(Halaman)
def unit_list(request, filters: Query[UnitFilter]):
    """The units of one instansi in tree order, each with its leader and active head count."""
    instansi = _instansi(actor(request), filters.instansi)
    units = unit_selectors.unit_tree(instansi=instansi, q=filters.q, status=filters.status)
    return DenganSetelah(units, unit_selectors.with_pimpinan)


@router.get("/unit-kerja/{unit_id}", response={200: UnitKerjaDetailOut, **ERR}, summary="Detail unit kerja")
def unit_detail(request, unit_id: int):
    unit = _units_terlihat(actor(request)).filter(pk=unit_id).select_related("instansi").first()
    if unit is None:
        raise Http404("Unit kerja tidak ditemukan.")
    tree = unit_selectors.unit_tree(instansi=unit.instansi)
    unit = unit_selectors.with_pimpinan([tree.get(pk=unit.pk)])[0]
    unit.induk = unit_selectors.ancestors_of(unit)
    unit.sub_unit = list(tree.filter(parent=unit))
    return unit


class PegawaiFilter(Schema):
    q: Teks(100) = ""  # digits: part of the NIP; else part of the name
    unit_kerja: int | None = None
    aktif: bool | None = None


@router.get("/pegawai", response={200: list[PegawaiOut], **ERR}, summary="Daftar pegawai")
@paginate(Halaman)
def pegawai_list(request, filters: Query[PegawaiFilter]):
    """An admin: the employees of their instansi (the national admin: all); an employee: themself, their unit
    colleagues and their subordinates."""
    qs = pegawai_terlihat(actor(request)).select_related("jabatan", "unit_kerja")
    q = filters.q.strip()
    if q:
        qs = qs.filter(nip__contains=q) if q.isdigit() else qs.filter(nama__icontains=q)
    if filters.unit_kerja is not None:
        qs = qs.filter(unit_kerja_id=filters.unit_kerja)
    if filters.aktif is not None:
        qs = qs.filter(aktif=filters.aktif)
    return qs.order_by("nama", "nip")


@router.get("/pegawai/{nip}", response={200: PegawaiDetailOut, **ERR}, summary="Detail pegawai")
def pegawai_detail(request, nip: str):
    return _pegawai_or_404(actor(request), nip)


def _penilai(a: atasan.Atasan | None) -> dict | None:
    if a is None or a.pimpinan is None:
        return None
    p = a.pimpinan.pegawai
    return {
        "nip": p.nip,
        "nama": p.nama_lengkap,
        "status": a.pimpinan.status,
        "jabatan": str(p.jabatan) if p.jabatan else None,
        "unit_kerja": a.unit,
    }


@router.get(
    "/pegawai/{nip}/atasan", response={200: AtasanOut, **ERR}, summary="Pejabat penilai dan atasannya"
)
def pegawai_atasan(request, nip: str):
    """The pejabat penilai and the atasan pejabat penilai as of today (RULES.md §8), or why there is none."""
    rantai = atasan.rantai_atasan(_pegawai_or_404(actor(request), nip))
    first, second = rantai.pejabat_penilai, rantai.atasan_pejabat_penilai
    return {
        "pejabat_penilai": _penilai(first),
        "alasan": first.alasan,
        "atasan_pejabat_penilai": _penilai(second),
        "alasan_atasan": second.alasan if second else "",
    }


@router.get("/pegawai/{nip}/bawahan", response={200: list[PegawaiOut], **ERR}, summary="Pegawai bawahan")
@paginate(Halaman)
def pegawai_bawahan(request, nip: str):
    """Whom the employee assesses today. Yours, your subordinates', or (admin) anyone's in your instansi."""
    user = actor(request)
    pegawai = _pegawai_or_404(user, nip)
    saya = _saya(user)
    sendiri = user.is_admin or pegawai.pk == saya.pk
    if not sendiri and not selectors.pegawai_bawahan(saya).filter(pk=pegawai.pk).exists():
        raise PermissionDeniedError(
            "Anda hanya dapat melihat bawahan Anda sendiri atau bawahan dari bawahan Anda."
        )
    return selectors.pegawai_bawahan(pegawai)

"""SKP planning: periods, RHK with indikator, perilaku kerja (ekspektasi), lampiran, and the workflow.

Every write calls the SKP services of the web UI, which check the rights (`skp.edit`, the pejabat penilai) and
the state (DRAFT). Reads use the SKP selectors and the `skp.view` rule. An SKP that is not visible is a 404.
An SKP synchronised from PMM (`sumber == "PMM"`) is view-only: the services refuse its edits
(`kinerja.skp.services.common.require_editable`); the assessor still reviews it.
"""

from contextlib import contextmanager

from django.http import Http404
from ninja import Field, Query, Router, Schema
from ninja import Status as Jawaban
from ninja.pagination import paginate

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.org import selectors as org_selectors
from kinerja.org.models import PenugasanPlt
from kinerja.skp.models import Indikator, LampiranItem, Rhk, Skp, Status
from kinerja.skp.selectors import admin as admin_selectors
from kinerja.skp.selectors.bawahan import skp_bawahan
from kinerja.skp.selectors.detail import daftar_skp, detail_skp, skp_base
from kinerja.skp.services import perilaku, periode, workflow
from kinerja.skp.services import rhk as rhk_services

from ..auth import actor
from ..errors import ErrorOut
from ..schemas import Halaman, Teks
from ..schemas.skp import (
    EkspektasiIn,
    EkspektasiOut,
    IndikatorIn,
    IndikatorOut,
    IndikatorPatch,
    KembalikanIn,
    LampiranIn,
    LampiranOut,
    RhkAtasanOut,
    RhkIn,
    RhkOut,
    RhkPatch,
    SkpDetailOut,
    SkpIn,
    SkpOut,
    SkpPeriodeIn,
    VersiIn,
)
from .organisasi import pegawai_terlihat

router = Router(tags=["SKP"])
ERR = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
# Service field names -> the names of this API's input fields.
MEDAN = {"rhk_atasan": "rhk_atasan_id", "penugasan_plt": "penugasan_plt_id", "skp_anggota": "skp_id"}


@contextmanager
def _medan_api():
    try:
        yield
    except DomainError as exc:
        exc.field = MEDAN.get(exc.field, exc.field)
        raise


def _skp(user, pk: int, *, tulis: bool = False) -> Skp:
    """An SKP the user may read; for a write also one the user assesses (still DRAFT). Else 404."""
    skp = skp_base().filter(pk=pk).first()
    if skp is None or not (user.has_perm("skp.view", skp) or (tulis and user.has_perm("skp.review", skp))):
        raise Http404("SKP tidak ditemukan.")
    return skp


def _rhk(user, pk: int) -> Rhk:
    rhk = Rhk.objects.filter(pk=pk).first()
    if rhk is None:
        raise Http404("RHK tidak ditemukan.")
    rhk.skp = _skp(user, rhk.skp_id, tulis=True)
    return rhk


def _indikator(user, pk: int) -> Indikator:
    indikator = Indikator.objects.select_related("rhk").filter(pk=pk).first()
    if indikator is None:
        raise Http404("Indikator tidak ditemukan.")
    indikator.rhk.skp = _skp(user, indikator.rhk.skp_id, tulis=True)
    return indikator


def _rhk_atasan(pk: int | None) -> Rhk | None:
    if pk is None:
        return None
    found = Rhk.objects.select_related("skp").filter(pk=pk).first()
    if found is None:
        raise DomainError("RHK atasan tidak ditemukan.", field="rhk_atasan_id")
    return found


# --- reads ---------------------------------------------------------------------------------------------------


class SkpFilter(Schema):
    nip: Teks(30) | None = None  # a subordinate's (submitted SKPs you assess) or, for an admin, anyone's
    tahun: int | None = Field(None, ge=1900, le=2999)
    status: Status | None = None


@router.get("", response={200: list[SkpOut], **ERR}, summary="Daftar SKP")
@paginate(Halaman)
def skp_list(request, filters: Query[SkpFilter]):
    """Your SKP periods (Daftar SKP). `?nip=`: the SKPs of a subordinate that you assess and that are submitted,
    or, for an admin, of anyone in the instansi."""
    user = actor(request)
    if user.is_admin:
        qs = admin_selectors.skp_list(user=user)
        if filters.nip:
            qs = qs.filter(pegawai__nip=filters.nip)
    else:
        saya = org_selectors.pegawai_of_user(user)
        if saya is None:
            raise Http404("Akun ini tidak terhubung dengan data pegawai.")
        if not filters.nip or filters.nip == saya.nip:
            qs = daftar_skp(saya)
        else:
            pegawai = pegawai_terlihat(user).filter(nip=filters.nip).first()
            if pegawai is None:
                raise Http404("Pegawai tidak ditemukan.")
            # Mirrors skp.view for an assessor: the SKPs they assess, once submitted.
            qs = daftar_skp(pegawai).filter(penilai=saya).exclude(status=Status.DRAFT)
    if filters.tahun:
        qs = qs.filter(periode_awal__year=filters.tahun)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs


@router.get("/bawahan", response={200: list[SkpOut], **ERR}, summary="SKP Bawahan")
@paginate(Halaman)
def skp_bawahan_list(request, skp: int | None = None):
    """The SKPs you are pejabat penilai of (DRAFT ones included: they cannot be opened until submitted).
    `?skp=` one of your SKPs: only the SKPs assessed for that SKP's unit in an overlapping period."""
    user = actor(request)
    if skp is None:
        return (
            skp_base()
            .filter(penilai__user_id=user.pk)
            .order_by("pegawai_unit", "pegawai_nama", "periode_awal", "id")
        )
    pimpinan = skp_base().filter(pk=skp, pegawai__user_id=user.pk).first()
    if pimpinan is None:
        raise Http404("SKP tidak ditemukan.")
    return skp_bawahan(pimpinan)


def _pihak(nip, nama, pangkat, jabatan, unit) -> dict | None:
    if not nip:
        return None
    return {"nip": nip, "nama": nama, "pangkat": pangkat, "jabatan": jabatan, "unit_kerja": unit}


@router.get("/{skp_id}", response={200: SkpDetailOut, **ERR}, summary="Detail SKP")
def skp_detail(request, skp_id: int):
    """Both parties, status, RHK with indikator, perilaku kerja with ekspektasi, lampiran."""
    skp = _skp(actor(request), skp_id)
    d = detail_skp(skp)
    return {
        **SkpOut.from_orm(skp).model_dump(),
        "pegawai": _pihak(skp.pegawai_nip, skp.pegawai_nama, skp.pegawai_pangkat, skp.pegawai_jabatan,
                          skp.pegawai_unit),
        "penilai": _pihak(skp.penilai_nip, skp.penilai_nama, skp.penilai_pangkat, skp.penilai_jabatan,
                          skp.penilai_unit),
        "penilai_alasan": skp.penilai_alasan,
        "rhk_utama": d.utama,
        "rhk_tambahan": d.tambahan,
        "perilaku": d.perilaku,
        "lampiran": [item for items in d.lampiran.values() for item in items],
    }  # fmt: skip


@router.get("/{skp_id}/rhk-atasan", response={200: list[RhkAtasanOut], **ERR}, summary="Pilihan RHK atasan")
def skp_rhk_atasan(request, skp_id: int):
    """The RHK this SKP may intervene ("RHK atasan yang diintervensi"): one query."""
    return list(rhk_services.rhk_atasan_choices(_skp(actor(request), skp_id)))


# --- SKP periods ---------------------------------------------------------------------------------------------


@router.post("", response={201: SkpOut, **ERR}, summary="Tambah Periode SKP")
def skp_create(request, payload: SkpIn):
    user = actor(request)
    pegawai = None if user.is_admin else org_selectors.pegawai_of_user(user)
    if pegawai is None:
        raise PermissionDeniedError("SKP hanya dapat dibuat oleh pegawai yang bersangkutan.")
    penugasan = None
    if payload.penugasan_plt_id is not None:
        penugasan = PenugasanPlt.objects.filter(pk=payload.penugasan_plt_id, pegawai=pegawai).first()
        if penugasan is None:
            raise DomainError("Penugasan PLT/PLH tidak ditemukan.", field="penugasan_plt_id")
    with _medan_api():
        skp = periode.skp_create(
            actor=user, pegawai=pegawai, periode_awal=payload.periode_awal, periode_akhir=payload.periode_akhir,
            pendekatan=payload.pendekatan, status_pegawai=payload.status_pegawai, penugasan_plt=penugasan,
        )  # fmt: skip
    return Jawaban(201, skp)


@router.patch("/{skp_id}", response={200: SkpOut, **ERR}, summary="Edit periode SKP")
def skp_update(request, skp_id: int, payload: SkpPeriodeIn):
    user = actor(request)
    return periode.skp_update_periode(
        actor=user, skp=_skp(user, skp_id, tulis=True), periode_awal=payload.periode_awal,
        periode_akhir=payload.periode_akhir,
    )  # fmt: skip


@router.delete("/{skp_id}", response={204: None, **ERR}, summary="Hapus SKP (DRAFT)")
def skp_delete(request, skp_id: int):
    user = actor(request)
    periode.skp_delete(actor=user, skp=_skp(user, skp_id, tulis=True))
    return Jawaban(204, None)


# --- RHK and indikator ---------------------------------------------------------------------------------------


@router.post("/{skp_id}/rhk", response={201: RhkOut, **ERR}, summary="Tambah RHK")
def rhk_create(request, skp_id: int, payload: RhkIn):
    user = actor(request)
    skp = _skp(user, skp_id, tulis=True)
    with _medan_api():
        rhk = rhk_services.rhk_create(
            actor=user, skp=skp, jenis=payload.jenis, klasifikasi=payload.klasifikasi, teks=payload.teks,
            penugasan_dari=payload.penugasan_dari, rhk_atasan=_rhk_atasan(payload.rhk_atasan_id),
        )  # fmt: skip
    return Jawaban(201, rhk)


@router.patch("/rhk/{rhk_id}", response={200: RhkOut, **ERR}, summary="Edit RHK")
def rhk_update(request, rhk_id: int, payload: RhkPatch):
    """Only the fields sent change."""
    user = actor(request)
    rhk = _rhk(user, rhk_id)
    sent = payload.model_fields_set
    rhk_atasan = _rhk_atasan(payload.rhk_atasan_id) if "rhk_atasan_id" in sent else rhk.rhk_atasan
    with _medan_api():
        return rhk_services.rhk_update(
            actor=user, rhk=rhk, jenis=payload.jenis or rhk.jenis, klasifikasi=payload.klasifikasi or rhk.klasifikasi,
            teks=rhk.teks if payload.teks is None else payload.teks,
            penugasan_dari=rhk.penugasan_dari if payload.penugasan_dari is None else payload.penugasan_dari,
            rhk_atasan=rhk_atasan,
        )  # fmt: skip


@router.delete("/rhk/{rhk_id}", response={204: None, **ERR}, summary="Hapus RHK")
def rhk_delete(request, rhk_id: int):
    user = actor(request)
    rhk_services.rhk_delete(actor=user, rhk=_rhk(user, rhk_id))
    return Jawaban(204, None)


@router.post("/rhk/{rhk_id}/indikator", response={201: IndikatorOut, **ERR}, summary="Tambah indikator")
def indikator_create(request, rhk_id: int, payload: IndikatorIn):
    user = actor(request)
    indikator = rhk_services.indikator_create(actor=user, rhk=_rhk(user, rhk_id), **payload.model_dump())
    return Jawaban(201, indikator)


@router.patch("/indikator/{indikator_id}", response={200: IndikatorOut, **ERR}, summary="Edit indikator")
def indikator_update(request, indikator_id: int, payload: IndikatorPatch):
    """Only the fields sent change."""
    user = actor(request)
    indikator = _indikator(user, indikator_id)
    values = {
        f: getattr(indikator, f) for f in ("teks", "aspek", "target_nilai", "target_satuan", "perspektif")
    }
    values.update(
        {f: getattr(payload, f) for f in payload.model_fields_set if getattr(payload, f) is not None}
    )
    if "target_nilai" in payload.model_fields_set:
        values["target_nilai"] = payload.target_nilai
    return rhk_services.indikator_update(actor=user, indikator=indikator, **values)


@router.delete("/indikator/{indikator_id}", response={204: None, **ERR}, summary="Hapus indikator")
def indikator_delete(request, indikator_id: int):
    user = actor(request)
    rhk_services.indikator_delete(actor=user, indikator=_indikator(user, indikator_id))
    return Jawaban(204, None)


# --- perilaku kerja and lampiran -----------------------------------------------------------------------------


@router.put(
    "/{skp_id}/ekspektasi/{nilai}", response={200: EkspektasiOut, **ERR}, summary="Ekspektasi pimpinan"
)
def ekspektasi_set(request, skp_id: int, nilai: int, payload: EkspektasiIn):
    """The pejabat penilai's Ekspektasi Khusus Pimpinan for BerAKHLAK value `nilai` (1..7); empty text clears."""
    user = actor(request)
    obj = perilaku.ekspektasi_set(
        actor=user, skp=_skp(user, skp_id, tulis=True), nilai=nilai, teks=payload.teks
    )
    return {"nilai": nilai, "teks": obj.teks if obj else ""}


@router.post("/{skp_id}/lampiran", response={201: LampiranOut, **ERR}, summary="Tambah lampiran SKP")
def lampiran_add(request, skp_id: int, payload: LampiranIn):
    user = actor(request)
    item = perilaku.lampiran_add(
        actor=user, skp=_skp(user, skp_id, tulis=True), jenis=payload.jenis, teks=payload.teks
    )
    return Jawaban(201, item)


@router.delete("/lampiran/{lampiran_id}", response={204: None, **ERR}, summary="Hapus lampiran SKP")
def lampiran_delete(request, lampiran_id: int):
    user = actor(request)
    item = LampiranItem.objects.filter(pk=lampiran_id).first()
    if item is None:
        raise Http404("Lampiran tidak ditemukan.")
    item.skp = _skp(user, item.skp_id, tulis=True)
    perilaku.lampiran_delete(actor=user, item=item)
    return Jawaban(204, None)


# --- workflow ------------------------------------------------------------------------------------------------


# A stale `versi` (docs/konkurensi.md), or the move already made by someone else, is a 409.
ERR_ALUR = {**ERR, 409: ErrorOut}


@router.post("/{skp_id}/ajukan", response={200: SkpOut, **ERR_ALUR}, summary="Ajukan SKP")
def skp_ajukan(request, skp_id: int, payload: VersiIn | None = None):
    user = actor(request)
    versi = payload.versi if payload else None
    return workflow.skp_ajukan(actor=user, skp=_skp(user, skp_id, tulis=True), versi=versi)


@router.post("/{skp_id}/setujui", response={200: SkpOut, **ERR_ALUR}, summary="Setujui SKP (pejabat penilai)")
def skp_setujui(request, skp_id: int, payload: VersiIn | None = None):
    """Approve a submitted SKP. Without `versi`, an SKP that is no longer PENGAJUAN is refused all the same."""
    user = actor(request)
    versi = payload.versi if payload else None
    return workflow.skp_setujui(actor=user, skp=_skp(user, skp_id, tulis=True), versi=versi)


@router.post("/{skp_id}/kembalikan", response={200: SkpOut, **ERR_ALUR}, summary="Kembalikan SKP ke DRAFT")
def skp_kembalikan(request, skp_id: int, payload: KembalikanIn):
    """The pejabat penilai sends the SKP back to DRAFT with a note (the revision counter goes up)."""
    user = actor(request)
    return workflow.skp_kembalikan(
        actor=user, skp=_skp(user, skp_id, tulis=True), catatan=payload.catatan, versi=payload.versi
    )

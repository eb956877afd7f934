"""Reads behind the Profil pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .. import atasan
from ..models import JenisInduk, Pegawai, PenugasanPlt, Peran, UnitKerja, active_assignment_q


@dataclass(frozen=True)
class Profil:
    pegawai: Pegawai
    chain: list[UnitKerja]
    unit_atasan: UnitKerja | None
    unit_induk: UnitKerja | None
    rantai: atasan.RantaiAtasan
    penugasan_aktif: list[PenugasanPlt]


def profil(pegawai: Pegawai) -> Profil:
    """Everything the Profil tabs show, in a constant number of queries."""
    rantai = atasan.rantai_atasan(pegawai)
    chain = rantai.chain
    return Profil(
        pegawai=pegawai,
        chain=chain,
        unit_atasan=chain[-2] if len(chain) >= 2 else None,
        unit_induk=atasan.unit_induk(chain),
        rantai=rantai,
        penugasan_aktif=list(
            PenugasanPlt.objects.filter(active_assignment_q(atasan.today()), pegawai=pegawai).select_related(
                "unit_kerja"
            )
        ),
    )


def _list_qs() -> QuerySet[Pegawai]:
    return Pegawai.objects.select_related("jabatan", "unit_kerja").order_by("-jenis_pegawai", "nama")


def pegawai_satu_unit(pegawai: Pegawai) -> QuerySet[Pegawai]:
    return _list_qs().filter(unit_kerja_id=pegawai.unit_kerja_id, aktif=True)


def pegawai_bawahan(pegawai: Pegawai) -> QuerySet[Pegawai]:
    return _list_qs().filter(atasan.bawahan_q(pegawai))


def unit_induk_choices(instansi_id: int) -> QuerySet[UnitKerja]:
    """The JPT / Mandiri units of an instansi, for the optional filter of Edit Profil."""
    return UnitKerja.objects.filter(instansi_id=instansi_id, aktif=True).exclude(jenis_induk=JenisInduk.BUKAN)


def unit_search(*, user, q: str, induk: int | None = None, instansi: int | None = None, limit: int = 30):
    """Active units matching `q` by name or ID, inside what the user may see. Under `induk` when given."""
    if user.peran == Peran.ADMIN_NASIONAL:
        qs = UnitKerja.objects.all()
        if instansi:
            qs = qs.filter(instansi_id=instansi)
    elif user.peran == Peran.ADMIN_INSTANSI and user.instansi_id:
        qs = UnitKerja.objects.filter(instansi_id=user.instansi_id)
    else:
        own = Pegawai.objects.filter(user_id=user.pk).values_list("instansi_id", flat=True).first()
        qs = UnitKerja.objects.filter(instansi_id=own) if own else UnitKerja.objects.none()
    qs = qs.filter(aktif=True)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(nama__icontains=q) | Q(id_unor__iexact=q))
    if induk:
        parent_path = UnitKerja.objects.filter(pk=induk).values_list("path", flat=True).first()
        qs = qs.filter(path__startswith=parent_path) if parent_path else qs.none()
    return list(qs.order_by("nama")[:limit])

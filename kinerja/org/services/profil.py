"""What an employee changes on their own profile: leadership claim, unit kerja, jabatan, golongan."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from kinerja.core.audit import record, snapshot
from kinerja.core.errors import DomainError, PermissionDeniedError

from .. import reference
from ..models import Jabatan, JenisPegawai, Pegawai, UnitKerja

PROFIL_FIELDS = ["unit_kerja", "jabatan", "golongan", "jenis_pegawai"]


def _check_may_edit(actor, pegawai: Pegawai) -> None:
    if not actor.has_perm("org.edit_profil", pegawai):
        raise PermissionDeniedError("Anda tidak berhak mengubah profil pegawai ini.")


def _locked(pegawai: Pegawai) -> Pegawai:
    return Pegawai.objects.select_for_update().select_related("unit_kerja").get(pk=pegawai.pk)


def _set_jenis_pegawai(actor, pegawai: Pegawai, jenis: str, action: str) -> Pegawai:
    before = snapshot(pegawai, ["jenis_pegawai"])
    pegawai.jenis_pegawai = jenis
    pegawai.save(update_fields=["jenis_pegawai"])
    record(
        actor=actor,
        action=action,
        obj=pegawai,
        instansi=pegawai.instansi,
        before=before,
        after=snapshot(pegawai, ["jenis_pegawai"]),
    )
    return pegawai


@transaction.atomic
def klaim_pimpinan(*, actor, pegawai: Pegawai) -> Pegawai:
    """Claim the definitive leadership of one's own unit kerja (Klaim Pimpinan Unit Kerja)."""
    _check_may_edit(actor, pegawai)
    pegawai = _locked(pegawai)
    if not pegawai.aktif:
        raise DomainError("Pegawai tidak aktif tidak dapat mengklaim pimpinan unit kerja.")
    if pegawai.jenis_pegawai == JenisPegawai.PIMPINAN:
        raise DomainError("Anda sudah berstatus Pimpinan pada unit kerja ini.")
    if not pegawai.unit_kerja.aktif:
        raise DomainError(
            "Unit kerja Anda sudah tidak aktif. Pilih unit kerja yang aktif melalui Edit Profil."
        )
    holder = (
        Pegawai.objects.filter(unit_kerja_id=pegawai.unit_kerja_id, jenis_pegawai=JenisPegawai.PIMPINAN)
        .exclude(pk=pegawai.pk)
        .first()
    )
    if holder is not None:
        raise DomainError(
            f"Unit kerja {pegawai.unit_kerja.nama} sudah diklaim oleh {holder.nama} ({holder.nip}). "
            "Jika pimpinan telah berganti, minta pimpinan lama melepas klaim atau hubungi admin instansi."
        )
    try:
        with transaction.atomic():
            return _set_jenis_pegawai(actor, pegawai, JenisPegawai.PIMPINAN, "profil.klaim_pimpinan")
    except IntegrityError as exc:  # a concurrent claim won the race
        raise DomainError(
            f"Unit kerja {pegawai.unit_kerja.nama} baru saja diklaim oleh pegawai lain."
        ) from exc


@transaction.atomic
def lepas_pimpinan(*, actor, pegawai: Pegawai) -> Pegawai:
    """Release the leadership claim (Lepas Pimpinan Unit Kerja)."""
    _check_may_edit(actor, pegawai)
    pegawai = _locked(pegawai)
    if pegawai.jenis_pegawai != JenisPegawai.PIMPINAN:
        raise DomainError("Anda bukan pimpinan unit kerja ini, tidak ada klaim yang dapat dilepas.")
    return _set_jenis_pegawai(actor, pegawai, JenisPegawai.PEGAWAI, "profil.lepas_pimpinan")


@transaction.atomic
def profil_update(
    *, actor, pegawai: Pegawai, unit_kerja: UnitKerja, jabatan: Jabatan | None, golongan: str
) -> Pegawai:
    """Edit Profil: only unit kerja, jabatan and golongan; a new unit makes the person a plain Pegawai."""
    _check_may_edit(actor, pegawai)
    pegawai = _locked(pegawai)
    if unit_kerja.instansi_id != pegawai.instansi_id:
        raise DomainError("Unit kerja harus berada di instansi Anda.", field="unit_kerja")
    if not unit_kerja.aktif:
        raise DomainError(
            "Unit kerja ini sudah tidak aktif. Pilih unit kerja yang aktif.", field="unit_kerja"
        )
    if golongan and not reference.is_valid_golongan(pegawai.jenis_asn, golongan):
        shown = golongan if golongan.isprintable() and len(golongan) <= 10 else "yang dipilih"  # no raw echo
        raise DomainError(f"Golongan {shown} tidak berlaku untuk {pegawai.jenis_asn}.", field="golongan")
    before = snapshot(pegawai, PROFIL_FIELDS)
    if unit_kerja.pk != pegawai.unit_kerja_id:
        pegawai.jenis_pegawai = JenisPegawai.PEGAWAI
    pegawai.unit_kerja = unit_kerja
    pegawai.jabatan = jabatan
    pegawai.golongan = golongan
    after = snapshot(pegawai, PROFIL_FIELDS)
    if after == before:
        return pegawai
    pegawai.save(update_fields=["unit_kerja", "jabatan", "golongan", "jenis_pegawai"])
    record(
        actor=actor,
        action="profil.update",
        obj=pegawai,
        instansi=pegawai.instansi,
        before=before,
        after=after,
    )
    return pegawai

"""Tahapan: stages under an RHK (name, order, planned month), by the owner of a DRAFT SKP, feature on."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from kinerja.core.audit import snapshot
from kinerja.core.errors import DomainError
from kinerja.skp.models import Rhk, Skp
from kinerja.skp.services.common import audit, locked, require_draft, require_owner

from .. import pengaturan, rules
from ..models import Tahapan

TAHAPAN_FIELDS = ["rhk", "nama", "urutan", "bulan"]
NAMA_MAKS = 500


def _check(skp: Skp, *, nama: str, urutan: int | None, bulan: int | None) -> tuple[str, int | None]:
    nama = (nama or "").strip()
    if not nama:
        raise DomainError("Nama tahapan wajib diisi.", field="nama")
    if len(nama) > NAMA_MAKS:
        raise DomainError(f"Nama tahapan paling banyak {NAMA_MAKS} karakter.", field="nama")
    if urutan is not None and not 0 <= urutan <= 32767:
        raise DomainError("Urutan harus berupa bilangan 0 sampai 32767.", field="urutan")
    if bulan is not None and bulan not in rules.bulan_dalam_periode(skp.periode_awal, skp.periode_akhir):
        raise DomainError("Bulan rencana harus berada dalam periode SKP.", field="bulan")
    return nama, bulan


def _writable(actor, skp: Skp) -> Skp:
    skp = locked(skp)
    pengaturan.require_aktif(skp.instansi_id)
    require_owner(actor, skp)
    require_draft(skp)
    return skp


@transaction.atomic
def tahapan_create(
    *, actor, rhk: Rhk, nama: str, urutan: int | None = None, bulan: int | None = None
) -> Tahapan:
    """Tambah Tahapan. Without an order it goes last."""
    skp = _writable(actor, rhk.skp)
    nama, bulan = _check(skp, nama=nama, urutan=urutan, bulan=bulan)
    if urutan is None:
        urutan = (Tahapan.objects.filter(rhk=rhk).aggregate(m=Max("urutan"))["m"] or 0) + 1
    tahapan = Tahapan.objects.create(rhk=rhk, nama=nama, urutan=urutan, bulan=bulan)
    audit(actor, "tahapan.create", skp, obj=tahapan, after=snapshot(tahapan, TAHAPAN_FIELDS))
    return tahapan


@transaction.atomic
def tahapan_update(
    *, actor, tahapan: Tahapan, nama: str, urutan: int | None = None, bulan: int | None = None
) -> Tahapan:
    skp = _writable(actor, tahapan.rhk.skp)
    tahapan = Tahapan.objects.select_for_update().get(pk=tahapan.pk)
    nama, bulan = _check(skp, nama=nama, urutan=urutan, bulan=bulan)
    before = snapshot(tahapan, TAHAPAN_FIELDS)
    tahapan.nama, tahapan.bulan = nama, bulan
    if urutan is not None:
        tahapan.urutan = urutan
    after = snapshot(tahapan, TAHAPAN_FIELDS)
    if after != before:
        tahapan.save()
        audit(actor, "tahapan.update", skp, obj=tahapan, before=before, after=after)
    return tahapan


@transaction.atomic
def tahapan_delete(*, actor, tahapan: Tahapan) -> None:
    skp = _writable(actor, tahapan.rhk.skp)
    audit(actor, "tahapan.delete", skp, obj=tahapan, before=snapshot(tahapan, TAHAPAN_FIELDS))
    tahapan.delete()

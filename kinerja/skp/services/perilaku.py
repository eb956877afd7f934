"""Perilaku Kerja: the assessor's Ekspektasi Khusus Pimpinan per BerAKHLAK value, and the Lampiran SKP."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from kinerja.core.audit import snapshot
from kinerja.core.errors import DomainError, PermissionDeniedError

from .. import rules
from ..models import EkspektasiPimpinan, JenisLampiran, LampiranItem, Skp, Status
from .common import audit, locked, require_draft, require_editable, require_owner


@transaction.atomic
def ekspektasi_set(*, actor, skp: Skp, nilai: int, teks: str) -> EkspektasiPimpinan | None:
    """Write (or clear, with empty text) the Ekspektasi Khusus Pimpinan of one core value.

    Only the SKP's pejabat penilai, while the SKP is not yet approved.
    """
    skp = locked(skp)
    if not (skp.penilai_id and skp.penilai.user_id == actor.pk):
        raise PermissionDeniedError(
            "Ekspektasi khusus pimpinan hanya dapat diisi oleh pejabat penilai SKP ini."
        )
    require_editable(skp)
    if skp.status == Status.PERSETUJUAN:
        raise DomainError("SKP sudah disetujui; ubah status menjadi Draft untuk mengubah ekspektasi.")
    if not 1 <= nilai <= len(rules.BERAKHLAK):
        raise DomainError("Nilai perilaku tidak dikenal.", field="nilai")
    teks = (teks or "").strip()
    current = EkspektasiPimpinan.objects.filter(skp=skp, nilai=nilai).first()
    before = {"nilai": nilai, "teks": current.teks} if current else None
    if not teks:
        if current:
            current.delete()
            audit(actor, "ekspektasi.hapus", skp, before=before)
        return None
    if current and current.teks == teks:
        return current
    obj, _ = EkspektasiPimpinan.objects.update_or_create(skp=skp, nilai=nilai, defaults={"teks": teks})
    audit(actor, "ekspektasi.set", skp, before=before, after={"nilai": nilai, "teks": teks})
    return obj


@transaction.atomic
def lampiran_add(*, actor, skp: Skp, jenis: str, teks: str) -> LampiranItem:
    require_owner(actor, skp)
    skp = locked(skp)
    require_draft(skp)
    if jenis not in JenisLampiran.values:
        raise DomainError("Pilih jenis lampiran.", field="jenis")
    teks = (teks or "").strip()
    if not teks:
        raise DomainError("Isi lampiran wajib diisi.", field="teks")
    urutan = (skp.lampiran.filter(jenis=jenis).aggregate(m=Max("urutan"))["m"] or 0) + 1
    item = LampiranItem.objects.create(skp=skp, jenis=jenis, teks=teks, urutan=urutan)
    audit(actor, "lampiran.create", skp, obj=item, after=snapshot(item, ["jenis", "teks"]))
    return item


@transaction.atomic
def lampiran_delete(*, actor, item: LampiranItem) -> None:
    skp = item.skp
    require_owner(actor, skp)
    skp = locked(skp)
    require_draft(skp)
    audit(actor, "lampiran.delete", skp, obj=item, before=snapshot(item, ["jenis", "teks"]))
    item.delete()

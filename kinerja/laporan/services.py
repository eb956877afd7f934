"""Writes of the laporan app: the instansi's output settings (rating codes, nilai per predikat)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from kinerja.core.audit import record
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.org.models import Instansi, Peran
from kinerja.org.permissions import is_admin_of

from . import rules
from .models import PengaturanKeluaran


@transaction.atomic
def pengaturan_keluaran_simpan(
    *, actor, instansi: Instansi, kode_rating: Mapping, nilai_predikat: Mapping
) -> PengaturanKeluaran:
    """Set the instansi's tables; both are stored complete, so later changes to the defaults do not move them."""
    if actor.peran == Peran.PEGAWAI or not is_admin_of(actor, instansi):
        raise PermissionDeniedError("Hanya admin instansi ini yang dapat mengubah pengaturan keluaran.")
    try:
        kode = rules.validasi_kode_rating(kode_rating)
    except ValueError as exc:
        raise DomainError(str(exc), field="kode_rating") from exc
    try:
        nilai = rules.validasi_nilai_predikat(nilai_predikat)
    except ValueError as exc:
        raise DomainError(str(exc), field="nilai_predikat") from exc
    row, _created = PengaturanKeluaran.objects.select_for_update().get_or_create(instansi=instansi)
    before = {"kode_rating": row.kode_rating_efektif, "nilai_predikat": row.nilai_predikat_efektif}
    row.kode_rating, row.nilai_predikat = kode, nilai
    row.save()
    record(
        actor=actor,
        action="laporan.pengaturan_ubah",
        obj=row,
        instansi=instansi,
        before=before,
        after={"kode_rating": kode, "nilai_predikat": nilai},
    )
    return row

"""Pengaturan Kinerja Harian: the admin switches the feature on or off for an instansi and sets its values."""

from __future__ import annotations

from django.db import transaction

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.org.models import Instansi, Peran
from kinerja.org.permissions import is_admin_of

from ..models import PengaturanHarian, RumusTpp
from .common import audit

FIELDS = ("aktif", "hari_mundur", "realisasi_bulanan_diubah", "rumus_tpp", "batas_capaian", "bobot_utama")
RANGES = {
    "hari_mundur": (0, 366, "Batas hari mundur harus antara 0 dan 366 hari."),
    "batas_capaian": (1, 200, "Batas capaian harus antara 1 dan 200 persen."),
    "bobot_utama": (0, 100, "Bobot kinerja utama harus antara 0 dan 100 persen."),
}


def _validasi(values: dict) -> dict:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise DomainError(f"Pengaturan tidak dikenal: {', '.join(sorted(unknown))}.")
    clean = {}
    for name, value in values.items():
        if name in ("aktif", "realisasi_bulanan_diubah"):
            if not isinstance(value, bool):
                raise DomainError("Nilai harus ya atau tidak.", field=name)
        elif name == "rumus_tpp":
            if value not in RumusTpp.values:
                raise DomainError("Pilih rumus dari daftar.", field=name)
        else:
            low, high, pesan = RANGES[name]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise DomainError(pesan, field=name)
        clean[name] = value
    return clean


@transaction.atomic
def pengaturan_simpan(*, actor, instansi: Instansi, **values) -> PengaturanHarian:
    """Create or update the instansi's row (only the values given change); audited with before/after."""
    if actor is None or actor.peran == Peran.PEGAWAI or not is_admin_of(actor, instansi):
        raise PermissionDeniedError("Hanya admin instansi ini yang dapat mengubah pengaturan kinerja harian.")
    clean = _validasi(values)
    row = PengaturanHarian.objects.select_for_update().filter(instansi=instansi).first()
    created = row is None
    if created:
        row = PengaturanHarian(instansi=instansi)
    before = None if created else {name: getattr(row, name) for name in FIELDS}
    for name, value in clean.items():
        setattr(row, name, value)
    row.save()
    audit(
        actor=actor,
        action="harian.pengaturan_ubah",
        obj=row,
        instansi=instansi,
        before=before,
        after={name: getattr(row, name) for name in FIELDS},
    )
    return row

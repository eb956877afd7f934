"""Shared checks of the kinerja harian services: closed months and the audit wrapper."""

from __future__ import annotations

import datetime

from django.db import models

from kinerja.core import audit as core_audit
from kinerja.core.errors import DomainError

from .. import rules
from ..models import BulanDitutup


def nama_bulan(bulan: int) -> str:
    return rules.BULAN[bulan - 1] if 1 <= bulan <= 12 else str(bulan)


def pesan_bulan_ditutup(tahun: int, bulan: int) -> str:
    return f"Bulan {nama_bulan(bulan)} {tahun} sudah ditutup; data bulan ini tidak dapat diubah."


def bulan_ditutup(instansi_id: int | None, tahun: int, bulan: int) -> bool:
    if not instansi_id:
        return False
    return BulanDitutup.objects.filter(instansi_id=instansi_id, tahun=tahun, bulan=bulan).exists()


def require_bulan_terbuka(
    instansi_id: int | None, tahun: int, bulan: int, *, field: str | None = None
) -> None:
    """Refuse any change to data of a closed month (CKHP entries, targets, manual realisation)."""
    if bulan_ditutup(instansi_id, tahun, bulan):
        raise DomainError(pesan_bulan_ditutup(tahun, bulan), field=field)


def require_tanggal_terbuka(
    instansi_id: int | None, tanggal: datetime.date, *, field: str | None = None
) -> None:
    """The same check for a date (the month it falls in)."""
    require_bulan_terbuka(instansi_id, tanggal.year, tanggal.month, field=field)


def bulan_ditutup_set(instansi_id: int | None, tahun: int) -> set[int]:
    """The closed months (1..12) of an instansi in a year, in one query."""
    if not instansi_id:
        return set()
    return set(
        BulanDitutup.objects.filter(instansi_id=instansi_id, tahun=tahun).values_list("bulan", flat=True)
    )


def audit(*, actor, action: str, obj: models.Model, instansi=None, before=None, after=None):
    """`kinerja.core.audit.record` with the instansi taken from the object when not given."""
    if instansi is None:
        instansi = getattr(obj, "instansi", None)
    return core_audit.record(
        actor=actor, action=action, obj=obj, instansi=instansi, before=before, after=after
    )

"""Buka Kembali per Unit Kerja: the admin reopens one period of a year, after its batas pengisian, for everyone
whose SKP sits in a unit (and its sub-units) — one set-based write with one audit event per assessment."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from kinerja.core.audit import record_many, snapshot
from kinerja.core.dates import tanggal
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.teks import periksa_teks
from kinerja.org.models import Instansi, UnitKerja

from ..models import Penilaian, PeriodePenilaian
from ..selectors.buka_massal import penilaian_unit

BATCH = 1000  # rows per INSERT (SQLite lowers it to its own limit)
KOSONG = "Tidak ada penilaian pada unit dan periode ini."
# What the service reads of each row: the row itself (its history copies every field) and the name in its label.
_FIELDS = [f.name for f in Penilaian._meta.concrete_fields]


def periksa(
    *,
    actor,
    instansi: Instansi,
    periode: PeriodePenilaian | None,
    tahun: int,
    unit: UnitKerja | None,
    sampai: datetime.date | None,
    alasan: str,
) -> None:
    """The refusals of `buka_kembali_unit` that need no row (the single Buka Kembali's, in the same order)."""
    if not actor.has_perm("org.manage", instansi):
        raise PermissionDeniedError("Hanya admin instansi yang dapat membuka kembali periode penilaian.")
    if periode is None:
        raise DomainError("Pilih periode penilaian.", field="periode")
    if periode.instansi_id != instansi.pk:
        raise DomainError("Periode ini bukan milik instansi tersebut.", field="periode")
    if isinstance(tahun, bool) or not isinstance(tahun, int) or not 2000 <= tahun <= 2100:
        raise DomainError("Tahun harus antara 2000 dan 2100.", field="tahun")  # its dates must exist
    if periode.tahun and periode.tahun != tahun:
        raise DomainError(f"Periode {periode.nama} hanya berlaku untuk tahun {periode.tahun}.", field="tahun")
    if unit is None:
        raise DomainError("Pilih unit kerja.", field="unit")
    if unit.instansi_id != instansi.pk:
        raise DomainError("Unit kerja ini bukan milik instansi tersebut.", field="unit")
    if not (alasan or "").strip():
        raise DomainError("Alasan membuka kembali wajib diisi.", field="alasan")
    periksa_teks(alasan, label="Alasan membuka kembali", field="alasan")  # audit records are bulk-inserted
    today = timezone.localdate()
    batas = periode.tanggal(tahun)[2]  # Penilaian.batas follows it (periode_update rewrites them)
    if today <= batas:
        raise DomainError(
            f"Batas pengisian periode ini belum lewat ({tanggal(batas)}); periode masih terbuka.",
            field="sampai",
        )
    if sampai is None or sampai < today:
        raise DomainError("Tanggal dibuka sampai harus hari ini atau sesudahnya.", field="sampai")


@transaction.atomic
def buka_kembali_unit(
    *,
    actor,
    instansi: Instansi,
    periode: PeriodePenilaian | None,
    tahun: int,
    unit: UnitKerja | None,
    sub_unit: bool,
    sampai: datetime.date,
    alasan: str,
) -> int:
    """Reopen `periode` of `tahun` until `sampai` for every assessment whose SKP is in `unit` (and its sub-units
    when `sub_unit`). Rows already open until `sampai` are left alone. Returns how many changed.

    One SELECT … FOR UPDATE, one UPDATE, one bulk insert of history rows, one of audit events."""
    periksa(
        actor=actor, instansi=instansi, periode=periode, tahun=tahun, unit=unit, sampai=sampai, alasan=alasan
    )
    alasan = alasan.strip()
    rows = list(
        penilaian_unit(instansi=instansi, periode=periode, tahun=tahun, unit=unit, sub_unit=sub_unit)
        .select_for_update(of=("self",))
        .select_related("skp")
        .only(*_FIELDS, "skp__pegawai_nama", "skp__unit_kerja")
        .order_by("pk")  # lock in one order
    )
    if not rows:
        raise DomainError(KOSONG, field="unit")
    changed = [p for p in rows if p.dibuka_sampai != sampai]
    if not changed:
        return 0
    events = []
    for p in changed:
        p.periode = periode  # the label reads its name; no query per row
        before = snapshot(p, ["dibuka_sampai"])
        p.dibuka_sampai = sampai
        after = {**snapshot(p, ["dibuka_sampai"]), "alasan": alasan, "massal": True}
        events.append(
            {"actor": actor, "action": "penilaian.buka_kembali", "obj": p, "instansi": instansi,
             "before": before, "after": after}
        )  # fmt: skip
    now = timezone.now()
    Penilaian.objects.filter(pk__in=[p.pk for p in changed]).update(dibuka_sampai=sampai)
    Penilaian.history.bulk_history_create(
        changed, update=True, default_user=actor, default_date=now, batch_size=BATCH
    )
    record_many(events, batch_size=BATCH)
    # no dashboard recount: "terlambat" is derived at read time from the reopening dates
    return len(changed)

"""Manajemen Unit Kerja: create, edit or move, deactivate and activate the units of an instansi."""

from __future__ import annotations

import re
import uuid

from django.db import IntegrityError, transaction

from kinerja.core import audit
from kinerja.core.errors import DomainError, PermissionDeniedError

from ..models import Instansi, JenisInduk, UnitKerja, User
from ..selectors.units import unit_usage

AUDIT_FIELDS = ["nama", "id_unor", "eselon", "parent", "jenis_induk", "aktif"]
EDITABLE = ("nama", "eselon", "jenis_induk", "parent")
_ID_UNOR = re.compile(r"[A-Za-z0-9._-]+")
_ESELON = re.compile(r"\d{2}")


def _check_right(actor: User, obj) -> None:
    if not actor.has_perm("org.manage", obj):
        raise PermissionDeniedError("Anda tidak berhak mengelola unit kerja instansi ini.")


def _lock_instansi(instansi: Instansi) -> None:
    # Serialises tree changes of one instansi (a no-op on SQLite, whose write transactions are exclusive).
    Instansi.objects.select_for_update().filter(pk=instansi.pk).first()


def _clean_nama(nama: str) -> str:
    nama = " ".join((nama or "").split())
    if not nama:
        raise DomainError("Nama unit kerja wajib diisi.", field="nama")
    if len(nama) > 250:
        raise DomainError("Nama unit kerja paling panjang 250 karakter.", field="nama")
    return nama


def _clean_eselon(eselon: str) -> str:
    eselon = (eselon or "").strip()
    if eselon and not _ESELON.fullmatch(eselon):
        raise DomainError(
            "Eselon harus dua angka, mis. 22 atau 32; kosongkan untuk non eselon.", field="eselon"
        )
    return eselon


def _clean_jenis_induk(jenis_induk: str) -> str:
    jenis_induk = jenis_induk or ""
    if jenis_induk not in JenisInduk.values:
        raise DomainError("Jenis unit induk tidak dikenal.", field="jenis_induk")
    return jenis_induk


def _clean_id_unor(id_unor: str, instansi: Instansi) -> str:
    id_unor = (id_unor or "").strip()
    if not id_unor:
        return uuid.uuid4().hex
    if len(id_unor) > 64:
        raise DomainError("ID unit kerja paling panjang 64 karakter.", field="id_unor")
    if not _ID_UNOR.fullmatch(id_unor):
        raise DomainError(
            "ID unit kerja hanya boleh berisi huruf, angka, titik, garis bawah, atau tanda hubung.",
            field="id_unor",
        )
    existing = UnitKerja.objects.filter(id_unor=id_unor).first()
    if existing is not None:
        # Name the unit only inside the admin's own instansi.
        owner = (
            f" oleh unit kerja {existing.nama}"
            if existing.instansi_id == instansi.pk
            else " oleh instansi lain"
        )
        raise DomainError(f"ID unit kerja {id_unor} sudah digunakan{owner}.", field="id_unor")
    return id_unor


def _check_parent(*, instansi: Instansi, parent: UnitKerja | None, unit: UnitKerja | None = None) -> None:
    """A unit hangs under an active unit of the same instansi; the instansi has exactly one root."""
    if parent is None:
        roots = UnitKerja.objects.filter(instansi=instansi, parent__isnull=True)
        if unit is not None:
            roots = roots.exclude(pk=unit.pk)
        root = roots.first()
        if root is not None:
            raise DomainError(
                f"Instansi ini sudah memiliki unit kerja tertinggi ({root.nama}). Pilih unit kerja atasan.",
                field="parent",
            )
        return
    if parent.instansi_id != instansi.pk:
        raise DomainError("Unit kerja atasan harus berasal dari instansi yang sama.", field="parent")
    if unit is not None and parent.pk == unit.pk:
        raise DomainError("Unit kerja tidak dapat menjadi atasan dirinya sendiri.", field="parent")
    if unit is not None and parent.path.startswith(unit.path):
        raise DomainError(
            f"Unit kerja tidak dapat dipindahkan ke bawah unit kerja bawahannya sendiri ({parent.nama}).",
            field="parent",
        )
    if not parent.aktif:
        raise DomainError(f"Unit kerja atasan {parent.nama} tidak aktif.", field="parent")


@transaction.atomic
def unit_create(
    *,
    actor: User,
    instansi: Instansi,
    nama: str,
    id_unor: str = "",
    eselon: str = "",
    parent: UnitKerja | None = None,
    jenis_induk: str = "",
) -> UnitKerja:
    """Add a unit to the tree of `instansi`. An empty `id_unor` gets a generated one."""
    _check_right(actor, instansi)
    _lock_instansi(instansi)
    nama = _clean_nama(nama)
    id_unor = _clean_id_unor(id_unor, instansi)
    eselon = _clean_eselon(eselon)
    jenis_induk = _clean_jenis_induk(jenis_induk)
    if parent is not None:
        parent = UnitKerja.objects.get(pk=parent.pk)  # fresh path
    _check_parent(instansi=instansi, parent=parent)
    unit = UnitKerja(
        instansi=instansi, nama=nama, id_unor=id_unor, eselon=eselon, parent=parent, jenis_induk=jenis_induk
    )
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError as exc:  # a concurrent insert took the same ID
        raise DomainError(f"ID unit kerja {id_unor} sudah digunakan.", field="id_unor") from exc
    audit.record(
        actor=actor,
        action="unit.create",
        obj=unit,
        instansi=instansi,
        after=audit.snapshot(unit, AUDIT_FIELDS),
    )
    return unit


@transaction.atomic
def unit_update(
    *,
    actor: User,
    unit: UnitKerja,
    nama: str,
    eselon: str,
    jenis_induk: str,
    parent: UnitKerja | None,
) -> UnitKerja:
    """Rename, re-classify or move a unit (with its whole subtree). Audited as `unit.move` when moved."""
    _check_right(actor, unit)
    _lock_instansi(unit.instansi)
    unit = UnitKerja.objects.select_related("instansi").get(pk=unit.pk)
    values = {
        "nama": _clean_nama(nama),
        "eselon": _clean_eselon(eselon),
        "jenis_induk": _clean_jenis_induk(jenis_induk),
    }
    moved = (parent.pk if parent else None) != unit.parent_id
    if moved:
        parent = UnitKerja.objects.get(pk=parent.pk) if parent is not None else None
        _check_parent(instansi=unit.instansi, parent=parent, unit=unit)
    changed = moved or any(getattr(unit, k) != v for k, v in values.items())
    if not changed:
        return unit
    before = audit.snapshot(unit, AUDIT_FIELDS)
    for key, value in values.items():
        setattr(unit, key, value)
    if moved:
        unit.parent = parent
    unit.save()
    audit.record(
        actor=actor,
        action="unit.move" if moved else "unit.update",
        obj=unit,
        instansi=unit.instansi,
        before=before,
        after=audit.snapshot(unit, AUDIT_FIELDS),
    )
    return unit


def _set_aktif(*, actor: User, unit: UnitKerja, aktif: bool) -> UnitKerja:
    before = audit.snapshot(unit, AUDIT_FIELDS)
    unit.aktif = aktif
    unit.save(update_fields=["aktif"])
    audit.record(
        actor=actor,
        action="unit.activate" if aktif else "unit.deactivate",
        obj=unit,
        instansi=unit.instansi,
        before=before,
        after=audit.snapshot(unit, AUDIT_FIELDS),
    )
    return unit


@transaction.atomic
def unit_deactivate(*, actor: User, unit: UnitKerja) -> UnitKerja:
    """Deactivate an empty unit: no active employee, no active child unit, no running PLT/PLH."""
    _check_right(actor, unit)
    _lock_instansi(unit.instansi)
    unit = UnitKerja.objects.select_related("instansi").get(pk=unit.pk)
    if not unit.aktif:
        raise DomainError(f"Unit kerja {unit.nama} sudah nonaktif.")
    usage = unit_usage(unit)
    blockers = []
    if usage.pegawai:
        blockers.append(f"{usage.pegawai} pegawai aktif")
    if usage.sub_unit:
        blockers.append(f"{usage.sub_unit} unit kerja bawahan aktif")
    if usage.penugasan:
        blockers.append(f"{usage.penugasan} penugasan PLT/PLH yang belum berakhir")
    if blockers:
        raise DomainError(
            f"Unit kerja {unit.nama} tidak dapat dinonaktifkan karena masih memiliki {', '.join(blockers)}. "
            "Pindahkan atau akhiri terlebih dahulu."
        )
    return _set_aktif(actor=actor, unit=unit, aktif=False)


@transaction.atomic
def unit_activate(*, actor: User, unit: UnitKerja) -> UnitKerja:
    """Activate a unit again; its parent unit must be active."""
    _check_right(actor, unit)
    _lock_instansi(unit.instansi)
    unit = UnitKerja.objects.select_related("instansi", "parent").get(pk=unit.pk)
    if unit.aktif:
        raise DomainError(f"Unit kerja {unit.nama} sudah aktif.")
    if unit.parent is not None and not unit.parent.aktif:
        raise DomainError(
            f"Unit kerja atasannya ({unit.parent.nama}) tidak aktif. "
            "Aktifkan unit kerja atasan terlebih dahulu."
        )
    return _set_aktif(actor=actor, unit=unit, aktif=True)

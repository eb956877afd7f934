"""Manajemen User PMM: the admin instansi adds a teacher / principal (PKG/PKKS/PKPS user) by NIP, or removes one
with a reason. PMM is asked first: it must list the person to be added, and must no longer list them to be removed.

The remote call happens before anything is written; a refusal or an unreachable PMM leaves the data unchanged.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction

from kinerja.core.audit import record
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.org.models import Instansi, Pegawai
from kinerja.org.permissions import is_admin_of

from ..clients.base import NetworkError, NotConfigured, RemoteError
from ..clients.pmm import PmmClient
from ..models import PenggunaPmm

# Alasan menghapus User PMM (SPEC.md §4, seed 003 "Hapus User PMM").
ALASAN_HAPUS = [
    ("GURU_KEMENAG", "Guru Kemenag"),
    ("BUKAN_GURU", "Bukan Guru"),
    ("NON_GURU", "Perubahan Jabatan ke Non Guru"),
    ("SILN", "Bekerja di Sekolah Indonesia di Luar Negeri (SILN)"),
    ("TUGAS_BELAJAR", "Sedang Tugas Belajar"),
    ("SWASTA", "Diperbantukan di Satuan Pendidikan Swasta"),
]
ALASAN_LABEL = dict(ALASAN_HAPUS)

MASIH_TERDAFTAR = "Gagal menghapus pengguna PMM dikarenakan Pegawai masih terdaftar pengguna PMM"
_NIP = re.compile(r"\d{18}")


def _require_admin(actor, obj) -> None:
    if not is_admin_of(actor, obj):
        raise PermissionDeniedError("Hanya admin instansi yang dapat mengelola User PMM instansi ini.")


def _pengguna_pmm(nip: str, *, field: str | None) -> dict | None:
    """What PMM says about the person; None when PMM does not know the NIP. Unreachable PMM → DomainError."""
    try:
        return PmmClient().pengguna(nip)
    except RemoteError:
        return None
    except (NetworkError, NotConfigured) as exc:
        raise DomainError(f"Data PMM tidak dapat diperiksa: {exc.message}", field=field) from exc


def pengguna_tambah(*, actor, instansi: Instansi, nip: str) -> PenggunaPmm:
    """Tambah User PMM: an active employee of the instansi whom PMM lists as a PTK."""
    _require_admin(actor, instansi)
    nip = (nip or "").strip().replace(" ", "")
    if not _NIP.fullmatch(nip):
        raise DomainError("NIP tidak valid: NIP harus terdiri dari 18 digit angka.", field="nip")
    pegawai = (
        Pegawai.objects.select_related("jabatan", "unit_kerja")
        .filter(instansi=instansi, nip=nip, aktif=True)
        .first()
    )
    if pegawai is None:
        raise DomainError(f"Pegawai aktif dengan NIP {nip} tidak ditemukan di {instansi.nama}.", field="nip")
    if PenggunaPmm.objects.filter(pegawai=pegawai).exists():
        raise DomainError(f"{pegawai.nama} (NIP {nip}) sudah terdaftar sebagai User PMM.", field="nip")
    data = _pengguna_pmm(nip, field="nip")
    if not data or not data.get("terdaftar"):
        raise DomainError(
            f"{pegawai.nama} (NIP {nip}) tidak terdaftar sebagai pengguna PMM (PKG/PKKS/PKPS). "
            "Pastikan NIP pada Dapodik (Verval PTK) sama dengan NIP di SIASN.",
            field="nip",
        )
    try:
        with transaction.atomic():
            pengguna = PenggunaPmm.objects.create(
                pegawai=pegawai,
                instansi=instansi,
                jenis_ptk=str(data.get("jenis_ptk") or "")[:60],
                ditambahkan_oleh=actor,
            )
            record(
                actor=actor,
                action="pmm.pengguna_tambah",
                obj=pengguna,
                instansi=instansi,
                after={"nip": nip, "nama": pegawai.nama, "jenis_ptk": pengguna.jenis_ptk},
            )
    except IntegrityError as exc:  # added at the same moment by another admin
        raise DomainError(
            f"{pegawai.nama} (NIP {nip}) sudah terdaftar sebagai User PMM.", field="nip"
        ) from exc
    return pengguna


def pengguna_hapus(*, actor, pengguna: PenggunaPmm, alasan: str) -> None:
    """Hapus User PMM in e-Kinerja only (PMM and Dapodik keep their data); refused while PMM still lists them."""
    _require_admin(actor, pengguna)
    if alasan not in ALASAN_LABEL:
        raise DomainError("Pilih alasan menghapus User PMM.", field="alasan")
    pegawai = pengguna.pegawai
    data = _pengguna_pmm(pegawai.nip, field=None)
    if data and data.get("terdaftar"):
        raise DomainError(MASIH_TERDAFTAR)
    with transaction.atomic():
        row = PenggunaPmm.objects.select_for_update().filter(pk=pengguna.pk).first()
        if row is None:
            raise DomainError("User PMM ini sudah dihapus.")
        record(
            actor=actor,
            action="pmm.pengguna_hapus",
            obj=row,
            instansi=row.instansi,
            before={"nip": pegawai.nip, "nama": pegawai.nama, "jenis_ptk": row.jenis_ptk},
            after={"alasan": ALASAN_LABEL[alasan]},
        )
        row.delete()

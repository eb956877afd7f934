"""Manajemen Pegawai by the admin: edit the record, reset the password, deactivate and activate."""

from __future__ import annotations

import datetime
import secrets

from axes.utils import reset as axes_reset
from django.db import transaction

from kinerja.core import audit
from kinerja.core.errors import DomainError, PermissionDeniedError

from .. import reference, rules
from ..models import Jabatan, JenisAsn, JenisKelamin, JenisPegawai, Pegawai, Peran, UnitKerja, User

EDITABLE_FIELDS = [
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "nomor_kartu_asn",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_kelamin",
    "jenis_asn",
    "tmt_cpns",
    "tmt_pns",
    "jabatan",
    "tmt_jabatan",
    "golongan",
    "tmt_golongan",
    "unit_kerja",
    "jenis_pegawai",
    "diperbantukan_di",
]


def _check_manage(actor, pegawai: Pegawai) -> None:
    if not actor.has_perm("org.manage", pegawai):
        raise PermissionDeniedError("Anda tidak berhak mengelola pegawai ini.")


def _check_account(actor, user: User | None) -> None:
    """An instansi admin must not take over or lock out an account that is worth more than their own."""
    if user is None:
        return
    if user.is_superuser and not actor.is_superuser:
        raise PermissionDeniedError("Akun ini hanya dapat dikelola oleh superuser.")
    if user.peran == Peran.ADMIN_NASIONAL and actor.peran != Peran.ADMIN_NASIONAL:
        raise PermissionDeniedError("Akun admin nasional hanya dapat dikelola oleh admin nasional.")


def _locked(pegawai: Pegawai) -> Pegawai:
    """A fresh copy of the row, locked until the end of the transaction (only this row, not its joins)."""
    return (
        Pegawai.objects.select_related("instansi", "user").select_for_update(of=("self",)).get(pk=pegawai.pk)
    )


def pegawai_problems(
    *,
    nip: str,
    nama: str,
    tanggal_lahir: datetime.date | None,
    jenis_kelamin: str,
    jenis_asn: str,
    tmt_cpns: datetime.date | None,
    tmt_pns: datetime.date | None,
    golongan: str,
) -> list[tuple[str | None, str]]:
    """Every inconsistency of the record as (form field, message); empty when the data may be saved.

    The NIP cannot be edited here, so its own structural defects (an imported legacy NIP) do not block an
    edit; only a disagreement between the NIP and the data typed in is refused, next to the field concerned.
    """
    problems: list[tuple[str | None, str]] = []
    if not (nama or "").strip():
        problems.append(("nama", "Nama wajib diisi."))
    if jenis_kelamin not in JenisKelamin.values:
        problems.append(("jenis_kelamin", "Pilih jenis kelamin."))
    if jenis_asn not in JenisAsn.values:
        problems.append(("jenis_asn", "Pilih PNS atau PPPK."))
    if tanggal_lahir is None:
        problems.append(("tanggal_lahir", "Tanggal lahir wajib diisi."))
    if tmt_cpns is None:
        problems.append(("tmt_cpns", "TMT CPNS / pengangkatan wajib diisi."))
    given = {
        "tanggal_lahir": tanggal_lahir,
        "jenis_kelamin": jenis_kelamin if jenis_kelamin in JenisKelamin.values else None,
        "jenis_asn": jenis_asn if jenis_asn in JenisAsn.values else None,
        "tmt_cpns": tmt_cpns,
    }
    given = {k: v for k, v in given.items() if v}
    structural = set(rules.nip_problems(nip))
    per_field = {field: set(rules.nip_problems(nip, **{field: value})) for field, value in given.items()}
    for message in rules.nip_problems(nip, **given):
        if message in structural:
            continue
        field = next((f for f, messages in per_field.items() if message in messages), None)
        problems.append((field, message))
    if tmt_pns and jenis_asn == rules.PPPK:
        problems.append(("tmt_pns", "PPPK tidak memiliki TMT PNS; kosongkan isian ini."))
    elif tmt_pns and tmt_cpns and tmt_pns < tmt_cpns:
        problems.append(("tmt_pns", "TMT PNS tidak boleh sebelum TMT CPNS."))
    if golongan and jenis_asn in JenisAsn.values and not reference.is_valid_golongan(jenis_asn, golongan):
        label = "PNS" if jenis_asn == rules.PNS else "PPPK"
        shown = golongan if golongan.isprintable() and len(golongan) <= 10 else "yang dipilih"  # no raw echo
        problems.append(("golongan", f"Golongan {shown} tidak berlaku untuk {label}."))
    return problems


@transaction.atomic
def pegawai_update(
    *,
    actor,
    pegawai: Pegawai,
    nama: str,
    tanggal_lahir: datetime.date,
    jenis_kelamin: str,
    jenis_asn: str,
    tmt_cpns: datetime.date,
    unit_kerja: UnitKerja,
    gelar_depan: str = "",
    gelar_belakang: str = "",
    nomor_kartu_asn: str = "",
    tempat_lahir: str = "",
    tmt_pns: datetime.date | None = None,
    jabatan: Jabatan | None = None,
    tmt_jabatan: datetime.date | None = None,
    golongan: str = "",
    tmt_golongan: datetime.date | None = None,
    diperbantukan_di: str = "",
) -> bool:
    """Save the admin's edit of an employee; True when something changed (and was audited).

    Moving the employee to another unit makes them a plain Pegawai: their leader claim is released.
    """
    _check_manage(actor, pegawai)
    p = _locked(pegawai)
    problems = pegawai_problems(
        nip=p.nip,
        nama=nama,
        tanggal_lahir=tanggal_lahir,
        jenis_kelamin=jenis_kelamin,
        jenis_asn=jenis_asn,
        tmt_cpns=tmt_cpns,
        tmt_pns=tmt_pns,
        golongan=golongan,
    )
    if problems:
        field, message = problems[0]
        raise DomainError(message, field=field)
    if unit_kerja.instansi_id != p.instansi_id:
        raise DomainError("Unit kerja harus berada di instansi pegawai.", field="unit_kerja")
    if unit_kerja.pk != p.unit_kerja_id and not unit_kerja.aktif:
        raise DomainError("Unit kerja ini sudah tidak aktif.", field="unit_kerja")

    before = audit.snapshot(p, EDITABLE_FIELDS)
    if unit_kerja.pk != p.unit_kerja_id:
        p.jenis_pegawai = JenisPegawai.PEGAWAI
    p.nama = nama.strip()
    p.gelar_depan = gelar_depan.strip()
    p.gelar_belakang = gelar_belakang.strip()
    p.nomor_kartu_asn = nomor_kartu_asn.strip()
    p.tempat_lahir = tempat_lahir.strip()
    p.tanggal_lahir = tanggal_lahir
    p.jenis_kelamin = jenis_kelamin
    p.jenis_asn = jenis_asn
    p.tmt_cpns = tmt_cpns
    p.tmt_pns = tmt_pns
    p.jabatan = jabatan
    p.tmt_jabatan = tmt_jabatan
    p.golongan = golongan
    p.tmt_golongan = tmt_golongan
    p.unit_kerja = unit_kerja
    p.diperbantukan_di = diperbantukan_di.strip()
    after = audit.snapshot(p, EDITABLE_FIELDS)
    changed = [name for name in EDITABLE_FIELDS if before[name] != after[name]]
    if not changed:
        return False
    p.save(update_fields=changed)
    audit.record(
        actor=actor,
        action="pegawai.update",
        obj=p,
        instansi=p.instansi,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return True


@transaction.atomic
def pegawai_reset_password(*, actor, pegawai: Pegawai) -> str:
    """Give the employee a new random temporary password and return it (to be shown once, never stored).

    An employee without a login gets one, with the NIP as username. Any django-axes lockout is lifted.
    """
    _check_manage(actor, pegawai)
    p = _locked(pegawai)
    if not p.aktif:
        raise DomainError("Pegawai ini nonaktif. Aktifkan terlebih dahulu sebelum mereset password.")
    if p.user_id is not None and p.user_id == actor.pk:
        raise DomainError("Untuk akun Anda sendiri gunakan menu Ubah Password.")
    user = p.user
    created = False
    if user is None:
        user = User.objects.filter(username=p.nip).first()
        if user is not None and Pegawai.objects.filter(user=user).exists():
            raise DomainError("Akun dengan username NIP ini sudah terhubung dengan pegawai lain.")
        if user is None:
            user = User(username=p.nip, peran=Peran.PEGAWAI)
            created = True
        user.is_active = True
    _check_account(actor, user)
    password = secrets.token_urlsafe(9)
    user.set_password(password)
    user.save()
    if p.user_id != user.pk:
        p.user = user
        p.save(update_fields=["user"])
    axes_reset(username=user.username)
    audit.record(
        actor=actor,
        action="pegawai.reset_password",
        obj=p,
        instansi=p.instansi,
        after={"akun_dibuat": created},
    )
    return password


@transaction.atomic
def pegawai_deactivate(*, actor, pegawai: Pegawai) -> None:
    """Nonaktifkan: the record and its login are switched off; a leader's claim is released."""
    _check_manage(actor, pegawai)
    if pegawai.user_id is not None and pegawai.user_id == actor.pk:
        raise DomainError("Anda tidak dapat menonaktifkan akun Anda sendiri.")
    p = _locked(pegawai)
    if not p.aktif:
        raise DomainError("Pegawai ini sudah nonaktif.")
    _check_account(actor, p.user)
    before = {
        **audit.snapshot(p, ["aktif", "jenis_pegawai"]),
        "akun_aktif": p.user.is_active if p.user else None,
    }
    p.aktif = False
    p.jenis_pegawai = JenisPegawai.PEGAWAI
    p.save(update_fields=["aktif", "jenis_pegawai"])
    if p.user is not None and p.user.is_active:
        p.user.is_active = False
        p.user.save(update_fields=["is_active"])
    after = {
        **audit.snapshot(p, ["aktif", "jenis_pegawai"]),
        "akun_aktif": p.user.is_active if p.user else None,
    }
    audit.record(
        actor=actor, action="pegawai.deactivate", obj=p, instansi=p.instansi, before=before, after=after
    )


@transaction.atomic
def pegawai_activate(*, actor, pegawai: Pegawai) -> None:
    """Aktifkan: the record and its login work again. A released leader claim stays released."""
    _check_manage(actor, pegawai)
    p = _locked(pegawai)
    if p.aktif:
        raise DomainError("Pegawai ini sudah aktif.")
    _check_account(actor, p.user)
    before = {"aktif": False, "akun_aktif": p.user.is_active if p.user else None}
    p.aktif = True
    p.save(update_fields=["aktif"])
    if p.user is not None and not p.user.is_active:
        p.user.is_active = True
        p.user.save(update_fields=["is_active"])
    after = {"aktif": True, "akun_aktif": p.user.is_active if p.user else None}
    audit.record(
        actor=actor, action="pegawai.activate", obj=p, instansi=p.instansi, before=before, after=after
    )

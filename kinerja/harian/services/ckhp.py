"""Catatan Kinerja Harian Pegawai (CKHP): the owner's entries (Konsep → Kirim Kinerja Harian → Periksa) and the
assessor's review (Setuju, or Dikembalikan with a note), several entries at once.

Every write: the feature on for the instansi, the SKP approved (PERSETUJUAN) and not from PMM, the entry's month not
closed (services/common.require_bulan_terbuka), one audit event per entry touched.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from kinerja.core.audit import _jsonable, record, snapshot
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.core.teks import periksa_teks
from kinerja.penilaian.services.pengisian import clean_link
from kinerja.skp.models import Indikator, Skp, Status, Sumber

from .. import rules
from ..models import CatatanHarian
from ..pengaturan import require_aktif
from .common import require_bulan_terbuka

CATATAN_FIELDS = ["skp", "indikator", "tanggal", "uraian", "realisasi", "bukti_link", "status"]
URAIAN_MAKS = 2000
CATATAN_MAKS = 2000
REALISASI_MAKS = Decimal("999999999999.99")  # max_digits=14, decimal_places=2

PMM_HANYA_LIHAT = (
    "SKP ini berasal dari PMM dan hanya dapat dilihat: catatan kinerja harian tidak dapat diisi pada SKP PMM."
)


# --- checks ------------------------------------------------------------------------------------------------------


def _skp_terkunci(skp: Skp) -> Skp:
    return Skp.objects.select_for_update(of=("self",)).select_related("pegawai", "instansi").get(pk=skp.pk)


def _require_pemilik(actor, skp: Skp) -> None:
    if not (actor.is_authenticated and skp.pegawai.user_id == actor.pk):
        raise PermissionDeniedError("Hanya pegawai pemilik SKP yang dapat mengisi catatan kinerja harian.")


def _require_skp_disetujui(skp: Skp) -> None:
    if skp.sumber == Sumber.PMM:
        raise DomainError(PMM_HANYA_LIHAT)
    if skp.status != Status.PERSETUJUAN:
        raise DomainError(
            "Catatan kinerja harian hanya dapat diisi pada SKP yang sudah disetujui (PERSETUJUAN). "
            f"Status SKP saat ini: {skp.status}."
        )


def _require_bulan_terbuka(instansi_id: int, tanggal: datetime.date) -> None:
    """The month of `tanggal` must be open; the refusal belongs to the date field."""
    require_bulan_terbuka(instansi_id, tanggal.year, tanggal.month, field="tanggal")


def _indikator(skp: Skp, indikator: Indikator) -> Indikator:
    item = Indikator.objects.select_related("rhk").filter(pk=getattr(indikator, "pk", None)).first()
    if item is None or item.rhk.skp_id != skp.pk:
        raise DomainError(
            "Indikator kinerja individu ini bukan bagian dari SKP yang dipilih.", field="indikator"
        )
    return item


def _tanggal(skp: Skp, tanggal, hari_mundur: int) -> datetime.date:
    if not isinstance(tanggal, datetime.date):
        raise DomainError("Tanggal wajib diisi.", field="tanggal")
    masalah = rules.masalah_tanggal(
        tanggal,
        hari_ini=timezone.localdate(),
        skp_awal=skp.periode_awal,
        skp_akhir=skp.periode_akhir,
        hari_mundur=hari_mundur,
    )
    if masalah:
        raise DomainError(masalah, field="tanggal")
    return tanggal


def _teks(value, field: str, label: str, maks: int) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(f"{label} wajib diisi.", field=field)
    if len(value) > maks:
        raise DomainError(f"{label} paling banyak {maks} karakter.", field=field)
    periksa_teks(value, label=label, field=field)  # the return note is written by a set-based UPDATE
    return value


def _realisasi(value) -> Decimal:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise DomainError("Realisasi wajib diisi.", field="realisasi")
    try:
        angka = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation as exc:
        raise DomainError("Realisasi harus berupa angka.", field="realisasi") from exc
    if not angka.is_finite():
        raise DomainError("Realisasi harus berupa angka.", field="realisasi")
    if angka < 0:
        raise DomainError("Realisasi tidak boleh kurang dari 0.", field="realisasi")
    if angka > REALISASI_MAKS:
        raise DomainError("Realisasi terlalu besar.", field="realisasi")
    if angka.as_tuple().exponent < -2 and angka != angka.quantize(rules.DUA_DESIMAL):
        raise DomainError("Realisasi paling banyak 2 angka di belakang koma.", field="realisasi")
    return angka.quantize(rules.DUA_DESIMAL)


def _bukti_link(value) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return clean_link(value)
    except DomainError as exc:
        raise DomainError(exc.message, field="bukti_link") from exc


def _audit(actor, action: str, catatan: CatatanHarian, instansi, before=None, after=None) -> None:
    record(actor=actor, action=action, obj=catatan, instansi=instansi, before=before, after=after)


def _audit_banyak(actor, action: str, items: list[CatatanHarian], before: dict, after: dict) -> None:
    """One audit event per entry, written in one INSERT."""
    label = getattr(actor, "username", "") or str(actor) if actor is not None else ""
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor if getattr(actor, "pk", None) else None,
                actor_label=label,
                action=action,
                object_type=CatatanHarian._meta.label,
                object_id=str(c.pk),
                object_label=str(c)[:300],
                instansi_id=c.skp.instansi_id,
                before=_jsonable(before),
                after=_jsonable(after),
            )
            for c in items
        ]
    )


# --- the owner ---------------------------------------------------------------------------------------------------


@transaction.atomic
def catatan_tambah(
    *, actor, skp: Skp, indikator: Indikator, tanggal, uraian: str, realisasi, bukti_link: str = ""
) -> CatatanHarian:
    """+ Kinerja Utama / + Kinerja Tambahan: a new entry in Konsep."""
    skp = _skp_terkunci(skp)
    setting = require_aktif(skp.instansi_id)
    _require_pemilik(actor, skp)
    _require_skp_disetujui(skp)
    indikator = _indikator(skp, indikator)
    tanggal = _tanggal(skp, tanggal, setting.hari_mundur)
    _require_bulan_terbuka(skp.instansi_id, tanggal)
    catatan = CatatanHarian.objects.create(
        skp=skp,
        indikator=indikator,
        pegawai=skp.pegawai,
        tanggal=tanggal,
        uraian=_teks(uraian, "uraian", "Uraian", URAIAN_MAKS),
        realisasi=_realisasi(realisasi),
        bukti_link=_bukti_link(bukti_link),
        status=rules.KONSEP,
    )
    _audit(actor, "harian.catatan_tambah", catatan, skp.instansi, after=snapshot(catatan, CATATAN_FIELDS))
    return catatan


def _catatan_pemilik(actor, catatan: CatatanHarian, kata_kerja: str) -> CatatanHarian:
    """Lock the entry and check that its owner may still change it (Konsep or Dikembalikan)."""
    item = (
        CatatanHarian.objects.select_for_update(of=("self",))
        .select_related("skp__pegawai", "skp__instansi")
        .get(pk=catatan.pk)
    )
    require_aktif(item.skp.instansi_id)
    _require_pemilik(actor, item.skp)
    if item.status not in rules.STATUS_BOLEH_UBAH:
        raise DomainError(
            f"Catatan berstatus {item.get_status_display()} tidak dapat {kata_kerja}. "
            "Hanya catatan berstatus Konsep atau Dikembalikan yang dapat diubah."
        )
    _require_skp_disetujui(item.skp)
    _require_bulan_terbuka(item.skp.instansi_id, item.tanggal)
    return item


@transaction.atomic
def catatan_ubah(
    *,
    actor,
    catatan: CatatanHarian,
    indikator: Indikator,
    tanggal,
    uraian: str,
    realisasi,
    bukti_link: str = "",
) -> CatatanHarian:
    """Ubah: an entry in Konsep or Dikembalikan. Its status does not change (send it again to have it checked).

    The date rules apply when the date changes; an unchanged date stays allowed, so that a returned entry can be
    corrected after the days-back limit has passed."""
    item = _catatan_pemilik(actor, catatan, "diubah")
    skp = item.skp
    before = snapshot(item, CATATAN_FIELDS)
    item.indikator = _indikator(skp, indikator)
    if tanggal != item.tanggal:
        setting = require_aktif(skp.instansi_id)
        item.tanggal = _tanggal(skp, tanggal, setting.hari_mundur)
        _require_bulan_terbuka(skp.instansi_id, item.tanggal)
    item.uraian = _teks(uraian, "uraian", "Uraian", URAIAN_MAKS)
    item.realisasi = _realisasi(realisasi)
    item.bukti_link = _bukti_link(bukti_link)
    item.save()
    _audit(
        actor, "harian.catatan_ubah", item, skp.instansi, before=before, after=snapshot(item, CATATAN_FIELDS)
    )
    return item


@transaction.atomic
def catatan_hapus(*, actor, catatan: CatatanHarian) -> None:
    item = _catatan_pemilik(actor, catatan, "dihapus")
    _audit(actor, "harian.catatan_hapus", item, item.skp.instansi, before=snapshot(item, CATATAN_FIELDS))
    item.delete()


def _terkunci_banyak(catatan_list: Iterable[CatatanHarian], kosong: str) -> list[CatatanHarian]:
    ids = sorted({c.pk for c in catatan_list})
    if not ids:
        raise DomainError(kosong)
    items = list(
        CatatanHarian.objects.select_for_update(of=("self",))
        .select_related("skp__pegawai", "skp__penilai", "skp__instansi", "indikator")
        .filter(pk__in=ids)
        .order_by("tanggal", "id")
    )
    if len(items) != len(ids):
        raise DomainError("Sebagian catatan yang dipilih tidak ditemukan. Muat ulang halaman lalu coba lagi.")
    return items


def _nama_catatan(c: CatatanHarian) -> str:
    uraian = c.uraian if len(c.uraian) <= 40 else f"{c.uraian[:40]}…"
    return f"{c.tanggal:%d-%m-%Y} «{uraian}»"


def _require_bulan_bulan(items: list[CatatanHarian]) -> dict[int, str]:
    """Feature on and month open for every (instansi, month) of the selection: one check per distinct month."""
    masalah: dict[int, str] = {}
    instansi_ok: dict[int, str | None] = {}
    bulan_ok: dict[tuple[int, int, int], str | None] = {}
    for c in items:
        iid = c.skp.instansi_id
        if iid not in instansi_ok:
            try:
                require_aktif(iid)
                instansi_ok[iid] = None
            except DomainError as exc:
                instansi_ok[iid] = exc.message
        key = (iid, c.tanggal.year, c.tanggal.month)
        if key not in bulan_ok:
            try:
                require_bulan_terbuka(*key)
                bulan_ok[key] = None
            except DomainError as exc:
                bulan_ok[key] = exc.message
        reason = instansi_ok[iid] or bulan_ok[key]
        if reason:
            masalah[c.pk] = reason
    return masalah


def _tolak_jika_ada(items: list[CatatanHarian], masalah: dict[int, str], judul: str) -> None:
    if masalah:
        rincian = "; ".join(f"{_nama_catatan(c)}: {masalah[c.pk]}" for c in items if c.pk in masalah)
        raise DomainError(f"{judul} Tidak ada yang diproses. {rincian}")


@transaction.atomic
def catatan_kirim(*, actor, catatan_list: Iterable[CatatanHarian]) -> list[CatatanHarian]:
    """Kirim Kinerja Harian: the owner sends several entries (Konsep / Dikembalikan) for checking — all or none."""
    items = _terkunci_banyak(catatan_list, "Pilih minimal satu catatan kinerja harian yang akan dikirim.")
    for c in items:
        _require_pemilik(actor, c.skp)
    masalah = _require_bulan_bulan(items)
    for c in items:
        if c.pk in masalah:
            continue
        if c.status not in rules.STATUS_BOLEH_KIRIM:
            masalah[c.pk] = (
                f"berstatus {c.get_status_display()}, hanya Konsep atau Dikembalikan yang dapat dikirim"
            )
        elif c.skp.sumber == Sumber.PMM or c.skp.status != Status.PERSETUJUAN:
            masalah[c.pk] = "SKP-nya belum atau tidak lagi berstatus PERSETUJUAN"
        elif not c.skp.penilai_id:
            masalah[c.pk] = "SKP-nya tidak memiliki pejabat penilai"
    _tolak_jika_ada(items, masalah, "Catatan berikut tidak dapat dikirim.")
    now = timezone.now()
    CatatanHarian.objects.filter(pk__in=[c.pk for c in items]).update(
        status=rules.PERIKSA, dikirim_pada=now, diubah_pada=now
    )
    _audit_status(actor, "harian.catatan_kirim", items, rules.PERIKSA)
    for c in items:
        c.status, c.dikirim_pada = rules.PERIKSA, now
    return items


def _audit_status(actor, action: str, items: list[CatatanHarian], status: str, **after) -> None:
    """One event per entry (before: its current status), grouped by that status for the bulk INSERT."""
    groups: dict[str, list[CatatanHarian]] = {}
    for c in items:
        groups.setdefault(c.status, []).append(c)
    for before, group in groups.items():
        _audit_banyak(actor, action, group, before={"status": before}, after={"status": status, **after})


# --- the assessor ------------------------------------------------------------------------------------------------


def _periksa(actor, catatan_list, kosong: str, judul: str) -> list[CatatanHarian]:
    items = _terkunci_banyak(catatan_list, kosong)
    for c in items:
        if not actor.has_perm("skp.review", c.skp):
            raise PermissionDeniedError(
                "Hanya pejabat penilai SKP yang dapat memeriksa catatan kinerja harian pegawai ini."
            )
    masalah = _require_bulan_bulan(items)
    for c in items:
        if c.pk not in masalah and c.status not in rules.STATUS_BOLEH_PERIKSA:
            masalah[c.pk] = (
                f"berstatus {c.get_status_display()}, hanya catatan berstatus Periksa yang dapat diperiksa"
            )
    _tolak_jika_ada(items, masalah, judul)
    return items


def _tandai(actor, items: list[CatatanHarian], status: str, catatan: str, action: str) -> list[CatatanHarian]:
    now = timezone.now()
    pemeriksa_id = items[0].skp.penilai_id  # one person: skp.review means skp.penilai.user is the actor
    CatatanHarian.objects.filter(pk__in=[c.pk for c in items]).update(
        status=status,
        catatan_pemeriksa=catatan,
        diperiksa_oleh_id=pemeriksa_id,
        diperiksa_pada=now,
        diubah_pada=now,
    )
    extra = {"catatan_pemeriksa": catatan} if catatan else {}
    _audit_status(actor, action, items, status, **extra)
    for c in items:
        c.status, c.catatan_pemeriksa, c.diperiksa_oleh_id, c.diperiksa_pada = (
            status,
            catatan,
            pemeriksa_id,
            now,
        )
    return items


@transaction.atomic
def catatan_setujui(*, actor, catatan_list: Iterable[CatatanHarian]) -> list[CatatanHarian]:
    """Setujui: the assessor approves several sent entries — all or none."""
    items = _periksa(
        actor,
        catatan_list,
        "Pilih minimal satu catatan kinerja harian yang akan disetujui.",
        "Catatan berikut tidak dapat disetujui.",
    )
    return _tandai(actor, items, rules.SETUJU, "", "harian.catatan_setujui")


@transaction.atomic
def catatan_kembalikan(*, actor, catatan_list: Iterable[CatatanHarian], catatan: str) -> list[CatatanHarian]:
    """Kembalikan: the assessor returns several sent entries with a note — all or none."""
    items = _periksa(
        actor,
        catatan_list,
        "Pilih minimal satu catatan kinerja harian yang akan dikembalikan.",
        "Catatan berikut tidak dapat dikembalikan.",
    )
    note = _teks(catatan, "catatan", "Catatan pengembalian", CATATAN_MAKS)
    return _tandai(actor, items, rules.DIKEMBALIKAN, note, "harian.catatan_kembalikan")

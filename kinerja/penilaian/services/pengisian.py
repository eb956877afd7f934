"""The employee's side of a period: Rencana Aksi, Bukti Dukung and Realisasi (with Sumber Data).

Every write: the owner only, the SKP approved, until the batas pengisian (or an admin's reopening); periodic periods
need the RHK's rencana aksi before bukti dukung and realisasi, the Final period needs none."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from kinerja.core.audit import snapshot
from kinerja.core.errors import DomainError
from kinerja.core.konkurensi import cek_versi
from kinerja.sampah.buang import Jenis, Pembuangan, label_bukti
from kinerja.skp.models import Indikator, Rhk, Status, Sumber

from ..models import BuktiDukung, Penilaian, Realisasi, RencanaAksi
from .common import audit, locked, require_owner_open, require_rencana_aksi

RENCANA_AKSI_FIELDS = ["rhk", "teks", "target"]
BUKTI_FIELDS = ["indikator", "nama", "link"]
REALISASI_FIELDS = ["indikator", "realisasi", "sumber_data"]
LINK_SCHEMES = ("http", "https")
PMM_DARI_SINKRO = (
    "SKP ini berasal dari PMM: rencana aksi, bukti dukung dan realisasi diisi di PMM dan masuk melalui "
    "Sinkro Penilaian PMM. Ubah di PMM lalu lakukan Sinkro PMM."
)


def check_fill(actor, penilaian: Penilaian) -> None:
    """The owner, not a PMM SKP, the SKP approved, not past the batas pengisian (or an admin's reopening)."""
    require_owner_open(actor, penilaian)
    if penilaian.skp.sumber == Sumber.PMM:
        raise DomainError(PMM_DARI_SINKRO)
    if penilaian.skp.status != Status.PERSETUJUAN:
        raise DomainError(
            "Pengisian hanya dapat dilakukan pada SKP yang sudah disetujui (PERSETUJUAN). "
            f"Status SKP saat ini: {penilaian.skp.status}."
        )


def _open_for_fill(actor, penilaian: Penilaian) -> Penilaian:
    """Lock the period, then check it may be filled."""
    penilaian = locked(penilaian)
    check_fill(actor, penilaian)
    return penilaian


def _rhk_of(penilaian: Penilaian, rhk: Rhk) -> None:
    if rhk.skp_id != penilaian.skp_id:
        raise DomainError("RHK ini bukan bagian dari SKP periode penilaian ini.")


def _indikator_of(penilaian: Penilaian, indikator: Indikator) -> None:
    if indikator.rhk.skp_id != penilaian.skp_id:
        raise DomainError("Indikator ini bukan bagian dari SKP periode penilaian ini.")


def _text(value: str, field: str, label: str, max_length: int | None = None, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(f"{label} wajib diisi.", field=field)
    if max_length and len(value) > max_length:
        raise DomainError(f"{label} paling banyak {max_length} karakter.", field=field)
    return value


def clean_link(link: str) -> str:
    """A bukti dukung link: an http(s) address only (no javascript:, data:, file: and the like)."""
    link = _text(link, "link", "Link bukti dukung", max_length=1000)
    scheme = urlsplit(link).scheme.lower()
    if scheme not in LINK_SCHEMES:
        raise DomainError(
            "Link bukti dukung harus berupa alamat http:// atau https:// "
            "(mis. tautan Google Drive atau Dropbox).",
            field="link",
        )
    try:
        URLValidator(schemes=list(LINK_SCHEMES))(link)
    except ValidationError as exc:
        raise DomainError(
            "Link bukti dukung tidak valid. Salin alamat lengkap berkas, mis. https://drive.google.com/...",
            field="link",
        ) from exc
    return link


# --- Rencana Aksi -----------------------------------------------------------------------------------------------


def _periodik_only(penilaian: Penilaian) -> None:
    if penilaian.is_final:
        raise DomainError(
            "Rencana aksi hanya disusun untuk periode periodik. "
            "Periode Final tidak memerlukan rencana aksi, cukup mengisi bukti dukung dan realisasi."
        )


@transaction.atomic
def rencana_aksi_create(*, actor, penilaian: Penilaian, rhk: Rhk, teks: str, target: str = "") -> RencanaAksi:
    penilaian = _open_for_fill(actor, penilaian)
    _periodik_only(penilaian)
    _rhk_of(penilaian, rhk)
    item = RencanaAksi.objects.create(
        penilaian=penilaian,
        rhk=rhk,
        teks=_text(teks, "teks", "Rencana aksi"),
        target=_text(target, "target", "Target", max_length=200, required=False),
    )
    audit(
        actor, "penilaian.rencana_aksi_tambah", penilaian, obj=item, after=snapshot(item, RENCANA_AKSI_FIELDS)
    )
    return item


@transaction.atomic
def rencana_aksi_update(*, actor, rencana_aksi: RencanaAksi, teks: str, target: str = "") -> RencanaAksi:
    penilaian = _open_for_fill(actor, rencana_aksi.penilaian)
    _periodik_only(penilaian)
    item = RencanaAksi.objects.select_for_update().get(pk=rencana_aksi.pk)
    before = snapshot(item, RENCANA_AKSI_FIELDS)
    item.teks = _text(teks, "teks", "Rencana aksi")
    item.target = _text(target, "target", "Target", max_length=200, required=False)
    after = snapshot(item, RENCANA_AKSI_FIELDS)
    if after != before:
        item.save(update_fields=["teks", "target"])
        audit(actor, "penilaian.rencana_aksi_ubah", penilaian, obj=item, before=before, after=after)
    return item


@transaction.atomic
def rencana_aksi_delete(*, actor, rencana_aksi: RencanaAksi) -> None:
    penilaian = _open_for_fill(actor, rencana_aksi.penilaian)
    audit(
        actor,
        "penilaian.rencana_aksi_hapus",
        penilaian,
        obj=rencana_aksi,
        before=snapshot(rencana_aksi, RENCANA_AKSI_FIELDS),
    )
    rencana_aksi.delete()


# --- Bukti Dukung -----------------------------------------------------------------------------------------------


@transaction.atomic
def bukti_create(*, actor, penilaian: Penilaian, indikator: Indikator, nama: str, link: str) -> BuktiDukung:
    penilaian = _open_for_fill(actor, penilaian)
    _indikator_of(penilaian, indikator)
    require_rencana_aksi(penilaian, indikator.rhk_id)
    item = BuktiDukung.objects.create(
        penilaian=penilaian,
        indikator=indikator,
        nama=_text(nama, "nama", "Nama bukti dukung", max_length=250),
        link=clean_link(link),
    )
    audit(actor, "penilaian.bukti_tambah", penilaian, obj=item, after=snapshot(item, BUKTI_FIELDS))
    return item


@transaction.atomic
def bukti_update(*, actor, bukti: BuktiDukung, nama: str, link: str) -> BuktiDukung:
    penilaian = _open_for_fill(actor, bukti.penilaian)
    item = BuktiDukung.objects.select_for_update(of=("self",)).select_related("indikator").get(pk=bukti.pk)
    require_rencana_aksi(penilaian, item.indikator.rhk_id)
    before = snapshot(item, BUKTI_FIELDS)
    item.nama = _text(nama, "nama", "Nama bukti dukung", max_length=250)
    item.link = clean_link(link)
    after = snapshot(item, BUKTI_FIELDS)
    if after != before:
        item.save(update_fields=["nama", "link"])
        audit(actor, "penilaian.bukti_ubah", penilaian, obj=item, before=before, after=after)
    return item


@transaction.atomic
def bukti_delete(*, actor, bukti: BuktiDukung) -> None:
    penilaian = _open_for_fill(actor, bukti.penilaian)
    buangan = Pembuangan(bukti)
    sampah = buangan.simpan(
        actor=actor, jenis=Jenis.BUKTI, label=label_bukti(bukti, penilaian), instansi_id=penilaian.skp.instansi_id,
        pemilik_id=penilaian.skp.pegawai_id,
    )  # fmt: skip
    audit(actor, "penilaian.bukti_hapus", penilaian, obj=bukti, before=snapshot(bukti, BUKTI_FIELDS),
          after={"sampah": sampah.pk})  # fmt: skip
    buangan.hapus()


# --- Realisasi --------------------------------------------------------------------------------------------------


def _realisasi_terkini(item: Realisasi | None) -> str:
    """What the conflict message shows of the saved realisasi (the user keeps their own input in the form)."""
    if item is None:
        return ""
    teks = item.realisasi if len(item.realisasi) <= 200 else item.realisasi[:200] + "…"
    return f"Realisasi tersimpan saat ini: {teks}"


@transaction.atomic
def realisasi_set(
    *,
    actor,
    penilaian: Penilaian,
    indikator: Indikator,
    realisasi: str,
    sumber_data: str = "",
    versi: int | None = None,
) -> Realisasi:
    """Edit Realisasi: the realisasi and its Sumber Data of one indicator in one period (created on first save).

    `versi`: the row's token the form was drawn with, 0 when there was no row yet (docs/konkurensi.md); the
    period's row lock serialises writers, so the first save of 50 at once creates the row and the others
    conflict."""
    penilaian = _open_for_fill(actor, penilaian)
    _indikator_of(penilaian, indikator)
    require_rencana_aksi(penilaian, indikator.rhk_id)
    item = Realisasi.objects.select_for_update().filter(penilaian=penilaian, indikator=indikator).first()
    cek_versi(item or Realisasi(versi=0), versi, _realisasi_terkini(item))
    realisasi = _text(realisasi, "realisasi", "Realisasi")
    sumber_data = _text(sumber_data, "sumber_data", "Sumber data", required=False)
    if item is None:
        item = Realisasi.objects.create(
            penilaian=penilaian, indikator=indikator, realisasi=realisasi, sumber_data=sumber_data
        )
        audit(actor, "penilaian.realisasi_isi", penilaian, obj=item, after=snapshot(item, REALISASI_FIELDS))
        return item
    before = snapshot(item, REALISASI_FIELDS)
    item.realisasi, item.sumber_data = realisasi, sumber_data
    after = snapshot(item, REALISASI_FIELDS)
    if after != before:
        item.versi += 1
        item.save(update_fields=["realisasi", "sumber_data", "versi", "diubah_pada"])
        audit(actor, "penilaian.realisasi_ubah", penilaian, obj=item, before=before, after=after)
    return item

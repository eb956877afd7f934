"""Daftar SKP: Tambah Periode SKP, Edit (dates), Hapus, Muat ulang, Mutasi."""

from __future__ import annotations

import datetime

from django.db import transaction

from kinerja.core.audit import snapshot
from kinerja.core.dates import rentang
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.org.models import Jabatan, Pegawai, PenugasanPlt, UnitKerja
from kinerja.org.services import profil as profil_services
from kinerja.penilaian.ringkasan import tandai
from kinerja.sampah.buang import Jenis, Pembuangan, label_skp

from .. import rules
from ..models import Indikator, Rhk, Skp, StatusPegawai
from .common import audit, fill_parties, locked, require_draft, require_editable, require_owner, skp_snapshot


def _check_periode(
    pegawai: Pegawai,
    awal: datetime.date,
    akhir: datetime.date,
    status_pegawai: str,
    penugasan: PenugasanPlt | None,
    exclude_pk: int | None = None,
) -> None:
    for field, message in rules.periode_problems(awal, akhir):
        raise DomainError(message, field=field)
    others = Skp.objects.filter(pegawai=pegawai, status_pegawai=status_pegawai, periode_awal__lte=akhir,
                                periode_akhir__gte=awal)  # fmt: skip
    if status_pegawai == StatusPegawai.PLT:
        if penugasan is None:
            raise DomainError("Pilih penugasan PLT/PLH yang menjadi dasar SKP ini.", field="penugasan_plt")
        if penugasan.pegawai_id != pegawai.pk:
            raise PermissionDeniedError("Penugasan PLT ini bukan milik Anda.")
        ends = penugasan.tanggal_selesai or datetime.date.max
        if not rules.overlaps(awal, akhir, penugasan.tanggal_mulai, ends):
            raise DomainError(
                "Periode SKP PLT harus berada dalam masa penugasan PLT/PLH yang aktif "
                f"({penugasan.tanggal_mulai:%d-%m-%Y} s.d. "
                f"{penugasan.tanggal_selesai.strftime('%d-%m-%Y') if penugasan.tanggal_selesai else 'sekarang'}).",
                field="periode_awal",
            )
        others = others.filter(penugasan_plt=penugasan)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    clash = others.first()
    if clash is not None:
        raise DomainError(
            f"Periode ini beririsan dengan SKP {clash.get_status_pegawai_display().lower()} lain "
            f"({rentang(clash.periode_awal, clash.periode_akhir)}). Periode SKP definitif tidak boleh tumpang tindih.",
            field="periode_awal",
        )


def active_plt_for(pegawai: Pegawai):
    return (
        PenugasanPlt.objects.filter(pegawai=pegawai).select_related("unit_kerja").order_by("-tanggal_mulai")
    )


@transaction.atomic
def skp_create(
    *,
    actor,
    pegawai: Pegawai,
    periode_awal: datetime.date,
    periode_akhir: datetime.date,
    pendekatan: str,
    status_pegawai: str = StatusPegawai.DEFINITIF,
    penugasan_plt: PenugasanPlt | None = None,
) -> Skp:
    """Tambah Periode SKP."""
    if pegawai.user_id != actor.pk:
        raise PermissionDeniedError("SKP hanya dapat dibuat oleh pegawai yang bersangkutan.")
    pegawai = Pegawai.objects.select_for_update().get(pk=pegawai.pk)  # serialises this person's periods
    if status_pegawai == StatusPegawai.PLT and penugasan_plt is None:
        raise DomainError(
            "Anda tidak memiliki penugasan PLT/PLH yang aktif. SKP sebagai PLT hanya dapat dibuat bila admin "
            "instansi telah mencatat penugasan PLT/PLH Anda.",
            field="penugasan_plt",
        )
    _check_periode(pegawai, periode_awal, periode_akhir, status_pegawai, penugasan_plt)
    skp = Skp(
        pegawai=pegawai, instansi_id=pegawai.instansi_id, periode_awal=periode_awal, periode_akhir=periode_akhir,
        pendekatan=pendekatan, status_pegawai=status_pegawai,
        penugasan_plt=penugasan_plt if status_pegawai == StatusPegawai.PLT else None,
    )  # fmt: skip
    fill_parties(skp)
    skp.save()
    audit(actor, "skp.create", skp, after=skp_snapshot(skp))
    return skp


@transaction.atomic
def skp_update_periode(*, actor, skp: Skp, periode_awal: datetime.date, periode_akhir: datetime.date) -> Skp:
    """Edit the dates of an SKP period (also used to end a period early after a mutasi)."""
    require_owner(actor, skp)
    skp = locked(skp)
    require_editable(skp)
    Pegawai.objects.select_for_update().get(pk=skp.pegawai_id)
    _check_periode(skp.pegawai, periode_awal, periode_akhir, skp.status_pegawai, skp.penugasan_plt, skp.pk)
    before = skp_snapshot(skp)
    skp.periode_awal, skp.periode_akhir = periode_awal, periode_akhir
    if skp_snapshot(skp) == before:
        return skp
    skp.save(update_fields=["periode_awal", "periode_akhir", "diubah_pada"])
    audit(actor, "skp.update_periode", skp, before=before, after=skp_snapshot(skp))
    return skp


@transaction.atomic
def skp_delete(*, actor, skp: Skp) -> None:
    """Hapus: only a DRAFT SKP (nothing approved or assessed yet). Moved to the Tempat Sampah with all it holds."""
    require_owner(actor, skp)
    skp = locked(skp)
    require_editable(skp)
    if skp.status != rules.DRAFT:
        raise DomainError("Hanya SKP berstatus DRAFT yang dapat dihapus.")
    before = skp_snapshot(skp)
    buangan = Pembuangan(skp)
    sampah = buangan.simpan(
        actor=actor,
        jenis=Jenis.SKP,
        label=label_skp(skp),
        instansi_id=skp.instansi_id,
        pemilik_id=skp.pegawai_id,
    )
    audit(actor, "skp.delete", skp, before=before, after={"sampah": sampah.pk})
    buangan.hapus()
    tandai(
        instansi_id=skp.instansi_id, tahun=skp.periode_awal.year, unit_ids=[skp.unit_kerja_id]
    )  # after the delete


@transaction.atomic
def skp_muat_ulang(*, actor, skp: Skp) -> Skp:
    """Muat ulang: refresh the parties' snapshot from today's profile and organisation (DRAFT only)."""
    require_owner(actor, skp)
    skp = locked(skp)
    require_draft(skp)
    fields = ["penilai", "unit_kerja", "pegawai_nama", "pegawai_jabatan", "pegawai_pangkat", "penilai_nama",
              "penilai_jabatan", "model"]  # fmt: skip
    before = snapshot(skp, fields)
    fill_parties(skp)
    after = snapshot(skp, fields)
    skp.save()
    if after != before:
        audit(actor, "skp.muat_ulang", skp, before=before, after=after)
    return skp


def copy_rhk(source: Skp, target: Skp, actor) -> int:
    """Copy RHK and indicators; links to the old assessor's RHK are dropped (to be chosen again)."""
    count = 0
    for rhk in source.rhk.prefetch_related("indikator").order_by("jenis", "urutan", "id"):
        new = Rhk.objects.create(
            skp=target, jenis=rhk.jenis, klasifikasi=rhk.klasifikasi, teks=rhk.teks,
            penugasan_dari=rhk.penugasan_dari, urutan=rhk.urutan, dibuat_oleh=actor,
        )  # fmt: skip
        Indikator.objects.bulk_create(
            Indikator(rhk=new, teks=i.teks, aspek=i.aspek, target_nilai=i.target_nilai,
                      target_satuan=i.target_satuan, perspektif=i.perspektif, urutan=i.urutan)
            for i in rhk.indikator.all()
        )  # fmt: skip
        count += 1
    return count


@transaction.atomic
def skp_mutasi(
    *,
    actor,
    skp: Skp,
    tmt: datetime.date,
    unit_kerja: UnitKerja,
    jabatan: Jabatan | None,
    pendekatan: str,
    salin_rhk: bool,
) -> Skp:
    """Mutasi: end the old period the day before the TMT, move the profile, open the new period from the TMT."""
    require_owner(actor, skp)
    skp = locked(skp)
    require_editable(skp)
    if skp.status_pegawai != StatusPegawai.DEFINITIF:
        raise DomainError("Mutasi hanya untuk SKP definitif.")
    for field, message in rules.mutasi_problems(skp.periode_awal, skp.periode_akhir, tmt):
        raise DomainError(message, field=field)
    akhir_baru = skp.periode_akhir
    before = skp_snapshot(skp)
    skp.periode_akhir = tmt - datetime.timedelta(days=1)
    skp.save(update_fields=["periode_akhir", "diubah_pada"])
    audit(actor, "skp.mutasi", skp, before=before, after={**skp_snapshot(skp), "tmt": tmt})
    pegawai = skp.pegawai
    profil_services.profil_update(
        actor=actor, pegawai=pegawai, unit_kerja=unit_kerja, jabatan=jabatan or pegawai.jabatan,
        golongan=pegawai.golongan,
    )  # fmt: skip
    pegawai.refresh_from_db()
    baru = skp_create(
        actor=actor, pegawai=pegawai, periode_awal=tmt, periode_akhir=akhir_baru, pendekatan=pendekatan
    )
    if salin_rhk:
        copied = copy_rhk(skp, baru, actor)
        audit(actor, "skp.salin_rhk", baru, after={"dari_skp": skp.pk, "jumlah_rhk": copied})
    return baru

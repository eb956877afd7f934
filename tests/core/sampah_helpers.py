"""Helpers of the Tempat Sampah tests: a full picture of the tables a Hapus touches, and a rich SKP to delete."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.apps import apps
from django.core import serializers

from kinerja.harian.models import CatatanHarian, Tahapan, TargetBulanan
from kinerja.penilaian.models import RingkasanSkp, RingkasanUnit
from kinerja.penilaian.services import evaluasi, keberatan, pengisian, rekan
from kinerja.penilaian.services.penilaian import penilaian_tambah
from kinerja.skp.services import perilaku, workflow

APPS = ("skp", "penilaian", "harian")
RINGKASAN = (RingkasanUnit, RingkasanSkp)


def isi_tabel() -> dict:
    """Every row (all fields, ids included) of every table of the SKP, assessment and daily-work apps,
    except the history tables and the dashboard summary (compared by `angka_ringkasan`)."""
    result = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical") or model in RINGKASAN:
                continue
            rows = serializers.serialize("python", model._base_manager.order_by("pk"))
            result[model._meta.label] = {row["pk"]: row["fields"] for row in rows}
    return result


def angka_ringkasan() -> dict:
    """The dashboard summary by its natural key, without ids and timestamps."""
    unit = {
        (r["unit_kerja_id"], r["periode_id"], r["tahun"]): r
        for r in RingkasanUnit.objects.values().order_by()
        if r.pop("id") and r.pop("diperbarui_pada")
    }
    skp = {
        (r["unit_kerja_id"], r["tahun"]): r
        for r in RingkasanSkp.objects.values().order_by()
        if r.pop("id") and r.pop("diperbarui_pada")
    }
    return {"unit": unit, "skp": skp}


def isi_penilaian(o) -> None:
    """Fill staf's approved SKP (fixture `nilai_org`) with one row of every kind its deletion cascades to."""
    ind = o.rhk_staf.indikator.get()
    o.ind_staf = ind
    o.tw4 = penilaian_tambah(actor=o.staf.user, skp=o.skp_staf, periode=o.periode[4])  # open all year long
    o.rencana = pengisian.rencana_aksi_create(
        actor=o.staf.user, penilaian=o.tw4, rhk=o.rhk_staf, teks="Menyusun draf laporan", target="1 draf"
    )
    pengisian.realisasi_set(actor=o.staf.user, penilaian=o.tw4, indikator=ind, realisasi="3 laporan")
    pengisian.realisasi_set(actor=o.staf.user, penilaian=o.final, indikator=ind, realisasi="12 laporan")
    o.bukti = pengisian.bukti_create(
        actor=o.staf.user,
        penilaian=o.final,
        indikator=ind,
        nama="Laporan tahunan",
        link="https://contoh.go.id/l",
    )
    evaluasi.feedback_indikator_simpan(actor=o.kabid.user, penilaian=o.final, indikator=ind, jempol="NAIK")
    evaluasi.feedback_perilaku_simpan(actor=o.kabid.user, penilaian=o.final, nilai=1, teks="Baik")
    evaluasi.pembinaan_tambah(actor=o.kabid.user, penilaian=o.final, teks="Pertahankan.")
    evaluasi.rating_ubah(actor=o.kabid.user, penilaian=o.final, aspek="hasil_kerja", rating="SESUAI")
    evaluasi.rating_ubah(actor=o.kabid.user, penilaian=o.final, aspek="perilaku", rating="SESUAI")
    keberatan.keberatan_ajukan(actor=o.staf.user, penilaian=o.final, alasan="Realisasi melebihi target.")
    rekan.feedback_rekan_simpan(actor=o.staf2.user, skp=o.skp_staf, nilai=2, teks="Rajin membantu.")
    Tahapan.objects.create(rhk=o.rhk_staf, nama="Pengumpulan data", urutan=1, bulan=2)
    TargetBulanan.objects.create(indikator=ind, bulan=3, target=Decimal("4"))
    CatatanHarian.objects.create(
        skp=o.skp_staf, indikator=ind, pegawai=o.staf, tanggal=datetime.date(o.skp_staf.periode_awal.year, 3, 2),
        uraian="Menyusun laporan", realisasi=Decimal("1"), status="SETUJU",
    )  # fmt: skip


def kembali_ke_draft(o) -> None:
    """The assessor sends staf's SKP back to DRAFT (everything it holds stays), so that it can be edited."""
    workflow.skp_kembalikan(actor=o.kabid.user, skp=o.skp_staf, catatan="Perbaiki RHK.")
    o.skp_staf.refresh_from_db()


def tambah_lampiran_dan_ekspektasi(o) -> None:
    perilaku.ekspektasi_set(actor=o.kabid.user, skp=o.skp_staf, nilai=3, teks="Tepat waktu.")
    perilaku.lampiran_add(actor=o.staf.user, skp=o.skp_staf, jenis="KONSEKUENSI", teks="Teguran tertulis.")

"""Tempat Sampah: each of the five Hapus (SKP, RHK, indikator, bukti dukung, periode) is kept and comes back whole —
every row with the same id and values, links set to NULL by the deletion linked again, the dashboard summary
recounted — and both the deletion and the restore are audited. Refusals are in tests/core/test_sampah_tolak.py,
the page and its rights in tests/core/test_sampah_halaman.py."""

import pytest

from kinerja.core.models import AuditEvent
from kinerja.penilaian.models import BuktiDukung, PeriodePenilaian, Realisasi, RingkasanUnit
from kinerja.penilaian.services import pengisian
from kinerja.penilaian.services import periode as periode_services
from kinerja.sampah.models import Jenis, Sampah
from kinerja.sampah.pulihkan import ALASAN_RIWAYAT, pulihkan
from kinerja.skp.models import Indikator, Rhk, Skp
from kinerja.skp.services import periode as skp_services
from kinerja.skp.services import rhk as rhk_services

from ..penilaian.conftest import nilai_org  # noqa: F401
from ..skp.conftest import skp_org  # noqa: F401
from .sampah_helpers import (
    angka_ringkasan,
    isi_penilaian,
    isi_tabel,
    kembali_ke_draft,
    tambah_lampiran_dan_ekspektasi,
)


def _satu_sampah(jenis) -> Sampah:
    (sampah,) = Sampah.objects.filter(jenis=jenis)
    return sampah


def _hapus_lalu_pulihkan(o, hapus, jenis, minimal_baris: int):
    """Delete with `hapus`, check that rows went and a bin row holds them, restore as the admin, compare."""
    before, ringkasan = isi_tabel(), angka_ringkasan()
    hapus()
    after_delete = isi_tabel()
    hilang = sum(len(before[m]) - len(after_delete[m]) for m in before)
    assert hilang >= minimal_baris
    sampah = _satu_sampah(jenis)
    assert len(sampah.data["objek"]) == hilang  # every deleted row is kept, nothing else
    assert not sampah.dipulihkan and sampah.instansi_id == o.instansi.pk
    hasil = pulihkan(actor=o.admin, sampah=sampah)
    assert hasil.jumlah_dilewati == 0
    assert isi_tabel() == before  # same ids, same values, in every table
    assert angka_ringkasan() == ringkasan
    sampah.refresh_from_db()
    assert sampah.dipulihkan and sampah.dipulihkan_oleh == o.admin
    event = AuditEvent.objects.get(action="sampah.pulihkan")
    assert event.instansi_id == o.instansi.pk and event.actor == o.admin
    assert event.after["dipulihkan"] == hilang and event.after["tidak_dipulihkan"] == 0
    return sampah


@pytest.mark.django_db
def test_skp_with_everything_it_holds_comes_back(nilai_org):  # noqa: F811
    o = nilai_org
    isi_penilaian(o)
    kembali_ke_draft(o)
    tambah_lampiran_dan_ekspektasi(o)
    skp_pk = o.skp_staf.pk

    def hapus():
        skp_services.skp_delete(actor=o.staf.user, skp=Skp.objects.get(pk=skp_pk))

    sampah = _hapus_lalu_pulihkan(o, hapus, Jenis.SKP, minimal_baris=20)
    assert sampah.pemilik_id == o.staf.pk and sampah.dihapus_oleh == o.staf.user
    assert sampah.label.startswith("SKP ") and o.staf.nip in sampah.label and o.staf.nama in sampah.label
    isi = dict(sampah.isi)
    assert isi["SKP"] == 1 and isi["RHK"] == 1 and isi["penilaian"] == 3 and isi["realisasi"] == 2
    assert isi["bukti dukung"] == 1 and isi["keberatan"] == 1 and isi["catatan kinerja harian"] == 1
    delete = AuditEvent.objects.get(action="skp.delete")
    assert delete.after == {"sampah": sampah.pk} and delete.object_id == str(skp_pk)
    # the history shows the rows coming back, with who restored them
    restored = Skp.history.filter(id=skp_pk).order_by("-history_id").first()
    assert restored.history_type == "+" and restored.history_change_reason == ALASAN_RIWAYAT
    assert restored.history_user == o.admin


@pytest.mark.django_db
def test_rhk_with_indicators_realisasi_and_bukti_comes_back(nilai_org):  # noqa: F811
    o = nilai_org
    isi_penilaian(o)
    kembali_ke_draft(o)

    def hapus():
        rhk_services.rhk_delete(actor=o.staf.user, rhk=Rhk.objects.get(pk=o.rhk_staf.pk))

    sampah = _hapus_lalu_pulihkan(o, hapus, Jenis.RHK, minimal_baris=8)
    assert "Tersusunnya laporan penilaian kinerja" in sampah.label and o.staf.nip in sampah.label
    assert Realisasi.objects.filter(indikator__rhk=o.rhk_staf).count() == 2
    assert AuditEvent.objects.get(action="rhk.delete").after == {"sampah": sampah.pk}


@pytest.mark.django_db
def test_rhk_of_the_assessor_relinks_the_subordinates_rhk(skp_org):  # noqa: F811
    """Deleting kabid's RHK empties the link of staf's RHK that intervened it; Pulihkan links it again."""
    o = skp_org

    def hapus():
        rhk_services.rhk_delete(actor=o.kabid.user, rhk=Rhk.objects.get(pk=o.rhk_kabid.pk))
        staf_rhk = Rhk.objects.get(pk=o.rhk_staf.pk)
        assert staf_rhk.rhk_atasan_id is None and staf_rhk.atasan_hilang

    _hapus_lalu_pulihkan(o, hapus, Jenis.RHK, minimal_baris=2)
    assert Rhk.objects.get(pk=o.rhk_staf.pk).rhk_atasan_id == o.rhk_kabid.pk
    assert AuditEvent.objects.get(action="sampah.pulihkan").after["ditautkan_kembali"] == 1


@pytest.mark.django_db
def test_indikator_with_its_realisasi_comes_back(nilai_org):  # noqa: F811
    o = nilai_org
    isi_penilaian(o)
    kembali_ke_draft(o)

    def hapus():
        rhk_services.indikator_delete(actor=o.staf.user, indikator=Indikator.objects.get(pk=o.ind_staf.pk))

    sampah = _hapus_lalu_pulihkan(o, hapus, Jenis.INDIKATOR, minimal_baris=6)
    assert sampah.label.startswith("Indikator «Jumlah") and o.staf.nip in sampah.label
    assert AuditEvent.objects.get(action="indikator.delete").after == {"sampah": sampah.pk}


@pytest.mark.django_db
def test_bukti_dukung_comes_back(nilai_org):  # noqa: F811
    o = nilai_org
    isi_penilaian(o)

    def hapus():
        pengisian.bukti_delete(actor=o.staf.user, bukti=BuktiDukung.objects.get(pk=o.bukti.pk))

    sampah = _hapus_lalu_pulihkan(o, hapus, Jenis.BUKTI, minimal_baris=1)
    assert sampah.label.startswith("Bukti dukung «Laporan tahunan»") and o.staf.nip in sampah.label
    assert BuktiDukung.objects.get(pk=o.bukti.pk).link == "https://contoh.go.id/l"
    assert AuditEvent.objects.get(action="penilaian.bukti_hapus").after == {"sampah": sampah.pk}


@pytest.mark.django_db
def test_periode_comes_back_and_its_summary_rows_are_recounted(nilai_org):  # noqa: F811
    """A period nobody added: its dashboard rows go with it (not kept) and are recounted on Pulihkan."""
    o = nilai_org
    tw2 = o.periode[2]
    assert RingkasanUnit.objects.filter(periode=tw2).exists()

    def hapus():
        periode_services.periode_delete(actor=o.admin, periode=PeriodePenilaian.objects.get(pk=tw2.pk))
        assert not RingkasanUnit.objects.filter(periode_id=tw2.pk).exists()

    sampah = _hapus_lalu_pulihkan(o, hapus, Jenis.PERIODE, minimal_baris=1)
    assert [row["model"] for row in sampah.data["objek"]] == ["penilaian.periodepenilaian"]
    assert sampah.pemilik_id is None and sampah.label == "Periode Triwulan II (setiap tahun)"
    assert RingkasanUnit.objects.filter(periode=tw2).exists()
    assert AuditEvent.objects.get(action="periode.delete").after == {"sampah": sampah.pk}


@pytest.mark.django_db
def test_query_count_of_a_delete_does_not_grow_with_each_row(nilai_org, django_assert_max_num_queries):  # noqa: F811
    """Collecting loads each related table once per level (no query per row or per field)."""
    o = nilai_org
    isi_penilaian(o)
    kembali_ke_draft(o)
    for i in range(5):
        rhk_services.indikator_create(
            actor=o.staf.user, rhk=o.rhk_staf, teks=f"Indikator {i}", aspek="Kuantitas", target_nilai="1",
            target_satuan="Dokumen",
        )  # fmt: skip
    rhk = Rhk.objects.get(pk=o.rhk_staf.pk)
    with django_assert_max_num_queries(80):
        rhk_services.rhk_delete(actor=o.staf.user, rhk=rhk)
    assert len(_satu_sampah(Jenis.RHK).data["objek"]) >= 14

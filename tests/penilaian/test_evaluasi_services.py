"""Pemantauan dan Evaluasi services: feedback, ratings -> predikat, pembinaan. Every action and every refusal,
with its audit event."""

import datetime

import pytest

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.penilaian import rules
from kinerja.penilaian.models import FeedbackIndikator, FeedbackPerilaku, Keberatan, Pembinaan, Penilaian
from kinerja.penilaian.selectors.evaluasi import pembinaan_untuk
from kinerja.penilaian.services import evaluasi as services
from kinerja.skp.models import Skp

from .conftest import YEAR


def _events(action):
    return AuditEvent.objects.filter(action=action)


@pytest.fixture
def o(nilai_org):
    nilai_org.indikator = nilai_org.rhk_staf.indikator.get()
    return nilai_org


def _set_status(skp, status):
    Skp.objects.filter(pk=skp.pk).update(status=status)


# --- feedback per indicator ---------------------------------------------------------------------------------


def test_feedback_indikator_add_edit_noop(o):
    fb = services.feedback_indikator_simpan(
        actor=o.kabid.user, penilaian=o.tw1, indikator=o.indikator, jempol="NAIK"
    )
    assert (fb.jempol, fb.teks) == ("NAIK", "")
    event = _events("penilaian.feedback_indikator_tambah").get()
    assert event.after == {"indikator": o.indikator.pk, "jempol": "NAIK", "teks": ""}
    assert event.actor == o.kabid.user and event.instansi == o.instansi

    services.feedback_indikator_simpan(
        actor=o.kabid.user, penilaian=o.tw1, indikator=o.indikator, jempol="TURUN", teks=" Perlu bukti "
    )
    fb.refresh_from_db()
    assert (fb.jempol, fb.teks) == ("TURUN", "Perlu bukti")
    event = _events("penilaian.feedback_indikator_ubah").get()
    assert event.before == {"jempol": "NAIK", "teks": ""}
    assert event.after == {"jempol": "TURUN", "teks": "Perlu bukti"}

    services.feedback_indikator_simpan(
        actor=o.kabid.user, penilaian=o.tw1, indikator=o.indikator, jempol="TURUN", teks="Perlu bukti"
    )
    assert _events("penilaian.feedback_indikator_ubah").count() == 1  # no-op writes nothing
    assert FeedbackIndikator.objects.count() == 1


def test_feedback_text_only_is_accepted(o):
    fb = services.feedback_indikator_simpan(
        actor=o.kabid.user, penilaian=o.tw1, indikator=o.indikator, teks="Laporan rapi"
    )
    assert (fb.jempol, fb.teks) == ("", "Laporan rapi")


@pytest.mark.parametrize(
    "jempol, teks, field",
    [("", "", "teks"), ("", "   ", "teks"), ("MIRING", "ok", "jempol")],
)
def test_feedback_indikator_bad_input(o, jempol, teks, field):
    with pytest.raises(DomainError) as exc:
        services.feedback_indikator_simpan(
            actor=o.kabid.user, penilaian=o.tw1, indikator=o.indikator, jempol=jempol, teks=teks
        )
    assert exc.value.field == field
    assert (
        not FeedbackIndikator.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="penilaian.feedback").exists()
    )


def test_feedback_on_an_indicator_of_another_skp_is_refused(o):
    other = o.rhk_kabid.indikator.get()
    with pytest.raises(DomainError, match="bukan bagian dari SKP"):
        services.feedback_indikator_simpan(
            actor=o.kabid.user, penilaian=o.tw1, indikator=other, jempol="NAIK"
        )


@pytest.mark.parametrize("who", ["staf", "kaban", "staf2"])
def test_feedback_by_a_non_assessor_is_refused(o, who):
    with pytest.raises(PermissionDeniedError):
        services.feedback_indikator_simpan(
            actor=getattr(o, who).user, penilaian=o.tw1, indikator=o.indikator, jempol="NAIK"
        )
    with pytest.raises(PermissionDeniedError):
        services.feedback_perilaku_simpan(actor=getattr(o, who).user, penilaian=o.tw1, nilai=1, jempol="NAIK")
    assert not FeedbackIndikator.objects.exists() and not FeedbackPerilaku.objects.exists()


def test_admin_is_not_an_assessor(o):
    with pytest.raises(PermissionDeniedError):
        services.rating_ubah(actor=o.admin, penilaian=o.tw1, aspek="hasil_kerja", rating="SESUAI")


@pytest.mark.parametrize("status", ["DRAFT", "PENGAJUAN"])
def test_skp_not_approved_is_refused(o, status):
    _set_status(o.skp_staf, status)
    calls = [
        lambda: services.feedback_indikator_simpan(
            actor=o.kabid.user, penilaian=o.tw1, indikator=o.indikator, jempol="NAIK"
        ),
        lambda: services.feedback_perilaku_simpan(actor=o.kabid.user, penilaian=o.tw1, nilai=2, teks="Baik"),
        lambda: services.rating_ubah(actor=o.kabid.user, penilaian=o.tw1, aspek="perilaku", rating="SESUAI"),
        lambda: services.pembinaan_tambah(actor=o.kabid.user, penilaian=o.tw1, teks="Catatan"),
    ]
    for call in calls:
        with pytest.raises(DomainError, match="sudah disetujui"):
            call()
    assert (
        not AuditEvent.objects.filter(action__startswith="penilaian.")
        .exclude(action="penilaian.tambah_periode")
        .exists()
    )


def test_feedback_indikator_hapus(o):
    fb = services.feedback_indikator_simpan(
        actor=o.kabid.user, penilaian=o.tw1, indikator=o.indikator, teks="Bagus"
    )
    with pytest.raises(PermissionDeniedError):
        services.feedback_indikator_hapus(actor=o.staf.user, feedback=fb)
    services.feedback_indikator_hapus(actor=o.kabid.user, feedback=fb)
    assert not FeedbackIndikator.objects.exists()
    event = _events("penilaian.feedback_indikator_hapus").get()
    assert event.before == {"indikator": o.indikator.pk, "jempol": "", "teks": "Bagus"}


# --- feedback per core value ---------------------------------------------------------------------------------


def test_feedback_perilaku_add_edit_delete(o):
    fb = services.feedback_perilaku_simpan(actor=o.kabid.user, penilaian=o.tw1, nilai=7, jempol="NAIK")
    assert fb.nilai == 7
    assert _events("penilaian.feedback_perilaku_tambah").get().after["nilai"] == 7
    services.feedback_perilaku_simpan(actor=o.kabid.user, penilaian=o.tw1, nilai=7, teks="Kolaboratif")
    fb.refresh_from_db()
    assert (fb.jempol, fb.teks) == ("", "Kolaboratif")
    assert _events("penilaian.feedback_perilaku_ubah").count() == 1
    services.feedback_perilaku_simpan(actor=o.kabid.user, penilaian=o.tw1, nilai=7, teks="Kolaboratif")
    assert _events("penilaian.feedback_perilaku_ubah").count() == 1
    with pytest.raises(PermissionDeniedError):
        services.feedback_perilaku_hapus(actor=o.staf.user, feedback=fb)
    services.feedback_perilaku_hapus(actor=o.kabid.user, feedback=fb)
    assert not FeedbackPerilaku.objects.exists()
    assert _events("penilaian.feedback_perilaku_hapus").count() == 1


@pytest.mark.parametrize("nilai", [0, 8])
def test_feedback_perilaku_unknown_value(o, nilai):
    with pytest.raises(DomainError, match="tidak dikenal"):
        services.feedback_perilaku_simpan(actor=o.kabid.user, penilaian=o.tw1, nilai=nilai, jempol="NAIK")


def test_feedback_perilaku_empty_is_refused(o):
    with pytest.raises(DomainError) as exc:
        services.feedback_perilaku_simpan(actor=o.kabid.user, penilaian=o.tw1, nilai=1)
    assert exc.value.field == "teks"


# --- ratings -> predikat ---------------------------------------------------------------------------------------


def test_one_rating_gives_no_predikat_two_give_it(o):
    p = services.rating_ubah(actor=o.kabid.user, penilaian=o.tw1, aspek="hasil_kerja", rating="DIATAS")
    p.refresh_from_db()
    assert (p.rating_hasil_kerja, p.predikat, p.dinilai_pada, p.dinilai_oleh) == ("DIATAS", "", None, None)
    event = _events("penilaian.rating_hasil_kerja").get()
    assert event.before["rating_hasil_kerja"] == "" and event.after["rating_hasil_kerja"] == "DIATAS"

    p = services.rating_ubah(actor=o.kabid.user, penilaian=o.tw1, aspek="perilaku", rating="DIATAS")
    p.refresh_from_db()
    assert p.predikat == rules.SANGAT_BAIK
    assert p.dinilai_oleh == o.kabid.user and p.dinilai_pada is not None
    event = _events("penilaian.rating_perilaku").get()
    assert event.after["predikat"] == "SANGAT_BAIK" and event.before["predikat"] == ""


@pytest.mark.parametrize("hasil, perilaku", list(rules.PREDIKAT_MATRIX))
def test_every_cell_is_stored(o, hasil, perilaku):
    services.rating_ubah(actor=o.kabid.user, penilaian=o.tw1, aspek="hasil_kerja", rating=hasil)
    services.rating_ubah(actor=o.kabid.user, penilaian=o.tw1, aspek="perilaku", rating=perilaku)
    assert Penilaian.objects.get(pk=o.tw1.pk).predikat == rules.PREDIKAT_MATRIX[(hasil, perilaku)]


def test_changing_a_rating_recomputes_the_predikat(o):
    services.rating_ubah(actor=o.kabid.user, penilaian=o.tw1, aspek="hasil_kerja", rating="SESUAI")
    services.rating_ubah(actor=o.kabid.user, penilaian=o.tw1, aspek="perilaku", rating="SESUAI")
    services.rating_ubah(actor=o.kabid.user, penilaian=o.tw1, aspek="hasil_kerja", rating="DIBAWAH")
    assert Penilaian.objects.get(pk=o.tw1.pk).predikat == rules.BUTUH_PERBAIKAN
    assert _events("penilaian.rating_hasil_kerja").count() == 2


def test_same_rating_again_writes_nothing(o):
    services.rating_ubah(actor=o.kabid.user, penilaian=o.tw1, aspek="perilaku", rating="SESUAI")
    services.rating_ubah(actor=o.kabid.user, penilaian=o.tw1, aspek="perilaku", rating="SESUAI")
    assert _events("penilaian.rating_perilaku").count() == 1


@pytest.mark.parametrize("rating", ["", "SANGAT", "diatas", "BAIK"])
def test_rating_outside_the_three_is_refused(o, rating):
    with pytest.raises(DomainError) as exc:
        services.rating_ubah(actor=o.kabid.user, penilaian=o.tw1, aspek="hasil_kerja", rating=rating)
    assert exc.value.field == "rating"
    assert Penilaian.objects.get(pk=o.tw1.pk).rating_hasil_kerja == ""
    assert not AuditEvent.objects.filter(action__startswith="penilaian.rating").exists()


def test_unknown_aspek_is_refused(o):
    with pytest.raises(DomainError):
        services.rating_ubah(actor=o.kabid.user, penilaian=o.tw1, aspek="lainnya", rating="SESUAI")


@pytest.mark.parametrize("who", ["staf", "kaban", "staf2"])
def test_rating_by_a_non_assessor_is_refused(o, who):
    with pytest.raises(PermissionDeniedError):
        services.rating_ubah(
            actor=getattr(o, who).user, penilaian=o.tw1, aspek="hasil_kerja", rating="DIATAS"
        )
    assert Penilaian.objects.get(pk=o.tw1.pk).rating_hasil_kerja == ""


def test_rating_is_locked_once_a_keberatan_is_filed(o):
    services.rating_ubah(actor=o.kabid.user, penilaian=o.final, aspek="hasil_kerja", rating="SESUAI")
    services.rating_ubah(actor=o.kabid.user, penilaian=o.final, aspek="perilaku", rating="SESUAI")
    Keberatan.objects.create(penilaian=o.final, alasan="Tidak sesuai", predikat_semula=rules.BAIK)
    with pytest.raises(DomainError, match="keberatan"):
        services.rating_ubah(actor=o.kabid.user, penilaian=o.final, aspek="hasil_kerja", rating="DIATAS")
    assert Penilaian.objects.get(pk=o.final.pk).predikat == rules.BAIK


# --- pembinaan -----------------------------------------------------------------------------------------------------


def test_pembinaan_tambah_and_visible_to_the_subordinate(o):
    catatan = services.pembinaan_tambah(actor=o.kabid.user, penilaian=o.tw1, teks="  Ikuti pelatihan SIASN ")
    assert catatan.teks == "Ikuti pelatihan SIASN" and catatan.oleh == o.kabid
    assert _events("penilaian.pembinaan_tambah").get().after == {"teks": "Ikuti pelatihan SIASN"}
    services.pembinaan_tambah(actor=o.kabid.user, penilaian=o.tw1, teks="Kedua")
    assert [c.teks for c in pembinaan_untuk(o.tw1)] == ["Ikuti pelatihan SIASN", "Kedua"]
    assert list(pembinaan_untuk(o.final)) == []


def test_pembinaan_refusals(o):
    with pytest.raises(DomainError) as exc:
        services.pembinaan_tambah(actor=o.kabid.user, penilaian=o.tw1, teks="   ")
    assert exc.value.field == "teks"
    with pytest.raises(PermissionDeniedError):
        services.pembinaan_tambah(actor=o.staf.user, penilaian=o.tw1, teks="Catatan diri sendiri")
    assert not Pembinaan.objects.exists()


def test_pembinaan_hapus_own_until_the_batas(o, time_machine):
    time_machine.move_to(datetime.datetime(YEAR, 4, 5, 12, 0))  # the last day of Triwulan I's batas
    catatan = services.pembinaan_tambah(actor=o.kabid.user, penilaian=o.tw1, teks="Hapus saya")
    services.pembinaan_hapus(actor=o.kabid.user, catatan=catatan)
    assert not Pembinaan.objects.exists()
    assert _events("penilaian.pembinaan_hapus").get().before == {"teks": "Hapus saya"}


def test_pembinaan_hapus_after_the_batas_is_refused(o, time_machine):
    time_machine.move_to(datetime.datetime(YEAR, 4, 1, 12, 0))
    catatan = services.pembinaan_tambah(actor=o.kabid.user, penilaian=o.tw1, teks="Tetap")
    time_machine.move_to(datetime.datetime(YEAR, 4, 6, 12, 0))
    with pytest.raises(DomainError, match="batas periode"):
        services.pembinaan_hapus(actor=o.kabid.user, catatan=catatan)
    assert Pembinaan.objects.count() == 1
    assert not _events("penilaian.pembinaan_hapus").exists()


def test_pembinaan_hapus_of_someone_elses_note_is_refused(o, time_machine):
    time_machine.move_to(datetime.datetime(YEAR, 3, 1, 12, 0))
    lama = Pembinaan.objects.create(penilaian=o.tw1, teks="Dari penilai sebelumnya", oleh=o.kaban)
    with pytest.raises(PermissionDeniedError):
        services.pembinaan_hapus(actor=o.kabid.user, catatan=lama)
    with pytest.raises(PermissionDeniedError):
        services.pembinaan_hapus(actor=o.staf.user, catatan=lama)
    assert Pembinaan.objects.count() == 1

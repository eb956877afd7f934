"""Capaian organisasi (service, rights, the Unit Kerja Induk fallback), Buka Kembali and Review Sangat Baik."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.penilaian.models import CapaianOrganisasi, Penilaian, ReviewSangatBaik
from kinerja.penilaian.selectors.organisasi import capaian_untuk, capaian_untuk_banyak, review_untuk
from kinerja.penilaian.services import organisasi as services
from kinerja.penilaian.services.common import require_owner_open

from ..factories import PegawaiFactory, PenugasanPltFactory, UnitKerjaFactory
from ..skp.conftest import YEAR


def events(action):
    return AuditEvent.objects.filter(action=action)


def set_capaian(o, unit, predikat, actor=None, periode=None, tahun=YEAR):
    return services.capaian_set(
        actor=actor or o.admin, unit=unit, periode=periode or o.periode[1], tahun=tahun, predikat=predikat
    )


# --- capaian organisasi: the service -----------------------------------------------------------------------


def test_set_change_and_remove_are_audited(nilai_org):
    o = nilai_org
    row = set_capaian(o, o.badan, "BAIK")
    assert (row.predikat, row.diisi_oleh) == ("BAIK", o.admin)
    event = events("capaian.set").get()
    assert event.before is None and event.after["predikat"] == "BAIK" and event.instansi == o.instansi
    set_capaian(o, o.badan, "BAIK")  # no change, no event
    assert events("capaian.set").count() == 1
    set_capaian(o, o.badan, "ISTIMEWA")
    event = events("capaian.set").latest("id")
    assert (event.before["predikat"], event.after["predikat"]) == ("BAIK", "ISTIMEWA")
    assert set_capaian(o, o.badan, "") is None
    assert not CapaianOrganisasi.objects.exists()
    assert events("capaian.hapus").get().before["predikat"] == "ISTIMEWA"
    assert set_capaian(o, o.badan, "") is None and events("capaian.hapus").count() == 1


def test_leader_of_the_parent_unit_may_set(nilai_org):
    o = nilai_org
    set_capaian(o, o.bidang, "BAIK", actor=o.kaban.user)  # kaban leads badan, the parent of bidang
    set_capaian(o, o.subbidang, "KURANG", actor=o.kabid.user)  # kabid leads bidang, the parent of subbidang
    assert CapaianOrganisasi.objects.count() == 2 and events("capaian.set").count() == 2
    assert events("capaian.set").earliest("id").actor == o.kaban.user


@pytest.mark.parametrize("who", ["kabid_own_unit", "staf", "other_admin", "kaban_grandchild"])
def test_others_may_not_set(nilai_org, other_org, who):
    o = nilai_org
    actor, unit = {
        "kabid_own_unit": (o.kabid.user, o.bidang),
        "staf": (o.staf.user, o.bidang),
        "other_admin": (other_org.admin, o.bidang),
        "kaban_grandchild": (o.kaban.user, o.subbidang),
    }[who]
    with pytest.raises(PermissionDeniedError):
        set_capaian(o, unit, "BAIK", actor=actor)
    assert not CapaianOrganisasi.objects.exists() and not AuditEvent.objects.filter(
        action__startswith="capaian"
    )


def test_an_acting_leader_of_the_parent_unit_may_set(nilai_org):
    o = nilai_org
    plt = PegawaiFactory(unit_kerja=o.badan, nama="PLT KEPALA BADAN")
    PenugasanPltFactory(pegawai=plt, unit_kerja=o.badan, tanggal_mulai=timezone.localdate())
    assert services.boleh_isi_capaian(plt.user, o.bidang)
    assert not services.boleh_isi_capaian(o.kaban.user, o.bidang)  # the PLT stands in for the unit's leader
    set_capaian(o, o.bidang, "BAIK", actor=plt.user)


def test_capaian_refusals(nilai_org, other_org):
    o = nilai_org
    with pytest.raises(DomainError, match="Pilih predikat organisasi") as exc:
        set_capaian(o, o.badan, "LUAR_BIASA")
    assert exc.value.field == "predikat"
    with pytest.raises(DomainError, match=f"hanya berlaku untuk tahun {YEAR}"):
        set_capaian(o, o.badan, "BAIK", periode=o.periode["final"], tahun=YEAR + 1)
    from .conftest import make_periods

    lain = make_periods(other_org.instansi)
    with pytest.raises(DomainError, match="bukan milik instansi"):
        set_capaian(o, o.badan, "BAIK", periode=lain[1])
    assert not CapaianOrganisasi.objects.exists()


# --- capaian organisasi: the selector with the Unit Kerja Induk fallback -----------------------------------


def test_unit_without_own_value_uses_the_unit_kerja_induk(nilai_org):
    o = nilai_org
    p = o.periode[1]
    assert capaian_untuk(o.bidang, p, YEAR) == (None, None)
    set_capaian(o, o.badan, "BAIK")  # badan is the Mandiri unit: the induk of bidang and subbidang
    assert capaian_untuk(o.badan, p, YEAR) == ("BAIK", o.badan)
    assert capaian_untuk(o.bidang, p, YEAR) == ("BAIK", o.badan)
    assert capaian_untuk(o.subbidang, p, YEAR) == ("BAIK", o.badan)
    set_capaian(o, o.bidang, "ISTIMEWA")
    assert capaian_untuk(o.bidang, p, YEAR) == ("ISTIMEWA", o.bidang)
    # bidang is no Unit Kerja Induk: subbidang still takes badan's value
    assert capaian_untuk(o.subbidang, p, YEAR) == ("BAIK", o.badan)
    # another period or year is another value
    assert capaian_untuk(o.bidang, o.periode[2], YEAR) == (None, None)
    assert capaian_untuk(o.bidang, p.pk, YEAR + 1) == (None, None)


def test_fallback_climbs_from_induk_to_induk(nilai_org):
    o = nilai_org
    o.root.jenis_induk = "JPT"
    o.root.save()
    set_capaian(o, o.root, "KURANG")
    assert capaian_untuk(o.subbidang, o.periode[1], YEAR) == ("KURANG", o.root)
    set_capaian(o, o.badan, "BAIK")
    assert capaian_untuk(o.subbidang, o.periode[1], YEAR) == ("BAIK", o.badan)


def test_non_induk_ancestors_are_skipped(nilai_org):
    o = nilai_org
    set_capaian(o, o.root, "KURANG")  # root is neither JPT nor Mandiri here
    assert capaian_untuk(o.badan, o.periode[1], YEAR) == (None, None)


def test_selectors_run_one_query(nilai_org):
    o = nilai_org
    set_capaian(o, o.badan, "BAIK")
    with CaptureQueriesContext(connection) as ctx:
        capaian_untuk(o.subbidang, o.periode[1], YEAR)
    assert len(ctx.captured_queries) == 1

    def bulk(units):
        with CaptureQueriesContext(connection) as ctx:
            result = capaian_untuk_banyak(units, o.periode[1], YEAR)
        return result, len(ctx.captured_queries)

    result, small = bulk([o.bidang, o.subbidang])
    assert result == {o.bidang.pk: ("BAIK", o.badan), o.subbidang.pk: ("BAIK", o.badan)}
    units = [UnitKerjaFactory(instansi=o.instansi, parent=o.bidang) for _ in range(20)]
    for u in units[:5]:
        set_capaian(o, u, "ISTIMEWA")
    result, big = bulk([o.root, *units])
    assert big == small == 1
    assert result[o.root.pk] == (None, None)
    assert result[units[0].pk][0] == "ISTIMEWA" and result[units[10].pk] == ("BAIK", o.badan)


# --- buka kembali ------------------------------------------------------------------------------------------


def at(time_machine, day: datetime.date):
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(9)), tick=False)


def test_reopen_after_the_batas(nilai_org, time_machine):
    o = nilai_org
    at(time_machine, datetime.date(YEAR, 4, 10))  # Triwulan I's batas is 5 April
    with pytest.raises(DomainError, match="Batas pengisian"):
        require_owner_open(o.staf.user, o.tw1)
    sampai = datetime.date(YEAR, 4, 20)
    services.buka_kembali(actor=o.admin, penilaian=o.tw1, sampai=sampai, alasan="Sakit dengan surat dokter")
    o.tw1.refresh_from_db()
    assert o.tw1.dibuka_sampai == sampai and o.tw1.batas_efektif == sampai
    require_owner_open(o.staf.user, o.tw1)
    event = events("penilaian.buka_kembali").get()
    assert event.before == {"dibuka_sampai": None}
    assert event.after == {"dibuka_sampai": sampai.isoformat(), "alasan": "Sakit dengan surat dokter"}
    services.buka_kembali(actor=o.admin, penilaian=o.tw1, sampai=sampai, alasan="lagi")  # no change
    assert events("penilaian.buka_kembali").count() == 1
    at(time_machine, datetime.date(YEAR, 4, 21))
    with pytest.raises(DomainError, match="Batas pengisian"):
        require_owner_open(o.staf.user, o.tw1)


@pytest.mark.parametrize(
    ("today", "sampai", "alasan", "field", "message"),
    [
        ((4, 5), (4, 20), "alasan", "sampai", "Batas pengisian periode ini belum lewat (5 April"),
        ((4, 10), (4, 20), "  ", "alasan", "Alasan membuka kembali wajib diisi."),
        ((4, 10), (4, 9), "alasan", "sampai", "Tanggal dibuka sampai harus hari ini atau sesudahnya."),
    ],
)
def test_reopen_refusals(nilai_org, time_machine, today, sampai, alasan, field, message):
    o = nilai_org
    at(time_machine, datetime.date(YEAR, *today))
    with pytest.raises(DomainError) as exc:
        services.buka_kembali(
            actor=o.admin, penilaian=o.tw1, sampai=datetime.date(YEAR, *sampai), alasan=alasan
        )
    assert exc.value.field == field and exc.value.message.startswith(message)
    assert Penilaian.objects.get(pk=o.tw1.pk).dibuka_sampai is None and not events("penilaian.buka_kembali")


def test_reopen_rights(nilai_org, other_org, admin_nasional, time_machine):
    o = nilai_org
    at(time_machine, datetime.date(YEAR, 4, 10))
    for actor in (other_org.admin, o.staf.user, o.kabid.user):
        with pytest.raises(PermissionDeniedError):
            services.buka_kembali(actor=actor, penilaian=o.tw1, sampai=datetime.date(YEAR, 4, 20), alasan="x")
    services.buka_kembali(
        actor=admin_nasional, penilaian=o.tw1, sampai=datetime.date(YEAR, 4, 20), alasan="x"
    )
    assert events("penilaian.buka_kembali").get().actor == admin_nasional


# --- review sangat baik ------------------------------------------------------------------------------------


def rate(penilaian, predikat="SANGAT_BAIK", when=None):
    penilaian.rating_hasil_kerja = penilaian.rating_perilaku = "DIATAS"
    penilaian.predikat = predikat
    penilaian.dinilai_pada = when or timezone.now()
    penilaian.save()


def test_confirm(nilai_org):
    o = nilai_org
    rate(o.final)
    review = services.review_konfirmasi(actor=o.admin, penilaian=o.final)
    assert (review.status, review.oleh) == ("DIKONFIRMASI", o.admin)
    event = events("review.konfirmasi").get()
    assert event.before is None and event.after == {"status": "DIKONFIRMASI", "catatan": ""}
    services.review_konfirmasi(actor=o.admin, penilaian=o.final)  # the same again: no event
    assert events("review.konfirmasi").count() == 1
    shown = review_untuk(o.final)
    assert shown.status_label == "Dikonfirmasi" and not shown.dikembalikan and not shown.dinilai_ulang


def test_return_to_the_assessor_clears_nothing(nilai_org):
    o = nilai_org
    rate(o.final, when=timezone.now() - datetime.timedelta(days=1))
    with pytest.raises(DomainError, match="Tuliskan catatan") as exc:
        services.review_kembalikan(actor=o.admin, penilaian=o.final, catatan=" ")
    assert exc.value.field == "catatan" and not ReviewSangatBaik.objects.exists()
    services.review_kembalikan(actor=o.admin, penilaian=o.final, catatan="Bukti dukung belum memadai")
    o.final.refresh_from_db()
    assert (o.final.predikat, o.final.rating_hasil_kerja) == ("SANGAT_BAIK", "DIATAS")
    event = events("review.kembalikan").get()
    assert event.after == {"status": "DIKEMBALIKAN", "catatan": "Bukti dukung belum memadai"}
    shown = review_untuk(o.final)
    assert shown.dikembalikan and shown.catatan == "Bukti dukung belum memadai" and not shown.dinilai_ulang
    rate(o.final, predikat="SANGAT_BAIK", when=timezone.now() + datetime.timedelta(minutes=1))
    assert review_untuk(o.final).dinilai_ulang
    services.review_konfirmasi(actor=o.admin, penilaian=o.final, catatan="Sudah dilengkapi")
    assert events("review.konfirmasi").get().before["status"] == "DIKEMBALIKAN"


def test_review_refusals(nilai_org, other_org):
    o = nilai_org
    assert review_untuk(o.final) is None
    rate(o.tw1, predikat="BAIK")
    with pytest.raises(DomainError, match="Hanya penilaian dengan predikat Sangat Baik"):
        services.review_konfirmasi(actor=o.admin, penilaian=o.tw1)
    rate(o.final)
    for actor in (other_org.admin, o.kabid.user, o.staf.user):
        with pytest.raises(PermissionDeniedError):
            services.review_kembalikan(actor=actor, penilaian=o.final, catatan="x")
    assert not ReviewSangatBaik.objects.exists() and not AuditEvent.objects.filter(
        action__startswith="review"
    )

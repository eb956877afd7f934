"""CKHP services: date rules, fields, status transitions, rights, bulk send / approve / return, closed months."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.harian.models import BulanDitutup, CatatanHarian
from kinerja.harian.services import ckhp as services
from kinerja.skp.models import Indikator, Rhk, Sumber

from ..skp.conftest import YEAR, add_rhk, make_skp

WIB = ZoneInfo("Asia/Jakarta")
HARI_INI = datetime.date(YEAR, 3, 15)


@pytest.fixture
def o(harian_org, time_machine):
    time_machine.move_to(datetime.datetime(YEAR, 3, 15, 10, 0, tzinfo=WIB), tick=False)
    return harian_org


def tambahan(skp):
    """A Tambahan indicator on an approved SKP (written directly: the RHK services only change DRAFT SKPs)."""
    rhk = Rhk.objects.create(skp=skp, jenis="TAMBAHAN", teks="Tugas tambahan")
    return Indikator.objects.create(rhk=rhk, teks="Jumlah kegiatan", aspek="Kuantitas", target_nilai=5,
                                    target_satuan="Kegiatan")  # fmt: skip


def tambah(o, **kwargs):
    data = {
        "actor": o.staf.user,
        "skp": o.skp_staf,
        "indikator": o.ind_staf,
        "tanggal": HARI_INI,
        "uraian": "Menyusun laporan penilaian",
        "realisasi": "2",
    }
    data.update(kwargs)
    return services.catatan_tambah(**data)


def refused(call, field=None, match=None):
    with pytest.raises(DomainError) as info:
        call()
    assert not isinstance(info.value, PermissionDeniedError)
    assert info.value.field == field
    if match:
        assert match in info.value.message
    return info.value


def events(action):
    return AuditEvent.objects.filter(action=action)


def kirim(o, *items):
    return services.catatan_kirim(actor=o.staf.user, catatan_list=list(items))


# --- catatan_tambah ----------------------------------------------------------------------------------------------


def test_tambah_makes_a_konsep_entry_with_an_audit_event(o):
    c = tambah(o, realisasi="2.5", bukti_link="https://drive.google.com/x")
    c.refresh_from_db()
    assert (c.status, c.pegawai, c.realisasi, c.tanggal) == ("KONSEP", o.staf, Decimal("2.50"), HARI_INI)
    assert c.bukti_link == "https://drive.google.com/x"
    event = events("harian.catatan_tambah").get()
    assert event.object_id == str(c.pk) and event.instansi == o.instansi and event.actor == o.staf.user


def test_tambah_accepts_a_tambahan_indicator_of_the_same_skp(o):
    c = tambah(o, indikator=tambahan(o.skp_staf))
    assert c.indikator.rhk.jenis == "TAMBAHAN"


def test_future_date_is_refused(o):
    refused(lambda: tambah(o, tanggal=HARI_INI + datetime.timedelta(days=1)), "tanggal", "akan datang")


def test_date_outside_the_skp_is_refused(o):
    refused(lambda: tambah(o, tanggal=datetime.date(YEAR - 1, 12, 31)), "tanggal", "periode SKP")


def test_days_back_limit_follows_the_instansi_setting(o):
    assert tambah(o, tanggal=HARI_INI - datetime.timedelta(days=5)).pk
    refused(
        lambda: tambah(o, tanggal=HARI_INI - datetime.timedelta(days=6)), "tanggal", "paling lambat 5 hari"
    )
    o.pengaturan.hari_mundur = 10
    o.pengaturan.save()
    assert tambah(o, tanggal=HARI_INI - datetime.timedelta(days=10)).pk
    refused(
        lambda: tambah(o, tanggal=HARI_INI - datetime.timedelta(days=11)), "tanggal", "paling lambat 10 hari"
    )


def test_missing_date_is_refused(o):
    refused(lambda: tambah(o, tanggal=None), "tanggal", "wajib")


@pytest.mark.parametrize(
    ("kwargs", "field", "match"),
    [
        ({"uraian": "   "}, "uraian", "wajib diisi"),
        ({"uraian": "x" * 2001}, "uraian", "2000 karakter"),
        ({"realisasi": ""}, "realisasi", "wajib diisi"),
        ({"realisasi": "dua"}, "realisasi", "angka"),
        ({"realisasi": "-1"}, "realisasi", "kurang dari 0"),
        ({"realisasi": "1.005"}, "realisasi", "2 angka"),
        ({"realisasi": "NaN"}, "realisasi", "angka"),
        ({"realisasi": "1e20"}, "realisasi", "terlalu besar"),
        ({"bukti_link": "javascript:alert(1)"}, "bukti_link", "http"),
        ({"bukti_link": "https://"}, "bukti_link", "tidak valid"),
    ],
)
def test_bad_fields_are_refused_next_to_their_field(o, kwargs, field, match):
    refused(lambda: tambah(o, **kwargs), field, match)
    assert not CatatanHarian.objects.exists()


def test_uraian_of_2000_chars_and_zero_realisasi_are_fine(o):
    c = tambah(o, uraian="x" * 2000, realisasi=0)
    assert c.realisasi == 0


def test_indicator_of_another_skp_is_refused(o):
    refused(lambda: tambah(o, indikator=o.rhk_kabid.indikator.first()), "indikator", "bukan bagian")


def test_only_the_owner_may_add(o):
    with pytest.raises(PermissionDeniedError):
        tambah(o, actor=o.kabid.user)


def test_unapproved_skp_is_refused(o):
    skp = make_skp(o.staf2)
    rhk = add_rhk(skp, "Draf", atasan=o.rhk_kabid)
    refused(
        lambda: tambah(o, actor=o.staf2.user, skp=skp, indikator=rhk.indikator.first()), None, "PERSETUJUAN"
    )


def test_pmm_skp_is_refused(o):
    o.skp_staf.sumber = Sumber.PMM
    o.skp_staf.save()
    refused(lambda: tambah(o), None, "PMM")


def test_feature_off_is_refused(o):
    o.pengaturan.aktif = False
    o.pengaturan.save()
    refused(lambda: tambah(o), None, "tidak diaktifkan")


def test_closed_month_is_refused_on_the_date_field(o):
    BulanDitutup.objects.create(instansi=o.instansi, tahun=YEAR, bulan=3)
    refused(lambda: tambah(o), "tanggal", "sudah ditutup")
    assert not CatatanHarian.objects.exists()


# --- ubah / hapus ------------------------------------------------------------------------------------------------


def ubah(o, c, **kwargs):
    data = {"actor": o.staf.user, "catatan": c, "indikator": o.ind_staf, "tanggal": c.tanggal}
    data.update({"uraian": "Diubah", "realisasi": "3", "bukti_link": ""}, **kwargs)
    return services.catatan_ubah(**data)


def test_ubah_changes_a_konsep_entry_with_before_and_after(o):
    c = tambah(o)
    ubah(o, c, tanggal=HARI_INI - datetime.timedelta(days=1))
    c.refresh_from_db()
    assert (c.uraian, c.realisasi, c.status) == ("Diubah", Decimal("3.00"), "KONSEP")
    event = events("harian.catatan_ubah").get()
    assert event.before["uraian"] == "Menyusun laporan penilaian" and event.after["uraian"] == "Diubah"


def test_ubah_applies_the_date_rules_to_a_new_date(o):
    c = tambah(o)
    refused(lambda: ubah(o, c, tanggal=HARI_INI + datetime.timedelta(days=1)), "tanggal", "akan datang")


def test_returned_entry_can_be_corrected_after_the_days_back_limit(o, time_machine):
    c = tambah(o)
    kirim(o, c)
    services.catatan_kembalikan(actor=o.kabid.user, catatan_list=[c], catatan="Lengkapi bukti")
    time_machine.move_to(datetime.datetime(YEAR, 3, 30, 10, 0, tzinfo=WIB), tick=False)
    c.refresh_from_db()
    ubah(o, c, bukti_link="https://drive.google.com/bukti")
    c.refresh_from_db()
    assert c.status == "DIKEMBALIKAN" and c.bukti_link
    kirim(o, c)
    c.refresh_from_db()
    assert c.status == "PERIKSA"


@pytest.mark.parametrize("status", ["PERIKSA", "SETUJU"])
def test_ubah_and_hapus_refuse_sent_or_approved_entries(o, status):
    c = tambah(o)
    CatatanHarian.objects.filter(pk=c.pk).update(status=status)
    refused(lambda: ubah(o, c), None, "tidak dapat diubah")
    refused(lambda: services.catatan_hapus(actor=o.staf.user, catatan=c), None, "tidak dapat dihapus")
    assert CatatanHarian.objects.filter(pk=c.pk).exists()


def test_ubah_and_hapus_by_another_user_are_refused(o):
    c = tambah(o)
    with pytest.raises(PermissionDeniedError):
        ubah(o, c, actor=o.kabid.user)
    with pytest.raises(PermissionDeniedError):
        services.catatan_hapus(actor=o.kabid.user, catatan=c)


def test_hapus_deletes_with_an_audit_event(o):
    c = tambah(o)
    pk = c.pk
    services.catatan_hapus(actor=o.staf.user, catatan=c)
    assert not CatatanHarian.objects.filter(pk=pk).exists()
    assert events("harian.catatan_hapus").get().object_id == str(pk)


def test_ubah_hapus_refused_in_a_closed_month_and_with_the_feature_off(o):
    c = tambah(o)
    closed = BulanDitutup.objects.create(instansi=o.instansi, tahun=YEAR, bulan=3)
    refused(lambda: ubah(o, c), "tanggal", "sudah ditutup")
    refused(lambda: services.catatan_hapus(actor=o.staf.user, catatan=c), "tanggal", "sudah ditutup")
    closed.delete()
    o.pengaturan.aktif = False
    o.pengaturan.save()
    refused(lambda: ubah(o, c), None, "tidak diaktifkan")


# --- kirim -------------------------------------------------------------------------------------------------------


def three(o):
    return [
        tambah(o, tanggal=HARI_INI - datetime.timedelta(days=d), uraian=f"Kegiatan {d}") for d in range(3)
    ]


def test_kirim_sends_several_with_one_event_each(o):
    items = three(o)
    kirim(o, *items)
    rows = CatatanHarian.objects.filter(pk__in=[c.pk for c in items])
    assert {c.status for c in rows} == {"PERIKSA"} and all(c.dikirim_pada for c in rows)
    assert sorted(events("harian.catatan_kirim").values_list("object_id", flat=True)) == sorted(
        str(c.pk) for c in items
    )
    assert all(e.before == {"status": "KONSEP"} for e in events("harian.catatan_kirim"))


def test_kirim_is_all_or_nothing_and_names_the_refused_entry(o):
    a, b, c = three(o)
    kirim(o, a)
    error = refused(lambda: kirim(o, a, b, c), None, "tidak dapat dikirim")
    assert "Kegiatan 0" in error.message and "Periksa" in error.message
    assert "Kegiatan 1" not in error.message
    assert CatatanHarian.objects.get(pk=b.pk).status == "KONSEP"
    assert events("harian.catatan_kirim").count() == 1


def test_kirim_nothing_is_refused(o):
    refused(lambda: kirim(o), None, "minimal satu")


def test_kirim_of_another_persons_entry_is_refused(o):
    c = tambah(o)
    with pytest.raises(PermissionDeniedError):
        services.catatan_kirim(actor=o.kabid.user, catatan_list=[c])
    assert CatatanHarian.objects.get(pk=c.pk).status == "KONSEP"


def test_kirim_refused_in_a_closed_month_feature_off_and_pmm(o):
    items = three(o)
    BulanDitutup.objects.create(instansi=o.instansi, tahun=YEAR, bulan=3)
    refused(lambda: kirim(o, *items), None, "sudah ditutup")
    BulanDitutup.objects.all().delete()
    o.skp_staf.sumber = Sumber.PMM
    o.skp_staf.save()
    refused(lambda: kirim(o, *items), None, "PERSETUJUAN")
    o.pengaturan.aktif = False
    o.pengaturan.save()
    refused(lambda: kirim(o, *items), None, "tidak diaktifkan")
    assert not CatatanHarian.objects.exclude(status="KONSEP").exists()


# --- setujui / kembalikan ----------------------------------------------------------------------------------------


def sent(o):
    items = three(o)
    kirim(o, *items)
    return items


def test_setujui_by_the_assessor(o):
    items = sent(o)
    services.catatan_setujui(actor=o.kabid.user, catatan_list=items[:2])
    rows = {c.pk: c for c in CatatanHarian.objects.all()}
    for c in items[:2]:
        row = rows[c.pk]
        assert (row.status, row.diperiksa_oleh, row.catatan_pemeriksa) == ("SETUJU", o.kabid, "")
        assert row.diperiksa_pada is not None
    assert rows[items[2].pk].status == "PERIKSA"
    evs = events("harian.catatan_setujui")
    assert evs.count() == 2 and all(e.actor == o.kabid.user and e.after["status"] == "SETUJU" for e in evs)


def test_kembalikan_needs_a_note_and_stores_it(o):
    items = sent(o)
    refused(
        lambda: services.catatan_kembalikan(actor=o.kabid.user, catatan_list=items, catatan=" "), "catatan"
    )
    assert not CatatanHarian.objects.exclude(status="PERIKSA").exists()
    services.catatan_kembalikan(actor=o.kabid.user, catatan_list=items, catatan="Lengkapi bukti")
    rows = CatatanHarian.objects.all()
    assert {(c.status, c.catatan_pemeriksa, c.diperiksa_oleh_id) for c in rows} == {
        ("DIKEMBALIKAN", "Lengkapi bukti", o.kabid.pk)
    }
    assert events("harian.catatan_kembalikan").count() == 3


@pytest.mark.parametrize("who", ["staf", "kaban", "staf2"])
def test_only_the_assessor_may_review(o, who):
    items = sent(o)
    actor = getattr(o, who).user
    with pytest.raises(PermissionDeniedError):
        services.catatan_setujui(actor=actor, catatan_list=items)
    with pytest.raises(PermissionDeniedError):
        services.catatan_kembalikan(actor=actor, catatan_list=items, catatan="x")
    assert not CatatanHarian.objects.exclude(status="PERIKSA").exists()


@pytest.mark.parametrize("status", ["KONSEP", "SETUJU", "DIKEMBALIKAN"])
def test_review_is_all_or_nothing_on_status(o, status):
    items = sent(o)
    CatatanHarian.objects.filter(pk=items[0].pk).update(status=status)
    refused(
        lambda: services.catatan_setujui(actor=o.kabid.user, catatan_list=items),
        None,
        "tidak dapat disetujui",
    )
    refused(
        lambda: services.catatan_kembalikan(actor=o.kabid.user, catatan_list=items, catatan="x"),
        None,
        "tidak dapat dikembalikan",
    )
    assert CatatanHarian.objects.filter(status="PERIKSA").count() == 2


def test_review_refused_in_a_closed_month_and_with_the_feature_off(o):
    items = sent(o)
    BulanDitutup.objects.create(instansi=o.instansi, tahun=YEAR, bulan=3)
    refused(lambda: services.catatan_setujui(actor=o.kabid.user, catatan_list=items), None, "sudah ditutup")
    BulanDitutup.objects.all().delete()
    o.pengaturan.aktif = False
    o.pengaturan.save()
    refused(
        lambda: services.catatan_setujui(actor=o.kabid.user, catatan_list=items), None, "tidak diaktifkan"
    )
    assert CatatanHarian.objects.filter(status="PERIKSA").count() == 3


def _review_queries(o, n):
    items = [tambah(o, tanggal=HARI_INI - datetime.timedelta(days=i % 5), uraian=f"K{i}") for i in range(n)]
    kirim(o, *items)
    with CaptureQueriesContext(connection) as ctx:
        services.catatan_setujui(actor=o.kabid.user, catatan_list=items)
    return len(ctx.captured_queries)


def test_bulk_review_runs_a_bounded_number_of_queries(o):
    small = _review_queries(o, 2)
    CatatanHarian.objects.all().delete()
    assert _review_queries(o, 8) == small

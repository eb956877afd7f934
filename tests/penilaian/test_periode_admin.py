"""Manajemen Periode: services (validation, the seed's set messages, generator), rights, pages, queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.penilaian import rules
from kinerja.penilaian.models import CapaianOrganisasi, PeriodePenilaian
from kinerja.penilaian.selectors import admin as selectors
from kinerja.penilaian.services import periode as services

from ..skp.conftest import YEAR

MSG_DUA_TIPE = "Terdapat 2 tipe periodik di periode"
MSG_DUPLIKAT = "Terdapat angka periodik yang duplikat di periode"
MSG_KOSONG = "Tidak terdapat periode yang memiliki data tipe periodik/angka periodik"


def tw(angka, tahun=YEAR, tipe="TRIWULANAN", **kw):
    data = {
        "nama": f"Triwulan {rules.ROMAWI[angka - 1]}",
        "jenis": "PERIODIK",
        "tipe_periodik": tipe,
        "angka_periodik": angka,
        "awal": "01-01",
        "akhir": "03-31",
        "batas": "04-05",
        "tahun": tahun,
    }
    return {**data, **kw}


def create(org, **data):
    return services.periode_create(actor=org.admin, instansi=org.instansi, **data)


def events(action):
    return AuditEvent.objects.filter(action=action)


# --- create and its validation -----------------------------------------------------------------------------


def test_create_is_audited(org):
    periode = create(org, **tw(1))
    assert periode.nama == "Triwulan I" and periode.tahun == YEAR
    event = events("periode.create").get()
    assert event.object_id == str(periode.pk) and event.instansi == org.instansi
    assert event.after["angka_periodik"] == 1 and event.after["awal"] == "01-01"


def test_create_final_and_every_year(org):
    final = create(
        org, nama="Tahun 2030", jenis="FINAL", awal="01-01", akhir="12-31", batas="01-31", tahun=2030
    )
    assert final.tipe_periodik == "" and final.angka_periodik is None
    semua = create(org, **tw(2, tahun=None, awal="04-01", akhir="06-30", batas="07-05"))
    assert semua.tahun is None
    assert semua.tanggal(2025) == (
        datetime.date(2025, 4, 1),
        datetime.date(2025, 6, 30),
        datetime.date(2025, 7, 5),
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"nama": "  "}, "nama", "Nama periode wajib diisi."),
        ({"jenis": "HARIAN"}, "jenis", "Pilih jenis periode Periodik atau Final."),
        ({"tipe_periodik": ""}, "tipe_periodik", "Tipe periodik wajib dipilih untuk periode Periodik."),
        ({"angka_periodik": None}, "angka_periodik", "Angka periodik wajib diisi untuk periode Periodik."),
        ({"angka_periodik": 5}, "angka_periodik", "Angka periodik untuk tipe Triwulanan harus 1 sampai 4."),
        ({"angka_periodik": 0}, "angka_periodik", "Angka periodik untuk tipe Triwulanan harus 1 sampai 4."),
        (
            {"tipe_periodik": "BULANAN", "angka_periodik": 13},
            "angka_periodik",
            "Angka periodik untuk tipe Bulanan harus 1 sampai 12.",
        ),
        ({"jenis": "FINAL"}, "tipe_periodik", "Periode Final tidak memiliki tipe periodik; kosongkan."),
        (
            {"jenis": "FINAL", "tipe_periodik": ""},
            "angka_periodik",
            "Periode Final tidak memiliki angka periodik; kosongkan.",
        ),
        ({"awal": "13-01"}, "awal", "Periode Awal harus tanggal yang benar dalam format mm-dd"),
        ({"awal": "02-30"}, "awal", "Periode Awal harus tanggal yang benar dalam format mm-dd"),
        ({"akhir": "3-31"}, "akhir", "Periode Akhir harus tanggal yang benar"),
        ({"batas": "04-31"}, "batas", "Batas Pengisian harus tanggal yang benar"),
        ({"akhir": "01-01"}, "akhir", "Periode Akhir harus sesudah Periode Awal."),
        ({"awal": "04-01", "akhir": "03-31"}, "akhir", "Periode Akhir harus sesudah Periode Awal."),
        ({"tahun": 1999}, "tahun", "Tahun harus antara 2000 dan 2100."),
    ],
)
def test_create_refusals(org, changes, field, message):
    with pytest.raises(DomainError) as exc:
        create(org, **tw(1, **changes))
    assert exc.value.field == field and exc.value.message.startswith(message)
    assert not PeriodePenilaian.objects.exists() and not AuditEvent.objects.exists()


def test_leap_day_is_a_real_mm_dd(org):
    periode = create(org, **tw(1, tipe="BULANAN", awal="02-01", akhir="02-29", batas="03-05", tahun=None))
    assert periode.tanggal(2025)[1] == datetime.date(2025, 2, 28)
    assert periode.tanggal(2024)[1] == datetime.date(2024, 2, 29)


def test_rights(org, other_org):
    for actor in (other_org.admin, org.staf.user):
        with pytest.raises(PermissionDeniedError):
            services.periode_create(actor=actor, instansi=org.instansi, **tw(1))
    assert not PeriodePenilaian.objects.exists()


def test_national_admin_may_manage_any_instansi(org, admin_nasional):
    assert services.periode_create(actor=admin_nasional, instansi=org.instansi, **tw(1)).pk


# --- the set rules (RULES.md §6, seed 003) -----------------------------------------------------------------


def test_two_tipe_periodik_refused_with_the_seeds_message(org):
    create(org, **tw(1))
    with pytest.raises(DomainError) as exc:
        create(org, **tw(2, tipe="BULANAN", nama="Periode II"))
    assert exc.value.message == MSG_DUA_TIPE and exc.value.field == "tipe_periodik"
    assert PeriodePenilaian.objects.count() == 1 and events("periode.create").count() == 1


def test_duplicate_angka_refused_with_the_seeds_message(org):
    create(org, **tw(3))
    with pytest.raises(DomainError) as exc:
        create(org, **tw(3, nama="Triwulan III lagi"))
    assert exc.value.message == MSG_DUPLIKAT and exc.value.field == "angka_periodik"


def test_every_year_periods_meet_the_years_own(org):
    create(org, **tw(1, tahun=None))
    with pytest.raises(DomainError, match=MSG_DUPLIKAT):
        create(org, **tw(1, tahun=YEAR))
    with pytest.raises(DomainError, match=MSG_DUA_TIPE):
        create(org, **tw(2, tahun=YEAR, tipe="BULANAN"))
    create(org, **tw(2, tahun=YEAR))  # another angka of the same tipe is fine
    with pytest.raises(DomainError, match=MSG_DUPLIKAT):
        create(org, **tw(2, tahun=None))  # would duplicate in YEAR


def test_other_years_do_not_clash(org):
    create(org, **tw(1, tahun=YEAR))
    create(org, **tw(1, tahun=YEAR + 1))
    create(org, **tw(1, tahun=YEAR + 2, tipe="BULANAN"))
    assert PeriodePenilaian.objects.count() == 3


def test_one_final_per_year(org):
    final = {"jenis": "FINAL", "awal": "01-01", "akhir": "12-31", "batas": "01-31"}
    create(org, nama=f"Tahun {YEAR}", tahun=YEAR, **final)
    with pytest.raises(DomainError, match=f"Sudah terdapat periode Final untuk tahun {YEAR}."):
        create(org, nama="Tahun lagi", tahun=YEAR, **final)
    with pytest.raises(DomainError, match="Sudah terdapat periode Final"):
        create(org, nama="Tahunan (Final)", tahun=None, **final)
    create(org, nama=f"Tahun {YEAR + 1}", tahun=YEAR + 1, **final)


def test_a_broken_set_can_be_repaired_step_by_step(org):
    """The seed's example: four periods, Triwulan III typed Bulanan and Triwulan IV with angka 3."""
    rows = [(1, "TRIWULANAN"), (2, "TRIWULANAN"), (3, "BULANAN"), (3, "TRIWULANAN")]
    made = [PeriodePenilaian.objects.create(instansi=org.instansi, **tw(a, tipe=t)) for a, t in rows]
    assert selectors.prasyarat(instansi=org.instansi, tahun=YEAR) == [MSG_DUA_TIPE]
    with pytest.raises(DomainError, match=MSG_DUPLIKAT):  # fixing the tipe first would duplicate angka 3
        services.periode_update(actor=org.admin, periode=made[2], **tw(3))
    services.periode_update(actor=org.admin, periode=made[3], **tw(4, nama="Triwulan IV"))
    assert selectors.prasyarat(instansi=org.instansi, tahun=YEAR) == [MSG_DUA_TIPE]  # not worse: allowed
    services.periode_update(actor=org.admin, periode=made[2], **tw(3))
    assert selectors.prasyarat(instansi=org.instansi, tahun=YEAR) == []
    assert events("periode.update").count() == 2


def test_prasyarat_messages(org):
    assert selectors.prasyarat(instansi=org.instansi, tahun=YEAR) == [MSG_KOSONG]
    create(org, nama=f"Tahun {YEAR}", jenis="FINAL", awal="01-01", akhir="12-31", batas="01-31", tahun=YEAR)
    assert selectors.prasyarat(instansi=org.instansi, tahun=YEAR) == [MSG_KOSONG]
    create(org, **tw(1))
    assert selectors.prasyarat(instansi=org.instansi, tahun=YEAR) == []


# --- update and delete -------------------------------------------------------------------------------------


def test_update_audits_the_change_and_ignores_a_no_op(org):
    periode = create(org, **tw(1))
    services.periode_update(actor=org.admin, periode=periode, **tw(1))
    assert not events("periode.update").exists()
    services.periode_update(actor=org.admin, periode=periode, **tw(1, batas="04-10"))
    event = events("periode.update").get()
    assert event.before["batas"] == "04-05" and event.after["batas"] == "04-10"


def test_update_of_a_used_period(nilai_org):
    o = nilai_org
    tw1 = o.periode[1]
    data = tw(1, tahun=None)
    with pytest.raises(DomainError, match="sudah dipakai pada penilaian pegawai") as exc:
        services.periode_update(actor=o.admin, periode=tw1, **{**data, "akhir": "03-30"})
    assert exc.value.field == "akhir"
    services.periode_update(actor=o.admin, periode=tw1, **{**data, "batas": "04-20"})
    o.tw1.refresh_from_db()
    assert o.tw1.batas == datetime.date(YEAR, 4, 20)
    assert events("periode.update").get().after["penilaian_diperbarui"] == 1


def test_update_rights(org, other_org):
    periode = create(org, **tw(1))
    with pytest.raises(PermissionDeniedError):
        services.periode_update(actor=other_org.admin, periode=periode, **tw(1, nama="X"))


def test_delete(org):
    periode = create(org, **tw(1))
    services.periode_delete(actor=org.admin, periode=periode)
    assert not PeriodePenilaian.objects.exists()
    event = events("periode.delete").get()
    assert event.before["nama"] == "Triwulan I" and event.object_id == str(periode.pk)


def test_delete_refused_while_used(nilai_org):
    o = nilai_org
    with pytest.raises(DomainError, match="sudah dipakai pada 1 penilaian pegawai"):
        services.periode_delete(actor=o.admin, periode=o.periode[1])
    CapaianOrganisasi.objects.create(unit_kerja=o.bidang, periode=o.periode[2], tahun=YEAR, predikat="BAIK")
    with pytest.raises(DomainError, match="sudah memiliki capaian organisasi"):
        services.periode_delete(actor=o.admin, periode=o.periode[2])
    with pytest.raises(PermissionDeniedError):
        services.periode_delete(actor=o.staf.user, periode=o.periode[3])
    assert PeriodePenilaian.objects.count() == 5 and not events("periode.delete").exists()


# --- the generator -----------------------------------------------------------------------------------------


def test_generate_triwulan(org):
    made = services.periode_generate(actor=org.admin, instansi=org.instansi, tipe="TRIWULANAN", tahun=2025)
    got = [
        (p.nama, p.jenis, p.tipe_periodik, p.angka_periodik, p.awal, p.akhir, p.batas, p.tahun) for p in made
    ]
    assert got == [
        ("Triwulan I", "PERIODIK", "TRIWULANAN", 1, "01-01", "03-31", "04-05", 2025),
        ("Triwulan II", "PERIODIK", "TRIWULANAN", 2, "04-01", "06-30", "07-05", 2025),
        ("Triwulan III", "PERIODIK", "TRIWULANAN", 3, "07-01", "09-30", "10-05", 2025),
        ("Triwulan IV", "PERIODIK", "TRIWULANAN", 4, "10-01", "12-31", "01-05", 2025),
        ("Tahun 2025", "FINAL", "", None, "01-01", "12-31", "01-31", 2025),
    ]
    assert made[3].tanggal(2025)[2] == datetime.date(2026, 1, 5)
    assert made[4].tanggal(2025)[2] == datetime.date(2026, 1, 31)
    assert events("periode.generate").count() == 5
    assert selectors.prasyarat(instansi=org.instansi, tahun=2025) == []


def test_generate_bulanan_follows_the_calendar(org):
    made = services.periode_generate(actor=org.admin, instansi=org.instansi, tipe="BULANAN", tahun=2024)
    assert [p.nama for p in made] == [f"Periode {r}" for r in rules.ROMAWI] + ["Tahun 2024"]
    assert (made[1].akhir, made[1].batas) == ("02-29", "03-05")
    assert (made[3].akhir, made[3].batas) == ("04-30", "05-05")
    assert (made[11].akhir, made[11].batas) == ("12-31", "01-05")
    non_leap = services.periode_generate(actor=org.admin, instansi=org.instansi, tipe="BULANAN", tahun=2025)
    assert (non_leap[1].akhir, non_leap[1].batas) == ("02-28", "03-05")


def test_generate_is_refused_whole_when_it_breaks_the_set(org):
    services.periode_generate(actor=org.admin, instansi=org.instansi, tipe="TRIWULANAN", tahun=2025)
    with pytest.raises(DomainError) as exc:
        services.periode_generate(actor=org.admin, instansi=org.instansi, tipe="TRIWULANAN", tahun=2025)
    assert exc.value.message == MSG_DUPLIKAT
    with pytest.raises(DomainError) as exc:
        services.periode_generate(actor=org.admin, instansi=org.instansi, tipe="BULANAN", tahun=2025)
    assert exc.value.message == MSG_DUA_TIPE
    assert PeriodePenilaian.objects.count() == 5 and events("periode.generate").count() == 5


def test_generate_refusals(org, other_org):
    with pytest.raises(DomainError, match="Pilih tipe periodik"):
        services.periode_generate(actor=org.admin, instansi=org.instansi, tipe="HARIAN", tahun=2025)
    with pytest.raises(PermissionDeniedError):
        services.periode_generate(actor=other_org.admin, instansi=org.instansi, tipe="BULANAN", tahun=2025)
    assert not PeriodePenilaian.objects.exists()


# --- pages -------------------------------------------------------------------------------------------------

LIST = "penilaian:periode_list"


def test_anonymous_and_pegawai(client, org):
    periode = create(org, **tw(1))
    urls = [
        ("get", reverse(LIST)),
        ("get", reverse("penilaian:periode_create")),
        ("get", reverse("penilaian:periode_edit", args=[periode.pk])),
        ("post", reverse("penilaian:periode_delete", args=[periode.pk])),
        ("post", reverse("penilaian:periode_generate")),
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(org.staf.user)
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 403
    assert PeriodePenilaian.objects.count() == 1


def test_other_instansi_admin_gets_404_and_sees_only_own(client, org, other_org):
    periode = create(org, **tw(1))
    client.force_login(other_org.admin)
    assert client.get(reverse("penilaian:periode_edit", args=[periode.pk])).status_code == 404
    assert client.post(reverse("penilaian:periode_delete", args=[periode.pk])).status_code == 404
    html = client.get(reverse(LIST), {"instansi": org.instansi.pk, "tahun": YEAR}).content.decode()
    assert f'data-testid="periode-{periode.pk}"' not in html and other_org.instansi.nama in html
    assert PeriodePenilaian.objects.count() == 1


def test_list_columns_and_prasyarat(client, org):
    client.force_login(org.admin)
    html = client.get(reverse(LIST), {"tahun": YEAR}).content.decode()
    assert MSG_KOSONG in html and "Manajemen Periode" in html and "Tambah Periode" in html
    services.periode_generate(actor=org.admin, instansi=org.instansi, tipe="TRIWULANAN", tahun=YEAR)
    html = client.get(reverse(LIST), {"tahun": YEAR}).content.decode()
    for header in ("No", "Nama", "Tahun", "Jenis", "Tipe Periodik", "Angka Periodik", "Periode Awal",
                   "Periode Akhir", "Batas Pengisian"):  # fmt: skip
        assert f"<th>{header}</th>" in html
    assert MSG_KOSONG not in html and "memenuhi prasyarat" in html
    assert "Triwulan IV" in html and f"5 Januari {YEAR + 1}" in html and f"Tahun {YEAR}" in html
    PeriodePenilaian.objects.create(instansi=org.instansi, **tw(4, tipe="BULANAN", nama="Periode IV"))
    html = client.get(reverse(LIST), {"tahun": YEAR}).content.decode()
    assert MSG_DUA_TIPE in html and MSG_DUPLIKAT not in html


def test_national_admin_picks_the_instansi(client, org, admin_nasional):
    row = f'data-testid="periode-{create(org, **tw(1)).pk}"'
    client.force_login(admin_nasional)
    html = client.get(reverse(LIST)).content.decode()
    assert "Pilih instansi terlebih dahulu." in html and row not in html
    html = client.get(reverse(LIST), {"instansi": org.instansi.pk, "tahun": YEAR}).content.decode()
    assert row in html and f"?instansi={org.instansi.pk}" in html
    response = client.post(
        reverse("penilaian:periode_create") + f"?instansi={org.instansi.pk}", tw(2, tahun=YEAR)
    )
    assert response.status_code == 302 and PeriodePenilaian.objects.filter(angka_periodik=2).exists()


def test_create_view(client, org):
    client.force_login(org.admin)
    html = client.get(reverse("penilaian:periode_create")).content.decode()
    for text in ("NAMA", "JENIS PERIODE", "TIPE PERIODIK", "ANGKA PERIODIK", "PERIODE AWAL", "PERIODE AKHIR",
                 "BATAS PENGISIAN", "TAHUN (OPSIONAL)", "Kosongkan jika periode ini berlaku untuk semua tahun",
                 "Periode Awal diisi dalam format mm-dd (Ex. 31 Desember menjadi 12-31)."):  # fmt: skip
        assert text in html
    data = {**tw(1), "tahun": ""}
    response = client.post(reverse("penilaian:periode_create"), data)
    assert response.status_code == 302 and response["Location"] == reverse(LIST)
    assert PeriodePenilaian.objects.get().tahun is None


def test_create_view_keeps_input_and_shows_the_message_by_the_field(client, org):
    client.force_login(org.admin)
    response = client.post(reverse("penilaian:periode_create"), tw(1, awal="13-45"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-field-error="awal"' in html and "Periode Awal harus tanggal yang benar" in html
    assert 'value="13-45"' in html and 'value="Triwulan I"' in html
    assert not PeriodePenilaian.objects.exists()
    create(org, **tw(1))
    response = client.post(reverse("penilaian:periode_create"), tw(1, tipe_periodik="BULANAN"))
    html = response.content.decode()
    assert response.status_code == 200 and 'data-field-error="tipe_periodik"' in html and MSG_DUA_TIPE in html
    assert PeriodePenilaian.objects.count() == 1


def test_edit_and_delete_views(client, nilai_org):
    o = nilai_org
    client.force_login(o.admin)
    url = reverse("penilaian:periode_edit", args=[o.periode[2].pk])
    assert 'value="Triwulan II"' in client.get(url).content.decode()
    data = tw(2, tahun="", awal="04-01", akhir="06-30", batas="07-10")
    assert client.post(url, data).status_code == 302
    assert PeriodePenilaian.objects.get(pk=o.periode[2].pk).batas == "07-10"
    response = client.post(reverse("penilaian:periode_delete", args=[o.periode[1].pk]), follow=True)
    assert "sudah dipakai pada 1 penilaian pegawai" in response.content.decode()
    assert PeriodePenilaian.objects.filter(pk=o.periode[1].pk).exists()
    response = client.post(reverse("penilaian:periode_delete", args=[o.periode[2].pk]), follow=True)
    assert "berhasil dihapus" in response.content.decode()
    assert client.get(reverse("penilaian:periode_delete", args=[o.periode[3].pk])).status_code == 405


def test_generate_view(client, org):
    client.force_login(org.admin)
    url = reverse("penilaian:periode_generate")
    response = client.post(url, {"tipe": "TRIWULANAN", "tahun": 2026}, follow=True)
    assert "Periode Triwulan I–IV dan Tahun 2026 berhasil dibuat." in response.content.decode()
    response = client.post(url, {"tipe": "TRIWULANAN", "tahun": 2026}, follow=True)
    assert MSG_DUPLIKAT in response.content.decode()
    response = client.post(url, {"tipe": "TRIWULANAN", "tahun": "abc"}, follow=True)
    assert "Tahun harus berupa angka." in response.content.decode()
    assert PeriodePenilaian.objects.count() == 5


def test_list_queries_are_constant(client, org):
    client.force_login(org.admin)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(LIST), {"semua": "1", "tahun": 2025}).status_code == 200
        return len(ctx.captured_queries)

    services.periode_generate(actor=org.admin, instansi=org.instansi, tipe="TRIWULANAN", tahun=2025)
    small = count()
    services.periode_generate(actor=org.admin, instansi=org.instansi, tipe="BULANAN", tahun=2026)
    services.periode_generate(actor=org.admin, instansi=org.instansi, tipe="BULANAN", tahun=2027)
    assert PeriodePenilaian.objects.count() == 31
    assert count() == small

"""Rencana Aksi, Bukti Dukung and Realisasi: every action and refusal of the services (with the audit event), and the
pages (rights, bad input kept next to the field, query counts)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.penilaian.models import BuktiDukung, FeedbackIndikator, Penilaian, Realisasi, RencanaAksi
from kinerja.penilaian.services import pengisian as services
from kinerja.penilaian.services.penilaian import penilaian_tambah
from kinerja.skp.models import Skp

from ..skp.conftest import add_rhk
from .conftest import YEAR

WIB = ZoneInfo("Asia/Jakarta")


def on(time_machine, month, day, year=YEAR):
    time_machine.move_to(datetime.datetime(year, month, day, 12, 0, tzinfo=WIB), tick=False)


def events(action):
    return AuditEvent.objects.filter(action=action)


@pytest.fixture
def o(nilai_org, time_machine):
    on(time_machine, 2, 10)  # inside Triwulan I (batas 5 April)
    nilai_org.ind = nilai_org.rhk_staf.indikator.get()
    return nilai_org


def ra(o, teks="Menyusun laporan bulanan", target="3 laporan"):
    return services.rencana_aksi_create(
        actor=o.staf.user, penilaian=o.tw1, rhk=o.rhk_staf, teks=teks, target=target
    )


# --- Rencana Aksi ---------------------------------------------------------------------------------------------------


def test_rencana_aksi_create_update_noop_delete_are_audited(o):
    item = ra(o)
    assert (item.teks, item.target, item.rhk) == ("Menyusun laporan bulanan", "3 laporan", o.rhk_staf)
    assert events("penilaian.rencana_aksi_tambah").get().object_id == str(item.pk)
    services.rencana_aksi_update(
        actor=o.staf.user, rencana_aksi=item, teks=" Menyusun laporan bulanan ", target="3 laporan"
    )
    assert not events("penilaian.rencana_aksi_ubah").exists()  # no-op
    services.rencana_aksi_update(
        actor=o.staf.user, rencana_aksi=item, teks="Menyusun laporan", target="4 laporan"
    )
    event = events("penilaian.rencana_aksi_ubah").get()
    assert (event.before["target"], event.after["target"]) == ("3 laporan", "4 laporan")
    services.rencana_aksi_delete(actor=o.staf.user, rencana_aksi=item)
    assert not RencanaAksi.objects.exists() and events("penilaian.rencana_aksi_hapus").count() == 1


def test_rencana_aksi_refusals(o, time_machine):
    with pytest.raises(DomainError, match="periode periodik") as exc:
        services.rencana_aksi_create(actor=o.staf.user, penilaian=o.final, rhk=o.rhk_staf, teks="x")
    with pytest.raises(PermissionDeniedError):
        services.rencana_aksi_create(actor=o.kabid.user, penilaian=o.tw1, rhk=o.rhk_staf, teks="x")
    with pytest.raises(DomainError, match="wajib diisi") as exc:
        services.rencana_aksi_create(actor=o.staf.user, penilaian=o.tw1, rhk=o.rhk_staf, teks="  ")
    assert exc.value.field == "teks"
    with pytest.raises(DomainError, match="bukan bagian"):
        services.rencana_aksi_create(actor=o.staf.user, penilaian=o.tw1, rhk=o.rhk_kabid, teks="x")
    on(time_machine, 4, 6)
    with pytest.raises(DomainError, match="Batas pengisian"):
        ra(o)
    assert not RencanaAksi.objects.exists() and not events("penilaian.rencana_aksi_tambah").exists()


# --- Realisasi ------------------------------------------------------------------------------------------------------


def test_realisasi_needs_a_rencana_aksi_on_a_periodic_period(o):
    with pytest.raises(DomainError, match="rencana aksi"):
        services.realisasi_set(actor=o.staf.user, penilaian=o.tw1, indikator=o.ind, realisasi="3 laporan")
    ra(o)
    item = services.realisasi_set(
        actor=o.staf.user, penilaian=o.tw1, indikator=o.ind, realisasi="3 laporan", sumber_data="Arsip"
    )
    assert (item.realisasi, item.sumber_data) == ("3 laporan", "Arsip")
    assert events("penilaian.realisasi_isi").count() == 1
    services.realisasi_set(
        actor=o.staf.user, penilaian=o.tw1, indikator=o.ind, realisasi="3 laporan", sumber_data="Arsip"
    )
    assert not events("penilaian.realisasi_ubah").exists()  # no-op
    services.realisasi_set(
        actor=o.staf.user, penilaian=o.tw1, indikator=o.ind, realisasi="4 laporan", sumber_data="Arsip"
    )
    assert events("penilaian.realisasi_ubah").get().after["realisasi"] == "4 laporan"
    assert Realisasi.objects.get().realisasi == "4 laporan"


def test_realisasi_on_the_final_period_needs_no_rencana_aksi(o):
    services.realisasi_set(actor=o.staf.user, penilaian=o.final, indikator=o.ind, realisasi="12 laporan")
    assert Realisasi.objects.get(penilaian=o.final).realisasi == "12 laporan"


def test_realisasi_by_someone_else_is_refused(o):
    ra(o)
    for user in (o.kabid.user, o.staf2.user, o.admin):
        with pytest.raises(PermissionDeniedError):
            services.realisasi_set(actor=user, penilaian=o.tw1, indikator=o.ind, realisasi="x")
    assert not Realisasi.objects.exists()


def test_realisasi_until_the_batas_then_closed_unless_reopened(o, time_machine):
    ra(o)
    on(time_machine, 4, 5)  # the last day
    services.realisasi_set(actor=o.staf.user, penilaian=o.tw1, indikator=o.ind, realisasi="3 laporan")
    on(time_machine, 4, 6)  # the day after
    with pytest.raises(DomainError, match="Batas pengisian periode Triwulan I telah lewat"):
        services.realisasi_set(actor=o.staf.user, penilaian=o.tw1, indikator=o.ind, realisasi="5 laporan")
    Penilaian.objects.filter(pk=o.tw1.pk).update(dibuka_sampai=datetime.date(YEAR, 4, 10))
    services.realisasi_set(actor=o.staf.user, penilaian=o.tw1, indikator=o.ind, realisasi="5 laporan")
    assert Realisasi.objects.get().realisasi == "5 laporan"


def test_realisasi_refusals_of_input_skp_status_and_foreign_indicator(o):
    ra(o)
    with pytest.raises(DomainError) as exc:
        services.realisasi_set(actor=o.staf.user, penilaian=o.tw1, indikator=o.ind, realisasi=" ")
    assert exc.value.field == "realisasi"
    with pytest.raises(DomainError, match="bukan bagian"):
        services.realisasi_set(
            actor=o.staf.user, penilaian=o.tw1, indikator=o.rhk_kabid.indikator.get(), realisasi="x"
        )
    Skp.objects.filter(pk=o.skp_staf.pk).update(status="DRAFT")
    with pytest.raises(DomainError, match="sudah disetujui"):
        services.realisasi_set(actor=o.staf.user, penilaian=o.tw1, indikator=o.ind, realisasi="x")
    assert not Realisasi.objects.exists()


# --- Bukti Dukung ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "ftp://files.example.org/laporan.pdf",
        "file:///etc/passwd",
        "drive.google.com/file/d/abc",
        "https://",
        "http://bukan url dengan spasi",
    ],
)
def test_bukti_link_must_be_http_or_https(o, link):
    with pytest.raises(DomainError) as exc:
        services.bukti_create(
            actor=o.staf.user, penilaian=o.final, indikator=o.ind, nama="Laporan", link=link
        )
    assert exc.value.field == "link"
    assert not BuktiDukung.objects.exists()


def test_bukti_create_update_delete_are_audited(o):
    item = services.bukti_create(
        actor=o.staf.user,
        penilaian=o.final,
        indikator=o.ind,
        nama="Laporan",
        link="https://drive.google.com/x",
    )
    assert events("penilaian.bukti_tambah").get().after["link"] == "https://drive.google.com/x"
    services.bukti_update(actor=o.staf.user, bukti=item, nama="Laporan", link="https://drive.google.com/x")
    assert not events("penilaian.bukti_ubah").exists()
    with pytest.raises(DomainError) as exc:
        services.bukti_update(actor=o.staf.user, bukti=item, nama="Laporan", link="javascript:void(0)")
    assert exc.value.field == "link"
    services.bukti_update(
        actor=o.staf.user, bukti=item, nama="Laporan Q1", link="http://arsip.example.go.id/q1"
    )
    assert BuktiDukung.objects.get().link == "http://arsip.example.go.id/q1"
    with pytest.raises(PermissionDeniedError):
        services.bukti_delete(actor=o.kabid.user, bukti=item)
    services.bukti_delete(actor=o.staf.user, bukti=item)
    assert not BuktiDukung.objects.exists()
    assert [events(a).count() for a in ("penilaian.bukti_ubah", "penilaian.bukti_hapus")] == [1, 1]


def test_bukti_on_a_periodic_period_needs_a_rencana_aksi(o):
    with pytest.raises(DomainError, match="rencana aksi"):
        services.bukti_create(
            actor=o.staf.user, penilaian=o.tw1, indikator=o.ind, nama="L", link="https://a.id/b"
        )
    ra(o)
    services.bukti_create(
        actor=o.staf.user, penilaian=o.tw1, indikator=o.ind, nama="L", link="https://a.id/b"
    )
    assert BuktiDukung.objects.count() == 1


# --- Pages --------------------------------------------------------------------------------------------------------


def get(client, user, name, *args):
    if user:
        client.force_login(user)
    return client.get(reverse(name, args=args))


def test_pengisian_page_shows_the_table_and_the_feedback(client, o):
    ra(o)
    services.bukti_create(
        actor=o.staf.user, penilaian=o.tw1, indikator=o.ind, nama="Rekap Q1", link="https://a.id/q1"
    )
    services.realisasi_set(
        actor=o.staf.user, penilaian=o.tw1, indikator=o.ind, realisasi="3 laporan", sumber_data="Arsip"
    )
    FeedbackIndikator.objects.create(penilaian=o.tw1, indikator=o.ind, jempol="NAIK", teks="Bagus sekali")
    html = get(client, o.staf.user, "penilaian:pengisian", o.tw1.pk).content.decode()
    for text in (
        "SASARAN KINERJA PEGAWAI", "Pegawai Yang Dinilai", "Pejabat Penilai", "KEPALA BIDANG", "HASIL KERJA",
        "Rencana Hasil Kerja Pimpinan yang Diintervensi", "Rencana Aksi", "Aspek", "Indikator Kinerja Individu",
        "Target Tahunan", "Bukti Dukung", "Realisasi", "Feedback", "Menyusun laporan bulanan", "Target : 3 laporan",
        "Rekap Q1", 'href="https://a.id/q1"', 'rel="noopener noreferrer nofollow"', "3 laporan", "berdasarkan",
        "Arsip", "Jempol ke atas", "Bagus sekali", "Edit Realisasi", "PERILAKU KERJA", "Berorientasi Pelayanan",
        "RATING HASIL KERJA", "RATING PERILAKU KERJA", "5 April " + str(YEAR),
        reverse("penilaian:bukti_tambah", args=[o.tw1.pk, o.ind.pk]),
        reverse("penilaian:realisasi_edit", args=[o.tw1.pk, o.ind.pk]),
    ):  # fmt: skip
        assert text in html, text


def test_pengisian_page_without_rencana_aksi_and_after_the_batas(client, o, time_machine):
    html = get(client, o.staf.user, "penilaian:pengisian", o.tw1.pk).content.decode()
    assert "Tambahkan renaksi pada RHK yang dikerjakan" in html
    assert reverse("penilaian:bukti_tambah", args=[o.tw1.pk, o.ind.pk]) not in html
    form = get(client, o.staf.user, "penilaian:realisasi_edit", o.tw1.pk, o.ind.pk)
    assert form.status_code == 302 and form.url == reverse("penilaian:pengisian", args=[o.tw1.pk])
    ra(o)
    on(time_machine, 4, 6)
    html = get(client, o.staf.user, "penilaian:pengisian", o.tw1.pk).content.decode()
    assert "Batas pengisian periode ini telah lewat" in html and "Edit Realisasi" not in html
    response = client.post(
        reverse("penilaian:realisasi_edit", args=[o.tw1.pk, o.ind.pk]), {"realisasi": "9 laporan"}
    )
    assert response.status_code == 302 and not Realisasi.objects.exists()


def test_forms_keep_the_input_and_show_the_message_next_to_the_field(client, o):
    client.force_login(o.staf.user)
    url = reverse("penilaian:bukti_tambah", args=[o.final.pk, o.ind.pk])
    response = client.post(url, {"nama": "Laporan saya", "link": "javascript:alert(1)"})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-field-error="link"' in html
    assert "http:// atau https://" in html and 'value="Laporan saya"' in html
    assert not BuktiDukung.objects.exists()
    response = client.post(
        reverse("penilaian:realisasi_edit", args=[o.final.pk, o.ind.pk]), {"sumber_data": "Arsip"}
    )
    assert (
        'data-field-error="realisasi"' in response.content.decode() and "Arsip" in response.content.decode()
    )
    response = client.post(url, {"nama": "Laporan saya", "link": "https://drive.google.com/x"})
    assert response.status_code == 302 and BuktiDukung.objects.get().nama == "Laporan saya"


def test_rencana_aksi_page_and_form(client, o):
    client.force_login(o.staf.user)
    html = client.get(reverse("penilaian:rencana_aksi", args=[o.tw1.pk])).content.decode()
    assert "RENCANA HASIL KERJA".lower() in html.lower() and "Tersusunnya laporan penilaian kinerja" in html
    add = reverse("penilaian:rencana_aksi_tambah", args=[o.tw1.pk, o.rhk_staf.pk])
    assert add in html
    response = client.post(add, {"teks": "", "target": "3 laporan"})
    assert (
        'data-field-error="teks"' in response.content.decode()
        and 'value="3 laporan"' in response.content.decode()
    )
    assert client.post(add, {"teks": "Rapat koordinasi", "target": "3 kali"}).status_code == 302
    item = RencanaAksi.objects.get()
    assert (
        client.post(
            reverse("penilaian:rencana_aksi_edit", args=[item.pk]), {"teks": "Rapat", "target": ""}
        ).status_code
        == 302
    )
    assert RencanaAksi.objects.get().teks == "Rapat"
    assert client.post(reverse("penilaian:rencana_aksi_hapus", args=[item.pk])).status_code == 302
    assert not RencanaAksi.objects.exists()
    final = client.get(reverse("penilaian:rencana_aksi", args=[o.final.pk]))
    assert final.status_code == 302 and final.url == reverse("penilaian:pengisian", args=[o.final.pk])


def test_rights_on_every_pengisian_page(client, o, other_org):
    ra(o)
    bukti = services.bukti_create(
        actor=o.staf.user, penilaian=o.tw1, indikator=o.ind, nama="L", link="https://a.id/"
    )
    item = RencanaAksi.objects.get()
    pages = [
        ("penilaian:pengisian", o.tw1.pk), ("penilaian:rencana_aksi", o.tw1.pk),
        ("penilaian:rencana_aksi_tambah", o.tw1.pk, o.rhk_staf.pk), ("penilaian:rencana_aksi_edit", item.pk),
        ("penilaian:bukti_tambah", o.tw1.pk, o.ind.pk), ("penilaian:bukti_edit", bukti.pk),
        ("penilaian:realisasi_edit", o.tw1.pk, o.ind.pk),
    ]  # fmt: skip
    posts = [("penilaian:rencana_aksi_hapus", item.pk), ("penilaian:bukti_hapus", bukti.pk)]
    for name, *args in pages + posts:
        url = reverse(name, args=args)
        client.logout()
        response = client.get(url) if (name, *args) in pages else client.post(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
        for outsider in (o.staf2.user, other_org.admin):
            client.force_login(outsider)
            assert (client.get(url) if (name, *args) in pages else client.post(url)).status_code == 404, url
    # The assessor and the instansi admin read the pages, never write.
    for reader in (o.kabid.user, o.admin):
        client.force_login(reader)
        assert client.get(reverse("penilaian:pengisian", args=[o.tw1.pk])).status_code == 200
        assert client.get(reverse("penilaian:realisasi_edit", args=[o.tw1.pk, o.ind.pk])).status_code == 403
        assert client.post(reverse("penilaian:bukti_hapus", args=[bukti.pk])).status_code == 403
    assert BuktiDukung.objects.count() == 1 and RencanaAksi.objects.count() == 1


def _queries(client, user, penilaian):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("penilaian:pengisian", args=[penilaian.pk])).status_code == 200
    return len(ctx.captured_queries)


def _fill(o, n):
    """n more RHK with 3 indicators each, every indicator with a rencana aksi, bukti, realisasi and feedback."""
    Skp.objects.filter(pk=o.skp_staf.pk).update(status="DRAFT")  # RHK are added while in draft
    o.skp_staf.refresh_from_db()
    for i in range(n):
        rhk = add_rhk(
            o.skp_staf, f"RHK tambahan {o.skp_staf.rhk.count()}-{i}", atasan=o.rhk_kabid, indikator=3
        )
        RencanaAksi.objects.create(penilaian=o.tw1, rhk=rhk, teks=f"Aksi {i}")
        for ind in rhk.indikator.all():
            BuktiDukung.objects.create(penilaian=o.tw1, indikator=ind, nama="B", link="https://a.id/")
            Realisasi.objects.create(penilaian=o.tw1, indikator=ind, realisasi="1")
            FeedbackIndikator.objects.create(penilaian=o.tw1, indikator=ind, jempol="NAIK")
    Skp.objects.filter(pk=o.skp_staf.pk).update(status="PERSETUJUAN")


def test_pengisian_page_queries_do_not_grow_with_rhk_and_indicators(client, o):
    _fill(o, 1)
    small = _queries(client, o.staf.user, o.tw1)
    _fill(o, 6)
    assert Realisasi.objects.filter(penilaian=o.tw1).count() == 21
    assert _queries(client, o.staf.user, o.tw1) == small
    html = client.get(reverse("penilaian:pengisian", args=[o.tw1.pk])).content.decode()
    assert html.count("Edit Realisasi") >= 21


def test_jpt_final_page_has_the_jpt_columns(client, o):
    Skp.objects.filter(pk=o.skp_kaban.pk).update(status="PERSETUJUAN")
    o.skp_kaban.refresh_from_db()
    final = penilaian_tambah(actor=o.kaban.user, skp=o.skp_kaban, periode=o.periode["final"])
    html = get(client, o.kaban.user, "penilaian:pengisian", final.pk).content.decode()
    table = html[html.index('data-testid="hasil-kerja"') : html.index("</thead>")]
    assert "Perspektif" in table and "Pimpinan yang Diintervensi" not in table and "Rencana Aksi" not in table
    assert (
        "Penerima Layanan" in html and "Penugasan dari Bupati" in html and "Belum ada pejabat penilai" in html
    )

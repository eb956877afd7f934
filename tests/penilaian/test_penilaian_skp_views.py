"""Penilaian SKP page: header, rows as the seed shows them, Tambah Periode Penilaian, Hapus Periode Duplikat, Muat ulang
of the assessor, Feedback Perilaku and Pembinaan pages; rights and query counts."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.penilaian.models import (
    CapaianOrganisasi,
    FeedbackPerilaku,
    FeedbackRekan,
    Pembinaan,
    Penilaian,
    PeriodePenilaian,
    Realisasi,
)
from kinerja.penilaian.services import penilaian as services
from kinerja.skp.models import Skp

from ..skp.conftest import add_rhk
from .conftest import YEAR

WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture
def o(nilai_org, time_machine):
    time_machine.move_to(datetime.datetime(YEAR, 2, 10, 12, 0, tzinfo=WIB), tick=False)
    return nilai_org


def page(client, user, skp, status=200):
    client.force_login(user)
    response = client.get(reverse("penilaian:skp", args=[skp.pk]))
    assert response.status_code == status
    return response.content.decode()


def test_owner_sees_the_header_the_note_and_one_row_per_period(client, o):
    html = page(client, o.staf.user, o.skp_staf)
    for text in (
        "Penilaian SKP", "Periode SKP", f"1 Januari {YEAR} - 31 Desember {YEAR}", "Unit Kerja", "BIDANG UJI",
        f"ID: {o.bidang.id_unor}", "Jabatan", "Unit Kerja Induk", "BADAN UJI", f"ID: {o.badan.id_unor}",
        "Nilai Capaian Organisasi akan menggunakan Nilai Capaian dari Unit Kerja Induk, kecuali Unit Kerja mempunyai "
        "Capaian Organisasi sendiri.", "TAMBAH PERIODE PENILAIAN", "HAPUS PERIODE DUPLIKAT",
        "Triwulan I", f"1 Januari {YEAR} s/d 31 Maret {YEAR}", f"Batas : 5 April {YEAR}",
        f"Tahun {YEAR}", "Periode Final", f"Batas : 31 Januari {YEAR + 1}", "Atasan", "KEPALA BIDANG",
        "Jabatan : Kepala Bidang Uji", "Unit Kerja : BIDANG UJI", "Muat ulang", "Hasil Kerja", "Perilaku Kerja",
        "Nilai SKP", "Belum Final", "Capaian Organisasi", "Rencana Aksi", "Pengisian Bukti Dukung dan Lihat Hasil",
        "Feedback Perilaku", "Pembinaan", reverse("penilaian:rencana_aksi", args=[o.tw1.pk]),
        reverse("penilaian:pengisian", args=[o.final.pk]), reverse("penilaian:feedback_perilaku", args=[o.tw1.pk]),
    ):  # fmt: skip
        assert text in html, text
    assert reverse("penilaian:rencana_aksi", args=[o.final.pk]) not in html  # Final: no rencana aksi
    assert "Ajukan Keberatan" not in html  # not rated yet
    # Triwulan II–IV are offered; the periods already added are not.
    options = html[html.index('name="periode"') : html.index("</select>")]
    assert "Triwulan II" in options and "Triwulan IV" in options and "Triwulan I (" not in options


def test_capaian_organisasi_comes_from_the_unit_kerja_induk(client, o):
    CapaianOrganisasi.objects.create(
        unit_kerja=o.badan, periode=o.periode[1], tahun=YEAR, predikat="ISTIMEWA"
    )
    html = page(client, o.staf.user, o.skp_staf)
    row = html[html.index(f'id="penilaian-{o.tw1.pk}"') : html.index(f'id="penilaian-{o.final.pk}"')]
    assert "Istimewa" in row and "dari BADAN UJI" in row


def test_rated_final_row_shows_the_predikat_and_ajukan_keberatan(client, o, time_machine):
    Penilaian.objects.filter(pk=o.final.pk).update(
        rating_hasil_kerja="SESUAI",
        rating_perilaku="DIATAS",
        predikat="BAIK",
        dinilai_pada=datetime.datetime(YEAR + 1, 1, 10, 9, tzinfo=WIB),
    )
    time_machine.move_to(datetime.datetime(YEAR + 1, 1, 12, 12, tzinfo=WIB), tick=False)
    html = page(client, o.staf.user, o.skp_staf)
    assert "Sesuai Ekspektasi" in html and "Diatas Ekspektasi" in html and ">Baik<" in html
    assert reverse("penilaian:keberatan", args=[o.final.pk]) in html and "Ajukan Keberatan" in html
    final_row = html[html.index(f'id="penilaian-{o.final.pk}"') :]
    assert "Muat ulang" not in final_row.split('data-testid="aksi"')[0]  # rated: the assessor is kept


def test_tambah_periode_penilaian_from_the_page(client, o):
    client.force_login(o.staf.user)
    url = reverse("penilaian:skp", args=[o.skp_staf.pk])
    response = client.post(url, {"periode": ""})
    assert response.status_code == 200 and 'data-field-error="periode"' in response.content.decode()
    response = client.post(url, {"periode": o.periode[2].pk})
    assert response.status_code == 302
    added = Penilaian.objects.get(skp=o.skp_staf, periode=o.periode[2])
    assert (added.awal, added.batas, added.penilai) == (
        datetime.date(YEAR, 4, 1),
        datetime.date(YEAR, 7, 5),
        o.kabid,
    )
    assert AuditEvent.objects.filter(action="penilaian.tambah_periode", object_id=str(added.pk)).exists()
    other_year = PeriodePenilaian.objects.create(
        instansi=o.instansi,
        nama="Tahun lalu",
        jenis="FINAL",
        awal="01-01",
        akhir="12-31",
        batas="01-31",
        tahun=YEAR - 1,
    )
    response = client.post(url, {"periode": other_year.pk})  # does not overlap: not even offered
    assert response.status_code == 200 and 'data-field-error="periode"' in response.content.decode()


def test_unapproved_skp_shows_why_nothing_can_be_added(client, o):
    Skp.objects.filter(pk=o.skp_staf.pk).update(status="DRAFT")
    html = page(client, o.staf.user, o.skp_staf)
    assert "hanya dapat ditambahkan pada SKP yang sudah disetujui" in html


def _duplicate(o, angka=1):
    periode = PeriodePenilaian.objects.create(
        instansi=o.instansi, nama=f"Triwulan {angka} (lama)", jenis="PERIODIK", tipe_periodik="TRIWULANAN",
        angka_periodik=angka, awal="01-01", akhir="03-31", batas="04-05",
    )  # fmt: skip
    return services.penilaian_tambah(actor=o.staf.user, skp=o.skp_staf, periode=periode)


def test_hapus_periode_duplikat_keeps_the_row_with_data(client, o):
    dup = _duplicate(o)
    Realisasi.objects.create(penilaian=dup, indikator=o.rhk_staf.indikator.get(), realisasi="3 laporan")
    html = page(client, o.staf.user, o.skp_staf)
    assert "Terdapat periode penilaian duplikat" in html
    response = client.post(reverse("penilaian:hapus_duplikat", args=[o.skp_staf.pk]), follow=True)
    assert "1 periode penilaian duplikat berhasil dihapus." in response.content.decode()
    assert set(Penilaian.objects.filter(skp=o.skp_staf).values_list("pk", flat=True)) == {dup.pk, o.final.pk}
    assert AuditEvent.objects.filter(action="penilaian.hapus_duplikat", object_id=str(o.tw1.pk)).count() == 1
    assert services.penilaian_hapus_duplikat(actor=o.staf.user, skp=o.skp_staf) == (0, 0)


def test_hapus_periode_duplikat_without_data_keeps_the_first_and_never_deletes_data(o):
    _duplicate(o)
    assert services.penilaian_hapus_duplikat(actor=o.staf.user, skp=o.skp_staf) == (1, 0)
    assert Penilaian.objects.filter(skp=o.skp_staf, periode__angka_periodik=1).get().pk == o.tw1.pk
    dup = _duplicate(o)
    Pembinaan.objects.create(penilaian=dup, teks="Catatan", oleh=o.kabid)
    FeedbackPerilaku.objects.create(penilaian=o.tw1, nilai=1, jempol="NAIK")
    assert services.penilaian_hapus_duplikat(actor=o.staf.user, skp=o.skp_staf) == (0, 1)
    assert Penilaian.objects.filter(skp=o.skp_staf).count() == 3
    with pytest.raises(PermissionDeniedError):
        services.penilaian_hapus_duplikat(actor=o.kabid.user, skp=o.skp_staf)


def test_muat_ulang_refreshes_the_assessor_while_not_rated(client, o):
    Skp.objects.filter(pk=o.skp_staf.pk).update(
        penilai=o.kaban, penilai_nama="KEPALA BADAN", penilai_jabatan="Kaban"
    )
    client.force_login(o.staf.user)
    response = client.post(reverse("penilaian:muat_ulang", args=[o.tw1.pk]))
    assert response.status_code == 302
    o.tw1.refresh_from_db()
    assert (o.tw1.penilai, o.tw1.penilai_nama, o.tw1.penilai_jabatan) == (o.kaban, "KEPALA BADAN", "Kaban")
    assert AuditEvent.objects.filter(action="penilaian.muat_ulang_penilai").count() == 1
    services.penilaian_muat_ulang_penilai(actor=o.staf.user, penilaian=o.tw1)  # no change, no event
    assert AuditEvent.objects.filter(action="penilaian.muat_ulang_penilai").count() == 1
    Penilaian.objects.filter(pk=o.final.pk).update(rating_hasil_kerja="SESUAI")
    with pytest.raises(DomainError, match="sudah dinilai"):
        services.penilaian_muat_ulang_penilai(actor=o.staf.user, penilaian=o.final)
    with pytest.raises(PermissionDeniedError):
        services.penilaian_muat_ulang_penilai(actor=o.kabid.user, penilaian=o.tw1)


def test_feedback_perilaku_and_pembinaan_pages(client, o):
    FeedbackPerilaku.objects.create(penilaian=o.tw1, nilai=2, jempol="TURUN", teks="Lebih disiplin")
    FeedbackRekan.objects.create(skp=o.skp_staf, pemberi=o.staf2, nilai=7, teks="Suka membantu tim")
    Pembinaan.objects.create(penilaian=o.tw1, teks="Ikuti pelatihan penulisan laporan", oleh=o.kabid)
    for user in (o.staf.user, o.kabid.user, o.admin):
        client.force_login(user)
        html = client.get(reverse("penilaian:feedback_perilaku", args=[o.tw1.pk])).content.decode()
        assert (
            "Jempol ke bawah" in html
            and "Lebih disiplin" in html
            and "(STAF KEDUA)" in html
            and "Suka membantu tim" in html
        )
        html = client.get(reverse("penilaian:pembinaan_saya", args=[o.tw1.pk])).content.decode()
        assert "Ikuti pelatihan penulisan laporan" in html and "KEPALA BIDANG" in html
    client.force_login(o.staf.user)
    html = client.get(reverse("penilaian:pembinaan_saya", args=[o.final.pk])).content.decode()
    assert "Belum ada catatan pembinaan" in html


def test_rights_on_every_page(client, o, other_org, admin_nasional):
    urls = [
        reverse("penilaian:skp", args=[o.skp_staf.pk]),
        reverse("penilaian:feedback_perilaku", args=[o.tw1.pk]),
        reverse("penilaian:pembinaan_saya", args=[o.tw1.pk]),
    ]
    posts = [
        reverse("penilaian:hapus_duplikat", args=[o.skp_staf.pk]),
        reverse("penilaian:muat_ulang", args=[o.tw1.pk]),
    ]
    for url in urls + posts:
        client.logout()
        response = client.get(url) if url in urls else client.post(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
        for outsider in (o.staf2.user, other_org.admin, other_org.pegawai.user):
            client.force_login(outsider)
            assert (client.get(url) if url in urls else client.post(url)).status_code == 404, url
    for reader in (o.kabid.user, o.admin, admin_nasional):
        client.force_login(reader)
        for url in urls:
            assert client.get(url).status_code == 200, url
        html = client.get(urls[0]).content.decode()
        assert "TAMBAH PERIODE PENILAIAN" not in html and "hanya dapat dibaca" in html
        assert client.post(urls[0], {"periode": o.periode[2].pk}).status_code == 403
        for url in posts:
            assert client.post(url).status_code == 403, url
    assert Penilaian.objects.filter(skp=o.skp_staf).count() == 2


def _queries(client, user, skp):
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("penilaian:skp", args=[skp.pk])).status_code == 200
    return len(ctx.captured_queries)


def test_page_queries_do_not_grow_with_rhk_and_indicators(client, o):
    small = _queries(client, o.staf.user, o.skp_staf)
    Skp.objects.filter(pk=o.skp_staf.pk).update(status="DRAFT")
    o.skp_staf.refresh_from_db()
    for i in range(6):
        add_rhk(o.skp_staf, f"RHK tambahan {i}", atasan=o.rhk_kabid, indikator=3)
    Skp.objects.filter(pk=o.skp_staf.pk).update(status="PERSETUJUAN")
    for i in range(5):
        Pembinaan.objects.create(penilaian=o.tw1, teks=f"Catatan {i}", oleh=o.kabid)
    assert _queries(client, o.staf.user, o.skp_staf) == small


def test_page_queries_do_not_grow_with_the_number_of_periods(client, o):
    """Capaian organisasi of every row comes from one query, however many periods the SKP has."""
    for periode in (o.periode[1], o.periode["final"]):
        CapaianOrganisasi.objects.create(
            unit_kerja=o.badan, periode=periode, tahun=YEAR, predikat="BAIK", diisi_oleh=o.admin
        )
    two = _queries(client, o.staf.user, o.skp_staf)
    for i in (2, 3, 4):
        services.penilaian_tambah(actor=o.staf.user, skp=o.skp_staf, periode=o.periode[i])
    assert Penilaian.objects.filter(skp=o.skp_staf).count() == 5
    assert _queries(client, o.staf.user, o.skp_staf) == two

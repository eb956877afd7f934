"""Pemantauan dan Evaluasi pages: rights on every page, the picker, the sheet, feedback and rating forms with bad
input, Rekap (Unduh Excel), Pembinaan Bawahan, PLT, and query counts at 5 and 200 subordinates."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.org.models import Pegawai
from kinerja.penilaian import rules
from kinerja.penilaian.models import (
    BuktiDukung,
    CapaianOrganisasi,
    FeedbackIndikator,
    FeedbackPerilaku,
    Pembinaan,
    Penilaian,
    Realisasi,
    RencanaAksi,
    ReviewSangatBaik,
)
from kinerja.penilaian.services import evaluasi as services
from kinerja.penilaian.services.penilaian import penilaian_tambah
from kinerja.skp.models import Skp
from tests.factories import PenugasanPltFactory

from ..skp.conftest import add_rhk, make_skp
from .conftest import YEAR, approve


def url(name, *args):
    return reverse(f"penilaian:{name}", args=args)


@pytest.fixture
def o(nilai_org):
    o = nilai_org
    o.indikator = o.rhk_staf.indikator.get()
    RencanaAksi.objects.create(
        penilaian=o.tw1, rhk=o.rhk_staf, teks="Menyusun laporan bulanan", target="3 laporan"
    )
    BuktiDukung.objects.create(
        penilaian=o.tw1, indikator=o.indikator, nama="Laporan Januari", link="https://contoh.go.id/lap1"
    )
    Realisasi.objects.create(
        penilaian=o.tw1, indikator=o.indikator, realisasi="3 laporan", sumber_data="arsip bidang"
    )
    o.p1 = o.periode[1].pk
    return o


def page_urls(o):
    """Every page of the area for kabid's SKP, Triwulan I and staf's period."""
    s, p, n = o.skp_kabid.pk, o.p1, o.tw1.pk
    catatan = Pembinaan.objects.create(penilaian=o.tw1, teks="x", oleh=o.kabid)
    return [
        ("get", url("evaluasi", s)),
        ("get", url("penilaian_bawahan", s, p) + f"?penilaian={n}"),
        ("get", url("feedback_indikator", s, p, n, o.indikator.pk)),
        ("post", url("feedback_indikator_hapus", s, p, n, o.indikator.pk)),
        ("get", url("feedback_perilaku_bawahan", s, p, n, 1)),
        ("post", url("feedback_perilaku_bawahan_hapus", s, p, n, 1)),
        ("get", url("rating", s, p, n, "hasil-kerja")),
        ("get", url("rekap_bawahan", s, p)),
        ("get", url("rekap_bawahan_excel", s, p)),
        ("get", url("kurva", s, p)),
        ("get", url("pembinaan", s, p) + f"?penilaian={n}"),
        ("post", url("pembinaan_hapus", s, p, n, catatan.pk)),
    ]


# --- rights ---------------------------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client, o):
    for method, target in page_urls(o):
        response = getattr(client, method)(target)
        assert response.status_code == 302 and reverse("login") in response["Location"], target


@pytest.mark.parametrize("who", ["staf", "kaban", "admin", "other_admin", "admin_nasional"])
def test_only_the_owner_of_the_leader_skp_may_open(client, o, other_org, admin_nasional, who):
    user = {"other_admin": other_org.admin, "admin_nasional": admin_nasional}.get(who) or getattr(o, who)
    user = getattr(user, "user", user)
    client.force_login(user)
    for method, target in page_urls(o):
        assert getattr(client, method)(target).status_code == 404, target
    assert FeedbackIndikator.objects.count() == 0 and Pembinaan.objects.count() == 1


def test_a_period_of_another_instansi_or_outside_the_skp_is_404(client, o, other_org):
    from .conftest import make_periods

    lain = make_periods(other_org.instansi)
    client.force_login(o.kabid.user)
    assert client.get(url("kurva", o.skp_kabid.pk, lain[1].pk)).status_code == 404
    o.periode[2].tahun = YEAR + 1
    o.periode[2].save()
    assert client.get(url("rekap_bawahan", o.skp_kabid.pk, o.periode[2].pk)).status_code == 404


def test_someone_not_my_subordinate_is_404(client, o):
    """kaban's own period is not in kabid's list; nor is staf's period seen from another period."""
    kabid_tw1 = penilaian_tambah(actor=o.kabid.user, skp=o.skp_kabid, periode=o.periode[1])
    client.force_login(o.kabid.user)
    base = url("penilaian_bawahan", o.skp_kabid.pk, o.p1)
    assert client.get(f"{base}?penilaian={kabid_tw1.pk}").status_code == 404
    assert client.get(f"{base}?penilaian=abc").status_code == 404
    other = url("penilaian_bawahan", o.skp_kabid.pk, o.periode[2].pk)
    assert client.get(f"{other}?penilaian={o.tw1.pk}").status_code == 404
    target = url("feedback_indikator", o.skp_kabid.pk, o.p1, kabid_tw1.pk, o.rhk_kabid.indikator.get().pk)
    assert client.post(target, {"jempol": "NAIK"}).status_code == 404
    assert not FeedbackIndikator.objects.exists()


# --- the period list and the picker ---------------------------------------------------------------------------------


def test_period_list_with_actions(client, o):
    client.force_login(o.kabid.user)
    page = client.get(url("evaluasi", o.skp_kabid.pk)).content.decode()
    assert "Pemantauan dan Evaluasi" in page
    for nama in ("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV", f"Tahun {YEAR}"):
        assert nama in page
    for aksi in ("Penilaian Bawahan", "Rekap Penilaian Bawahan", "Lihat Kurva", "Pembinaan Bawahan"):
        assert aksi in page
    row = page[page.index(f'data-testid="periode-{o.p1}"') :]
    assert "0 dari 1 sudah dinilai" in row[: row.index("</tr>")]


def test_picker_lists_who_added_the_period(client, o):
    client.force_login(o.kabid.user)
    page = client.get(url("penilaian_bawahan", o.skp_kabid.pk, o.p1)).content.decode()
    assert "PILIH BAWAHAN" in page
    assert f"Belum Dinilai - 1. {o.staf.nip} - STAF BIDANG" in page
    assert "Persetujuan" in page
    assert "STAF KEDUA" not in page  # staf2 has no SKP / did not add the period
    services.rating_ubah(actor=o.kabid.user, penilaian=o.tw1, aspek="hasil_kerja", rating="SESUAI")
    services.rating_ubah(actor=o.kabid.user, penilaian=o.tw1, aspek="perilaku", rating="SESUAI")
    page = client.get(url("penilaian_bawahan", o.skp_kabid.pk, o.p1)).content.decode()
    assert f"Sudah Dinilai - 1. {o.staf.nip} - STAF BIDANG" in page


def test_sheet_shows_plan_evidence_realisasi_and_feedback(client, o):
    services.feedback_indikator_simpan(
        actor=o.kabid.user, penilaian=o.tw1, indikator=o.indikator, jempol="NAIK", teks="Tepat waktu"
    )
    services.feedback_perilaku_simpan(actor=o.kabid.user, penilaian=o.tw1, nilai=3, jempol="TURUN")
    client.force_login(o.kabid.user)
    page = client.get(
        url("penilaian_bawahan", o.skp_kabid.pk, o.p1) + f"?penilaian={o.tw1.pk}"
    ).content.decode()
    for text in (
        "HASIL KERJA",
        "Rencana Hasil Kerja Pimpinan yang Diintervensi",
        "Terlaksananya penilaian kinerja",  # the leader's RHK intervened
        "Tersusunnya laporan penilaian kinerja",
        "Menyusun laporan bulanan",
        "Target : 3 laporan",
        "Kuantitas",
        "12 Laporan",
        "Laporan Januari",
        "https://contoh.go.id/lap1",
        "3 laporan",
        "Sumber data: arsip bidang",
        "Tepat waktu",
        "👍",
        "PERILAKU KERJA",
        "Berorientasi Pelayanan",
        "RATING HASIL KERJA",
        "RATING PERILAKU KERJA",
        "BELUM DINILAI",
    ):
        assert text in page, text
    cell = page[page.index('data-testid="feedback-perilaku-3"') :][:800]
    assert "👎" in cell and "Edit" in cell and "Hapus" in cell
    cell = page[page.index('data-testid="feedback-perilaku-4"') :][:600]
    assert "Tambah" in cell


def test_final_period_has_no_rencana_aksi_column(client, o):
    client.force_login(o.kabid.user)
    final = o.periode["final"].pk
    page = client.get(
        url("penilaian_bawahan", o.skp_kabid.pk, final) + f"?penilaian={o.final.pk}"
    ).content.decode()
    assert "HASIL KERJA" in page and "<th>Rencana Aksi</th>" not in page


def test_skp_returned_to_draft_shows_no_actions(client, o):
    Skp.objects.filter(pk=o.skp_staf.pk).update(status="DRAFT")
    client.force_login(o.kabid.user)
    page = client.get(
        url("penilaian_bawahan", o.skp_kabid.pk, o.p1) + f"?penilaian={o.tw1.pk}"
    ).content.decode()
    assert 'data-testid="skp-belum-disetujui"' in page
    assert "ubah-hasil-kerja" not in page and ">Tambah</a>" not in page


def test_review_sangat_baik_note_is_shown(client, o):
    ReviewSangatBaik.objects.create(
        penilaian=o.tw1, status="DIKEMBALIKAN", catatan="Bukti dukung belum memadai"
    )
    client.force_login(o.kabid.user)
    page = client.get(
        url("penilaian_bawahan", o.skp_kabid.pk, o.p1) + f"?penilaian={o.tw1.pk}"
    ).content.decode()
    assert 'data-testid="review-dikembalikan"' in page and "Bukti dukung belum memadai" in page


# --- feedback and rating forms ------------------------------------------------------------------------------------


def test_feedback_indikator_form(client, o):
    client.force_login(o.kabid.user)
    target = url("feedback_indikator", o.skp_kabid.pk, o.p1, o.tw1.pk, o.indikator.pk)
    page = client.get(target).content.decode()
    assert "Tambah Feedback" in page and "Laporan Januari" in page and "3 laporan" in page
    response = client.post(target, {"jempol": "", "teks": ""})
    assert response.status_code == 200
    assert 'data-field-error="teks"' in response.content.decode()
    assert not FeedbackIndikator.objects.exists()
    response = client.post(target, {"jempol": "NAIK", "teks": "Lengkap"})
    assert response.status_code == 302 and f"penilaian={o.tw1.pk}" in response["Location"]
    fb = FeedbackIndikator.objects.get()
    assert (fb.jempol, fb.teks) == ("NAIK", "Lengkap")
    page = client.get(target).content.decode()
    assert "Edit Feedback" in page and "Lengkap" in page and 'value="NAIK" checked' in page
    response = client.post(url("feedback_indikator_hapus", o.skp_kabid.pk, o.p1, o.tw1.pk, o.indikator.pk))
    assert response.status_code == 302 and not FeedbackIndikator.objects.exists()


def test_feedback_bad_thumb_keeps_the_text(client, o):
    client.force_login(o.kabid.user)
    target = url("feedback_perilaku_bawahan", o.skp_kabid.pk, o.p1, o.tw1.pk, 2)
    response = client.post(target, {"jempol": "MIRING", "teks": "Teks saya"})
    page = response.content.decode()
    assert response.status_code == 200 and 'data-field-error="jempol"' in page and "Teks saya" in page
    assert not FeedbackPerilaku.objects.exists()


def test_feedback_perilaku_form(client, o):
    client.force_login(o.kabid.user)
    target = url("feedback_perilaku_bawahan", o.skp_kabid.pk, o.p1, o.tw1.pk, 2)
    page = client.get(target).content.decode()
    assert "Akuntabel" in page and "Tidak menyalahgunakan kewenangan jabatan" in page
    assert client.post(target, {"jempol": "TURUN", "teks": ""}).status_code == 302
    assert FeedbackPerilaku.objects.get().jempol == "TURUN"
    assert client.get(url("feedback_perilaku_bawahan", o.skp_kabid.pk, o.p1, o.tw1.pk, 8)).status_code == 404
    assert (
        client.post(url("feedback_perilaku_bawahan_hapus", o.skp_kabid.pk, o.p1, o.tw1.pk, 2)).status_code
        == 302
    )
    assert not FeedbackPerilaku.objects.exists()


def test_rating_forms_show_guidance_and_give_the_predikat(client, o):
    client.force_login(o.kabid.user)
    hk = url("rating", o.skp_kabid.pk, o.p1, o.tw1.pk, "hasil-kerja")
    page = client.get(hk).content.decode()
    for teks in rules.PANDUAN_HASIL_KERJA.values():
        assert teks in page
    assert "DIBAWAH EKSPEKTASI" in page and "DIATAS EKSPEKTASI" in page
    assert client.post(hk, {"rating": "DIATAS"}).status_code == 302
    pk_url = url("rating", o.skp_kabid.pk, o.p1, o.tw1.pk, "perilaku")
    page = client.get(pk_url).content.decode()
    for teks in rules.PANDUAN_PERILAKU.values():
        assert teks in page
    assert "Predikat: Sangat Baik" in page  # what DIATAS would give with the hasil kerja already chosen
    assert client.post(pk_url, {"rating": "DIATAS"}).status_code == 302
    p = Penilaian.objects.get(pk=o.tw1.pk)
    assert p.predikat == rules.SANGAT_BAIK and p.dinilai_oleh == o.kabid.user
    sheet = client.get(
        url("penilaian_bawahan", o.skp_kabid.pk, o.p1) + f"?penilaian={o.tw1.pk}"
    ).content.decode()
    assert "Sangat Baik" in sheet and "DIATAS EKSPEKTASI" in sheet
    assert client.get(url("rating", o.skp_kabid.pk, o.p1, o.tw1.pk, "lainnya")).status_code == 404


@pytest.mark.parametrize("value", ["", "SANGAT_BAIK"])
def test_rating_bad_value_is_shown_next_to_the_field(client, o, value):
    client.force_login(o.kabid.user)
    response = client.post(url("rating", o.skp_kabid.pk, o.p1, o.tw1.pk, "hasil-kerja"), {"rating": value})
    assert response.status_code == 200
    assert 'data-field-error="rating"' in response.content.decode()
    assert Penilaian.objects.get(pk=o.tw1.pk).rating_hasil_kerja == ""


def test_leader_subordinate_gets_the_rating_proposed_from_the_organisation(client, o):
    """kabid leads BIDANG UJI; without its own capaian, the Unit Kerja Induk's (BADAN UJI) is used."""
    kabid_tw1 = penilaian_tambah(actor=o.kabid.user, skp=o.skp_kabid, periode=o.periode[1])
    approve_kaban_view = url("penilaian_bawahan", o.skp_kaban.pk, o.p1) + f"?penilaian={kabid_tw1.pk}"
    client.force_login(o.kaban.user)
    page = client.get(approve_kaban_view).content.decode()
    assert "belum memiliki Capaian Organisasi" in page
    CapaianOrganisasi.objects.create(
        unit_kerja=o.badan, periode=o.periode[1], tahun=YEAR, predikat="ISTIMEWA"
    )
    page = client.get(approve_kaban_view).content.decode()
    usulan = page[page.index('data-testid="usulan-organisasi"') :][:700]
    assert "Istimewa" in usulan and "BADAN UJI" in usulan and "DIATAS EKSPEKTASI" in usulan
    form = client.get(url("rating", o.skp_kaban.pk, o.p1, kabid_tw1.pk, "hasil-kerja")).content.decode()
    assert 'value="DIATAS" checked' in form and "Usulan" in form
    CapaianOrganisasi.objects.create(unit_kerja=o.bidang, periode=o.periode[1], tahun=YEAR, predikat="KURANG")
    form = client.get(url("rating", o.skp_kaban.pk, o.p1, kabid_tw1.pk, "hasil-kerja")).content.decode()
    assert 'value="DIBAWAH" checked' in form  # the unit's own capaian wins over the induk's


def test_plt_assesses_the_acting_unit_from_the_plt_skp(client, o):
    penugasan = PenugasanPltFactory(
        pegawai=o.kabid, unit_kerja=o.subbidang, tanggal_mulai=datetime.date(YEAR, 1, 1)
    )
    skp_plt = make_skp(o.kabid, status_pegawai="PLT", penugasan_plt=penugasan)
    rhk_plt = add_rhk(skp_plt, "Terkelolanya subbidang", atasan=o.rhk_kaban)
    skp_sub = make_skp(o.anggota_sub)
    add_rhk(skp_sub, "Terkelolanya arsip", atasan=rhk_plt)
    approve(skp_sub)
    sub_tw1 = penilaian_tambah(actor=o.anggota_sub.user, skp=skp_sub, periode=o.periode[1])
    client.force_login(o.kabid.user)
    plt_page = client.get(url("penilaian_bawahan", skp_plt.pk, o.p1)).content.decode()
    assert "ANGGOTA SUBBIDANG" in plt_page and "STAF BIDANG" not in plt_page
    definitive = client.get(url("penilaian_bawahan", o.skp_kabid.pk, o.p1)).content.decode()
    assert "STAF BIDANG" in definitive and "ANGGOTA SUBBIDANG" not in definitive
    target = url("rating", skp_plt.pk, o.p1, sub_tw1.pk, "perilaku")
    assert client.post(target, {"rating": "SESUAI"}).status_code == 302
    assert Penilaian.objects.get(pk=sub_tw1.pk).rating_perilaku == "SESUAI"
    assert client.get(url("rating", o.skp_kabid.pk, o.p1, sub_tw1.pk, "perilaku")).status_code == 404


# --- Rekap and Pembinaan ---------------------------------------------------------------------------------------------


def test_rekap_and_excel(client, o):
    services.rating_ubah(actor=o.kabid.user, penilaian=o.tw1, aspek="hasil_kerja", rating="SESUAI")
    services.rating_ubah(actor=o.kabid.user, penilaian=o.tw1, aspek="perilaku", rating="DIATAS")
    client.force_login(o.kabid.user)
    page = client.get(url("rekap_bawahan", o.skp_kabid.pk, o.p1)).content.decode()
    row = page[page.index(f'data-testid="rekap-{o.tw1.pk}"') :]
    row = row[: row.index("</tr>")]
    for text in (o.staf.nip, "STAF BIDANG", "1 / 1", "Sesuai Ekspektasi", "Diatas Ekspektasi", "Baik"):
        assert text in row, text
    assert "Unduh Excel" in page
    response = client.get(url("rekap_bawahan_excel", o.skp_kabid.pk, o.p1))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Rekap_Penilaian_Bawahan" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("No", "NIP", "Nama") and "Predikat" in rows[0]
    assert rows[1][1] == o.staf.nip and rows[1][6] == 1 and rows[1][7] == 1 and rows[1][10] == "Baik"
    assert len(rows) == 2


def test_pembinaan_page(client, o, time_machine):
    time_machine.move_to(datetime.datetime(YEAR, 3, 10, 9, 0))
    client.force_login(o.kabid.user)
    base = url("pembinaan", o.skp_kabid.pk, o.p1)
    page = client.get(base).content.decode()
    assert "PILIH BAWAHAN" in page and "STAF BIDANG" in page
    response = client.post(f"{base}?penilaian={o.tw1.pk}", {"teks": ""})
    assert response.status_code == 200 and 'data-field-error="teks"' in response.content.decode()
    assert not Pembinaan.objects.exists()
    response = client.post(f"{base}?penilaian={o.tw1.pk}", {"teks": "Ikuti diklat penilaian kinerja"})
    assert response.status_code == 302
    catatan = Pembinaan.objects.get()
    page = client.get(f"{base}?penilaian={o.tw1.pk}").content.decode()
    assert "Ikuti diklat penilaian kinerja" in page and "Hapus" in page
    response = client.post(url("pembinaan_hapus", o.skp_kabid.pk, o.p1, o.tw1.pk, catatan.pk))
    assert response.status_code == 302 and not Pembinaan.objects.exists()


def test_pembinaan_delete_after_batas_shows_the_reason(client, o, time_machine):
    time_machine.move_to(datetime.datetime(YEAR, 5, 1, 9, 0))
    catatan = Pembinaan.objects.create(penilaian=o.tw1, teks="Lama", oleh=o.kabid)
    client.force_login(o.kabid.user)
    response = client.post(url("pembinaan_hapus", o.skp_kabid.pk, o.p1, o.tw1.pk, catatan.pk), follow=True)
    assert "tidak dapat dihapus setelah batas periode" in response.content.decode()
    assert Pembinaan.objects.filter(pk=catatan.pk).exists()


# --- query counts at 5 and 200 subordinates -------------------------------------------------------------------------


def bulk_subordinates(o, n: int, periode=None, predikat=None) -> None:
    """`n` more approved subordinates of kabid in BIDANG UJI with the period added, built with bulk_create.

    `predikat`: the predikat of each (default: cycling through none and the five)."""
    periode = periode or o.periode[1]
    predikat = predikat or [("", *rules.PREDIKAT_ORDER)[i % 6] for i in range(n)]
    start = Pegawai.objects.count()
    people = Pegawai.objects.bulk_create(
        Pegawai(
            instansi=o.instansi, nip=f"19900101201501{1 + i % 2}{(start + i) % 1000:03d}",
            nama=f"PEGAWAI MASSAL {start + i:04d}", tanggal_lahir=datetime.date(1990, 1, 1), jenis_kelamin="1",
            tmt_cpns=datetime.date(2015, 1, 1), unit_kerja=o.bidang,
        )
        for i in range(n)
    )  # fmt: skip
    skps = Skp.objects.bulk_create(
        Skp(
            pegawai=p, instansi=o.instansi, periode_awal=datetime.date(YEAR, 1, 1),
            periode_akhir=datetime.date(YEAR, 12, 31), status="PERSETUJUAN", model="JA_JF",
            unit_kerja=o.bidang, jenis_pegawai="PEGAWAI", pegawai_nama=p.nama, pegawai_nip=p.nip,
            pegawai_jabatan="Analis Kinerja", pegawai_unit=o.bidang.nama, penilai=o.kabid,
            penilai_unit_kerja=o.bidang, penilai_nama=o.kabid.nama, penilai_nip=o.kabid.nip,
        )
        for p in people
    )  # fmt: skip
    awal, akhir, batas = periode.tanggal(YEAR)
    Penilaian.objects.bulk_create(
        Penilaian(
            skp=s, periode=periode, tahun=YEAR, awal=awal, akhir=akhir, batas=batas, penilai=o.kabid,
            penilai_nama=o.kabid.nama, predikat=predikat[i],
        )
        for i, s in enumerate(skps)
    )  # fmt: skip


def count_queries(client, target) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(target)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["penilaian_bawahan", "rekap_bawahan", "pembinaan", "evaluasi"])
def test_query_count_is_the_same_at_5_and_200(client, o, name):
    CapaianOrganisasi.objects.create(unit_kerja=o.bidang, periode=o.periode[1], tahun=YEAR, predikat="BAIK")
    client.force_login(o.kabid.user)
    args = (o.skp_kabid.pk,) if name == "evaluasi" else (o.skp_kabid.pk, o.p1)
    target = url(name, *args) + (f"?penilaian={o.tw1.pk}" if name == "penilaian_bawahan" else "")
    bulk_subordinates(o, 4)
    small = count_queries(client, target)
    bulk_subordinates(o, 195)
    assert Penilaian.objects.filter(periode=o.periode[1]).count() == 200
    page = client.get(target).content.decode()
    assert count_queries(client, target) == small
    if name == "penilaian_bawahan":
        assert page.count("<option value=") == 201  # the empty choice + 200 subordinates

"""Detail SKP pages: what each party sees, the forms, the workflow through the page, rights and query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.skp.models import EkspektasiPimpinan, Indikator, LampiranItem, Rhk, Skp
from kinerja.skp.services import perilaku, workflow
from kinerja.skp.services import rhk as rhk_services

from .conftest import add_rhk, make_skp

AJUKAN_TEKS = (
    "Pengajuan SKP",
    "Apakah Anda yakin ingin mengajukan SKP ini?",
    "Anda tidak bisa melakukan perubahan sampai SKP selesai ditinjau.",
)


def page(client, user, skp, **kwargs):
    client.force_login(user)
    response = client.get(reverse("skp:detail", args=[skp.pk]), **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def ajukan(o):
    return workflow.skp_ajukan(actor=o.staf.user, skp=o.skp_staf)


def edit_urls(o):
    ind = o.rhk_staf.indikator.get()
    return [
        reverse("skp:rhk_create", args=[o.skp_staf.pk]),
        reverse("skp:rhk_edit", args=[o.rhk_staf.pk]),
        reverse("skp:indikator_create", args=[o.rhk_staf.pk]),
        reverse("skp:indikator_edit", args=[ind.pk]),
        reverse("skp:lampiran_create", args=[o.skp_staf.pk]),
    ]


def post_urls(o):
    item = LampiranItem.objects.create(skp=o.skp_staf, jenis="KONSEKUENSI", teks="Teguran")
    ind = o.rhk_staf.indikator.get()
    return [
        reverse("skp:rhk_delete", args=[o.rhk_staf.pk]),
        reverse("skp:indikator_delete", args=[ind.pk]),
        reverse("skp:lampiran_delete", args=[item.pk]),
        reverse("skp:muat_ulang", args=[o.skp_staf.pk]),
        reverse("skp:ajukan", args=[o.skp_staf.pk]),
        reverse("skp:ubah_status", args=[o.skp_staf.pk]),
        reverse("skp:ekspektasi_edit", args=[o.skp_staf.pk, 1]),
    ]


# --- What the page shows ----------------------------------------------------------------------------------------


def test_owner_sees_the_jajf_page_with_every_section(client, skp_org):
    o = skp_org
    html = page(client, o.staf.user, o.skp_staf)
    for text in (
        "SASARAN KINERJA PEGAWAI", "Pegawai Yang Dinilai", "Pejabat Penilai", "Muat ulang", "Status SKP: DRAFT",
        "(Konsep)", "Hasil Kerja", "Utama", "Tambahan", "Perilaku Kerja", "Ekspektasi Pimpinan", "Lampiran SKP",
        "Dukungan Sumber Daya", "Skema Pertanggungjawaban", "Konsekuensi", "Tambah Rencana Hasil Kerja (RHK)",
        "Tambah Indikator", "Ajukan SKP", "Cetak", *AJUKAN_TEKS, "Close", "Rencana Hasil Kerja Atasan yang Diintervensi",
        "Aspek", "Indikator Kinerja Individu", "Target", o.staf.nip, "STAF BIDANG", o.kabid.nip, "KEPALA BIDANG",
        "Terlaksananya penilaian kinerja", "Tersusunnya laporan penilaian kinerja", "12 Laporan", "Kuantitas",
        "Berorientasi Pelayanan", "Menggerakkan pemanfaatan berbagai sumberdaya untuk tujuan bersama",
    ):  # fmt: skip
        assert text in html, text
    assert "Perspektif" not in html and "Edit Status" not in html and "Lihat Matriks Bawahan" not in html
    assert reverse("skp:rhk_edit", args=[o.rhk_staf.pk]) in html
    assert reverse("skp:cetak", args=[o.skp_staf.pk]) in html


def test_jpt_page_has_the_jpt_columns_and_leader_links(client, skp_org):
    o = skp_org
    html = page(client, o.kaban.user, o.skp_kaban)
    for text in ("Rencana Hasil Kerja", "Indikator Kinerja Individu", "Target", "Perspektif", "Penerima Layanan",
                 "(Penugasan dari Bupati)", "text-nowrap\">90<", "Lihat Matriks Bawahan"):  # fmt: skip
        assert text in html, text
    assert "Rencana Hasil Kerja Atasan yang Diintervensi" not in html and ">Aspek<" not in html
    assert reverse("skp:matriks", args=[o.skp_kaban.pk]) in html
    assert reverse("skp:bawahan", args=[o.skp_kaban.pk]) in html


def test_kualitatif_pages_have_no_target_column(client, skp_org):
    o = skp_org
    skp = make_skp(o.staf2, pendekatan="KUALITATIF")
    rhk = add_rhk(skp, "RHK naratif", atasan=o.rhk_kabid, indikator=0)
    rhk_services.indikator_create(actor=o.staf2.user, rhk=rhk, teks="Laporan diterima", aspek="Kualitas")
    html = page(client, o.staf2.user, skp)
    assert "Laporan diterima" in html and "Kualitas" in html and ">Target<" not in html


def test_rhk_atasan_states_are_shown(client, skp_org):
    o = skp_org
    tanpa = Rhk.objects.create(skp=o.skp_staf, teks="RHK salinan tanpa atasan")
    rhk_services.rhk_delete(actor=o.kabid.user, rhk=o.rhk_kabid)
    html = page(client, o.staf.user, o.skp_staf)
    assert "RHK atasan tidak ditemukan" in html and "Terlaksananya penilaian kinerja" in html
    assert "Belum dipilih" in html and tanpa.teks in html and "Belum ada indikator." in html


def test_no_assessor_shows_why(client, skp_org):
    o = skp_org
    skp = make_skp(o.anggota_sub)
    html = page(client, o.anggota_sub.user, skp)
    assert "Belum ada pejabat penilai." in html and skp.penilai_alasan in html


def test_returned_skp_shows_revision_and_note(client, skp_org):
    o = skp_org
    ajukan(o)
    workflow.skp_kembalikan(actor=o.kabid.user, skp=o.skp_staf, catatan="Tambahkan indikator waktu")
    html = page(client, o.staf.user, o.skp_staf)
    assert "Revisi ke-1" in html and "SKP dikembalikan oleh pejabat penilai" in html
    assert "Tambahkan indikator waktu" in html and "Ajukan SKP" in html


# --- Rights -------------------------------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_login(client, skp_org):
    o = skp_org
    for url in [reverse("skp:detail", args=[o.skp_staf.pk]), *edit_urls(o),
                reverse("skp:ekspektasi_edit", args=[o.skp_staf.pk, 1])]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
    for url in post_urls(o):
        response = client.post(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_a_colleague_and_the_assessor_get_404_on_a_draft(client, skp_org, other_org):
    o = skp_org
    for user in (o.staf2.user, o.kabid.user, o.kaban.user, other_org.admin, other_org.pegawai.user):
        client.force_login(user)
        assert client.get(reverse("skp:detail", args=[o.skp_staf.pk])).status_code == 404
        for url in edit_urls(o):
            assert client.get(url).status_code == 404, url
        for url in post_urls(o):
            assert client.post(url, {"status": "PERSETUJUAN", "teks": "X"}).status_code == 404, url
    assert Skp.objects.get(pk=o.skp_staf.pk).status == "DRAFT" and o.skp_staf.rhk.count() == 1


def test_the_assessor_reads_a_submitted_skp_and_sees_edit_status(client, skp_org):
    o = skp_org
    ajukan(o)
    html = page(client, o.kabid.user, o.skp_staf)
    assert "Status SKP: PENGAJUAN" in html and "(Periksa)" in html and "Edit Status" in html
    assert "Ajukan SKP" not in html and "Muat ulang" not in html and "Tambah Indikator" not in html
    assert reverse("skp:rhk_edit", args=[o.rhk_staf.pk]) not in html
    assert reverse("skp:ekspektasi_edit", args=[o.skp_staf.pk, 1]) in html
    for url in edit_urls(o):  # the assessor reads; the form pages are the owner's
        assert client.get(url).status_code == 403, url
    assert "Lihat Matriks Bawahan" not in html  # that is on the leader's own SKP


def test_the_owner_after_submitting_only_reads(client, skp_org):
    o = skp_org
    ajukan(o)
    html = page(client, o.staf.user, o.skp_staf)
    assert "Status SKP: PENGAJUAN" in html and "Ajukan SKP" not in html and "Edit Status" not in html
    assert reverse("skp:rhk_edit", args=[o.rhk_staf.pk]) not in html and "Muat ulang" not in html


def test_admin_of_the_instansi_reads_only(client, skp_org, admin_nasional):
    o = skp_org
    for admin in (o.admin, admin_nasional):
        html = page(client, admin, o.skp_staf)
        assert "Halaman ini hanya dapat dibaca." in html and "STAF BIDANG" in html
        for hidden in ("Ajukan SKP", "Muat ulang", "Tambah Indikator", "Edit Status", "Isi Ekspektasi",
                       reverse("skp:rhk_edit", args=[o.rhk_staf.pk])):  # fmt: skip
            assert hidden not in html, hidden
        for url in edit_urls(o):
            assert client.get(url).status_code == 403, url
        for url in post_urls(o):
            assert client.post(url, {"status": "PERSETUJUAN", "teks": "X"}).status_code == 403, url
    assert Skp.objects.get(pk=o.skp_staf.pk).status == "DRAFT"
    assert o.skp_staf.rhk.count() == 1 and LampiranItem.objects.count() == 2  # one per post_urls() call
    assert not EkspektasiPimpinan.objects.exists()


# --- Workflow through the page ----------------------------------------------------------------------------------


def test_owner_submits_through_the_modal(client, skp_org):
    o = skp_org
    client.force_login(o.staf.user)
    response = client.post(reverse("skp:ajukan", args=[o.skp_staf.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("skp:detail", args=[o.skp_staf.pk])
    html = response.content.decode()
    assert "SKP berhasil diajukan kepada pejabat penilai." in html and "Status SKP: PENGAJUAN" in html


def test_an_incomplete_skp_is_refused_with_the_reasons(client, skp_org):
    o = skp_org
    skp = make_skp(o.staf2)
    html = page(client, o.staf2.user, skp)
    assert "SKP ini belum lengkap" in html and "belum memiliki Rencana Hasil Kerja utama" in html
    response = client.post(reverse("skp:ajukan", args=[skp.pk]), follow=True)
    html = response.content.decode()
    assert response.status_code == 200 and "SKP belum dapat diajukan" in html
    assert Skp.objects.get(pk=skp.pk).status == "DRAFT"


def test_the_assessor_approves_or_returns_through_edit_status(client, skp_org):
    o = skp_org
    ajukan(o)
    client.force_login(o.kabid.user)
    url = reverse("skp:ubah_status", args=[o.skp_staf.pk])
    assert "Persetujuan" in client.get(url).content.decode()
    response = client.post(url, {"status": "DRAFT", "catatan": ""})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-field-error="catatan"' in html
    assert (
        '<option value="DRAFT" selected>' in html and Skp.objects.get(pk=o.skp_staf.pk).status == "PENGAJUAN"
    )
    response = client.post(url, {"status": "PERSETUJUAN", "catatan": ""}, follow=True)
    assert "SKP telah disetujui." in response.content.decode() and "Status SKP: PERSETUJUAN" in (
        response.content.decode()
    )
    response = client.post(url, {"status": "DRAFT", "catatan": "Perbaiki target"}, follow=True)
    skp = Skp.objects.get(pk=o.skp_staf.pk)
    assert (skp.status, skp.revisi, skp.keterangan) == ("DRAFT", 1, "Perbaiki target")
    assert response.status_code == 404  # back on a DRAFT, the assessor no longer reads it


def test_a_non_assessor_cannot_approve(client, skp_org):
    o = skp_org
    ajukan(o)
    url = reverse("skp:ubah_status", args=[o.skp_staf.pk])
    client.force_login(o.staf.user)  # the owner
    assert client.get(url).status_code == 403
    assert client.post(url, {"status": "PERSETUJUAN"}).status_code == 403
    client.force_login(o.kaban.user)  # the assessor's own assessor
    assert client.post(url, {"status": "PERSETUJUAN"}).status_code == 404
    assert Skp.objects.get(pk=o.skp_staf.pk).status == "PENGAJUAN"


def test_muat_ulang_refreshes_the_snapshot(client, skp_org):
    o = skp_org
    o.kabid.nama = "KEPALA BIDANG BARU"
    o.kabid.save()
    client.force_login(o.staf.user)
    response = client.post(reverse("skp:muat_ulang", args=[o.skp_staf.pk]), follow=True)
    assert (
        "telah dimuat ulang" in response.content.decode()
        and "KEPALA BIDANG BARU" in response.content.decode()
    )
    assert Skp.objects.get(pk=o.skp_staf.pk).penilai_nama.startswith("KEPALA BIDANG BARU")


# --- Forms --------------------------------------------------------------------------------------------------------


def test_jajf_rhk_form_offers_the_assessors_rhk_grouped_by_skp(client, skp_org):
    o = skp_org
    client.force_login(o.staf.user)
    html = client.get(reverse("skp:rhk_create", args=[o.skp_staf.pk])).content.decode()
    assert 'optgroup label="SKP KEPALA BIDANG' in html and o.rhk_kabid.teks in html
    assert o.rhk_kaban.teks not in html and 'name="penugasan_dari"' not in html
    response = client.post(reverse("skp:rhk_create", args=[o.skp_staf.pk]), {
        "jenis": "TAMBAHAN", "klasifikasi": "ORGANISASI", "teks": "Terselenggaranya sosialisasi",
        "rhk_atasan": o.rhk_kabid.pk,
    })  # fmt: skip
    rhk = o.skp_staf.rhk.get(teks="Terselenggaranya sosialisasi")
    assert response.status_code == 302 and response["Location"].endswith("#hasil-kerja")
    assert (rhk.jenis, rhk.klasifikasi, rhk.rhk_atasan) == ("TAMBAHAN", "ORGANISASI", o.rhk_kabid)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"teks": ""}, "teks", "Rencana Hasil Kerja wajib diisi."),
        ({"rhk_atasan": ""}, "rhk_atasan", "Pilih RHK atasan yang diintervensi."),
        ({"rhk_atasan": "999999"}, "rhk_atasan", "tidak ditemukan"),
        ({"rhk_atasan": "KABAN"}, "rhk_atasan", "harus berasal dari SKP pejabat penilai"),
    ],
)
def test_rhk_bad_input_is_shown_next_to_the_field_and_kept(client, skp_org, data, field, message):
    o = skp_org
    if data.get("rhk_atasan") == "KABAN":
        data = {"rhk_atasan": str(o.rhk_kaban.pk)}
    client.force_login(o.staf.user)
    post = {"jenis": "TAMBAHAN", "klasifikasi": "ORGANISASI", "teks": "Teks yang diketik",
            "rhk_atasan": str(o.rhk_kabid.pk), **data}  # fmt: skip
    response = client.post(reverse("skp:rhk_create", args=[o.skp_staf.pk]), post)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-field-error="{field}"' in html and message in html
    assert '<option value="TAMBAHAN" selected>' in html and '<option value="ORGANISASI" selected>' in html
    if post["teks"]:
        assert "Teks yang diketik</textarea>" in html
    assert o.skp_staf.rhk.count() == 1


def test_jpt_rhk_form_and_edit(client, skp_org):
    o = skp_org
    client.force_login(o.kaban.user)
    url = reverse("skp:rhk_edit", args=[o.rhk_kaban.pk])
    html = client.get(url).content.decode()
    assert 'name="penugasan_dari"' in html and 'name="rhk_atasan"' not in html and "Bupati" in html
    response = client.post(url, {"klasifikasi": "ORGANISASI", "jenis": "UTAMA", "teks": "RHK JPT diubah",
                                 "penugasan_dari": "Sekretaris Daerah"})  # fmt: skip
    assert response.status_code == 302 and response["Location"].endswith(f"#rhk-{o.rhk_kaban.pk}")
    rhk = Rhk.objects.get(pk=o.rhk_kaban.pk)
    assert (rhk.teks, rhk.penugasan_dari, rhk.klasifikasi) == (
        "RHK JPT diubah",
        "Sekretaris Daerah",
        "ORGANISASI",
    )


def test_relinking_a_lost_atasan_through_the_edit_form(client, skp_org):
    o = skp_org
    rhk_services.rhk_delete(actor=o.kabid.user, rhk=o.rhk_kabid)
    baru = add_rhk(o.skp_kabid, "RHK kabid pengganti", atasan=o.rhk_kaban)
    client.force_login(o.staf.user)
    url = reverse("skp:rhk_edit", args=[o.rhk_staf.pk])
    html = client.get(url).content.decode()
    assert "RHK atasan tidak ditemukan" in html and "Terlaksananya penilaian kinerja" in html
    client.post(
        url, {"jenis": "UTAMA", "klasifikasi": "INDIVIDU", "teks": o.rhk_staf.teks, "rhk_atasan": baru.pk}
    )
    assert Rhk.objects.get(pk=o.rhk_staf.pk).rhk_atasan == baru
    assert "RHK atasan tidak ditemukan" not in page(client, o.staf.user, o.skp_staf)


def test_indicator_forms_follow_the_model(client, skp_org):
    o = skp_org
    client.force_login(o.kaban.user)
    html = client.get(reverse("skp:indikator_create", args=[o.rhk_kaban.pk])).content.decode()
    assert 'name="perspektif"' in html and 'name="target_nilai"' in html and 'name="aspek"' not in html
    client.force_login(o.staf.user)
    url = reverse("skp:indikator_create", args=[o.rhk_staf.pk])
    html = client.get(url).content.decode()
    assert 'name="aspek"' in html and 'name="target_satuan"' in html and 'name="perspektif"' not in html
    response = client.post(url, {"aspek": "Waktu", "teks": "Ketepatan waktu laporan", "target_nilai": "92,5",
                                 "target_satuan": "%"})  # fmt: skip
    assert response.status_code == 302
    ind = Indikator.objects.get(teks="Ketepatan waktu laporan")
    assert str(ind.target_nilai) == "92.50" and ind.target_label == "92.5 %"
    html = client.get(reverse("skp:indikator_edit", args=[ind.pk])).content.decode()
    assert 'value="92,5"' in html
    skp = make_skp(o.staf2, pendekatan="KUALITATIF")
    rhk = add_rhk(skp, "RHK naratif", atasan=o.rhk_kabid, indikator=0)
    client.force_login(o.staf2.user)
    html = client.get(reverse("skp:indikator_create", args=[rhk.pk])).content.decode()
    assert 'name="aspek"' in html and 'name="target_nilai"' not in html and "tanpa target" in html


@pytest.mark.parametrize(
    ("data", "field"),
    [({"target_satuan": ""}, "target_satuan"), ({"target_nilai": "dua belas"}, "target_nilai"),
     ({"aspek": ""}, "aspek"), ({"target_nilai": "-3"}, "target_nilai")],
)  # fmt: skip
def test_indicator_bad_input_is_shown_next_to_the_field_and_kept(client, skp_org, data, field):
    o = skp_org
    client.force_login(o.staf.user)
    post = {"aspek": "Kuantitas", "teks": "Jumlah dokumen yang diketik", "target_nilai": "4",
            "target_satuan": "Dokumen", **data}  # fmt: skip
    response = client.post(reverse("skp:indikator_create", args=[o.rhk_staf.pk]), post)
    html = response.content.decode()
    assert response.status_code == 200 and f'data-field-error="{field}"' in html
    assert "Jumlah dokumen yang diketik</textarea>" in html
    assert o.rhk_staf.indikator.count() == 1


def test_deleting_rhk_and_indicator_from_the_page(client, skp_org):
    o = skp_org
    ind = o.rhk_staf.indikator.get()
    client.force_login(o.staf.user)
    response = client.post(reverse("skp:indikator_delete", args=[ind.pk]), follow=True)
    assert "Indikator berhasil dihapus." in response.content.decode()
    response = client.post(reverse("skp:rhk_delete", args=[o.rhk_staf.pk]), follow=True)
    assert "Rencana Hasil Kerja berhasil dihapus." in response.content.decode()
    assert not o.skp_staf.rhk.exists()
    assert client.get(reverse("skp:rhk_delete", args=[1])).status_code == 405


def test_a_locked_skp_answers_with_a_message_never_500(client, skp_org):
    o = skp_org
    ajukan(o)
    client.force_login(o.staf.user)
    for url in edit_urls(o):
        response = client.get(url, follow=True)
        assert response.status_code == 200
        assert "SKP berstatus PENGAJUAN tidak dapat diubah" in response.content.decode(), url
    for url in post_urls(o)[:3]:
        response = client.post(url, follow=True)
        assert response.status_code == 200
        assert "SKP berstatus PENGAJUAN tidak dapat diubah" in response.content.decode(), url
    assert o.skp_staf.rhk.count() == 1 and o.rhk_staf.indikator.count() == 1


def test_lampiran_add_and_delete_from_the_page(client, skp_org):
    o = skp_org
    client.force_login(o.staf.user)
    url = reverse("skp:lampiran_create", args=[o.skp_staf.pk])
    response = client.post(url, {"jenis": "DUKUNGAN_SUMBER_DAYA", "teks": "Peralatan kerja"}, follow=True)
    assert "Lampiran SKP berhasil ditambahkan." in response.content.decode()
    assert "Peralatan kerja" in response.content.decode()
    response = client.post(url, {"jenis": "SKEMA_PERTANGGUNGJAWABAN", "teks": ""})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-field-error="teks"' in html
    assert '<option value="SKEMA_PERTANGGUNGJAWABAN" selected>' in html
    item = LampiranItem.objects.get()
    response = client.post(reverse("skp:lampiran_delete", args=[item.pk]), follow=True)
    assert "Lampiran SKP berhasil dihapus." in response.content.decode() and not LampiranItem.objects.exists()


def test_the_assessor_writes_the_expectation(client, skp_org):
    o = skp_org
    ajukan(o)
    url = reverse("skp:ekspektasi_edit", args=[o.skp_staf.pk, 4])
    client.force_login(o.staf.user)
    assert client.get(url).status_code == 403  # the owner reads it only
    client.force_login(o.kabid.user)
    assert "Harmonis" in client.get(url).content.decode()
    assert client.get(reverse("skp:ekspektasi_edit", args=[o.skp_staf.pk, 8])).status_code == 404
    response = client.post(url, {"teks": "Menjaga suasana kerja yang kondusif"}, follow=True)
    assert "Ekspektasi pimpinan berhasil disimpan." in response.content.decode()
    assert "Menjaga suasana kerja yang kondusif" in page(client, o.staf.user, o.skp_staf)
    workflow.skp_setujui(actor=o.kabid.user, skp=o.skp_staf)
    client.force_login(o.kabid.user)
    response = client.get(url, follow=True)
    assert "SKP sudah disetujui" in response.content.decode()
    assert "Isi Ekspektasi" not in response.content.decode()


# --- Query count --------------------------------------------------------------------------------------------------


def _fill(skp, n, atasan):
    for i in range(n - skp.rhk.count()):
        add_rhk(skp, f"RHK nomor {i}", atasan=atasan, jenis="UTAMA" if i % 2 else "TAMBAHAN", indikator=2)
    perilaku.lampiran_add(actor=skp.pegawai.user, skp=skp, jenis="KONSEKUENSI", teks=f"Konsekuensi {n}")


def _queries(client, user, skp) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("skp:detail", args=[skp.pk])).status_code == 200
    return len(ctx.captured_queries)


def test_detail_runs_the_same_queries_for_5_and_50_rhk(client, skp_org):
    o = skp_org
    _fill(o.skp_staf, 5, o.rhk_kabid)
    small = _queries(client, o.staf.user, o.skp_staf)
    _fill(o.skp_staf, 50, o.rhk_kabid)
    assert o.skp_staf.rhk.count() == 50
    html = client.get(reverse("skp:detail", args=[o.skp_staf.pk])).content.decode()
    assert "RHK nomor 44" in html
    assert _queries(client, o.staf.user, o.skp_staf) == small
    ajukan(o)  # and as the assessor, who reads it once submitted
    assert _queries(client, o.kabid.user, o.skp_staf) == small - 1  # no completeness check for the assessor

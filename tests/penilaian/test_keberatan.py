"""Keberatan (RULES.md §7): filing within the window by the owner on a rated Final period, once, to the atasan pejabat
penilai; the atasan's final decision. Services with every refusal, and the pages."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.org.models import Pegawai
from kinerja.penilaian import rules
from kinerja.penilaian.models import Keberatan, PengaturanPenilaian, Penilaian
from kinerja.penilaian.services import keberatan as services

from .conftest import YEAR

WIB = ZoneInfo("Asia/Jakarta")
DINILAI = datetime.datetime(YEAR + 1, 1, 10, 15, 0, tzinfo=WIB)


def on(time_machine, month, day, year=YEAR + 1):
    time_machine.move_to(datetime.datetime(year, month, day, 12, 0, tzinfo=WIB), tick=False)


def rate(p, hasil="SESUAI", perilaku="SESUAI", when=DINILAI):
    Penilaian.objects.filter(pk=p.pk).update(
        rating_hasil_kerja=hasil,
        rating_perilaku=perilaku,
        predikat=rules.predikat_for(hasil, perilaku),
        dinilai_pada=when,
    )
    p.refresh_from_db()
    return p


@pytest.fixture
def o(nilai_org, time_machine):
    rate(nilai_org.final)
    on(time_machine, 1, 12)
    return nilai_org


def ajukan(o, alasan="Realisasi saya melebihi target."):
    return services.keberatan_ajukan(actor=o.staf.user, penilaian=o.final, alasan=alasan)


def putus(o, keberatan, keputusan="DIKUATKAN", actor=None, **kwargs):
    data = {"catatan_pemeriksaan": "Pegawai dan penilai sudah didengar.", "alasan": "Bukti dukung lengkap."}
    data.update(kwargs)
    return services.keberatan_putus(
        actor=actor or o.kaban.user, keberatan=keberatan, keputusan=keputusan, **data
    )


def test_ajukan_snapshots_the_atasan_pejabat_penilai_and_is_audited(o):
    k = ajukan(o)
    assert (k.status, k.atasan, k.atasan_nama, k.atasan_nip) == (
        "DIAJUKAN",
        o.kaban,
        "KEPALA BADAN",
        o.kaban.nip,
    )
    assert k.predikat_semula == "BAIK" and k.alasan == "Realisasi saya melebihi target."
    event = AuditEvent.objects.get(action="penilaian.keberatan_ajukan")
    assert event.object_id == str(k.pk) and event.after["atasan"] == o.kaban.pk


def test_window_last_day_allowed_next_day_refused(o, time_machine):
    on(time_machine, 1, 25)  # 10 January + 14 days + 1
    with pytest.raises(DomainError, match="Batas waktu pengajuan keberatan telah lewat.*24 Januari"):
        ajukan(o)
    on(time_machine, 1, 24)  # the last day
    assert ajukan(o).pk


def test_window_is_the_instansi_setting(o, time_machine):
    PengaturanPenilaian.objects.create(instansi=o.instansi, keberatan_hari=3)
    on(time_machine, 1, 14)
    with pytest.raises(DomainError, match="3 hari"):
        ajukan(o)
    on(time_machine, 1, 13)
    assert ajukan(o).pk


def test_refusals_wrong_person_twice_periodic_and_without_predikat(o):
    for user in (o.kabid.user, o.kaban.user, o.staf2.user, o.admin):
        with pytest.raises(PermissionDeniedError):
            services.keberatan_ajukan(actor=user, penilaian=o.final, alasan="x")
    rate(o.tw1)
    with pytest.raises(DomainError, match="periode Final"):
        services.keberatan_ajukan(actor=o.staf.user, penilaian=o.tw1, alasan="x")
    with pytest.raises(DomainError) as exc:
        ajukan(o, alasan="  ")
    assert exc.value.field == "alasan"
    Penilaian.objects.filter(pk=o.final.pk).update(predikat="", rating_hasil_kerja="", dinilai_pada=None)
    with pytest.raises(DomainError, match="belum ditetapkan"):
        ajukan(o)
    rate(o.final)
    ajukan(o)
    with pytest.raises(DomainError, match="satu kali"):
        ajukan(o)
    assert Keberatan.objects.count() == 1
    assert AuditEvent.objects.filter(action="penilaian.keberatan_ajukan").count() == 1


def test_refused_with_a_clear_message_when_there_is_no_atasan(o):
    Pegawai.objects.filter(pk=o.kaban.pk).update(jenis_pegawai="PEGAWAI")  # nobody leads BADAN UJI
    with pytest.raises(DomainError, match="atasan pejabat penilai Anda tidak ditemukan.*BADAN UJI"):
        ajukan(o)
    assert not Keberatan.objects.exists()


def test_dikuatkan_keeps_the_ratings(o):
    k = putus(o, ajukan(o))
    o.final.refresh_from_db()
    assert (o.final.rating_hasil_kerja, o.final.rating_perilaku, o.final.predikat) == (
        "SESUAI",
        "SESUAI",
        "BAIK",
    )
    assert (k.status, k.keputusan, k.predikat_baru, k.diputus_pada is not None) == (
        "DIPUTUS",
        "DIKUATKAN",
        "BAIK",
        True,
    )
    assert AuditEvent.objects.filter(action="penilaian.keberatan_putus").count() == 1


def test_diubah_sets_the_new_ratings_and_predikat_and_is_final(o):
    k = putus(o, ajukan(o), "DIUBAH", rating_hasil_kerja_baru="DIATAS", rating_perilaku_baru="DIATAS")
    o.final.refresh_from_db()
    assert (o.final.rating_hasil_kerja, o.final.rating_perilaku, o.final.predikat) == (
        "DIATAS",
        "DIATAS",
        "SANGAT_BAIK",
    )
    assert (k.predikat_semula, k.predikat_baru) == ("BAIK", "SANGAT_BAIK")
    event = AuditEvent.objects.get(action="penilaian.keberatan_putus")
    assert (event.before["predikat"], event.after["predikat"]) == ("BAIK", "SANGAT_BAIK")
    with pytest.raises(DomainError, match="sudah diputus"):
        putus(o, k, "DIKUATKAN")
    assert AuditEvent.objects.filter(action="penilaian.keberatan_putus").count() == 1


def test_decision_refusals(o):
    k = ajukan(o)
    for user in (o.staf.user, o.kabid.user, o.staf2.user, o.admin):
        with pytest.raises(PermissionDeniedError):
            putus(o, k, actor=user)
    for kwargs, field in (
        ({"catatan_pemeriksaan": " "}, "catatan_pemeriksaan"),
        ({"alasan": ""}, "alasan"),
        ({"rating_hasil_kerja_baru": "SESUAI", "rating_perilaku_baru": "SESUAI"}, "rating_hasil_kerja_baru"),
        ({"rating_hasil_kerja_baru": "", "rating_perilaku_baru": "DIATAS"}, "rating_hasil_kerja_baru"),
        ({"rating_hasil_kerja_baru": "DIATAS", "rating_perilaku_baru": ""}, "rating_perilaku_baru"),
    ):
        with pytest.raises(DomainError) as exc:
            putus(o, k, "DIUBAH", **kwargs)
        assert exc.value.field == field
    with pytest.raises(DomainError) as exc:
        putus(o, k, "BATAL")
    assert exc.value.field == "keputusan"
    k.refresh_from_db()
    assert (
        k.status == "DIAJUKAN" and not AuditEvent.objects.filter(action="penilaian.keberatan_putus").exists()
    )


# --- Pages --------------------------------------------------------------------------------------------------------


def test_employee_files_from_the_page_and_sees_the_outcome(client, o):
    client.force_login(o.staf.user)
    url = reverse("penilaian:keberatan", args=[o.final.pk])
    html = client.get(url).content.decode()
    assert "Ajukan Keberatan" in html and "KEPALA BADAN" in html and "24 Januari" in html
    response = client.post(url, {"alasan": ""})
    assert response.status_code == 200 and 'data-field-error="alasan"' in response.content.decode()
    assert not Keberatan.objects.exists()
    assert client.post(url, {"alasan": "Target tercapai 120%"}).status_code == 302
    k = Keberatan.objects.get()
    html = client.get(url).content.decode()
    assert "Target tercapai 120%" in html and "Diajukan" in html and 'name="alasan"' not in html
    putus(o, k, "DIUBAH", rating_hasil_kerja_baru="DIATAS", rating_perilaku_baru="DIATAS")
    html = client.get(url).content.decode()
    assert "Predikat diubah" in html and "Sangat Baik" in html and "Bukti dukung lengkap." in html
    html = client.get(reverse("penilaian:skp", args=[o.skp_staf.pk])).content.decode()
    assert "Predikat diubah" in html and "Sangat Baik" in html


def test_atasan_lists_hears_and_decides(client, o):
    k = ajukan(o)
    client.force_login(o.kaban.user)
    html = client.get(reverse("penilaian:keberatan_list")).content.decode()
    assert "STAF BIDANG" in html and reverse("penilaian:keberatan_putus", args=[k.pk]) in html
    url = reverse("penilaian:keberatan_putus", args=[k.pk])
    html = client.get(url).content.decode()
    assert "Realisasi saya melebihi target." in html and rules.PANDUAN_HASIL_KERJA["DIATAS"] in html
    assert rules.PANDUAN_PERILAKU["DIBAWAH"] in html
    bad = {"catatan_pemeriksaan": "Sudah didengar", "keputusan": "DIUBAH", "rating_hasil_kerja_baru": "DIATAS",
           "alasan": "Bukti kuat"}  # fmt: skip
    response = client.post(url, bad)
    assert (
        'data-field-error="rating_perilaku_baru"' in response.content.decode()
        and "Sudah didengar" in response.content.decode()
    )
    assert client.post(url, {**bad, "rating_perilaku_baru": "SESUAI"}).status_code == 302
    k.refresh_from_db()
    assert (k.status, k.predikat_baru) == ("DIPUTUS", "BAIK")
    assert "STAF BIDANG" not in client.get(reverse("penilaian:keberatan_list")).content.decode()
    assert (
        "STAF BIDANG" in client.get(reverse("penilaian:keberatan_list") + "?status=DIPUTUS").content.decode()
    )
    html = client.get(url).content.decode()
    assert "Simpan Keputusan" not in html and "Predikat diubah" in html
    assert client.post(url, {**bad, "rating_perilaku_baru": "DIATAS"}).status_code == 403


def test_rights_on_keberatan_pages(client, o, other_org):
    k = ajukan(o)
    pages = [
        reverse("penilaian:keberatan", args=[o.final.pk]),
        reverse("penilaian:keberatan_putus", args=[k.pk]),
    ]
    for url in pages + [reverse("penilaian:keberatan_list")]:
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    for outsider in (o.staf2.user, other_org.admin, other_org.pegawai.user):
        client.force_login(outsider)
        for url in pages:
            assert client.get(url).status_code == 404, url
            assert client.post(url, {"alasan": "x"}).status_code == 404, url
        assert "STAF BIDANG" not in client.get(reverse("penilaian:keberatan_list")).content.decode()
    for reader in (o.kabid.user, o.admin, o.staf.user):  # they read it; only the atasan decides
        client.force_login(reader)
        assert client.get(pages[1]).status_code == 200
        assert client.post(pages[1], {"keputusan": "DIKUATKAN"}).status_code == 403
    client.force_login(o.kabid.user)
    assert client.post(pages[0], {"alasan": "x"}).status_code == 403
    client.force_login(o.kaban.user)  # the atasan reads the period's evidence while deciding
    assert client.get(reverse("penilaian:pengisian", args=[o.final.pk])).status_code == 200
    assert Keberatan.objects.get().status == "DIAJUKAN"


def test_keberatan_list_queries_do_not_grow(client, o):
    ajukan(o)
    client.force_login(o.kaban.user)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("penilaian:keberatan_list"))
    for i in range(4):
        Keberatan.objects.create(
            penilaian=Penilaian.objects.create(
                skp=o.skp_staf, periode=o.periode["final"], tahun=YEAR - 1 - i, awal=o.final.awal, akhir=o.final.akhir,
                batas=o.final.batas, predikat="BAIK",
            ),
            alasan="x", atasan=o.kaban, predikat_semula="BAIK",
        )  # fmt: skip
    with CaptureQueriesContext(connection) as large:
        html = client.get(reverse("penilaian:keberatan_list")).content.decode()
    assert html.count('data-testid="keberatan-row"') == 5
    assert len(large.captured_queries) == len(small.captured_queries)


def test_atasan_follows_the_periods_assessor_when_it_is_no_longer_the_owners(o):
    Penilaian.objects.filter(pk=o.final.pk).update(penilai=o.staf2)  # frozen assessor, not today's (kabid)
    assert ajukan(o).atasan == o.kabid  # the pejabat penilai of the period's assessor

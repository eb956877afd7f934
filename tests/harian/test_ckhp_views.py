"""CKHP pages: Catatan Kinerja Harian and Kinerja Bawahan, their forms and bulk actions, rights, query counts."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.harian.models import CatatanHarian
from kinerja.harian.services import ckhp as services

from ..factories import PegawaiFactory
from ..penilaian.conftest import approve
from ..skp.conftest import YEAR, add_rhk, make_skp

WIB = ZoneInfo("Asia/Jakarta")
HARI_INI = datetime.date(YEAR, 3, 15)


@pytest.fixture
def o(harian_org, time_machine):
    time_machine.move_to(datetime.datetime(YEAR, 3, 15, 10, 0, tzinfo=WIB), tick=False)
    return harian_org


def entry(pegawai, skp, indikator, days_back=0, uraian="Menyusun laporan", kirim=False):
    c = services.catatan_tambah(
        actor=pegawai.user,
        skp=skp,
        indikator=indikator,
        tanggal=HARI_INI - datetime.timedelta(days=days_back),
        uraian=uraian,
        realisasi="2",
    )
    if kirim:
        services.catatan_kirim(actor=pegawai.user, catatan_list=[c])
    return c


def staf_entry(o, **kwargs):
    return entry(o.staf, o.skp_staf, o.ind_staf, **kwargs)


def login(client, pegawai):
    client.force_login(pegawai.user)
    return client


# --- Catatan Kinerja Harian --------------------------------------------------------------------------------------


def test_ckhp_page_shows_the_months_entries_grouped(client, o):
    a = staf_entry(o, uraian="Rapat koordinasi penilaian")
    b = staf_entry(o, days_back=1, uraian="Menyusun draf laporan", kirim=True)
    response = login(client, o.staf).get(reverse("harian:ckhp"))
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Kinerja Utama", "Kinerja Tambahan", "Kirim Kinerja Harian", "UTAMA", "TAMBAHAN", "TANGGAL",
                 "URAIAN", "ASPEK", "INDIKATOR KINERJA INDIVIDU", "REALISASI", "Rapat koordinasi penilaian",
                 "Laporan", "Konsep", "Periksa"):  # fmt: skip
        assert text in html
    assert f'name="pilih" value="{a.pk}"' in html and f'name="pilih" value="{b.pk}"' not in html
    assert reverse("harian:ckhp_ubah", args=[a.pk]) in html
    assert reverse("harian:ckhp_ubah", args=[b.pk]) not in html
    assert response.context["skp"] == o.skp_staf and response.context["bulan"] == 3


def test_ckhp_page_other_month_and_returned_note(client, o):
    c = staf_entry(o, kirim=True)
    services.catatan_kembalikan(actor=o.kabid.user, catatan_list=[c], catatan="Tambahkan bukti")
    html = login(client, o.staf).get(reverse("harian:ckhp"), {"bulan": 3}).content.decode()
    assert "Dikembalikan" in html and "Tambahkan bukti" in html
    html = client.get(reverse("harian:ckhp"), {"skp": o.skp_staf.pk, "bulan": 2}).content.decode()
    assert "Tambahkan bukti" not in html


def test_ckhp_page_of_another_persons_skp_is_404(client, o):
    assert login(client, o.staf2).get(reverse("harian:ckhp"), {"skp": o.skp_staf.pk}).status_code == 404
    assert client.get(reverse("harian:ckhp_tambah", args=[o.skp_staf.pk, "utama"])).status_code == 404


def test_ckhp_page_without_approved_skp_says_so(client, o):
    html = login(client, o.staf2).get(reverse("harian:ckhp")).content.decode()
    assert 'data-testid="tanpa-skp"' in html


def test_tambah_form_defaults_to_today_and_creates_a_konsep(client, o):
    login(client, o.staf)
    url = reverse("harian:ckhp_tambah", args=[o.skp_staf.pk, "utama"])
    page = client.get(url)
    assert page.status_code == 200 and f'value="{HARI_INI:%Y-%m-%d}"' in page.content.decode()
    assert list(page.context["form"].fields["indikator"].queryset) == [o.ind_staf]
    data = {
        "indikator": o.ind_staf.pk,
        "tanggal": HARI_INI.isoformat(),
        "uraian": "Rapat",
        "realisasi": "1,5",
    }
    response = client.post(url, data)
    assert response.status_code == 302 and "bulan=3" in response["Location"]
    c = CatatanHarian.objects.get()
    assert (c.status, c.uraian, str(c.realisasi)) == ("KONSEP", "Rapat", "1.50")


def test_tambah_tambahan_without_indicator_goes_back_with_a_message(client, o):
    response = login(client, o.staf).get(reverse("harian:ckhp_tambah", args=[o.skp_staf.pk, "tambahan"]))
    assert response.status_code == 302


def test_tambah_refusal_is_shown_next_to_the_field_and_keeps_input(client, o):
    url = reverse("harian:ckhp_tambah", args=[o.skp_staf.pk, "utama"])
    future = (HARI_INI + datetime.timedelta(days=2)).isoformat()
    data = {"indikator": o.ind_staf.pk, "tanggal": future, "uraian": "Uraian saya", "realisasi": "1"}
    response = login(client, o.staf).post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-field-error="tanggal"' in html and "akan datang" in html and "Uraian saya" in html
    response = client.post(url, {**data, "tanggal": HARI_INI.isoformat(), "bukti_link": "ftp://x"})
    assert 'data-field-error="bukti_link"' in response.content.decode()
    assert not CatatanHarian.objects.exists()


def test_ubah_and_hapus_from_the_page(client, o):
    c = staf_entry(o)
    login(client, o.staf)
    url = reverse("harian:ckhp_ubah", args=[c.pk])
    assert client.get(url).status_code == 200
    data = {"indikator": o.ind_staf.pk, "tanggal": HARI_INI.isoformat(), "uraian": "Baru", "realisasi": "4"}
    assert client.post(url, data).status_code == 302
    c.refresh_from_db()
    assert c.uraian == "Baru"
    assert client.post(reverse("harian:ckhp_hapus", args=[c.pk])).status_code == 302
    assert not CatatanHarian.objects.exists()


def test_ubah_of_a_sent_entry_goes_back(client, o):
    c = staf_entry(o, kirim=True)
    response = login(client, o.staf).get(reverse("harian:ckhp_ubah", args=[c.pk]))
    assert response.status_code == 302


def test_another_users_entry_is_404_everywhere(client, o):
    c = staf_entry(o)
    login(client, o.kabid)
    assert client.get(reverse("harian:ckhp_ubah", args=[c.pk])).status_code == 404
    assert client.post(reverse("harian:ckhp_hapus", args=[c.pk])).status_code == 404
    assert client.post(reverse("harian:ckhp_kirim"), {"pilih": [c.pk]}).status_code == 404
    assert CatatanHarian.objects.get().status == "KONSEP"


def test_kirim_the_checked_entries(client, o):
    a, b = staf_entry(o, uraian="Satu"), staf_entry(o, days_back=1, uraian="Dua")
    response = login(client, o.staf).post(
        reverse("harian:ckhp_kirim"), {"pilih": [a.pk, b.pk], "skp": o.skp_staf.pk, "bulan": 3}
    )
    assert response.status_code == 302 and f"skp={o.skp_staf.pk}" in response["Location"]
    assert set(CatatanHarian.objects.values_list("status", flat=True)) == {"PERIKSA"}


def test_kirim_all_or_nothing_from_the_page(client, o):
    a = staf_entry(o, uraian="Sudah dikirim", kirim=True)
    b = staf_entry(o, uraian="Belum dikirim")
    response = login(client, o.staf).post(reverse("harian:ckhp_kirim"), {"pilih": [a.pk, b.pk]}, follow=True)
    html = response.content.decode()
    assert "tidak dapat dikirim" in html and "Sudah dikirim" in html
    assert CatatanHarian.objects.get(pk=b.pk).status == "KONSEP"
    response = client.post(reverse("harian:ckhp_kirim"), {}, follow=True)
    assert "Centang minimal satu" in response.content.decode()


FEATURE_URLS = [
    ("get", "harian:ckhp", []),
    ("get", "harian:ckhp_tambah", ["skp", "utama"]),
    ("get", "harian:ckhp_ubah", ["c"]),
    ("post", "harian:ckhp_hapus", ["c"]),
    ("post", "harian:ckhp_kirim", []),
    ("get", "harian:kinerja_bawahan", []),
    ("post", "harian:kinerja_bawahan_periksa", []),
]


@pytest.mark.parametrize(("method", "name", "args"), FEATURE_URLS)
def test_feature_off_every_page_is_404(client, o, method, name, args):
    c = staf_entry(o)
    o.pengaturan.aktif = False
    o.pengaturan.save()
    values = {"skp": o.skp_staf.pk, "c": c.pk}
    url = reverse(name, args=[values.get(a, a) for a in args])
    response = getattr(login(client, o.staf), method)(url, {"pilih": [c.pk], "aksi": "setujui"})
    assert response.status_code == 404


def test_user_without_employee_record_gets_404(client, o):
    client.force_login(o.admin)
    assert client.get(reverse("harian:ckhp")).status_code == 404
    assert client.get(reverse("harian:kinerja_bawahan")).status_code == 404


def test_anonymous_is_sent_to_login(client, o):
    response = client.get(reverse("harian:ckhp"))
    assert response.status_code == 302 and response["Location"].startswith(resolve_url(settings.LOGIN_URL))


# --- Kinerja Bawahan ---------------------------------------------------------------------------------------------


def test_bawahan_page_lists_the_subordinates_sent_entries(client, o):
    a = staf_entry(o, uraian="Entri terkirim", kirim=True)
    staf_entry(o, uraian="Entri konsep")
    response = login(client, o.kabid).get(reverse("harian:kinerja_bawahan"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Entri terkirim" in html and "Entri konsep" not in html
    assert f'name="pilih" value="{a.pk}"' in html and "Setujui" in html and "Kembalikan" in html
    assert [(c["pegawai_id"], c["jumlah"]) for c in response.context["counts"]] == [(o.staf.pk, 1)]


def test_bawahan_page_of_a_non_assessor_shows_nothing_of_others(client, o):
    staf_entry(o, uraian="Entri terkirim", kirim=True)
    response = login(client, o.staf2).get(reverse("harian:kinerja_bawahan"))
    assert response.status_code == 200
    assert "Entri terkirim" not in response.content.decode() and not response.context["counts"]
    # kaban assesses kabid, not staf: staf's entries are not his either
    response = login(client, o.kaban).get(reverse("harian:kinerja_bawahan"))
    assert "Entri terkirim" not in response.content.decode()


def test_bawahan_setujui_in_bulk_from_the_form(client, o):
    items = [staf_entry(o, days_back=d, uraian=f"K{d}", kirim=True) for d in range(3)]
    response = login(client, o.kabid).post(
        reverse("harian:kinerja_bawahan_periksa"),
        {
            "aksi": "setujui",
            "pilih": [c.pk for c in items[:2]],
            "bulan": 3,
            "tahun": YEAR,
            "status": "PERIKSA",
        },
    )
    assert response.status_code == 302 and "bulan=3" in response["Location"]
    assert sorted(CatatanHarian.objects.values_list("status", flat=True)) == ["PERIKSA", "SETUJU", "SETUJU"]


def test_bawahan_kembalikan_needs_a_note_next_to_the_field(client, o):
    items = [staf_entry(o, days_back=d, uraian=f"K{d}", kirim=True) for d in range(2)]
    url = reverse("harian:kinerja_bawahan_periksa")
    data = {
        "aksi": "kembalikan",
        "pilih": [c.pk for c in items],
        "bulan": 3,
        "tahun": YEAR,
        "status": "PERIKSA",
    }
    response = login(client, o.kabid).post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-field-error="catatan"' in html and "wajib diisi" in html
    assert all(f'value="{c.pk}" id="pilih-{c.pk}" checked' in html for c in items)
    assert set(CatatanHarian.objects.values_list("status", flat=True)) == {"PERIKSA"}
    response = client.post(url, {**data, "pilih": [items[0].pk], "catatan": "Lengkapi bukti 7"})
    assert response.status_code == 302
    returned = CatatanHarian.objects.get(pk=items[0].pk)
    assert (returned.status, returned.catatan_pemeriksa) == ("DIKEMBALIKAN", "Lengkapi bukti 7")
    assert CatatanHarian.objects.get(pk=items[1].pk).status == "PERIKSA"


def test_bawahan_periksa_by_a_non_assessor_is_404(client, o):
    c = staf_entry(o, kirim=True)
    data = {"aksi": "setujui", "pilih": [c.pk]}
    response = login(client, o.staf2).post(reverse("harian:kinerja_bawahan_periksa"), data)
    assert response.status_code == 404
    assert CatatanHarian.objects.get().status == "PERIKSA"


# --- query counts ------------------------------------------------------------------------------------------------


def subordinate(o, pegawai):
    skp = make_skp(pegawai)
    rhk = add_rhk(skp, f"Laporan {pegawai.nama}", atasan=o.rhk_kabid)
    approve(skp)
    return skp, rhk.indikator.first()


def count_queries(client, url, params=None):
    client.get(url, params)  # warm caches (session, content types)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_ckhp_page_queries_are_constant(client, o):
    login(client, o.staf)
    staf_entry(o, kirim=True)
    small = count_queries(client, reverse("harian:ckhp"))
    for d in range(8):
        staf_entry(o, days_back=d % 5, uraian=f"K{d}", kirim=d % 2 == 0)
    assert count_queries(client, reverse("harian:ckhp")) == small


def test_bawahan_page_queries_are_constant(client, o):
    login(client, o.kabid)
    staf_entry(o, kirim=True)
    small = count_queries(client, reverse("harian:kinerja_bawahan"))
    for pegawai in (o.staf2, PegawaiFactory(unit_kerja=o.bidang, nama="STAF KETIGA")):
        skp, ind = subordinate(o, pegawai)
        assert skp.penilai == o.kabid
        for d in range(3):
            entry(pegawai, skp, ind, days_back=d, uraian=f"{pegawai.nama} {d}", kirim=True)
    for d in range(4):
        staf_entry(o, days_back=d, kirim=True)
    big = count_queries(client, reverse("harian:kinerja_bawahan"))
    assert len(client.get(reverse("harian:kinerja_bawahan")).context["orang"]) == 3
    assert big == small

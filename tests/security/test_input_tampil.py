"""Hostile text on every page: with HTML/script and a template expression stored in every displayed text field
(input_isian), each persona crawls the site from its home page (every internal link and hx-get, GET only), and no
page answers 500 or shows a tag unescaped; the pages that show the texts show them escaped and literally
({{7*7}} stays as typed). The search boxes answer JSON, never HTML."""

import pytest
from django.test import Client
from django.urls import reverse

from .input_isian import ESCAPED, RAW, TEMPLATE, crawl, isi_berbahaya


@pytest.fixture
def hostile(org):
    return isi_berbahaya(org)


def _check_pages(seen: dict) -> set[str]:
    """No raw tag on any HTML page; the set of pages showing the escaped hostile text."""
    showing = set()
    for url, response in seen.items():
        if "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        for raw in RAW:
            assert raw not in html, f"{url} menampilkan {raw!r} tanpa di-escape"
        if ESCAPED in html:
            showing.add(url)
            assert TEMPLATE in html, f"{url}: ekspresi templat tidak tampil apa adanya"
    return showing


def _persona(user, starts):
    client = Client()
    client.force_login(user)
    return _check_pages(crawl(client, ["/", *starts]))


def test_owner_pages_escape_every_text(hostile):
    o = hostile
    starts = [
        reverse("skp:detail", args=[o.skp_staf.pk]),
        reverse("penilaian:skp", args=[o.skp_staf.pk]),
        reverse("penilaian:rencana_aksi", args=[o.tw.pk]),
        reverse("penilaian:pengisian", args=[o.tw.pk]),
        reverse("penilaian:pengisian", args=[o.final.pk]),
        reverse("penilaian:keberatan", args=[o.final.pk]),
        reverse("penilaian:pembinaan_saya", args=[o.final.pk]),
        reverse("penilaian:feedback_perilaku", args=[o.final.pk]),
        reverse("harian:ckhp"),
        reverse("harian:matriks", args=[o.skp_staf.pk]),
        reverse("org:profil"),
    ]
    showing = _persona(o.staf.user, starts)
    for url in starts[:-1]:
        assert url in showing, f"{url} tidak menampilkan teks yang disimpan"


def test_assessor_pages_escape_every_text(hostile):
    o = hostile
    final = o.periode["final"].pk
    starts = [
        reverse("skp:bawahan", args=[o.skp_kabid.pk]),
        reverse("skp:matriks", args=[o.skp_kabid.pk]),
        reverse("penilaian:evaluasi", args=[o.skp_kabid.pk]),
        f"{reverse('penilaian:penilaian_bawahan', args=[o.skp_kabid.pk, final])}?penilaian={o.final.pk}",
        reverse("penilaian:rekap_bawahan", args=[o.skp_kabid.pk, final]),
        reverse("penilaian:pembinaan", args=[o.skp_kabid.pk, final]),
        reverse("harian:kinerja_bawahan"),
        reverse("skp:detail", args=[o.skp_staf.pk]),
    ]
    showing = _persona(o.kabid.user, starts)
    for url in starts:
        assert url in showing, f"{url} tidak menampilkan teks yang disimpan"


def test_atasan_colleague_and_admin_pages_escape_every_text(hostile):
    o = hostile
    keberatan = [
        reverse("penilaian:keberatan_list"),
        reverse("penilaian:keberatan_putus", args=[o.keberatan.pk]),
    ]
    assert set(keberatan) <= _persona(o.kaban.user, keberatan)
    rekan = [reverse("penilaian:rekan_skp", args=[o.skp_staf.pk])]
    assert set(rekan) <= _persona(o.staf2.user, rekan)
    admin = [
        reverse("org:admin_unit_list"),
        reverse("org:admin_pegawai_list"),
        reverse("org:admin_pegawai_edit", args=[o.staf.pk]),
        reverse("org:admin_unit_edit", args=[o.bidang.pk]),
        reverse("core:audit_list"),
        reverse("skp:admin_list"),
        reverse("penilaian:rekap_keberatan"),
        reverse("laporan:keluaran_admin"),
    ]
    showing = _persona(o.admin, admin)
    for url in admin:
        assert url in showing, f"{url} tidak menampilkan teks yang disimpan"


def test_search_boxes_answer_json(hostile):
    o = hostile
    client = Client()
    client.force_login(o.admin)
    for url in (
        f"{reverse('org:unit_search')}?q=BIDANG",
        f"{reverse('org:admin_pegawai_search')}?q=STAF",
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json"), url
        assert (
            "<script>" in response.json().__repr__()
        )  # the data as stored; tom-select escapes what it draws

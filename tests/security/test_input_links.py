"""Bukti dukung links (and the CKHP's link bukti): only http(s) addresses with a host are stored; javascript:,
data:, file:, vbscript:, ftp:, protocol-relative and encoded or obfuscated variants are refused with an Indonesian
message — by the service, on the form page (message next to the field, the input kept, nothing saved) and by the
API. Every template that renders a stored URL as a link is listed, so a new one must be reviewed here."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

import kinerja
from kinerja.harian.models import CatatanHarian
from kinerja.harian.services import ckhp
from kinerja.penilaian.models import BuktiDukung
from kinerja.penilaian.services import pengisian

from .input_common import SETTINGS, assert_indonesian, attempt, rolled_back, teks
from .input_isian import isi_berbahaya

BAD_LINKS = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\t\n javascript:alert(1)",
    "java\tscript:alert(1)", "java\nscript:alert(1)", "\x00javascript:alert(1)", "\u200bjavascript:alert(1)",
    "ｊａｖａｓｃｒｉｐｔ:alert(1)", "javascript&colon;alert(1)", "javascript%3Aalert(1)", "%6A%61%76%61script:alert(1)",
    "&#106;avascript:alert(1)", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<script>alert(1)</script>", "file:///etc/passwd", "vbscript:msgbox(1)", "ftp://example.com/x",
    "//evil.example/x", "\\\\evil.example\\share", "/relative/path", "drive.google.com/file", "http://",
    "https://", "https:evil.example", "http:/evil.example", "https://exa mple.com", "https://evil.example\x00.go.id",
    "mailto:a@b.c", "tel:123", "blob:https://x/1", "about:blank", "https://" + "a" * 1000 + ".com",
]  # fmt: skip
GOOD_LINKS = [
    "https://drive.google.com/file/d/abc/view?usp=sharing",
    "http://contoh.go.id/laporan.pdf",
    "HTTPS://EXAMPLE.COM/X",
    "  https://www.dropbox.com/s/x/laporan.pdf  ",
    "https://例子.测试/berkas",
]


def _safe(stored: str) -> bool:
    parts = urlsplit(stored)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and stored == stored.strip()


@pytest.fixture
def hostile(org):
    return isi_berbahaya(org)


def _bukti(o, link):
    return pengisian.bukti_create(
        actor=o.staf.user, penilaian=o.final, indikator=o.ind, nama="Bukti", link=link
    )


def _catatan(o, link):
    return ckhp.catatan_tambah(
        actor=o.staf.user, skp=o.skp_staf, indikator=o.ind, tanggal=o.catatan.tanggal, uraian="Uraian",
        realisasi="1", bukti_link=link,
    )  # fmt: skip


@pytest.mark.parametrize("link", BAD_LINKS)
def test_service_refuses_the_link(hostile, link):
    for call, model, field in ((_bukti, BuktiDukung, "link"), (_catatan, CatatanHarian, "bukti_link")):
        _, error = attempt(lambda c=call: c(hostile, link), model)
        assert error is not None, f"{link!r} diterima"
        assert error.field == field


def test_service_keeps_http_links(hostile):
    for link in GOOD_LINKS:
        assert BuktiDukung.objects.get(pk=_bukti(hostile, link).pk).link == link.strip()
        assert CatatanHarian.objects.get(pk=_catatan(hostile, link).pk).bukti_link == link.strip()


@SETTINGS
@given(link=st.one_of(teks(), st.sampled_from(BAD_LINKS), st.builds("https://{}".format, teks(30))))
def test_service_stores_only_http_links(hostile, link):
    with rolled_back():
        item, error = attempt(lambda: _bukti(hostile, link), BuktiDukung)
        if error is None:
            stored = BuktiDukung.objects.get(pk=item.pk).link
            assert stored == link.strip() and _safe(stored), f"{stored!r} tersimpan"


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", " JaVaScRiPt:alert(1)", "data:text/html,x", "//evil.example"]
)
def test_form_page_refuses_the_link_next_to_its_field(hostile, link):
    o = hostile
    client = Client()
    client.force_login(o.staf.user)
    url = reverse("penilaian:bukti_tambah", args=[o.final.pk, o.ind.pk])
    before = BuktiDukung.objects.count()
    response = client.post(url, {"nama": "Bukti <b>baru</b>", "link": link})
    assert response.status_code == 200
    html = response.content.decode()
    error = re.search(r'data-field-error="link">([^<]*)<', html)
    assert error, "pesan tidak tampil di samping isian link"
    assert_indonesian(error.group(1))
    assert "Bukti &lt;b&gt;baru&lt;/b&gt;" in html  # the input is kept (escaped)
    assert BuktiDukung.objects.count() == before

    url = reverse("harian:ckhp_tambah", args=[o.skp_staf.pk, "utama"])
    data = {
        "indikator": o.ind.pk,
        "tanggal": o.catatan.tanggal.isoformat(),
        "uraian": "Uraian",
        "realisasi": "1",
    }
    before = CatatanHarian.objects.count()
    response = client.post(url, {**data, "bukti_link": link})
    assert response.status_code == 200
    assert re.search(r'data-field-error="bukti_link">[^<]+<', response.content.decode())
    assert CatatanHarian.objects.count() == before


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "\tjavascript:alert(1)", "file:///etc/passwd", "//evil"]
)
def test_api_refuses_the_link(hostile, link):
    o = hostile
    client = Client()
    client.force_login(o.staf.user)
    before = (BuktiDukung.objects.count(), CatatanHarian.objects.count())
    response = client.post(
        f"/api/v1/penilaian/{o.final.pk}/bukti-dukung",
        {"indikator_id": o.ind.pk, "nama": "Bukti", "link": link},
        content_type="application/json",
    )
    assert response.status_code in (400, 422), response.content
    assert_indonesian(response.json()["pesan"])
    assert any(g["field"] == "link" for g in response.json()["galat"])
    response = client.post(
        "/api/v1/ckhp",
        {"skp_id": o.skp_staf.pk, "indikator_id": o.ind.pk, "tanggal": o.catatan.tanggal.isoformat(),
         "uraian": "Uraian", "realisasi": "1", "bukti_link": link},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code in (400, 422), response.content
    assert (BuktiDukung.objects.count(), CatatanHarian.objects.count()) == before


# Every place a stored, user-supplied URL becomes a link: reviewed to hold only what clean_link accepts.
USER_LINKS = {
    "harian/templates/harian/ckhp.html": "c.bukti_link",
    "harian/templates/harian/kinerja_bawahan.html": "c.bukti_link",
    "penilaian/templates/penilaian/admin/review_detail.html": "b.link",
    "penilaian/templates/penilaian/evaluasi/form_feedback.html": "b.link",
    "penilaian/templates/penilaian/evaluasi/_bukti.html": "item.link",
    "penilaian/templates/penilaian/pengisian_bukti.html": "bukti.link",
    "penilaian/templates/penilaian/cetak/_capaian_indikator.html": "b.link",
}
_HREF = re.compile(r'href="\{\{\s*([\w.]+)\s*\}\}"')
# Values that are our own URLs (reverse(), a url_has_allowed_host_and_scheme-checked "next"), not user input.
OWN_URLS = {
    "kembali", "next", "daftar", "reset", "edit", "url_nilai", "cetak_form", "cetak_evaluasi", "row.url_realisasi",
    "bukti.url_edit", "row.url_tambah", "url_rencana_aksi", "item.url", "daftar_url", "kembali_url",
    "sinkron_pmm_url",
}  # fmt: skip


def test_every_user_supplied_link_in_a_template_is_known():
    root = Path(kinerja.__file__).parent
    found = {}
    for path in root.rglob("*.html"):
        for name in _HREF.findall(path.read_text()):
            if name not in OWN_URLS:
                found[str(path.relative_to(root))] = name
    assert found == USER_LINKS, "tautan baru dari data pengguna: pastikan isinya diperiksa seperti clean_link"
    for field in ("link", "bukti_link"):
        assert field in {v.rsplit(".", 1)[1] for v in USER_LINKS.values()}

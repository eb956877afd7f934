"""Hostile input through the form pages (Django test client POST, as a browser sends it): each main form is read
from its page (every field with its current value), one field is replaced by a generated hostile value, and the
answer is either a redirect (saved) or the form again with an Indonesian message next to a field, the input kept,
and nothing saved. Never a 500."""

from html import escape
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.skp.models import Rhk

from ..skp.conftest import add_rhk, make_skp
from .input_common import (
    HOSTILE_TEXTS,
    SETTINGS,
    TANGGAL_TEKS,
    angka,
    assert_indonesian,
    rolled_back,
    state,
    teks,
)
from .input_isian import isi_berbahaya

ANGKA_TEKS = angka().map(str)
FORM = "application/x-www-form-urlencoded"
TANGGAL = st.one_of(st.sampled_from(TANGGAL_TEKS), st.dates().map(lambda d: d.isoformat()), teks(12))


class _Form(HTMLParser):
    """The fields of the POST form holding `field`, with the values a browser would submit untouched."""

    def __init__(self, field: str):
        super().__init__()
        self.field, self.forms, self._select, self._textarea = field, [], None, None
        self.types: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (a.get("method") or "get").lower(), "data": {}})
        if not self.forms or not a.get("name") and tag != "option":
            return
        data = self.forms[-1]["data"]
        if a.get("name"):
            self.types.setdefault(a["name"], a.get("type", tag))
        if tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("radio", "checkbox"):
                if "checked" in a or (a.get("type") == "radio" and a["name"] not in data):
                    data[a["name"]] = a.get("value", "on")
            else:
                data[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            data[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
            data.setdefault(a["name"], "")
        elif (
            tag == "option"
            and self._select
            and ("selected" in a or (not data[self._select] and a.get("value")))
        ):
            data[self._select] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, text):
        if self._textarea and self.forms:
            self.forms[-1]["data"][self._textarea] += text.lstrip("\n")

    def data(self) -> dict:
        for form in self.forms:
            if form["method"] == "post" and self.field in form["data"]:
                return dict(form["data"])
        raise AssertionError(f"tidak ada formulir POST dengan isian {self.field}")


@pytest.fixture
def hostile(org):
    o = isi_berbahaya(org)
    o.skp_draft = make_skp(o.staf2)
    o.rhk_draft = add_rhk(o.skp_draft, "RHK draft", atasan=o.rhk_kabid)
    return o


def _specs(o) -> dict:
    """(persona, url): {field: strategy of the values it is sent}."""
    final = o.periode["final"].pk
    return {
        ("staf2", reverse("skp:tambah")): {"periode_awal": TANGGAL, "periode_akhir": TANGGAL},
        ("staf2", reverse("skp:rhk_create", args=[o.skp_draft.pk])): {"teks": teks()},
        ("staf2", reverse("skp:indikator_create", args=[o.rhk_draft.pk])): {
            "target_nilai": ANGKA_TEKS, "target_satuan": teks(), "teks": teks(),
        },
        ("staf2", reverse("harian:tahapan_tambah", args=[o.rhk_draft.pk])): {"nama": teks(), "urutan": ANGKA_TEKS},
        ("staf", reverse("penilaian:rencana_aksi_tambah", args=[o.tw.pk, o.rhk_staf.pk])): {
            "teks": teks(), "target": teks(),
        },
        ("staf", reverse("penilaian:realisasi_edit", args=[o.final.pk, o.ind.pk])): {
            "realisasi": teks(), "sumber_data": teks(),
        },
        ("staf", reverse("harian:ckhp_tambah", args=[o.skp_staf.pk, "utama"])): {
            "uraian": teks(), "realisasi": ANGKA_TEKS, "tanggal": TANGGAL,
        },
        ("kabid", f"{reverse('penilaian:pembinaan', args=[o.skp_kabid.pk, final])}?penilaian={o.final.pk}"): {
            "teks": teks(),
        },
        ("kabid", reverse("penilaian:feedback_indikator", args=[o.skp_kabid.pk, final, o.final.pk, o.ind.pk])): {
            "teks": teks(), "jempol": teks(8),
        },
        ("staf2", reverse("penilaian:rekan_feedback", args=[o.skp_staf.pk, 3])): {"teks": teks()},
        ("admin", reverse("penilaian:periode_create")): {
            "nama": teks(), "awal": TANGGAL, "akhir": TANGGAL, "batas": TANGGAL, "tahun": ANGKA_TEKS,
        },
        ("admin", reverse("org:admin_unit_edit", args=[o.subbidang.pk])): {"nama": teks()},
        ("admin", reverse("org:admin_pegawai_edit", args=[o.anggota_sub.pk])): {
            "nama": teks(), "tanggal_lahir": TANGGAL, "tempat_lahir": teks(),
        },
    }  # fmt: skip


PERSONA = {"staf": "staf", "staf2": "staf2", "kabid": "kabid"}


def _client(o, persona: str) -> Client:
    client = Client()
    client.force_login(o.admin if persona == "admin" else getattr(o, PERSONA[persona]).user)
    return client


def _post(client, url: str, field: str, value: str, watch) -> None:
    page = client.get(url)
    assert page.status_code == 200, f"{url}: {page.status_code}"
    parser = _Form(field)
    parser.feed(page.content.decode())
    data = parser.data()
    data[field] = value
    before = state(*watch)
    response = client.post(url, data)
    assert response.status_code in (200, 302), f"{url} {field}={value[:40]!r}: {response.status_code}"
    if response.status_code == 302:
        return  # saved (the services' own tests check what)
    html = response.content.decode()
    assert state(*watch) == before, f"{url} {field}={value[:40]!r}: formulir ditolak tetapi data berubah"
    errors = _errors(html)
    assert errors, f"{url} {field}={value[:40]!r}: formulir kembali tanpa pesan"
    for message in errors:
        assert_indonesian(message)
    typed = parser.types.get(field) in ("textarea", "text", "url", "date", "number")
    if typed and value in HOSTILE_TEXTS and value.strip() and "\x00" not in value:
        assert escape(value).strip() in html, f"{url}: isian {field} tidak dipertahankan"


class _Errors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth, self.found = 0, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.depth:
            self.depth += 1
        elif (
            "data-field-error" in a
            or a.get("data-testid") == "form-error"
            or "alert-danger" in a.get("class", "")
        ):
            self.depth = 1
            self.found.append("")

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, text):
        if self.depth:
            self.found[-1] += text


def _errors(html: str) -> list[str]:
    parser = _Errors()
    parser.feed(html)
    return [" ".join(m.split()) for m in parser.found if m.strip()]


def _fuzz(client, url: str, field: str, strategy, watch) -> None:
    @settings(SETTINGS, max_examples=10)
    @given(value=strategy)
    def run(value):
        with rolled_back():
            _post(client, url, field, value, watch)

    run()


def test_every_form_page_answers_hostile_input(hostile):
    o = hostile
    watch = (Rhk,)  # plus every audit event (state() counts them): a refusal writes none
    for (persona, url), fields in _specs(o).items():
        client = _client(o, persona)
        for field, strategy in fields.items():
            _fuzz(client, url, field, strategy, watch)


def test_undecodable_bytes_and_lone_surrogates_are_refused_cleanly(hostile):
    """Bytes that are not UTF-8 in a form, and a lone surrogate (\\ud800, not storable) in API JSON."""
    o = hostile
    client = _client(o, "staf")
    before = state(Rhk)
    url = reverse("penilaian:realisasi_edit", args=[o.final.pk, o.ind.pk])
    response = client.post(url, b"realisasi=%FF%FE%ED%A0%80&sumber_data=%C0%AF", content_type=FORM)
    assert response.status_code in (200, 302)
    saved = response.status_code == 302
    response = client.post(
        f"/api/v1/penilaian/{o.final.pk}/bukti-dukung",
        '{"indikator_id": ID, "nama": "\\ud800", "link": "https://contoh.go.id/\\udfff"}'.replace(
            "ID", str(o.ind.pk)
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert_indonesian(response.json()["pesan"])
    assert state(Rhk)[1] == before[1] + (1 if saved else 0)  # the API call wrote no audit event

"""Authorization matrix (issue 8): every URL pattern and every API operation, knocked on by every persona, on real
objects (tests/security/dunia.py). The rows are in matriks_web*.py, matriks_api.py and matriks_serangan.py.

- A URL pattern or API operation without a row fails `test_setiap_url_ada_di_matriks` /
  `test_setiap_operasi_api_ada_di_matriks`: a new page must say who may open it.
- Allowed: the page answers 200 (or what the row says). Refused: 403 or 404; anonymous: the login page (web) or
  401 (API). Never a 500.
- A refused write changes nothing: the request sends no INSERT, UPDATE or DELETE to a table of the
  application and no audit event appears.
- Lists, searches, exports and PDFs: a persona outside the owner's circle finds none of the owner's secrets in the
  answer (HTML, JSON, the cells of an Excel file, the text of a PDF).
"""

from __future__ import annotations

import html
import io
import json
import logging
import re
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.shortcuts import resolve_url
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kinerja.api.api import api
from kinerja.core.errors import PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.skp.models import MatriksAnggota, Rhk
from kinerja.skp.services import matriks as matriks_services
from kinerja.skp.services import rhk as rhk_services

from .dunia import PERSONA, PERSONA_API
from .matriks_api import API as API_OPERASI
from .matriks_serangan import ASING, SERANGAN
from .matriks_web import WEB
from .matriks_web_lain import WEB_LAIN
from .matriks_web_nilai import WEB_NILAI

API_PREFIX = "api/v1/"
# URL patterns under /api/v1/ that are not operations: the OpenAPI document, its docs page, the API's root.
API_BUKAN_OPERASI = {"api:openapi-json", "api:openapi-view", "api:api-root"}
SEMUA_WEB = WEB + WEB_NILAI + WEB_LAIN + [e for e in SERANGAN + ASING if not e.api]
API = API_OPERASI + [e for e in SERANGAN + ASING if e.api]
TULIS = ("POST", "PUT", "PATCH", "DELETE")
JSON = "application/json"


def pola_url() -> list[tuple[str, str]]:
    """(namespaced name, route) of every URL pattern of the project."""

    def walk(resolver, prefix="", ns=None):
        for p in resolver.url_patterns:
            if isinstance(p, URLResolver):
                inner = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
                yield from walk(p, prefix + str(p.pattern), inner)
            elif isinstance(p, URLPattern):
                name = f"{ns}:{p.name}" if ns and p.name else (p.name or prefix + str(p.pattern))
                yield name, prefix + str(p.pattern)

    return list(walk(get_resolver()))


def operasi_api() -> set[str]:
    return {
        f"{metode.upper()} {path}"
        for path, ops in api.get_openapi_schema()["paths"].items()
        for metode in ops
    }


# --- completeness ------------------------------------------------------------------------------------------------


def test_setiap_url_ada_di_matriks():
    pola = {nama for nama, route in pola_url() if not route.startswith(API_PREFIX)} | API_BUKAN_OPERASI
    di_matriks = {e.nama for e in SEMUA_WEB}
    baru = sorted(pola - di_matriks)
    assert not baru, f"URL baru tanpa entri di matriks akses: {', '.join(baru)}"
    usang = sorted(di_matriks - pola)
    assert not usang, f"Entri matriks akses tanpa URL: {', '.join(usang)}"
    assert len(pola) > 150


def test_setiap_operasi_api_ada_di_matriks():
    operasi, di_matriks = operasi_api(), {e.nama for e in API}
    baru = sorted(operasi - di_matriks)
    assert not baru, f"Operasi API baru tanpa entri di matriks akses: {', '.join(baru)}"
    usang = sorted(di_matriks - operasi)
    assert not usang, f"Entri matriks akses tanpa operasi API: {', '.join(usang)}"
    # Every URL pattern under /api/v1/ is an operation's path, or one of the documented extras.
    jalur = {op.split(" ", 1)[1] for op in operasi}
    for nama, route in pola_url():
        if route.startswith(API_PREFIX) and nama not in API_BUKAN_OPERASI:
            path = "/" + route.replace("<", "{").replace(">", "}")
            assert path in jalur, f"URL API tanpa operasi di OpenAPI: {nama} {route}"


# --- the matrix --------------------------------------------------------------------------------------------------


def _kasus():
    for entri in SEMUA_WEB + API:
        for metode in entri.metode_dicoba():
            label = entri.judul if metode == "GET" else f"{entri.judul}[{metode}]"
            yield pytest.param(entri, metode, id=label)


def _url(entri, w, persona) -> str:
    kw = entri.arg("kw", w, persona)
    url = entri.nama.split(" ", 1)[1].format(**kw) if entri.api else reverse(entri.nama, kwargs=kw)
    query = entri.arg("query", w, persona)
    return f"{url}?{urlencode(query, doseq=True)}" if query else url


def _panggil(client, entri, metode, w, persona):
    url = _url(entri, w, persona)
    data = entri.arg("data", w, persona) if metode != "GET" else None
    if entri.api:
        kunci = getattr(w, persona, None) if persona.startswith("kunci_") else None
        headers = {"Authorization": f"Bearer {kunci}"} if kunci else {}
        body = json.dumps(data) if data is not None else ""
        return client.generic(metode, url, body, content_type=JSON, headers=headers)
    return client.get(url) if metode == "GET" else client.post(url, data)


def teks(response) -> str:
    """What a person would read in the answer: the page, the JSON, the cells of an Excel file, a PDF's text."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    jenis = response.get("Content-Type", "")
    if jenis.startswith("application/pdf"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if "spreadsheetml" in jenis:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row if cell
        )
    return html.unescape(body.decode("utf-8", errors="replace"))


# What a refused request may still write: its session, the lockout counters of a failed login, the time an API
# key was last used.
BEBAS_TULIS = ("django_session", "axes_")
KUNCI_DIPAKAI = re.compile(
    r'^UPDATE "api_apikey" SET "terakhir_dipakai" = [^,]* WHERE "api_apikey"\."id" = \d+$'
)
_TULIS_SQL = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?', re.IGNORECASE
)


def tulisan(queries) -> list[str]:
    """The statements of a request that wrote to a table of the application."""
    hasil = []
    for q in queries:
        m = _TULIS_SQL.match(q["sql"])
        if m and not m.group(1).lower().startswith(BEBAS_TULIS) and not KUNCI_DIPAKAI.match(q["sql"]):
            hasil.append(q["sql"][:160])
    return hasil


def _ditolak(response, entri, persona, harap) -> bool:
    kode = response.status_code
    if harap.kode and kode in harap.kode:
        return True
    if persona == "anonim":
        if entri.api:
            return kode == 401
        login = resolve_url(settings.LOGIN_URL)
        return kode == 302 and response["Location"].startswith(login)
    return kode in (403, 404)


def periksa(client, w, entri, metode: str, persona: str) -> None:
    """One persona knocks once; AssertionError says what went wrong."""
    harap = entri.harap(metode, persona)
    client.cookies.clear()
    if persona in w.sesi:
        client.cookies[settings.SESSION_COOKIE_NAME] = w.sesi[persona]
    audit_awal = AuditEvent.objects.count()
    with CaptureQueriesContext(connection) as queries:
        response = _panggil(client, entri, metode, w, persona)
    kode = response.status_code
    where = f"{metode} {_url(entri, w, persona)} sebagai {persona}"
    assert kode < 500 or kode in harap.kode, f"{where}: server error {kode}"
    if harap.jenis == "tolak":
        assert _ditolak(response, entri, persona, harap), f"{where}: harus ditolak, dapat {kode} (BOCOR)"
        ditulis = tulisan(queries.captured_queries)
        assert not ditulis, f"{where}: ditolak ({kode}) tetapi menulis: {ditulis} (BOCOR)"
        assert AuditEvent.objects.count() == audit_awal, (
            f"{where}: ditolak tetapi ada AuditEvent baru (BOCOR)"
        )
    else:
        diterima = harap.kode or ((200, 201, 204, 302, 400, 409, 422) if metode in TULIS else (200,))
        assert kode in diterima, f"{where}: harus diizinkan {diterima}, dapat {kode}"
    if harap.jenis != "ok" and persona != "pemilik" and kode not in (301, 302):
        isi = teks(response)
        rahasia = set(entri.rahasia(w) if entri.rahasia else w.rahasia) - w.milik(persona)
        bocor = sorted(r for r in rahasia if r and r in isi)
        assert not bocor, f"{where}: jawaban memuat data di luar haknya: {bocor} (BOCOR)"


@pytest.fixture(scope="module", autouse=True)
def _tanpa_log_penolakan():
    """Every refusal is logged as a warning with its traceback: thousands of them here. Errors still are."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.mark.parametrize("entri,metode", list(_kasus()))
def test_matriks_akses(dunia, db, client, entri, metode):
    """Every persona in turn, each in its own savepoint (a write allowed to one is undone before the next)."""
    gagal = []
    for persona in entri.hanya or (PERSONA_API if entri.api else PERSONA):
        with transaction.atomic():
            try:
                periksa(client, dunia, entri, metode, persona)
            except AssertionError as exc:
                gagal.append(str(exc))
            except Exception as exc:  # an exception escaping the view is a 500 for the user
                gagal.append(f"{metode} {entri.judul} sebagai {persona}: server error {exc!r}")
            transaction.set_rollback(True)
    assert not gagal, "\n".join(gagal)


# --- the leak the matrix found ------------------------------------------------------------------------------------


def test_matriks_peran_hasil_hanya_untuk_pimpinan(dunia, db):
    """A member who is no leader could put a colleague's SKP in their own Matriks Peran Hasil and then write RHK
    into it (skp.services.rhk._may_write). Now Tambah Pegawai is refused on a member's SKP, and a row left from
    before gives no right."""
    w = dunia
    with pytest.raises(PermissionDeniedError, match="hanya untuk SKP pimpinan"):
        matriks_services.matriks_tambah_pegawai(
            actor=w.kolega.user, skp_pimpinan=w.skp_kolega, skp_anggota=w.skp
        )
    MatriksAnggota.objects.create(skp_pimpinan=w.skp_kolega, skp_anggota=w.skp_draft)
    with pytest.raises(PermissionDeniedError):
        rhk_services.rhk_create(
            actor=w.kolega.user, skp=w.skp_draft, jenis="UTAMA", klasifikasi="INDIVIDU", teks="Susupan",
            rhk_atasan=w.rhk_draft.rhk_atasan,
        )  # fmt: skip
    assert not Rhk.objects.filter(teks="Susupan").exists()
    # A leader still adds someone from outside their unit (SPEC §2) and may then plan their RHK.
    item = matriks_services.matriks_tambah_pegawai(
        actor=w.kaban.user, skp_pimpinan=w.skp_kaban, skp_anggota=w.skp_lain
    )
    assert item.skp_anggota == w.skp_lain

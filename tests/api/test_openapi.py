"""The OpenAPI document validates, and schemathesis, generating requests from it against the WSGI app in-process
on seeded data (as the owner, the assessor, the atasan pejabat penilai and a write API key), finds no 5xx."""

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from django.utils import timezone
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from kinerja.api.keys import apikey_create
from kinerja.harian.models import PengaturanHarian
from kinerja.harian.services import ckhp
from kinerja.penilaian.services import evaluasi, keberatan, pengisian

from ..penilaian.conftest import nilai_org, skp_org  # noqa: F401  (fixtures)

EXAMPLES = {GenerationMode.POSITIVE: 12, GenerationMode.NEGATIVE: 6}  # per operation


def test_openapi_document_validates(client):
    r = client.get("/api/v1/openapi.json")
    assert r.status_code == 200
    spec = r.json()
    validate(spec)
    paths = spec["paths"]
    for path in (
        "/api/v1/penilaian",
        "/api/v1/penilaian/{penilaian_id}",
        "/api/v1/penilaian/{penilaian_id}/rating",
        "/api/v1/keberatan",
        "/api/v1/keberatan/{keberatan_id}/putus",
    ):
        assert path in paths, path
    rating = paths["/api/v1/penilaian/{penilaian_id}/rating"]["put"]
    assert {"200", "400", "403", "404", "422"} <= set(rating["responses"])


def _session(user) -> dict:
    """A logged-in web session (cookie) with its CSRF token, as a browser or the mobile app would hold."""
    c = Client()
    c.force_login(user)
    token = get_random_string(32)
    return {
        "cookies": {
            django_settings.SESSION_COOKIE_NAME: c.cookies[django_settings.SESSION_COOKIE_NAME].value,
            django_settings.CSRF_COOKIE_NAME: token,
        },
        "headers": {"Authorization": "", "X-CSRFToken": token},
    }


# Credentials are not generated: every case carries these placeholders, replaced by one identity when called.
NO_HEADERS = {"Authorization": ""}
NO_COOKIES = {django_settings.SESSION_COOKIE_NAME: "", django_settings.CSRF_COOKIE_NAME: ""}


@pytest.fixture
def keep_connection():
    """Like Django's test client: the WSGI handler must not close the test's database connection (and with it the
    test transaction) at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def seeded(nilai_org, keep_connection):  # noqa: F811
    """Every kind of object the API addresses, filled through the services: a rated Final period with
    realisasi, bukti dukung, feedback, pembinaan and a keberatan filed; a rencana aksi on Triwulan I."""
    o = nilai_org
    ind = o.rhk_staf.indikator.get()
    ra = _try(pengisian.rencana_aksi_create, actor=o.staf.user, penilaian=o.tw1, rhk=o.rhk_staf, teks="Aksi")
    pengisian.realisasi_set(actor=o.staf.user, penilaian=o.final, indikator=ind, realisasi="12 laporan")
    bukti = pengisian.bukti_create(
        actor=o.staf.user, penilaian=o.final, indikator=ind, nama="Laporan", link="https://contoh.go.id/l"
    )
    evaluasi.feedback_indikator_simpan(actor=o.kabid.user, penilaian=o.final, indikator=ind, jempol="NAIK")
    evaluasi.feedback_perilaku_simpan(actor=o.kabid.user, penilaian=o.final, nilai=1, teks="Baik")
    catatan = evaluasi.pembinaan_tambah(actor=o.kabid.user, penilaian=o.final, teks="Pertahankan.")
    evaluasi.rating_ubah(actor=o.kabid.user, penilaian=o.final, aspek="hasil_kerja", rating="SESUAI")
    evaluasi.rating_ubah(actor=o.kabid.user, penilaian=o.final, aspek="perilaku", rating="SESUAI")
    k = keberatan.keberatan_ajukan(actor=o.staf.user, penilaian=o.final, alasan="Realisasi melebihi target.")
    _, key = apikey_create(actor=o.admin, instansi=o.instansi, nama="Sistem Uji", akses="TULIS")
    # Kinerja harian on, with one daily entry: the CKHP and TPP operations reach their services, not a 404.
    PengaturanHarian.objects.create(instansi=o.instansi, aktif=True, hari_mundur=5)
    today = timezone.localdate()
    catatan = ckhp.catatan_tambah(
        actor=o.staf.user,
        skp=o.skp_staf,
        indikator=ind,
        tanggal=today,
        uraian="Menyusun laporan",
        realisasi="1",
    )
    o.real = {
        "penilaian_id": [o.tw1.pk, o.final.pk],
        "skp_id": [o.skp_staf.pk, o.skp_kabid.pk],
        "skp": [o.skp_staf.pk, o.skp_kabid.pk],
        "periode_id": [p.pk for p in o.periode.values()],
        "periode": [p.pk for p in o.periode.values()],
        "indikator_id": [ind.pk],
        "rhk_id": [o.rhk_staf.pk, o.rhk_kabid.pk],
        "keberatan_id": [k.pk],
        "item_id": [x.pk for x in (ra, bukti, catatan) if x is not None],
        "unit_id": [o.bidang.pk, o.badan.pk],
        "nip": [o.staf.nip, o.kabid.nip],
        "nilai": [1, 3],
        "catatan_id": [[catatan.pk]],
        "tahun": [today.year],
        "bulan": [today.month, max(today.month - 1, 1)],
    }
    o.identities = [
        {"headers": {"Authorization": f"Bearer {key}"}, "cookies": NO_COOKIES},
        _session(o.staf.user),
        _session(o.kabid.user),
        _session(o.kaban.user),
    ]
    return o


def _try(service, **kwargs):
    """Triwulan I may be closed today (past its batas): then the seed simply has no rencana aksi."""
    from kinerja.core.errors import DomainError

    try:
        return service(**kwargs)
    except DomainError:
        return None


# Hostile text swapped into generated strings (tests/security/test_input_*.py test the same at the services).
HOSTILE = (
    "<script>alert(1)</script>", "\x00", "a\x00b", "x" * 10_000, "javascript:alert(1)", " JaVaScRiPt:x",
    "data:text/html,x", "//evil.example", "=1+1", "\u202eRTL\u200b", "😀" * 300, "{{7*7}}", "2026-02-30",
)  # fmt: skip


def _with_real_ids(strategy, real: dict):
    """Half of the generated values point at seeded objects, so that schemathesis reaches the real code paths;
    and strings may be replaced by hostile text (NUL, 10,000 characters, script, other URL schemes)."""

    def value(k, v):
        if real.get(k):
            return st.sampled_from(real[k])
        if isinstance(v, str):
            return st.one_of(st.just(v), st.sampled_from(HOSTILE))
        return st.just(v)

    def swap(values):
        if not isinstance(values, dict):
            return st.just(values)
        return st.fixed_dictionaries({k: value(k, v) for k, v in values.items()})

    return st.one_of(strategy, strategy.flatmap(swap))


def _schema(real: dict):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    # Logging out would end the sessions the other calls use; it is covered by the sesi tests.
    schema = schema.exclude(path="/api/v1/sesi/keluar")

    @schema.hook
    def before_generate_path_parameters(context, strategy):
        return _with_real_ids(strategy, real)

    @schema.hook
    def before_generate_query(context, strategy):
        return _with_real_ids(strategy, real)

    @schema.hook
    def before_generate_body(context, strategy):
        return _with_real_ids(strategy, real)

    return schema


def _fuzz(operation, mode, strategy, identities) -> str | None:
    """Run one operation's generated cases, each as one of the identities; the first 5xx as text, or None."""

    @given(case=strategy, identity=st.sampled_from(identities))
    @settings(
        max_examples=EXAMPLES[mode],
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case, identity):
        response = case.call(headers=identity["headers"], cookies=identity["cookies"])
        if response.status_code == 503 and response.json().get("kode") == "layanan_tidak_tersedia":
            return  # the external system (SIASN/PMM) is not configured in this run: a documented answer
        case.validate_response(response, checks=[not_a_server_error])

    try:
        run()
    except Unsatisfiable:
        return None  # nothing to negate: every input of this operation is fixed or free-form
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # noqa: BLE001  (schemathesis raises exception groups; reported per operation)
        return f"{operation.label}: {exc!s}"[:2500]
    return None


def test_schemathesis_finds_no_server_error(seeded):
    """Every operation, positive and negative cases, as the owner, the assessor, the atasan pejabat penilai and a
    write API key: never a 5xx."""
    schema = _schema(seeded.real)
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(mode, hooks=schema.hooks, headers=NO_HEADERS, cookies=NO_COOKIES)
            failure = _fuzz(operation, mode, strategy, seeded.identities)
            if failure:
                failures.append(failure)
                break
    assert operations >= 30
    assert not failures, "\n\n".join(failures)

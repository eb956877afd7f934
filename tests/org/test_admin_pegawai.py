"""Manajemen Pegawai pages: permissions, filters, constant queries, Unduh Excel, edit, reset, nonaktifkan."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.core.errors import DomainError
from kinerja.core.models import AuditEvent
from kinerja.org.models import Pegawai, User
from kinerja.org.services import pegawai as svc
from tests.factories import PegawaiFactory, UnitKerjaFactory

from .test_admin_pegawai_services import data_of


def post_of(p: Pegawai, **changes) -> dict:
    """The edit form as a browser posts it."""
    out = {}
    for name, value in data_of(p, **changes).items():
        if hasattr(value, "pk"):
            value = value.pk
        out[name] = (
            "" if value is None else (value.isoformat() if isinstance(value, datetime.date) else value)
        )
    return out


# --- pages: permissions -----------------------------------------------------------------------------------

LIST_URLS = ["org:admin_pegawai_list", "org:admin_pegawai_excel"]
OBJECT_URLS = [
    "org:admin_pegawai_edit",
    "org:admin_pegawai_reset_password",
    "org:admin_pegawai_deactivate",
    "org:admin_pegawai_activate",
]


@pytest.mark.parametrize("name", LIST_URLS + OBJECT_URLS)
def test_anonymous_is_sent_to_login_and_pegawai_gets_403(client, org, name):
    url = reverse(name, args=[org.staf.pk]) if name in OBJECT_URLS else reverse(name)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(org.staf.user)
    assert client.get(url).status_code == 403
    if name in OBJECT_URLS:
        assert client.post(url).status_code == 403


@pytest.mark.parametrize("name", OBJECT_URLS)
def test_admin_of_another_instansi_gets_404(client, org, other_org, name):
    client.force_login(other_org.admin)
    url = reverse(name, args=[org.staf.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, post_of(org.staf, nama="X")).status_code == 404
    org.staf.refresh_from_db()
    assert org.staf.aktif and org.staf.nama == "STAF BIDANG"
    assert not AuditEvent.objects.exists()


def test_list_and_excel_show_only_the_admins_instansi(client, org, other_org):
    client.force_login(other_org.admin)
    html = client.get(reverse("org:admin_pegawai_list")).content.decode()
    assert "PEGAWAI LAIN" in html and "STAF BIDANG" not in html
    ws = load_workbook(io.BytesIO(client.get(reverse("org:admin_pegawai_excel")).content)).active
    assert [r[1] for r in ws.iter_rows(min_row=2, values_only=True)] == ["PEGAWAI LAIN"]


# --- pages: list, query counts, Unduh Excel ---------------------------------------------------------------


def names_on(response) -> set[str]:
    return {p.nama for p in response.context["page_obj"]}


def test_list_filters(client, org):
    org.staf2.aktif = False
    org.staf2.save()
    PegawaiFactory(unit_kerja=org.subbidang, nama="PPPK SATU", jenis_asn="PPPK", golongan="IX",
                   tmt_pns=None, gelar_depan="dr.")  # fmt: skip
    client.force_login(org.admin)
    url = reverse("org:admin_pegawai_list")
    everyone = {
        "KEPALA BADAN",
        "KEPALA BIDANG",
        "STAF BIDANG",
        "STAF KEDUA",
        "ANGGOTA SUBBIDANG",
        "PPPK SATU",
    }
    assert names_on(client.get(url)) == everyone
    assert names_on(client.get(url, {"q": "staf"})) == {"STAF BIDANG", "STAF KEDUA"}
    assert names_on(client.get(url, {"q": org.kabid.nip[:12]})) >= {"KEPALA BIDANG"}
    assert names_on(client.get(url, {"q": org.kabid.nip})) == {"KEPALA BIDANG"}
    assert names_on(client.get(url, {"unit": org.bidang.pk})) == {
        "KEPALA BIDANG",
        "STAF BIDANG",
        "STAF KEDUA",
    }
    sub = names_on(client.get(url, {"unit": org.bidang.pk, "sub_unit": "on"}))
    assert sub == {"KEPALA BIDANG", "STAF BIDANG", "STAF KEDUA", "ANGGOTA SUBBIDANG", "PPPK SATU"}
    assert names_on(client.get(url, {"jenis_asn": "PPPK"})) == {"PPPK SATU"}
    assert names_on(client.get(url, {"jenis_pegawai": "PIMPINAN"})) == {"KEPALA BADAN", "KEPALA BIDANG"}
    assert names_on(client.get(url, {"status": "nonaktif"})) == {"STAF KEDUA"}
    assert "STAF KEDUA" not in names_on(client.get(url, {"status": "aktif"}))
    assert names_on(client.get(url, {"unit": "bukan-angka", "q": "staf"})) == {"STAF BIDANG", "STAF KEDUA"}
    html = client.get(url, {"q": "PPPK"}).content.decode()
    assert "dr. PPPK SATU" in html and "PPPK / IX" in html and "Penata Muda Tingkat I / III/b" not in html
    response = client.get(url, {"unit": org.bidang.pk})
    assert f"BIDANG UJI — ID: {org.bidang.id_unor}" in response.content.decode()  # the chosen unit is kept


def test_national_admin_filters_by_instansi(client, org, other_org, admin_nasional):
    client.force_login(admin_nasional)
    url = reverse("org:admin_pegawai_list")
    assert {"STAF BIDANG", "PEGAWAI LAIN"} <= names_on(client.get(url))
    response = client.get(url, {"instansi": other_org.instansi.pk})
    assert names_on(response) == {"PEGAWAI LAIN"}
    assert "Pemerintah Kab. Lain" in response.content.decode()


def _grow(org, n: int) -> None:
    units = [UnitKerjaFactory(instansi=org.instansi, parent=org.badan) for _ in range(3)]
    for i in range(n):
        PegawaiFactory(unit_kerja=units[i % 3], jenis_pegawai="PEGAWAI")


def _count(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("params", [{}, {"unit": "bidang", "q": "a", "status": "aktif"}])
def test_list_and_excel_use_a_constant_number_of_queries(client, org, params):
    if params.get("unit") == "bidang":
        params = {**params, "unit": org.badan.pk, "sub_unit": "on"}
    client.force_login(org.admin)
    list_url, excel_url = reverse("org:admin_pegawai_list"), reverse("org:admin_pegawai_excel")
    _grow(org, 5)  # 10 employees
    small = (_count(client, list_url, params), _count(client, excel_url, params))
    _grow(org, 290)  # 300 employees, each with its own jabatan, spread over units
    assert Pegawai.objects.filter(instansi=org.instansi).count() == 300
    big = (_count(client, list_url, params), _count(client, excel_url, params))
    assert small == big


def test_excel_has_every_filtered_row_with_the_extra_columns(client, org):
    PegawaiFactory.create_batch(60, unit_kerja=org.bidang)
    org.staf.gelar_belakang = "S.Kom."
    org.staf.tempat_lahir = "=HYPERLINK(1)"
    org.staf.tmt_jabatan = datetime.date(2020, 11, 25)
    org.staf.save()
    client.force_login(org.admin)
    response = client.get(reverse("org:admin_pegawai_excel"), {"unit": org.bidang.pk})
    assert response["Content-Disposition"].startswith('attachment; filename="pegawai-')
    ws = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in ws[1]]
    assert header == ["NIP", "Nama", "Jabatan", "Pangkat/Golongan", "Unit Kerja", "Jenis Pegawai", "PNS/PPPK",
                      "Status", "Tempat Lahir", "Tanggal Lahir", "TMT CPNS", "TMT PNS", "TMT Jabatan",
                      "TMT Golongan", "ID Unor"]  # fmt: skip
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert len(rows) == 63  # all pages, not only the first 50
    staf = rows[org.staf.nip]
    assert staf[1] == "STAF BIDANG, S.Kom."
    assert staf[3] == "Penata Muda Tingkat I / III/b"
    assert staf[4] == "BIDANG UJI" and staf[14] == org.bidang.id_unor
    assert staf[5:8] == ("Pegawai", "PNS", "Aktif")
    assert staf[8] == "'=HYPERLINK(1)"  # neutralised
    assert staf[9].date() == org.staf.tanggal_lahir and staf[12].date() == datetime.date(2020, 11, 25)
    assert staf[13] is None


# --- pages: edit, reset password, nonaktifkan -------------------------------------------------------------


def test_edit_page_saves_and_redirects(client, org):
    client.force_login(org.admin)
    url = reverse("org:admin_pegawai_edit", args=[org.kabid.pk])
    page = client.get(url).content.decode()
    assert org.kabid.nip in page and 'name="nip"' not in page  # shown, not editable
    response = client.post(
        url, post_of(org.kabid, nama="KABID BARU", unit_kerja=org.subbidang, golongan="IV/a")
    )
    assert response.status_code == 302 and response["Location"] == reverse("org:admin_pegawai_list")
    org.kabid.refresh_from_db()
    assert (org.kabid.nama, org.kabid.unit_kerja, org.kabid.jenis_pegawai) == (
        "KABID BARU",
        org.subbidang,
        "PEGAWAI",
    )
    assert "berhasil disimpan" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"jenis_kelamin": "P"}, "jenis_kelamin"), ({"golongan": "IX"}, "golongan"),
     ({"tanggal_lahir": ""}, "tanggal_lahir"), ({"tmt_cpns": "2015-01-01"}, "tmt_cpns"),
     ({"unit_kerja": "999999"}, "unit_kerja")],
)  # fmt: skip
def test_edit_bad_input_is_shown_next_to_the_field_and_kept(client, org, changes, field):
    client.force_login(org.admin)
    url = reverse("org:admin_pegawai_edit", args=[org.staf.pk])
    data = {**post_of(org.staf, nama="NAMA YANG DIKETIK"), **changes}
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-field-error="{field}"' in html
    assert response.context["form"].errors[field]
    assert 'value="NAMA YANG DIKETIK"' in html  # input kept
    org.staf.refresh_from_db()
    assert org.staf.nama == "STAF BIDANG" and not AuditEvent.objects.exists()


def test_edit_domain_error_from_the_service_lands_on_its_field(client, org, monkeypatch):
    def refuse(**kwargs):
        raise DomainError("Unit kerja ini sudah tidak aktif.", field="unit_kerja")

    monkeypatch.setattr(svc, "pegawai_update", refuse)
    client.force_login(org.admin)
    response = client.post(reverse("org:admin_pegawai_edit", args=[org.staf.pk]), post_of(org.staf))
    assert response.status_code == 200
    assert response.context["form"].errors["unit_kerja"] == ["Unit kerja ini sudah tidak aktif."]


def test_reset_password_page_shows_the_password_once(client, org):
    client.force_login(org.admin)
    url = reverse("org:admin_pegawai_reset_password", args=[org.staf.pk])
    assert "Lanjutkan?" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 200
    html = response.content.decode()
    password = html.split('data-testid="password-sementara">')[1].split("<")[0]
    assert len(password) >= 12 and "berhasil direset" in html
    assert User.objects.get(pk=org.staf.user_id).check_password(password)
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert all(password not in morsel.value for morsel in response.cookies.values())  # never stored
    assert password not in client.get(reverse("org:admin_pegawai_list")).content.decode()  # shown only once


def test_deactivate_and_activate_pages(client, org):
    client.force_login(org.admin)
    deactivate = reverse("org:admin_pegawai_deactivate", args=[org.kabid.pk])
    assert "Nonaktifkan Pegawai" in client.get(deactivate).content.decode()
    response = client.post(deactivate, follow=True)
    assert "telah dinonaktifkan" in response.content.decode()
    org.kabid.refresh_from_db()
    assert not org.kabid.aktif and org.kabid.jenis_pegawai == "PEGAWAI"
    response = client.post(deactivate, follow=True)
    assert "sudah nonaktif" in response.content.decode()
    response = client.post(reverse("org:admin_pegawai_activate", args=[org.kabid.pk]), follow=True)
    assert "telah diaktifkan kembali" in response.content.decode()
    me = PegawaiFactory(unit_kerja=org.bidang, user=org.admin)
    response = client.post(reverse("org:admin_pegawai_deactivate", args=[me.pk]), follow=True)
    assert "Anda tidak dapat menonaktifkan akun Anda sendiri." in response.content.decode()
    me.refresh_from_db()
    assert me.aktif

"""Manajemen PLT / PLH: services, the effect on atasan resolution, pages, permissions and query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.org import atasan
from kinerja.org.models import PenugasanPlt
from kinerja.org.selectors import plt as selectors
from kinerja.org.services import plt as services

from ..factories import PegawaiFactory, PenugasanPltFactory, UnitKerjaFactory

DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    return atasan.today()


def events(action=None):
    qs = AuditEvent.objects.all()
    return list(qs.filter(action=action) if action else qs)


def assign(org, **kwargs):
    values = {
        "actor": org.admin,
        "instansi": org.instansi,
        "pegawai": org.staf2,
        "unit_kerja": org.subbidang,
        "jenis": "PLT",
        "nomor_sk": "800/123/BKPSDM/2024",
        "tanggal_mulai": atasan.today() - 10 * DAY,
        "tanggal_selesai": None,
        **kwargs,
    }
    return services.plt_create(**values)


# --- services -------------------------------------------------------------------------------------


def test_create_is_audited(org, today):
    p = assign(org)
    assert (p.pegawai, p.unit_kerja, p.jenis, p.tanggal_selesai) == (org.staf2, org.subbidang, "PLT", None)
    [event] = events("plt.create")
    assert event.actor == org.admin and event.instansi == org.instansi
    assert event.after == {
        "pegawai": org.staf2.pk,
        "unit_kerja": org.subbidang.pk,
        "jenis": "PLT",
        "nomor_sk": "800/123/BKPSDM/2024",
        "tanggal_mulai": (today - 10 * DAY).isoformat(),
        "tanggal_selesai": None,
    }


def test_create_refuses_outside_the_instansi_and_inactive(org, other_org):
    pensiun = PegawaiFactory(unit_kerja=org.bidang, aktif=False, nama="PENSIUN")
    lama = UnitKerjaFactory(parent=org.bidang, aktif=False, nama="LAMA")
    cases = [
        ({"pegawai": other_org.pegawai}, "pegawai", "bukan pegawai instansi ini"),
        ({"unit_kerja": other_org.unit}, "unit_kerja", "bukan unit kerja instansi ini"),
        ({"pegawai": pensiun}, "pegawai", "PENSIUN tidak aktif"),
        ({"unit_kerja": lama}, "unit_kerja", "LAMA tidak aktif"),
        ({"jenis": "XYZ"}, "jenis", "PLT atau PLH"),
        ({"nomor_sk": "  "}, "nomor_sk", "Nomor SK wajib"),
    ]  # fmt: skip
    for kwargs, field, message in cases:
        with pytest.raises(DomainError, match=message) as exc:
            assign(org, **kwargs)
        assert exc.value.field == field
    assert events() == [] and not PenugasanPlt.objects.exists()


def test_create_refuses_end_before_start(org, today):
    with pytest.raises(DomainError, match="tidak boleh sebelum tanggal mulai") as exc:
        assign(org, tanggal_mulai=today, tanggal_selesai=today - DAY)
    assert exc.value.field == "tanggal_selesai"


def test_create_refuses_overlap_of_same_jenis_and_names_the_holder(org, today):
    assign(org, tanggal_mulai=today - 30 * DAY, tanggal_selesai=today + 30 * DAY)
    with pytest.raises(
        DomainError, match=f"sudah memiliki PLT .*STAF KEDUA \\(NIP {org.staf2.nip}\\)"
    ) as exc:
        assign(org, pegawai=org.staf, tanggal_mulai=today + 30 * DAY)
    assert exc.value.field == "tanggal_mulai"
    with pytest.raises(DomainError, match="STAF KEDUA"):
        assign(org, pegawai=org.staf, tanggal_mulai=today - 60 * DAY, tanggal_selesai=today - 30 * DAY)
    # a PLH beside a PLT, and a PLT after the first one ends, are fine
    assign(org, pegawai=org.staf, jenis="PLH", tanggal_mulai=today)
    assign(org, pegawai=org.staf, tanggal_mulai=today + 31 * DAY)
    assign(org, pegawai=org.staf, tanggal_mulai=today - 60 * DAY, tanggal_selesai=today - 31 * DAY)
    assert len(events("plt.create")) == 4


def test_open_ended_assignment_blocks_any_later_one(org, today):
    assign(org, tanggal_mulai=today - 30 * DAY)
    with pytest.raises(DomainError, match="s/d sekarang"):
        assign(org, pegawai=org.staf, tanggal_mulai=today + 365 * DAY)


def test_claimed_leader_cannot_act_in_their_own_unit(org):
    with pytest.raises(DomainError, match="pimpinan definitif unit kerja BIDANG UJI") as exc:
        assign(org, pegawai=org.kabid, unit_kerja=org.bidang)
    assert exc.value.field == "pegawai"
    assign(org, pegawai=org.kabid, unit_kerja=org.subbidang)  # a unit they do not lead is fine


def test_create_refused_to_another_admin_and_to_employees(org, other_org, admin_nasional):
    for actor in (other_org.admin, org.staf.user):
        with pytest.raises(PermissionDeniedError):
            assign(org, actor=actor)
    assign(org, actor=admin_nasional)
    assert len(events()) == 1


def test_end_defaults_to_today_and_is_audited(org, today):
    p = assign(org)
    services.plt_end(actor=org.admin, penugasan=p)
    p.refresh_from_db()
    assert p.tanggal_selesai == today
    [event] = events("plt.end")
    assert event.before["tanggal_selesai"] is None and event.after["tanggal_selesai"] == today.isoformat()
    assert event.instansi == org.instansi


def test_end_refusals(org, today, other_org):
    p = assign(org, tanggal_mulai=today - 5 * DAY)
    with pytest.raises(DomainError, match="tidak boleh sebelum tanggal mulai") as exc:
        services.plt_end(actor=org.admin, penugasan=p, tanggal_selesai=today - 6 * DAY)
    assert exc.value.field == "tanggal_selesai"
    with pytest.raises(PermissionDeniedError):
        services.plt_end(actor=other_org.admin, penugasan=p)
    services.plt_end(actor=org.admin, penugasan=p, tanggal_selesai=today - DAY)
    with pytest.raises(DomainError, match="sudah berakhir pada"):
        services.plt_end(actor=org.admin, penugasan=p)
    # a planned end can only be brought forward
    q = assign(org, pegawai=org.staf, jenis="PLH", tanggal_mulai=today, tanggal_selesai=today + 10 * DAY)
    with pytest.raises(DomainError, match="hanya dapat dimajukan"):
        services.plt_end(actor=org.admin, penugasan=q, tanggal_selesai=today + 20 * DAY)
    services.plt_end(actor=org.admin, penugasan=q, tanggal_selesai=today + 2 * DAY)
    assert len(events("plt.end")) == 2


def test_active_plt_assesses_the_unit_and_ending_restores(org, today):
    """anggota_sub's unit has no leader; a PLT stands in, and ending it leaves the unit without again."""
    before = atasan.pejabat_penilai(org.anggota_sub)
    assert before.pimpinan is None and "belum memiliki pimpinan" in before.alasan
    p = assign(org, pegawai=org.staf2, unit_kerja=org.subbidang)
    now = atasan.pejabat_penilai(org.anggota_sub)
    assert now.pegawai == org.staf2 and now.pimpinan.status == "plt"
    assert now.pimpinan.label == f"STAF KEDUA (plt) - {org.staf2.nip}"
    services.plt_end(actor=org.admin, penugasan=p)  # today is its last day
    assert atasan.pejabat_penilai(org.anggota_sub).pegawai == org.staf2
    assert atasan.pejabat_penilai(org.anggota_sub, on=today + DAY) == before


def test_plt_replaces_the_definitive_leader_until_ended(org, today):
    assert atasan.pejabat_penilai(org.staf).pegawai == org.kabid
    p = assign(org, pegawai=org.staf2, unit_kerja=org.bidang, tanggal_mulai=today - 3 * DAY)
    assert atasan.pejabat_penilai(org.staf).pegawai == org.staf2
    services.plt_end(actor=org.admin, penugasan=p, tanggal_selesai=today - DAY)
    assert atasan.pejabat_penilai(org.staf).pimpinan.label == f"KEPALA BIDANG (definitif) - {org.kabid.nip}"


# --- selectors ------------------------------------------------------------------------------------


def test_list_filters_and_status(org, today):
    aktif = assign(org)
    selesai = assign(org, pegawai=org.staf, tanggal_mulai=today - 90 * DAY, tanggal_selesai=today - 60 * DAY)
    nanti = assign(org, pegawai=org.staf, jenis="PLH", tanggal_mulai=today + 5 * DAY)
    status = {p.pk: p.status for p in selectors.plt_list(instansi=org.instansi, status="semua")}
    assert status == {aktif.pk: "aktif", selesai.pk: "selesai", nanti.pk: "terjadwal"}
    assert {p.pk for p in selectors.plt_list(instansi=org.instansi)} == {aktif.pk, nanti.pk}
    assert [p.pk for p in selectors.plt_list(instansi=org.instansi, status="selesai")] == [selesai.pk]
    assert [p.pk for p in selectors.plt_list(instansi=org.instansi, status="semua", q="kedua")] == [aktif.pk]


def test_pegawai_search(org, other_org, admin_nasional):
    def found(user, q, **kw):
        return [p.nama for p in selectors.pegawai_search(user=user, q=q, **kw)]

    assert found(org.admin, "staf") == ["STAF BIDANG", "STAF KEDUA"]
    assert found(org.admin, org.staf.nip[:10]) == ["STAF BIDANG"]
    assert found(org.admin, "s") == []
    assert found(org.admin, "lain") == []
    assert found(other_org.admin, "staf") == []
    assert found(admin_nasional, "lain", instansi=other_org.instansi.pk) == ["PEGAWAI LAIN"]
    assert found(admin_nasional, "lain", instansi=org.instansi.pk) == []
    assert found(org.staf.user, "staf") == []
    PegawaiFactory(unit_kerja=org.bidang, nama="STAF PENSIUN", aktif=False)
    for i in range(25):
        PegawaiFactory(unit_kerja=org.bidang, nama=f"STAF TAMBAHAN {i:02d}")
    assert len(found(org.admin, "staf")) == 20 and "STAF PENSIUN" not in found(org.admin, "pensiun")


# --- views ----------------------------------------------------------------------------------------


def test_list_page(client, org, today):
    assign(org)
    client.force_login(org.admin)
    html = client.get(reverse("org:admin_plt_list")).content.decode()
    assert "STAF KEDUA" in html and org.staf2.nip in html and "800/123/BKPSDM/2024" in html
    assert "SUBBIDANG UJI" in html and "sekarang" in html
    response = client.get(reverse("org:admin_plt_list"), {"unduh": "xlsx", "status": "semua"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_list_page_runs_a_constant_number_of_queries(client, org, today):
    client.force_login(org.admin)

    def grow(n):
        for _ in range(n):
            unit = UnitKerjaFactory(parent=org.bidang)
            PenugasanPltFactory(unit_kerja=unit, pegawai=PegawaiFactory(unit_kerja=org.bidang), nomor_sk="SK")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("org:admin_plt_list"), {"status": "semua"}).status_code == 200
        return len(ctx.captured_queries)

    grow(2)
    small = count()
    grow(12)
    assert count() == small


def test_create_view(client, org, today):
    client.force_login(org.admin)
    assert client.get(reverse("org:admin_plt_create"), {"unit": org.subbidang.pk}).status_code == 200
    response = client.post(
        reverse("org:admin_plt_create"),
        {"pegawai": org.staf2.pk, "unit_kerja": org.subbidang.pk, "jenis": "PLH", "nomor_sk": "SP/1",
         "tanggal_mulai": today.isoformat(), "tanggal_selesai": ""},
    )  # fmt: skip
    assert response.status_code == 302 and response.url == reverse("org:admin_plt_list")
    assert PenugasanPlt.objects.get().jenis == "PLH"


def test_create_view_keeps_input_and_shows_error_next_to_field(client, org, today):
    client.force_login(org.admin)
    data = {"pegawai": org.kabid.pk, "unit_kerja": org.bidang.pk, "jenis": "PLT", "nomor_sk": "SK/99",
            "tanggal_mulai": today.isoformat(), "tanggal_selesai": ""}  # fmt: skip
    response = client.post(reverse("org:admin_plt_create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'data-field-error="pegawai">[^<]*pimpinan definitif', html)
    assert f'<option value="{org.kabid.pk}" selected>' in html and 'value="SK/99"' in html
    response = client.post(
        reverse("org:admin_plt_create"),
        {**data, "pegawai": org.staf.pk, "tanggal_selesai": (today - DAY).isoformat()},
    )
    assert re.search(
        r'data-field-error="tanggal_selesai">[^<]*sebelum tanggal mulai', response.content.decode()
    )
    assert not PenugasanPlt.objects.exists() and events() == []


def test_end_view(client, org, today):
    p = assign(org)
    client.force_login(org.admin)
    url = reverse("org:admin_plt_end", args=[p.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"tanggal_selesai": (today - 20 * DAY).isoformat()})
    assert response.status_code == 200
    assert re.search(
        r'data-field-error="tanggal_selesai">[^<]*sebelum tanggal mulai', response.content.decode()
    )
    response = client.post(url, {"tanggal_selesai": today.isoformat()})
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.tanggal_selesai == today


def test_pegawai_search_view(client, org, other_org):
    client.force_login(org.admin)
    data = client.get(reverse("org:admin_pegawai_search"), {"q": "kedua"}).json()
    assert data == {"results": [{"id": org.staf2.pk, "text": f"STAF KEDUA — NIP: {org.staf2.nip}"}]}
    client.force_login(other_org.admin)
    assert client.get(reverse("org:admin_pegawai_search"), {"q": "kedua"}).json() == {"results": []}


# --- permissions ----------------------------------------------------------------------------------


def _urls(p):
    return [
        ("get", reverse("org:admin_plt_list")),
        ("get", reverse("org:admin_plt_create")),
        ("get", reverse("org:admin_pegawai_search") + "?q=staf"),
        ("get", reverse("org:admin_plt_end", args=[p.pk])),
        ("post", reverse("org:admin_plt_end", args=[p.pk])),
    ]


def test_anonymous_is_sent_to_login(client, org):
    for method, url in _urls(assign(org)):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_plain_employee_is_refused(client, org):
    client.force_login(org.staf.user)
    for method, url in _urls(assign(org)):
        assert getattr(client, method)(url).status_code == 403, url


def test_admin_of_another_instansi_cannot_see_or_touch(client, org, other_org, today):
    p = assign(org)
    client.force_login(other_org.admin)
    for method, url in _urls(p)[3:]:
        assert getattr(client, method)(url, {"tanggal_selesai": today.isoformat()}).status_code == 404, url
    html = client.get(reverse("org:admin_plt_list"), {"instansi": org.instansi.pk, "status": "semua"}).content
    assert b"STAF KEDUA" not in html
    response = client.post(
        reverse("org:admin_plt_create"),
        {"pegawai": org.staf.pk, "unit_kerja": org.bidang.pk, "jenis": "PLT", "nomor_sk": "X",
         "tanggal_mulai": today.isoformat()},
    )  # fmt: skip
    assert response.status_code == 200 and PenugasanPlt.objects.count() == 1
    p.refresh_from_db()
    assert p.tanggal_selesai is None


def test_national_admin_works_on_the_chosen_instansi(client, org, admin_nasional, today):
    client.force_login(admin_nasional)
    assert client.get(reverse("org:admin_plt_create")).status_code == 302
    response = client.post(
        reverse("org:admin_plt_create") + f"?instansi={org.instansi.pk}",
        {"pegawai": org.staf.pk, "unit_kerja": org.subbidang.pk, "jenis": "PLT", "nomor_sk": "SK/N",
         "tanggal_mulai": today.isoformat()},
    )  # fmt: skip
    assert response.status_code == 302 and response.url.endswith(f"?instansi={org.instansi.pk}")
    html = client.get(reverse("org:admin_plt_list"), {"instansi": org.instansi.pk}).content.decode()
    assert "SK/N" in html

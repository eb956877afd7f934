"""Manajemen Unit Kerja: services, selectors, pages, permissions and query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.org import atasan
from kinerja.org.models import Pegawai, Peran, UnitKerja
from kinerja.org.selectors import units as selectors
from kinerja.org.services import units as services

from ..factories import InstansiFactory, PegawaiFactory, PenugasanPltFactory, UnitKerjaFactory, UserFactory


def events(action=None):
    qs = AuditEvent.objects.all()
    return list(qs.filter(action=action) if action else qs)


def fresh(unit):
    return UnitKerja.objects.get(pk=unit.pk)


# --- services: create ---------------------------------------------------------------------------


def test_create_generates_an_id_and_is_audited(org):
    unit = services.unit_create(
        actor=org.admin, instansi=org.instansi, nama="  SEKSI   BARU ", eselon="42", parent=org.bidang
    )
    assert re.fullmatch(r"[0-9a-f]{32}", unit.id_unor)
    assert unit.nama == "SEKSI BARU"
    assert unit.path == f"{org.bidang.path}{unit.pk}/" and unit.depth == 3
    [event] = events("unit.create")
    assert event.actor == org.admin and event.instansi == org.instansi
    assert event.after["parent"] == org.bidang.pk and event.after["id_unor"] == unit.id_unor


def test_create_with_given_id_and_jenis_induk(org, admin_nasional):
    unit = services.unit_create(
        actor=admin_nasional,
        instansi=org.instansi,
        nama="DINAS BARU",
        id_unor="abc-123",
        eselon="22",
        parent=org.root,
        jenis_induk="JPT",
    )
    assert unit.id_unor == "abc-123" and unit.jenis_induk == "JPT" and unit.eselon_label == "22"


@pytest.mark.parametrize(
    "kwargs, field, message",
    [
        ({"nama": "  "}, "nama", "Nama unit kerja wajib diisi"),
        ({"eselon": "3A"}, "eselon", "Eselon harus dua angka"),
        ({"jenis_induk": "XYZ"}, "jenis_induk", "Jenis unit induk tidak dikenal"),
        ({"id_unor": "ada spasi"}, "id_unor", "hanya boleh berisi"),
        ({"id_unor": "x" * 65}, "id_unor", "paling panjang 64"),
    ],
)
def test_create_refuses_bad_values(org, kwargs, field, message):
    values = {"nama": "SEKSI", "parent": org.bidang, **kwargs}
    with pytest.raises(DomainError, match=message) as exc:
        services.unit_create(actor=org.admin, instansi=org.instansi, **values)
    assert exc.value.field == field
    assert events() == []


def test_create_refuses_duplicate_id(org, other_org):
    with pytest.raises(DomainError, match=f"sudah digunakan oleh unit kerja {org.badan.nama}") as exc:
        services.unit_create(
            actor=org.admin, instansi=org.instansi, nama="X", id_unor=org.badan.id_unor, parent=org.root
        )
    assert exc.value.field == "id_unor"
    # a unit of another instansi is not named
    with pytest.raises(DomainError, match="sudah digunakan oleh instansi lain"):
        services.unit_create(
            actor=org.admin, instansi=org.instansi, nama="X", id_unor=other_org.unit.id_unor, parent=org.root
        )
    assert events() == []


def test_create_refuses_parent_of_another_instansi_inactive_parent_and_second_root(org, other_org):
    with pytest.raises(DomainError, match="instansi yang sama") as exc:
        services.unit_create(actor=org.admin, instansi=org.instansi, nama="X", parent=other_org.unit)
    assert exc.value.field == "parent"
    kosong = UnitKerjaFactory(parent=org.bidang, aktif=False, nama="UNIT LAMA")
    with pytest.raises(DomainError, match="UNIT LAMA tidak aktif"):
        services.unit_create(actor=org.admin, instansi=org.instansi, nama="X", parent=kosong)
    with pytest.raises(DomainError, match="sudah memiliki unit kerja tertinggi") as exc:
        services.unit_create(actor=org.admin, instansi=org.instansi, nama="AKAR KEDUA", parent=None)
    assert exc.value.field == "parent"
    assert events() == []


def test_first_unit_of_an_empty_instansi_is_the_root(db):
    instansi = InstansiFactory()
    admin = UserFactory(peran=Peran.ADMIN_INSTANSI, instansi=instansi)
    root = services.unit_create(actor=admin, instansi=instansi, nama="PEMERINTAH BARU")
    assert root.parent is None and root.path == f"/{root.pk}/" and root.depth == 0


def test_create_refused_to_other_admins_and_to_employees(org, other_org):
    for actor in (other_org.admin, org.staf.user):
        with pytest.raises(PermissionDeniedError):
            services.unit_create(actor=actor, instansi=org.instansi, nama="X", parent=org.root)
    assert events() == []


# --- services: update and move ----------------------------------------------------------------


def test_update_renames_and_noop_writes_nothing(org):
    services.unit_update(
        actor=org.admin, unit=org.bidang, nama="BIDANG BARU", eselon="31", jenis_induk="", parent=org.badan
    )
    bidang = fresh(org.bidang)
    assert (bidang.nama, bidang.eselon) == ("BIDANG BARU", "31")
    [event] = events("unit.update")
    assert event.before["nama"] == "BIDANG UJI" and event.after["nama"] == "BIDANG BARU"
    services.unit_update(
        actor=org.admin, unit=bidang, nama="BIDANG BARU", eselon="31", jenis_induk="", parent=org.badan
    )
    assert len(events()) == 1


def test_move_carries_the_subtree_and_is_audited(org):
    services.unit_update(actor=org.admin, unit=org.bidang, nama="BIDANG UJI", eselon="32", jenis_induk="",
                         parent=org.root)  # fmt: skip
    bidang, sub = fresh(org.bidang), fresh(org.subbidang)
    assert bidang.path == f"/{org.root.pk}/{bidang.pk}/" and bidang.depth == 1
    assert sub.path == f"{bidang.path}{sub.pk}/" and sub.depth == 2
    [event] = events("unit.move")
    assert event.before["parent"] == org.badan.pk and event.after["parent"] == org.root.pk
    # the staff of the moved unit now climb to the root's leader (none claimed)
    kabid = Pegawai.objects.select_related("unit_kerja").get(pk=org.kabid.pk)
    assert atasan.pejabat_penilai(kabid).unit == fresh(org.root)


@pytest.mark.parametrize(
    "target, message",
    [
        ("badan", "atasan dirinya sendiri"),
        ("subbidang", "bawahannya sendiri (SUBBIDANG UJI)"),
        ("bidang", "bawahannya sendiri (BIDANG UJI)"),
    ],
)
def test_move_under_itself_or_a_descendant_is_refused(org, target, message):
    with pytest.raises(DomainError, match=re.escape(message)) as exc:
        services.unit_update(actor=org.admin, unit=org.badan, nama="BADAN UJI", eselon="22",
                             jenis_induk="MANDIRI", parent=getattr(org, target))  # fmt: skip
    assert exc.value.field == "parent"
    assert fresh(org.badan).parent_id == org.root.pk
    assert events() == []


def test_move_refuses_second_root_foreign_and_inactive_parent(org, other_org):
    base = {"actor": org.admin, "unit": org.bidang, "nama": "BIDANG UJI", "eselon": "32", "jenis_induk": ""}
    with pytest.raises(DomainError, match="sudah memiliki unit kerja tertinggi"):
        services.unit_update(**base, parent=None)
    with pytest.raises(DomainError, match="instansi yang sama"):
        services.unit_update(**base, parent=other_org.unit)
    lama = UnitKerjaFactory(parent=org.root, aktif=False, nama="UNIT LAMA")
    with pytest.raises(DomainError, match="UNIT LAMA tidak aktif"):
        services.unit_update(**base, parent=lama)
    assert events() == []


def test_update_refused_to_another_admin(org, other_org):
    with pytest.raises(PermissionDeniedError):
        services.unit_update(actor=other_org.admin, unit=org.bidang, nama="X", eselon="", jenis_induk="",
                             parent=org.badan)  # fmt: skip


# --- services: deactivate / activate -------------------------------------------------------------


def test_deactivate_refused_while_the_unit_is_in_use(org):
    with pytest.raises(DomainError, match="3 pegawai aktif, 1 unit kerja bawahan aktif"):
        services.unit_deactivate(actor=org.admin, unit=org.bidang)
    kosong = UnitKerjaFactory(parent=org.bidang)
    PenugasanPltFactory(unit_kerja=kosong, pegawai=org.staf)
    with pytest.raises(DomainError, match="1 penugasan PLT/PLH"):
        services.unit_deactivate(actor=org.admin, unit=kosong)
    assert events() == []


def test_deactivate_and_activate_again(org):
    kosong = UnitKerjaFactory(parent=org.bidang, nama="SEKSI KOSONG")
    PegawaiFactory(unit_kerja=kosong, aktif=False)  # inactive people do not count
    services.unit_deactivate(actor=org.admin, unit=kosong)
    assert fresh(kosong).aktif is False
    [event] = events("unit.deactivate")
    assert event.before["aktif"] is True and event.after["aktif"] is False
    with pytest.raises(DomainError, match="sudah nonaktif"):
        services.unit_deactivate(actor=org.admin, unit=kosong)
    services.unit_activate(actor=org.admin, unit=kosong)
    assert fresh(kosong).aktif is True
    assert len(events("unit.activate")) == 1
    with pytest.raises(DomainError, match="sudah aktif"):
        services.unit_activate(actor=org.admin, unit=kosong)


def test_activate_refused_under_an_inactive_parent(org):
    induk = UnitKerjaFactory(parent=org.root, nama="INDUK LAMA")
    anak = UnitKerjaFactory(parent=induk)
    services.unit_deactivate(actor=org.admin, unit=anak)
    services.unit_deactivate(actor=org.admin, unit=induk)
    with pytest.raises(DomainError, match=r"atasannya \(INDUK LAMA\) tidak aktif"):
        services.unit_activate(actor=org.admin, unit=anak)


def test_deactivate_refused_to_another_admin(org, other_org):
    kosong = UnitKerjaFactory(parent=org.bidang)
    with pytest.raises(PermissionDeniedError):
        services.unit_deactivate(actor=other_org.admin, unit=kosong)


# --- selectors ------------------------------------------------------------------------------------


def test_tree_order_counts_and_search(org):
    PegawaiFactory(unit_kerja=org.bidang, aktif=False)
    rows = list(selectors.unit_tree(instansi=org.instansi))
    assert [u.nama for u in rows] == ["PEMERINTAH KAB. UJI", "BADAN UJI", "BIDANG UJI", "SUBBIDANG UJI"]
    assert [u.jumlah_pegawai for u in rows] == [0, 1, 3, 1]
    assert [u.nama for u in selectors.unit_tree(instansi=org.instansi, q="bidang")] == [
        "BIDANG UJI",
        "SUBBIDANG UJI",
    ]
    assert [u.pk for u in selectors.unit_tree(instansi=org.instansi, q=org.badan.id_unor[-6:])] == [
        org.badan.pk
    ]
    lama = UnitKerjaFactory(parent=org.root, aktif=False)
    assert [u.pk for u in selectors.unit_tree(instansi=org.instansi, status="nonaktif")] == [lama.pk]
    assert lama.pk not in [u.pk for u in selectors.unit_tree(instansi=org.instansi, status="aktif")]


def test_units_tanpa_pimpinan(org):
    ids = lambda: [u.pk for u in selectors.units_tanpa_pimpinan(instansi=org.instansi)]  # noqa: E731
    assert ids() == [org.root.pk, org.subbidang.pk]
    PenugasanPltFactory(unit_kerja=org.subbidang, pegawai=org.staf)
    assert ids() == [org.root.pk]
    PenugasanPltFactory(
        unit_kerja=org.root, pegawai=org.kaban, tanggal_selesai=atasan.today() - datetime.timedelta(days=1)
    )
    assert ids() == [org.root.pk]  # an ended assignment does not count
    org.kabid.aktif = False
    org.kabid.save()
    assert ids() == [org.root.pk, org.bidang.pk]
    [row] = [u for u in selectors.units_tanpa_pimpinan(instansi=org.instansi) if u.pk == org.bidang.pk]
    assert row.parent == org.badan and row.jumlah_pegawai == 2


# --- views ------------------------------------------------------------------------------------------


def test_list_shows_tree_with_leaders(client, org):
    client.force_login(org.admin)
    response = client.get(reverse("org:admin_unit_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"KEPALA BADAN (definitif) - {org.kaban.nip}" in html
    assert "22 (Mandiri)" in html and org.badan.id_unor in html
    assert html.index("PEMERINTAH KAB. UJI") < html.index("BADAN UJI") < html.index("SUBBIDANG UJI")


def test_list_excel_download(client, org):
    client.force_login(org.admin)
    response = client.get(reverse("org:admin_unit_list"), {"unduh": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_national_admin_picks_the_instansi(client, org, other_org, admin_nasional):
    client.force_login(admin_nasional)
    html = client.get(reverse("org:admin_unit_list")).content.decode()
    assert "Pilih instansi terlebih dahulu" in html and "BADAN UJI" not in html
    html = client.get(reverse("org:admin_unit_list"), {"instansi": org.instansi.pk}).content.decode()
    assert "BADAN UJI" in html and "DINAS LAIN" not in html
    assert client.get(reverse("org:admin_unit_create")).status_code == 302


def _grow(org, n):
    """Add n led units under bidang, each with a child led by a PLT and a child led by nobody."""
    for i in range(n):
        unit = UnitKerjaFactory(parent=org.bidang, nama=f"SEKSI {i:03d}")
        PegawaiFactory(unit_kerja=unit, jenis_pegawai="PIMPINAN")
        PegawaiFactory(unit_kerja=unit)
        PenugasanPltFactory(unit_kerja=UnitKerjaFactory(parent=unit), pegawai=org.staf)
        PegawaiFactory(unit_kerja=UnitKerjaFactory(parent=unit))  # a unit nobody leads


@pytest.mark.parametrize("url_name", ["org:admin_unit_list", "org:admin_unit_tanpa_pimpinan"])
def test_list_pages_run_a_constant_number_of_queries(client, org, url_name):
    client.force_login(org.admin)
    url = reverse(url_name)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    _grow(org, 3)
    small = count()
    _grow(org, 15)
    assert count() == small


def test_create_view(client, org):
    client.force_login(org.admin)
    response = client.post(
        reverse("org:admin_unit_create"),
        {"nama": "SEKSI BARU", "id_unor": "", "eselon": "42", "parent": org.bidang.pk, "jenis_induk": ""},
    )
    unit = UnitKerja.objects.get(nama="SEKSI BARU")
    assert response.status_code == 302 and response.url == reverse("org:admin_unit_edit", args=[unit.pk])
    assert unit.parent == org.bidang


def test_create_view_keeps_input_and_shows_error_next_to_field(client, org):
    client.force_login(org.admin)
    response = client.post(
        reverse("org:admin_unit_create"),
        {"nama": "SEKSI DUPLIKAT", "id_unor": org.badan.id_unor, "eselon": "42", "parent": org.bidang.pk},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'data-field-error="id_unor">[^<]*sudah digunakan', html)
    assert 'value="SEKSI DUPLIKAT"' in html and f'<option value="{org.bidang.pk}" selected>' in html
    assert not UnitKerja.objects.filter(nama="SEKSI DUPLIKAT").exists()


def test_edit_view_moves_and_refuses_a_descendant(client, org):
    client.force_login(org.admin)
    url = reverse("org:admin_unit_edit", args=[org.badan.pk])
    assert client.get(url).status_code == 200
    data = {"nama": "BADAN UJI", "eselon": "22", "jenis_induk": "MANDIRI", "parent": org.subbidang.pk}
    response = client.post(url, data)
    assert response.status_code == 200
    assert re.search(r'data-field-error="parent">[^<]*bawahannya sendiri', response.content.decode())
    assert fresh(org.badan).parent_id == org.root.pk
    response = client.post(url, {**data, "nama": "BADAN UJI BARU", "parent": org.root.pk})
    assert response.status_code == 302 and fresh(org.badan).nama == "BADAN UJI BARU"


def test_deactivate_and_activate_views(client, org):
    client.force_login(org.admin)
    response = client.post(reverse("org:admin_unit_deactivate", args=[org.bidang.pk]), follow=True)
    assert "tidak dapat dinonaktifkan" in response.content.decode()
    assert fresh(org.bidang).aktif
    kosong = UnitKerjaFactory(parent=org.bidang)
    client.post(reverse("org:admin_unit_deactivate", args=[kosong.pk]))
    assert not fresh(kosong).aktif
    response = client.post(reverse("org:admin_unit_activate", args=[kosong.pk]), follow=True)
    assert "berhasil diaktifkan kembali" in response.content.decode() and fresh(kosong).aktif
    assert client.get(reverse("org:admin_unit_deactivate", args=[kosong.pk])).status_code == 405


def test_tanpa_pimpinan_view(client, org):
    client.force_login(org.admin)
    html = client.get(reverse("org:admin_unit_tanpa_pimpinan")).content.decode()
    assert f'data-testid="unit-{org.subbidang.pk}"' in html and f'data-testid="unit-{org.root.pk}"' in html
    assert f'data-testid="unit-{org.bidang.pk}"' not in html


# --- permissions --------------------------------------------------------------------------------


def _urls(org):
    pk = org.bidang.pk
    return [
        ("get", reverse("org:admin_unit_list")),
        ("get", reverse("org:admin_unit_create")),
        ("get", reverse("org:admin_unit_tanpa_pimpinan")),
        ("get", reverse("org:admin_unit_edit", args=[pk])),
        ("post", reverse("org:admin_unit_deactivate", args=[pk])),
        ("post", reverse("org:admin_unit_activate", args=[pk])),
    ]


def test_anonymous_is_sent_to_login(client, org):
    for method, url in _urls(org):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_plain_employee_is_refused(client, org):
    client.force_login(org.staf.user)
    for method, url in _urls(org):
        assert getattr(client, method)(url).status_code == 403, url


def test_admin_of_another_instansi_cannot_see_or_touch(client, org, other_org):
    client.force_login(other_org.admin)
    for method, url in _urls(org)[3:]:
        assert getattr(client, method)(url).status_code == 404, url
    html = client.get(reverse("org:admin_unit_list"), {"instansi": org.instansi.pk}).content.decode()
    assert "DINAS LAIN" in html and "BADAN UJI" not in html
    response = client.post(
        reverse("org:admin_unit_create"), {"nama": "SUSUPAN", "parent": org.bidang.pk, "eselon": ""}
    )
    assert response.status_code == 200 and not UnitKerja.objects.filter(nama="SUSUPAN").exists()
    assert fresh(org.bidang).aktif

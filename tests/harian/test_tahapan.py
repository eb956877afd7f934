"""Tahapan under an RHK: services (rules, refusals, audit), form pages, Detail SKP and Cetak, rights, query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.harian.models import PengaturanHarian, Tahapan
from kinerja.harian.services import tahapan as services

from ..penilaian.conftest import approve
from ..skp.conftest import YEAR, add_rhk, make_skp
from ..skp.test_cetak import cetak, flat, pages_of


@pytest.fixture
def o(skp_org):
    """skp_org (staf's SKP still DRAFT) with kinerja harian on."""
    PengaturanHarian.objects.create(instansi=skp_org.instansi, aktif=True)
    return skp_org


def tambah(o, nama="Pengumpulan data", **kwargs):
    return services.tahapan_create(actor=o.staf.user, rhk=o.rhk_staf, nama=nama, **kwargs)


# --- services -----------------------------------------------------------------------------------------------------


def test_owner_adds_edits_and_deletes_with_audit(o):
    t1 = tambah(o, bulan=2)
    t2 = tambah(o, nama="  Penyusunan laporan  ", bulan=3)
    assert (t1.urutan, t2.urutan) == (1, 2)
    assert t2.nama == "Penyusunan laporan"
    services.tahapan_update(
        actor=o.staf.user, tahapan=t1, nama="Pengumpulan data lapangan", urutan=5, bulan=4
    )
    t1.refresh_from_db()
    assert (t1.nama, t1.urutan, t1.bulan) == ("Pengumpulan data lapangan", 5, 4)
    assert [t.nama for t in o.rhk_staf.tahapan.all()] == ["Penyusunan laporan", "Pengumpulan data lapangan"]
    services.tahapan_delete(actor=o.staf.user, tahapan=t2)
    assert list(Tahapan.objects.values_list("pk", flat=True)) == [t1.pk]
    actions = list(
        AuditEvent.objects.filter(action__startswith="tahapan.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["tahapan.create", "tahapan.create", "tahapan.update", "tahapan.delete"]
    update = AuditEvent.objects.get(action="tahapan.update")
    assert update.before["bulan"] == 2 and update.after["bulan"] == 4
    assert update.instansi_id == o.instansi.pk


def test_month_must_be_within_the_skps_months(o):
    skp = make_skp(o.staf2, awal=datetime.date(YEAR, 1, 1), akhir=datetime.date(YEAR, 6, 30))
    rhk = add_rhk(skp, "Terselenggaranya arsip", atasan=o.rhk_kabid)
    ok = services.tahapan_create(actor=o.staf2.user, rhk=rhk, nama="Awal", bulan=6)
    assert ok.bulan == 6
    with pytest.raises(DomainError) as exc:
        services.tahapan_create(actor=o.staf2.user, rhk=rhk, nama="Akhir", bulan=7)
    assert exc.value.field == "bulan" and "periode SKP" in exc.value.message
    assert Tahapan.objects.filter(rhk=rhk).count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"nama": "   "}, "nama", "Nama tahapan wajib diisi."),
        ({"nama": "x" * 501}, "nama", "paling banyak 500"),
        ({"nama": "Ok", "urutan": -1}, "urutan", "Urutan"),
    ],
)
def test_bad_input_is_refused_on_its_field(o, kwargs, field, message):
    with pytest.raises(DomainError) as exc:
        services.tahapan_create(actor=o.staf.user, rhk=o.rhk_staf, **kwargs)
    assert exc.value.field == field and message in exc.value.message
    assert not Tahapan.objects.exists()


def test_refused_for_others_approved_pmm_and_feature_off(o):
    with pytest.raises(PermissionDeniedError):
        services.tahapan_create(actor=o.kabid.user, rhk=o.rhk_staf, nama="Bukan milik")
    with pytest.raises(PermissionDeniedError):
        services.tahapan_create(actor=o.admin, rhk=o.rhk_staf, nama="Admin")
    PengaturanHarian.objects.filter(instansi=o.instansi).update(aktif=False)
    with pytest.raises(DomainError, match="tidak diaktifkan"):
        tambah(o, nama="Mati")
    PengaturanHarian.objects.filter(instansi=o.instansi).update(aktif=True)
    t = tambah(o)
    approve(o.skp_staf)
    with pytest.raises(DomainError, match="DRAFT"):
        tambah(o, nama="Sesudah disetujui")
    with pytest.raises(DomainError, match="DRAFT"):
        services.tahapan_delete(actor=o.staf.user, tahapan=t)
    skp_pmm = make_skp(o.staf2)
    rhk_pmm = add_rhk(skp_pmm, "Pembelajaran", atasan=o.rhk_kabid)
    skp_pmm.sumber = "PMM"
    skp_pmm.save(update_fields=["sumber"])
    with pytest.raises(DomainError, match="PMM"):
        services.tahapan_create(actor=o.staf2.user, rhk=rhk_pmm, nama="PMM")
    assert list(Tahapan.objects.values_list("pk", flat=True)) == [t.pk]


# --- pages ----------------------------------------------------------------------------------------------------


def test_form_pages_add_edit_delete(client, o):
    client.force_login(o.staf.user)
    url = reverse("harian:tahapan_tambah", args=[o.rhk_staf.pk])
    page = client.get(url).content.decode()
    assert "Tambah Tahapan" in page and "Bulan Rencana" in page and "Desember" in page
    response = client.post(url, {"nama": "Rapat koordinasi", "urutan": "", "bulan": "3"})
    assert response.status_code == 302 and response["Location"].endswith(f"#rhk-{o.rhk_staf.pk}")
    t = Tahapan.objects.get()
    assert (t.nama, t.bulan, t.urutan) == ("Rapat koordinasi", 3, 1)
    edit = reverse("harian:tahapan_ubah", args=[t.pk])
    assert "Rapat koordinasi" in client.get(edit).content.decode()
    client.post(edit, {"nama": "Rapat evaluasi", "urutan": "2", "bulan": ""})
    t.refresh_from_db()
    assert (t.nama, t.bulan, t.urutan) == ("Rapat evaluasi", None, 2)
    client.post(reverse("harian:tahapan_hapus", args=[t.pk]))
    assert not Tahapan.objects.exists()


def test_bad_input_is_shown_next_to_the_field_and_kept(client, o):
    client.force_login(o.staf.user)
    url = reverse("harian:tahapan_tambah", args=[o.rhk_staf.pk])
    response = client.post(url, {"nama": "", "urutan": "abc", "bulan": "13"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-field-error="nama"' in html and "Nama tahapan wajib diisi." in html
    assert "Urutan harus berupa bilangan bulat." in html
    assert "Bulan rencana harus berada dalam periode SKP." in html
    assert 'value="abc"' in html
    assert not Tahapan.objects.exists()


def test_rights_on_the_form_pages(client, o, other_org):
    t = tambah(o)
    urls = [
        reverse("harian:tahapan_tambah", args=[o.rhk_staf.pk]),
        reverse("harian:tahapan_ubah", args=[t.pk]),
    ]
    hapus = reverse("harian:tahapan_hapus", args=[t.pk])
    for user in (o.kabid.user, other_org.admin, other_org.pegawai.user):  # draft: not visible to them
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404
        assert client.post(hapus).status_code == 404
    client.force_login(o.admin)  # the instansi's admin reads the SKP but may not change it
    for url in urls:
        assert client.get(url).status_code == 403
    client.post(hapus)
    assert Tahapan.objects.filter(pk=t.pk).exists()


def test_feature_off_hides_tahapan_everywhere(client, o):
    t = tambah(o, nama="Tahapan tersembunyi")
    client.force_login(o.staf.user)
    detail = client.get(reverse("skp:detail", args=[o.skp_staf.pk])).content.decode()
    assert (
        "Tahapan tersembunyi" in detail and reverse("harian:tahapan_tambah", args=[o.rhk_staf.pk]) in detail
    )
    PengaturanHarian.objects.filter(instansi=o.instansi).update(aktif=False)
    detail = client.get(reverse("skp:detail", args=[o.skp_staf.pk])).content.decode()
    assert "Tahapan tersembunyi" not in detail and "harian" not in reverse("skp:detail", args=[o.skp_staf.pk])
    assert "/tahapan/" not in detail
    assert client.get(reverse("harian:tahapan_tambah", args=[o.rhk_staf.pk])).status_code == 404
    assert client.get(reverse("harian:tahapan_ubah", args=[t.pk])).status_code == 404
    assert client.post(reverse("harian:tahapan_hapus", args=[t.pk])).status_code == 404
    assert "Tahapan tersembunyi" not in flat(pages_of(cetak(client, o.staf.user, o.skp_staf)))


def test_detail_shows_tahapan_read_only_after_approval_and_in_the_pdf(client, o):
    tambah(o, nama="Pengumpulan data", bulan=2)
    tambah(o, nama="Penyusunan konsep laporan", bulan=5)
    approve(o.skp_staf)
    client.force_login(o.kabid.user)
    html = client.get(reverse("skp:detail", args=[o.skp_staf.pk])).content.decode()
    assert "Pengumpulan data" in html and f"(2-{YEAR})" in html
    assert "/tahapan/" not in html  # no add / edit / delete for the assessor or once approved
    text = flat(pages_of(cetak(client, o.kabid.user, o.skp_staf)))
    assert "Tahapan:" in text and "Pengumpulan data" in text and "Penyusunan konsep laporan" in text


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_detail_and_cetak_queries_do_not_grow_with_tahapan(client, o):
    client.force_login(o.staf.user)
    detail = reverse("skp:detail", args=[o.skp_staf.pk])
    pdf = reverse("skp:cetak", args=[o.skp_staf.pk])
    tambah(o)
    small = (_queries(client, detail), _queries(client, pdf))
    for i in range(4):
        rhk = add_rhk(o.skp_staf, f"RHK tambahan {i}", atasan=o.rhk_kabid, indikator=2)
        for j in range(3):
            services.tahapan_create(actor=o.staf.user, rhk=rhk, nama=f"Tahap {i}.{j}")
    assert Tahapan.objects.count() == 13
    assert (_queries(client, detail), _queries(client, pdf)) == small
    assert "Tahap 3.2" in client.get(detail).content.decode()

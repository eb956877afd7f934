"""SKP Bawahan: the list, bulk approval (Setujui yang dipilih), rights on every page of the area, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kinerja.core.models import AuditEvent
from kinerja.skp.models import Skp
from kinerja.skp.services import workflow
from tests.factories import PegawaiFactory, PenugasanPltFactory

from .conftest import YEAR, add_rhk, make_skp


def _url(name, *args):
    return reverse(f"skp:{name}", args=args)


@pytest.fixture
def bawahan_org(skp_org):
    """Under kabid: staf submitted (PENGAJUAN), staf2 DRAFT, a third member already approved."""
    o = skp_org
    o.skp_staf2 = make_skp(o.staf2)
    add_rhk(o.skp_staf2, "Terverifikasinya dokumen", atasan=o.rhk_kabid)
    o.staf3 = PegawaiFactory(unit_kerja=o.bidang, nama="STAF KETIGA")
    o.skp_staf3 = make_skp(o.staf3)
    add_rhk(o.skp_staf3, "Terarsipnya dokumen", atasan=o.rhk_kabid)
    workflow.skp_ajukan(actor=o.staf.user, skp=o.skp_staf)
    workflow.skp_ajukan(actor=o.staf3.user, skp=o.skp_staf3)
    workflow.skp_setujui(actor=o.kabid.user, skp=o.skp_staf3)
    return o


def _row(page: str, pk: int) -> str:
    start = page.index(f'data-testid="bawahan-{pk}"')
    return page[start : page.index("</tr>", start)]


def test_list_columns_detail_and_checkboxes(client, bawahan_org):
    o = bawahan_org
    client.force_login(o.kabid.user)
    page = client.get(_url("bawahan", o.skp_kabid.pk)).content.decode()
    assert "Daftar SKP Bawahan" in page
    for header in ("Unor", "NIP", "Nama", "Pendekatan", "Status", "Aksi"):
        assert f"<th>{header}</th>" in page or f">{header}</th>" in page
    staf = _row(page, o.skp_staf.pk)
    assert all(
        x in staf for x in ("BIDANG UJI", o.staf.nip, "STAF BIDANG", "Kuantitatif", "PENGAJUAN", "(Periksa)")
    )
    assert 'name="skp"' in staf and _url("detail", o.skp_staf.pk) in staf
    draft = _row(page, o.skp_staf2.pk)
    assert "DRAFT" in draft and "(Konsep)" in draft
    assert 'name="skp"' not in draft and "Detail SKP" not in draft  # drafts cannot be opened or approved
    done = _row(page, o.skp_staf3.pk)
    assert "PERSETUJUAN" in done and "Detail SKP" in done and 'name="skp"' not in done
    assert f'data-testid="bawahan-{o.skp_kaban.pk}"' not in page  # my own assessor's SKP is not a subordinate
    assert "Setujui yang dipilih" in page


def test_bulk_approval_approves_submitted_and_reports_the_refused(client, bawahan_org):
    o = bawahan_org
    client.force_login(o.kabid.user)
    ids = [o.skp_staf.pk, o.skp_staf2.pk, o.skp_staf3.pk]
    response = client.post(_url("bawahan_setujui", o.skp_kabid.pk), {"skp": ids}, follow=True)
    page = response.content.decode()
    assert "1 SKP disetujui: STAF BIDANG" in page
    assert "2 SKP tidak dapat disetujui" in page
    assert "STAF KEDUA — Status SKP tidak dapat diubah dari DRAFT menjadi PERSETUJUAN." in page
    assert (
        "STAF KETIGA — Data telah diubah oleh pengguna lain." in page
        and "Status SKP sudah PERSETUJUAN." in page
    )
    statuses = dict(Skp.objects.filter(pk__in=ids).values_list("pk", "status"))
    assert statuses == {o.skp_staf.pk: "PERSETUJUAN", o.skp_staf2.pk: "DRAFT", o.skp_staf3.pk: "PERSETUJUAN"}
    events = AuditEvent.objects.filter(action="skp.setujui", actor=o.kabid.user)
    assert sorted(events.values_list("object_id", flat=True)) == sorted(
        [str(o.skp_staf.pk), str(o.skp_staf3.pk)]
    )
    event = events.get(object_id=str(o.skp_staf.pk))
    assert event.before["status"] == "PENGAJUAN" and event.after["status"] == "PERSETUJUAN"


def test_bulk_approval_with_nothing_ticked(client, bawahan_org):
    o = bawahan_org
    client.force_login(o.kabid.user)
    page = client.post(_url("bawahan_setujui", o.skp_kabid.pk), {"skp": ["x"]}, follow=True).content.decode()
    assert "Pilih minimal satu SKP" in page
    assert Skp.objects.get(pk=o.skp_staf.pk).status == "PENGAJUAN"


def test_non_assessor_cannot_approve_through_bulk(client, bawahan_org):
    o = bawahan_org
    # kaban is a leader, but not staf's assessor: staf's SKP is not in kaban's list, so it is refused.
    client.force_login(o.kaban.user)
    page = client.post(_url("bawahan_setujui", o.skp_kaban.pk), {"skp": [o.skp_staf.pk]}, follow=True)
    assert "SKP tidak ditemukan di daftar SKP Bawahan Anda" in page.content.decode()
    # Someone else's leader SKP: 404.
    assert client.post(_url("bawahan_setujui", o.skp_kabid.pk), {"skp": [o.skp_staf.pk]}).status_code == 404
    # The service itself refuses a non-assessor with a reason, and writes nothing.
    approved, refused = workflow.skp_setujui_banyak(actor=o.kaban.user, skps=[o.skp_staf])
    assert approved == [] and refused[0][0] == o.skp_staf
    assert "bukan pemilik maupun pejabat penilai" in refused[0][1]
    assert Skp.objects.get(pk=o.skp_staf.pk).status == "PENGAJUAN"
    assert not AuditEvent.objects.filter(action="skp.setujui", object_id=str(o.skp_staf.pk)).exists()


def test_plt_skp_lists_the_acting_units_members(client, bawahan_org):
    o = bawahan_org
    penugasan = PenugasanPltFactory(pegawai=o.staf2, unit_kerja=o.subbidang)
    skp_plt = make_skp(o.staf2, status_pegawai="PLT", penugasan_plt=penugasan)
    skp_sub = make_skp(o.anggota_sub)
    assert skp_sub.penilai == o.staf2 and skp_plt.jenis_pegawai == "PIMPINAN"
    client.force_login(o.staf2.user)
    page = client.get(_url("bawahan", skp_plt.pk)).content.decode()
    assert f'data-testid="bawahan-{skp_sub.pk}"' in page
    # The definitive SKP of the same person is a member's SKP: nothing to list there.
    page = client.get(_url("bawahan", o.skp_staf2.pk)).content.decode()
    assert f'data-testid="bawahan-{skp_sub.pk}"' not in page and 'data-testid="bukan-pimpinan"' in page


# --- Rights on every page of the area ----------------------------------------------------------------------

GET_PAGES = ("bawahan", "matriks", "matriks_tambah_pegawai")
POST_PAGES = ("bawahan_setujui", "matriks_sinkronisasi")


def _all_urls(o):
    skp = o.skp_kabid.pk
    urls = [("get", _url(n, skp)) for n in GET_PAGES] + [("post", _url(n, skp)) for n in POST_PAGES]
    urls.append(("get", _url("matriks_rhk_create", skp, o.skp_staf2.pk, o.rhk_kabid.pk)))
    urls.append(("post", _url("matriks_hapus_pegawai", skp, 999999)))
    return urls


def test_colleague_admins_and_others_get_404(client, bawahan_org, other_org, admin_nasional):
    o = bawahan_org
    for user in (o.staf.user, o.kaban.user, o.admin, other_org.admin, admin_nasional):
        client.force_login(user)
        for method, url in _all_urls(o):
            assert getattr(client, method)(url).status_code == 404, (user, url)
    assert Skp.objects.get(pk=o.skp_staf.pk).status == "PENGAJUAN"


def test_anonymous_is_sent_to_login(client, bawahan_org):
    for method, url in _all_urls(bawahan_org):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_owner_opens_every_page(client, bawahan_org):
    o = bawahan_org
    client.force_login(o.kabid.user)
    for name in GET_PAGES:
        assert client.get(_url(name, o.skp_kabid.pk)).status_code == 200
    assert (
        client.get(_url("matriks_rhk_create", o.skp_kabid.pk, o.skp_staf2.pk, o.rhk_kabid.pk)).status_code
        == 200
    )
    assert client.get(_url("bawahan_setujui", o.skp_kabid.pk)).status_code == 405


# --- Query counts -------------------------------------------------------------------------------------------


def _more_subordinates(o, n: int) -> None:
    base = {f.attname: getattr(o.skp_staf, f.attname) for f in Skp._meta.concrete_fields if not f.primary_key}
    for _ in range(n):
        p = PegawaiFactory(unit_kerja=o.bidang)
        Skp.objects.create(**{**base, "pegawai_id": p.pk, "pegawai_nama": p.nama, "pegawai_nip": p.nip})


def test_list_query_count_is_constant(client, bawahan_org):
    o = bawahan_org
    client.force_login(o.kabid.user)
    url = _url("bawahan", o.skp_kabid.pk)
    _more_subordinates(o, 2)  # 5 rows
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _more_subordinates(o, 95)  # 100 rows, two pages
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()
    assert page.count('data-testid="bawahan-') == 50 and "1 / 2" in page
    assert len(small.captured_queries) == len(large.captured_queries)
    assert str(YEAR) in page

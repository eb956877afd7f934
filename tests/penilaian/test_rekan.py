"""Feedback Perilaku rekan kerja: services (create / update / delete own comments, refusals, audit), the pages (find by
NIP, pick an SKP, comment per core value), and where the comments show: the colleague's and the assessor's pages."""

import pytest
from django.urls import reverse

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.penilaian.models import FeedbackRekan
from kinerja.penilaian.selectors.penilaian import feedback_rekan_untuk
from kinerja.penilaian.services import rekan as services

from ..skp.conftest import make_skp


@pytest.fixture
def o(nilai_org):
    return nilai_org


def simpan(o, nilai=1, teks="Selalu ramah melayani", actor=None):
    return services.feedback_rekan_simpan(actor=actor or o.staf2.user, skp=o.skp_staf, nilai=nilai, teks=teks)


def test_create_update_noop_delete_are_audited(o):
    item = simpan(o)
    assert (item.pemberi, item.nilai, item.teks) == (o.staf2, 1, "Selalu ramah melayani")
    simpan(o, teks=" Selalu ramah melayani ")
    assert not AuditEvent.objects.filter(action="penilaian.feedback_rekan_ubah").exists()
    simpan(o, teks="Ramah dan cekatan")
    assert FeedbackRekan.objects.get().teks == "Ramah dan cekatan"
    with pytest.raises(PermissionDeniedError):
        services.feedback_rekan_hapus(actor=o.staf.user, feedback=item)
    services.feedback_rekan_hapus(actor=o.staf2.user, feedback=item)
    assert not FeedbackRekan.objects.exists()
    assert [
        AuditEvent.objects.filter(action=f"penilaian.feedback_rekan_{verb}").count()
        for verb in ("tambah", "ubah", "hapus")
    ] == [1, 1, 1]


def test_refusals(o, other_org):
    with pytest.raises(DomainError, match="SKP Anda sendiri"):
        simpan(o, actor=o.staf.user)
    with pytest.raises(PermissionDeniedError, match="instansi yang sama"):
        simpan(o, actor=other_org.pegawai.user)
    with pytest.raises(PermissionDeniedError):
        simpan(o, actor=o.admin)  # an admin account is not a civil servant
    with pytest.raises(DomainError) as exc:
        simpan(o, teks="  ")
    assert exc.value.field == "teks"
    for nilai in (0, 8):
        with pytest.raises(DomainError, match="tidak dikenal"):
            simpan(o, nilai=nilai)
    assert (
        not FeedbackRekan.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="penilaian.feedback_rekan").exists()
    )


def test_selector_groups_by_value_with_the_giver(o, django_assert_num_queries):
    simpan(o, 3, "Rajin belajar")
    simpan(o, 3, "Membantu teman belajar", actor=o.kabid.user)
    simpan(o, 7, "Kolaboratif")
    with django_assert_num_queries(1):
        result = feedback_rekan_untuk(o.skp_staf)
        names = {n: [(f.pemberi.nama, f.teks) for f in items] for n, items in result.items()}
    assert set(names) == set(range(1, 8)) and names[1] == []
    assert names[3] == [("STAF KEDUA", "Rajin belajar"), ("KEPALA BIDANG", "Membantu teman belajar")]


def test_find_by_nip_pick_an_skp_and_comment(client, o, other_org):
    client.force_login(o.staf2.user)
    url = reverse("penilaian:rekan")
    html = client.get(url, {"nip": o.staf.nip}).content.decode()
    assert "STAF BIDANG" in html and "SKP yang akan dinilai" in html
    assert reverse("penilaian:rekan_skp", args=[o.skp_staf.pk]) in html
    for nip in (other_org.pegawai.nip, o.staf2.nip, "199001012020121999"):
        html = client.get(url, {"nip": nip}).content.decode()
        assert 'data-field-error="nip"' in html and "tidak ditemukan" in html
    html = client.get(reverse("penilaian:rekan_skp", args=[o.skp_staf.pk])).content.decode()
    assert "Pegawai Yang Dimintai" in html and "Kolaboratif" in html and "Tambah" in html
    form = reverse("penilaian:rekan_feedback", args=[o.skp_staf.pk, 4])
    response = client.post(form, {"teks": ""})
    assert response.status_code == 200 and 'data-field-error="teks"' in response.content.decode()
    assert client.post(form, {"teks": "Menghargai semua orang"}).status_code == 302
    item = FeedbackRekan.objects.get()
    assert (item.nilai, item.pemberi) == (4, o.staf2)
    html = client.get(reverse("penilaian:rekan_skp", args=[o.skp_staf.pk])).content.decode()
    assert "(STAF KEDUA)" in html and "Menghargai semua orang" in html
    assert "Menghargai semua orang" in client.get(form).content.decode()  # Edit keeps the text
    assert client.post(reverse("penilaian:rekan_hapus", args=[item.pk])).status_code == 302
    assert not FeedbackRekan.objects.exists()


def test_shown_with_the_giver_to_the_colleague_and_the_assessor(client, o):
    simpan(o, 5, "Menjaga nama baik instansi")
    for user in (o.staf.user, o.kabid.user):
        client.force_login(user)
        html = client.get(reverse("penilaian:feedback_perilaku", args=[o.tw1.pk])).content.decode()
        assert "(STAF KEDUA)" in html and "Menjaga nama baik instansi" in html


def test_rights(client, o, other_org):
    item = simpan(o)
    other_skp = make_skp(other_org.pegawai)
    urls = [reverse("penilaian:rekan"), reverse("penilaian:rekan_skp", args=[o.skp_staf.pk])]
    urls.append(reverse("penilaian:rekan_feedback", args=[o.skp_staf.pk, 1]))
    hapus = reverse("penilaian:rekan_hapus", args=[item.pk])
    client.logout()
    for url in urls + [hapus]:
        response = client.get(url) if url != hapus else client.post(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    client.force_login(o.admin)  # not a civil servant
    for url in urls:
        assert client.get(url).status_code == 404, url
    client.force_login(
        o.staf.user
    )  # not on one's own SKP, nor on another instansi's SKP, nor another's comment
    for url in urls[1:] + [
        reverse("penilaian:rekan_skp", args=[other_skp.pk]),
        reverse("penilaian:rekan_feedback", args=[other_skp.pk, 1]),
    ]:
        assert client.get(url).status_code == 404, url
    client.force_login(o.kabid.user)
    assert client.post(hapus).status_code == 404
    assert FeedbackRekan.objects.count() == 1

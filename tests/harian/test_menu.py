"""The kinerja harian menu items show only where the instansi switched the feature on."""

from django.urls import reverse

from kinerja.harian.models import PengaturanHarian

HARIAN = {"Kinerja Harian", "Kinerja Bawahan", "Nilai Kinerja Bulanan (TPP)"}


def _labels(client, user, url):
    client.force_login(user)
    groups = client.get(url).context["menu_groups"]
    return {i["label"] for g in groups for i in g["items"]}


def test_menu_follows_the_switch(client, harian_org):
    o = harian_org
    assert _labels(client, o.staf.user, reverse("org:profil")) >= HARIAN
    admin = _labels(client, o.admin, reverse("org:admin_unit_list"))
    assert admin >= {"Rekap TPP Bulanan", "Pengaturan Kinerja Harian"}

    PengaturanHarian.objects.filter(instansi=o.instansi).update(aktif=False)
    assert not HARIAN & _labels(client, o.staf.user, reverse("org:profil"))
    admin = _labels(client, o.admin, reverse("org:admin_unit_list"))
    assert "Rekap TPP Bulanan" not in admin and "Pengaturan Kinerja Harian" in admin
    client.force_login(o.staf.user)
    assert client.get(reverse("harian:ckhp")).status_code == 404

from django.urls import reverse

from kinerja.core import audit
from kinerja.core.models import AuditEvent


def menu_of(client, user):
    client.force_login(user)
    response = client.get(
        reverse("org:profil") if hasattr(user, "pegawai") else reverse("org:admin_unit_list")
    )
    return response.context["menu_groups"]


def test_pegawai_sees_main_menu_only(client, org):
    groups = menu_of(client, org.staf.user)
    assert [g["title"] for g in groups] == ["MAIN MENU"]
    assert [i["label"] for i in groups[0]["items"]] == [
        "Profil",
        "SKP",
        "Angka Kredit",
        "Feedback Rekan Kerja",
        "Keberatan",
    ]
    assert groups[0]["items"][0]["active"]


def test_admin_sees_administration_with_one_active_item(client, org):
    client.force_login(org.admin)
    groups = client.get(reverse("org:admin_unit_list")).context["menu_groups"]
    admin = next(g for g in groups if g["title"] == "ADMINISTRATION")
    labels = [i["label"] for i in admin["items"]]
    assert labels == [
        "Manajemen Periode",
        "Buka Kembali per Unit",
        "Capaian Organisasi",
        "Review Sangat Baik",
        "Manajemen Unit Kerja",
        "Manajemen Pegawai",
        "Manajemen PLT / PLH",
        "Manajemen User PMM",
        "Log Sinkronisasi",
        "Sinkronisasi SIASN",
        "Impor Data SIASN",
        "Daftar SKP Instansi",
        "Rekap SKP",
        "Cetak SKP Massal",
        "Pengaturan Kinerja Harian",
        "Keluaran Kinerja",
        "API Key",
        "Log Audit",
        "Tempat Sampah",
    ]
    assert [i["label"] for i in admin["items"] if i["active"]] == ["Manajemen Unit Kerja"]


def test_audit_record_stores_who_what_before_after(org):
    event = audit.record(
        actor=org.staf.user,
        action="uji.ubah",
        obj=org.staf,
        instansi=org.instansi,
        before=audit.snapshot(org.staf, ["golongan", "tmt_cpns", "unit_kerja"]),
        after={"golongan": "III/c"},
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor_label == org.staf.nip and stored.object_type == "org.Pegawai"
    assert stored.object_id == str(org.staf.pk) and stored.instansi == org.instansi
    assert stored.before == {"golongan": "III/b", "tmt_cpns": "2010-03-01", "unit_kerja": org.bidang.pk}
    assert stored.after == {"golongan": "III/c"}


def test_dashboard_nasional_is_in_the_menu_of_the_national_admin_only(client, org, admin_nasional):
    def dashboard_items(user):
        groups = menu_of(client, user)
        return [i["label"] for g in groups if g["title"] == "DASHBOARD" for i in g["items"]]

    assert dashboard_items(admin_nasional) == ["Dashboard", "Dashboard Nasional"]
    assert dashboard_items(org.admin) == ["Dashboard"]

"""The left menu, grouped as in the seeds. An item shows only to those who may use it."""

from django.urls import reverse

ADMIN = "org.admin_panel"

# (group, ((label, url name, icon, permission or None, active prefix or prefixes), ...))
# The active item is the one whose prefix is the longest match of the current view name.
# fmt: off
MENU = (
    ("MAIN MENU", (
        ("Profil", "org:profil", "bi-person-badge", None, "org:profil"),
        ("SKP", "skp:daftar", "bi-clipboard-check", "org.is_pegawai",
         ("skp:", "penilaian:skp", "penilaian:pengisian", "penilaian:rencana", "penilaian:evaluasi",
          "penilaian:penilaian_bawahan", "penilaian:rekap_bawahan", "penilaian:kurva", "penilaian:pembinaan",
          "penilaian:feedback", "penilaian:cetak", "penilaian:rating", "penilaian:bukti", "penilaian:realisasi",
          "penilaian:muat_ulang", "penilaian:hapus_duplikat")),
        ("Kinerja Harian", "harian:ckhp", "bi-journal-check", "harian.pegawai", "harian:ckhp"),
        ("Kinerja Bawahan", "harian:kinerja_bawahan", "bi-people", "harian.pegawai", "harian:kinerja_bawahan"),
        ("Nilai Kinerja Bulanan (TPP)", "harian:tpp_saya", "bi-cash-coin", "harian.pegawai", "harian:tpp_saya"),
        ("Angka Kredit", "laporan:angka_kredit", "bi-award", "org.is_pegawai", "laporan:angka_kredit"),
        ("Feedback Rekan Kerja", "penilaian:rekan", "bi-chat-square-heart", "org.is_pegawai", "penilaian:rekan"),
        ("Keberatan", "penilaian:keberatan_list", "bi-exclamation-octagon", "org.is_pegawai",
         "penilaian:keberatan"),
        ("Rekap Keberatan", "penilaian:rekap_keberatan", "bi-exclamation-diamond", ADMIN, "penilaian:rekap_keberatan"),
    )),
    ("DASHBOARD", (
        ("Dashboard", "penilaian:dashboard", "bi-speedometer2", ADMIN,
         ("penilaian:dashboard", "penilaian:dashboard_daftar")),
        ("Dashboard Nasional", "penilaian:dashboard_nasional", "bi-globe-asia-australia", "org.is_admin_nasional",
         "penilaian:dashboard_nasional"),
    )),
    ("ADMINISTRATION", (
        ("Manajemen Periode", "penilaian:periode_list", "bi-calendar-range", ADMIN, "penilaian:periode"),
        ("Buka Kembali per Unit", "penilaian:buka_kembali_unit", "bi-unlock", ADMIN, "penilaian:buka_kembali_unit"),
        ("Capaian Organisasi", "penilaian:capaian_list", "bi-building-check", ADMIN, "penilaian:capaian"),
        ("Review Sangat Baik", "penilaian:review_list", "bi-patch-check", ADMIN, "penilaian:review"),
        ("Manajemen Unit Kerja", "org:admin_unit_list", "bi-diagram-3", ADMIN, "org:admin_unit"),
        ("Manajemen Pegawai", "org:admin_pegawai_list", "bi-people", ADMIN, "org:admin_pegawai"),
        ("Manajemen PLT / PLH", "org:admin_plt_list", "bi-person-gear", ADMIN, "org:admin_plt"),
        ("Manajemen User PMM", "pmm_pengguna_list", "bi-mortarboard", ADMIN, "pmm_pengguna"),
        ("Log Sinkronisasi", "sinkron_log", "bi-arrow-repeat", ADMIN, ("sinkron_log", "sinkron_job")),
        ("Sinkronisasi SIASN", "siasn_admin", "bi-cloud-arrow-up", ADMIN, "siasn_admin"),
        ("Impor Data SIASN", "org:admin_import", "bi-upload", ADMIN, "org:admin_import"),
        ("Daftar SKP Instansi", "skp:admin_list", "bi-clipboard-data", ADMIN, "skp:admin_list"),
        ("Rekap SKP", "skp:admin_rekap", "bi-bar-chart-line", ADMIN, "skp:admin_rekap"),
        ("Cetak SKP Massal", "laporan:cetak_massal", "bi-printer", ADMIN, "laporan:cetak"),
        ("Rekap TPP Bulanan", "harian:tpp_admin", "bi-cash-stack", "harian.admin", "harian:tpp"),
        ("Pengaturan Kinerja Harian", "harian:pengaturan", "bi-sliders", "harian.pengaturan", "harian:pengaturan"),
        ("Keluaran Kinerja", "laporan:keluaran_admin", "bi-file-earmark-bar-graph", ADMIN,
         ("laporan:keluaran", "laporan:pengaturan", "laporan:angka_kredit_pegawai")),
        ("API Key", "api_key_list", "bi-key", ADMIN, "api_key"),
        ("Log Audit", "core:audit_list", "bi-journal-text", ADMIN, "core:audit"),
        ("Tempat Sampah", "sampah:daftar", "bi-trash3", ADMIN, "sampah:"),
    )),
)
# fmt: on


def menu(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    current = request.resolver_match.view_name if request.resolver_match else ""
    groups = []
    for title, items in MENU:
        visible = [
            {
                "label": label,
                "url": reverse(name),
                "icon": icon,
                "active": False,
                "prefixes": (prefix,) if isinstance(prefix, str) else prefix,
            }
            for label, name, icon, perm, prefix in items
            if not perm or user.has_perm(perm)
        ]
        if visible:
            groups.append({"title": title, "items": visible})
    best, best_len = None, 0
    for item in (i for g in groups for i in g["items"]):
        for prefix in item["prefixes"]:
            if current.startswith(prefix) and len(prefix) > best_len:
                best, best_len = item, len(prefix)
    if best:
        best["active"] = True
    return {"menu_groups": groups}

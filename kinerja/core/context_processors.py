"""The left menu, grouped as in the seeds. An item shows only to those who may use it."""

from django.urls import reverse

# (group, ((label, url name, icon, permission or None, active prefix), ...))
# The active item is the one whose prefix is the longest match of the current view name.
MENU = (
    (
        "MAIN MENU",
        (
            ("Profil", "org:profil", "bi-person-badge", None, "org:profil"),
            ("SKP", "skp:daftar", "bi-clipboard-check", "org.is_pegawai", "skp:"),
        ),
    ),
    (
        "ADMINISTRATION",
        (
            (
                "Manajemen Unit Kerja",
                "org:admin_unit_list",
                "bi-diagram-3",
                "org.admin_panel",
                "org:admin_unit",
            ),
            (
                "Manajemen Pegawai",
                "org:admin_pegawai_list",
                "bi-people",
                "org.admin_panel",
                "org:admin_pegawai",
            ),
            (
                "Manajemen PLT / PLH",
                "org:admin_plt_list",
                "bi-person-gear",
                "org.admin_panel",
                "org:admin_plt",
            ),
            ("Impor Data SIASN", "org:admin_import", "bi-upload", "org.admin_panel", "org:admin_import"),
            (
                "Daftar SKP Instansi",
                "skp:admin_list",
                "bi-clipboard-data",
                "org.admin_panel",
                "skp:admin_list",
            ),
            ("Rekap SKP", "skp:admin_rekap", "bi-bar-chart-line", "org.admin_panel", "skp:admin_rekap"),
            ("Log Audit", "core:audit_list", "bi-journal-text", "org.admin_panel", "core:audit"),
        ),
    ),
)


def menu(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    current = request.resolver_match.view_name if request.resolver_match else ""
    groups = []
    for title, items in MENU:
        visible = [
            {"label": label, "url": reverse(name), "icon": icon, "prefix": prefix, "active": False}
            for label, name, icon, perm, prefix in items
            if not perm or user.has_perm(perm)
        ]
        if visible:
            groups.append({"title": title, "items": visible})
    matches = [item for g in groups for item in g["items"] if current.startswith(item["prefix"])]
    if matches:
        max(matches, key=lambda item: len(item["prefix"]))["active"] = True
    return {"menu_groups": groups}

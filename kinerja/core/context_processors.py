"""The left menu, grouped as in the seeds. An item shows only to those who may use it."""

from django.urls import reverse

MENU = (
    ("MAIN MENU", (("Profil", "org:profil", "bi-person-badge", None),)),
    (
        "ADMINISTRATION",
        (
            ("Manajemen Unit Kerja", "org:admin_unit_list", "bi-diagram-3", "org.admin_panel"),
            ("Manajemen Pegawai", "org:admin_pegawai_list", "bi-people", "org.admin_panel"),
            ("Manajemen PLT / PLH", "org:admin_plt_list", "bi-person-gear", "org.admin_panel"),
            ("Impor Data SIASN", "org:admin_import", "bi-upload", "org.admin_panel"),
            ("Log Audit", "core:audit_list", "bi-journal-text", "org.admin_panel"),
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
        visible = []
        for label, name, icon, perm in items:
            if perm and not user.has_perm(perm):
                continue
            url = reverse(name)
            # Active on its own page and on its area's other pages (org:admin_unit_list -> org:admin_unit_*).
            area = name.removesuffix("_list")
            active = current == name or (area != name and current.startswith(area + "_"))
            visible.append({"label": label, "url": url, "icon": icon, "active": active})
        if visible:
            groups.append({"title": title, "items": visible})
    return {"menu_groups": groups}

"""Who may do what, as `rules` predicates. Selectors mirror these as queryset filters."""

import rules

from .models import Peran


@rules.predicate
def is_admin_nasional(user) -> bool:
    return bool(user and user.is_authenticated and user.peran == Peran.ADMIN_NASIONAL)


@rules.predicate
def is_admin_instansi(user) -> bool:
    return bool(user and user.is_authenticated and user.peran == Peran.ADMIN_INSTANSI and user.instansi_id)


@rules.predicate
def is_admin_of(user, obj) -> bool:
    """Admin whose scope covers `obj` (anything with an `instansi_id`, or an Instansi)."""
    if obj is None or not user or not user.is_authenticated:
        return False
    if user.peran == Peran.ADMIN_NASIONAL:
        return True
    instansi_id = getattr(obj, "instansi_id", None) or (
        obj.pk if obj._meta.model_name == "instansi" else None
    )
    return (
        user.peran == Peran.ADMIN_INSTANSI
        and user.instansi_id is not None
        and user.instansi_id == instansi_id
    )


@rules.predicate
def is_self(user, pegawai) -> bool:
    return bool(pegawai is not None and user.is_authenticated and pegawai.user_id == user.pk)


@rules.predicate
def has_pegawai(user) -> bool:
    return bool(user and user.is_authenticated and hasattr(user, "pegawai"))


rules.add_perm("org.is_pegawai", has_pegawai)
rules.add_perm("org.admin_panel", is_admin_nasional | is_admin_instansi)
rules.add_perm("org.is_admin_nasional", is_admin_nasional)
rules.add_perm("org.manage", is_admin_of)  # manage a unit, an employee, an assignment of an instansi
rules.add_perm("org.edit_profil", is_self | is_admin_of)
rules.add_perm("org.view_pegawai", is_self | is_admin_of)

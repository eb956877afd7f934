"""Who may see and change an SKP. Services check these; selectors mirror them as filters."""

import rules

from kinerja.org.models import Peran
from kinerja.org.permissions import is_admin_of

from .models import Status


@rules.predicate
def is_owner(user, skp) -> bool:
    return bool(skp is not None and user.is_authenticated and skp.pegawai.user_id == user.pk)


@rules.predicate
def is_penilai(user, skp) -> bool:
    return bool(
        skp is not None and skp.penilai_id and user.is_authenticated and skp.penilai.user_id == user.pk
    )


@rules.predicate
def is_submitted(user, skp) -> bool:
    return skp is not None and skp.status != Status.DRAFT


@rules.predicate
def is_admin_instansi_of(user, skp) -> bool:
    return bool(
        skp is not None
        and user.is_authenticated
        and user.peran in (Peran.ADMIN_INSTANSI, Peran.ADMIN_NASIONAL)
        and is_admin_of(user, skp)
    )


# The owner always; the assessor once it is submitted; admins of the instansi read-only.
rules.add_perm("skp.view", is_owner | (is_penilai & is_submitted) | is_admin_instansi_of)
rules.add_perm("skp.edit", is_owner)  # the state check (DRAFT) is in the services
rules.add_perm("skp.review", is_penilai)

"""Who may see and change an assessment. Services check these; selectors mirror them."""

import rules

from kinerja.org.models import Peran
from kinerja.org.permissions import is_admin_of


@rules.predicate
def is_owner(user, penilaian) -> bool:
    return bool(penilaian is not None and user.is_authenticated and penilaian.skp.pegawai.user_id == user.pk)


@rules.predicate
def is_penilai(user, penilaian) -> bool:
    return bool(
        penilaian is not None
        and penilaian.penilai_id
        and user.is_authenticated
        and penilaian.penilai.user_id == user.pk
    )


@rules.predicate
def is_admin(user, penilaian) -> bool:
    return bool(
        penilaian is not None
        and user.is_authenticated
        and user.peran in (Peran.ADMIN_INSTANSI, Peran.ADMIN_NASIONAL)
        and is_admin_of(user, penilaian.skp)
    )


rules.add_perm("penilaian.view", is_owner | is_penilai | is_admin)
rules.add_perm("penilaian.fill", is_owner)  # rencana aksi, bukti dukung, realisasi (until the batas)
rules.add_perm("penilaian.assess", is_penilai)  # feedback, ratings, pembinaan

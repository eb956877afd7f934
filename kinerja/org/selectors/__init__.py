"""Every read shared by views, API and exports, with the permission filter built in."""

from .profil import (  # noqa: F401, E402
    pegawai_bawahan,
    pegawai_satu_unit,
    profil,
    unit_induk_choices,
    unit_search,
)
from .scope import (  # noqa: F401
    instansi_for_admin,
    pegawai_for_admin,
    pegawai_of_user,
    units_for_admin,
)

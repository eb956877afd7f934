"""Every read shared by views, API and exports, with the permission filter built in."""

from .scope import (  # noqa: F401
    instansi_for_admin,
    pegawai_for_admin,
    pegawai_of_user,
    units_for_admin,
)

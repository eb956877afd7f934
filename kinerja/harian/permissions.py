"""Menu rights of the kinerja harian feature: shown only where the user's instansi has switched it on."""

import rules

from kinerja.org.permissions import has_pegawai, is_admin_instansi, is_admin_nasional

from . import pengaturan


@rules.predicate
def harian_aktif(user) -> bool:
    """The feature is on for the user's instansi (cached on the user object for the request)."""
    if not user or not user.is_authenticated:
        return False
    if not hasattr(user, "_harian_aktif"):
        pegawai = getattr(user, "pegawai", None)
        instansi_id = user.instansi_id or (pegawai.instansi_id if pegawai else None)
        user._harian_aktif = pengaturan.aktif(instansi_id)
    return user._harian_aktif


rules.add_perm("harian.pegawai", has_pegawai & harian_aktif)
rules.add_perm("harian.admin", is_admin_instansi & harian_aktif)
rules.add_perm("harian.pengaturan", is_admin_nasional | is_admin_instansi)

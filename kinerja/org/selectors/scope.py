"""What an admin may see: the national admin everything, an instansi admin their instansi."""

from django.db.models import QuerySet

from ..models import Instansi, Pegawai, Peran, UnitKerja


def pegawai_of_user(user) -> Pegawai | None:
    if not user.is_authenticated:
        return None
    return (
        Pegawai.objects.select_related("instansi", "jabatan", "unit_kerja")
        .filter(user_id=user.pk, aktif=True)
        .first()
    )


def instansi_for_admin(user) -> QuerySet[Instansi]:
    if user.peran == Peran.ADMIN_NASIONAL:
        return Instansi.objects.all()
    if user.peran == Peran.ADMIN_INSTANSI and user.instansi_id:
        return Instansi.objects.filter(pk=user.instansi_id)
    return Instansi.objects.none()


def pegawai_for_admin(user) -> QuerySet[Pegawai]:
    if user.peran == Peran.ADMIN_NASIONAL:
        return Pegawai.objects.all()
    if user.peran == Peran.ADMIN_INSTANSI and user.instansi_id:
        return Pegawai.objects.filter(instansi_id=user.instansi_id)
    return Pegawai.objects.none()


def units_for_admin(user) -> QuerySet[UnitKerja]:
    if user.peran == Peran.ADMIN_NASIONAL:
        return UnitKerja.objects.all()
    if user.peran == Peran.ADMIN_INSTANSI and user.instansi_id:
        return UnitKerja.objects.filter(instansi_id=user.instansi_id)
    return UnitKerja.objects.none()

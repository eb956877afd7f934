from django.db import transaction

from kinerja.core.audit import record


@transaction.atomic
def password_change(*, user, new_password: str) -> None:
    """Set a new password chosen by the user (the form has checked the old one and the rules)."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    pegawai = getattr(user, "pegawai", None)
    record(
        actor=user,
        action="akun.password_change",
        obj=user,
        instansi=pegawai.instansi if pegawai else user.instansi,
    )

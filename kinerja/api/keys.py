"""Create, find and revoke API keys. The full key is shown once; only its SHA-256 is stored."""

import secrets

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.teks import periksa_teks
from kinerja.org.models import Instansi, Peran, User

from .models import Akses, ApiKey

PREFIX = "ekn"


def _require_admin(actor, instansi: Instansi) -> None:
    ok = actor.is_authenticated and (
        actor.peran == Peran.ADMIN_NASIONAL
        or (actor.peran == Peran.ADMIN_INSTANSI and actor.instansi_id == instansi.pk)
    )
    if not ok or hasattr(actor, "api_key"):
        raise PermissionDeniedError("Hanya admin instansi yang dapat mengelola API key.")


@transaction.atomic
def apikey_create(*, actor, instansi: Instansi, nama: str, akses: str) -> tuple[ApiKey, str]:
    """A new key; returns it with the full secret `ekn_<prefix>_<secret>`, which is never stored."""
    _require_admin(actor, instansi)
    nama = (nama or "").strip()
    if not nama:
        raise DomainError("Nama sistem wajib diisi.", field="nama")
    if len(nama) > 120:
        raise DomainError("Nama sistem paling banyak 120 karakter.", field="nama")
    periksa_teks(nama, label="Nama sistem", field="nama")
    if akses not in Akses.values:
        raise DomainError("Pilih akses: baca saja atau baca dan tulis.", field="akses")
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    akun = User.objects.create(
        username=f"api-{prefix}",
        first_name=nama[:150],
        peran=Peran.ADMIN_INSTANSI,
        instansi=instansi,
        password=make_password(None),
    )
    key = ApiKey.objects.create(
        instansi=instansi,
        nama=nama,
        prefix=prefix,
        key_hash=ApiKey.hash(secret),
        akses=akses,
        akun=akun,
        dibuat_oleh=actor,
    )
    audit.record(
        actor=actor, action="apikey.buat", obj=key, instansi=instansi, after={"nama": nama, "akses": akses}
    )
    return key, f"{PREFIX}_{prefix}_{secret}"


@transaction.atomic
def apikey_revoke(*, actor, key: ApiKey) -> ApiKey:
    _require_admin(actor, key.instansi)
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.dicabut_pada:
        raise DomainError("API key ini sudah dicabut.")
    key.dicabut_pada = timezone.now()
    key.save(update_fields=["dicabut_pada"])
    User.objects.filter(pk=key.akun_id).update(is_active=False)
    audit.record(actor=actor, action="apikey.cabut", obj=key, instansi=key.instansi)
    return key


def apikey_lookup(raw: str) -> ApiKey | None:
    """The active key for a presented secret, or None."""
    parts = (raw or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    key = ApiKey.objects.select_related("akun", "instansi").filter(prefix=parts[1]).first()
    if key is None or key.dicabut_pada or not secrets.compare_digest(key.key_hash, ApiKey.hash(parts[2])):
        return None
    return key

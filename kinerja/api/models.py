"""API keys for other systems: scoped to one instansi, read or write, revocable, audited.

A key acts through its own service account (a User with peran ADMIN_INSTANSI of the key's instansi and no
usable password), so every API call goes through the same services and rights as an admin in the web UI,
and every audit event names the key.
"""

import hashlib

from django.conf import settings
from django.db import models


class Akses(models.TextChoices):
    BACA = "BACA", "Baca saja"
    TULIS = "TULIS", "Baca dan tulis"


class ApiKey(models.Model):
    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="api_keys")
    nama = models.CharField("nama sistem", max_length=120)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    akses = models.CharField(max_length=5, choices=Akses.choices, default=Akses.BACA)
    akun = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_key")
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    dicabut_pada = models.DateTimeField(null=True, blank=True)
    terakhir_dipakai = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-dibuat_pada"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.nama} ({self.prefix})"

    @property
    def aktif(self) -> bool:
        return self.dicabut_pada is None

    @staticmethod
    def hash(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

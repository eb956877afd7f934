"""Tempat Sampah: what a Hapus removed, kept so that an admin can bring it back (Pulihkan).

One row per deletion: the deleted object and everything its deletion cascaded to, serialised with
`django.core.serializers` (see `kinerja.sampah.services`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Jenis(models.TextChoices):
    SKP = "SKP", "SKP"
    RHK = "RHK", "RHK"
    INDIKATOR = "INDIKATOR", "Indikator"
    BUKTI = "BUKTI", "Bukti Dukung"
    PERIODE = "PERIODE", "Periode Penilaian"


class Sampah(models.Model):
    jenis = models.CharField(max_length=10, choices=Jenis.choices, db_index=True)
    label = models.CharField(max_length=300)
    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    pemilik = models.ForeignKey(
        "org.Pegawai", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The deleted object itself (the root of the cascade), as in the audit log: "skp.Skp" and its id.
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    dihapus_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dihapus_oleh_label = models.CharField(max_length=200, blank=True)
    dihapus_pada = models.DateTimeField(auto_now_add=True)
    # {"objek": [serialised rows, parents first], "tautan": [rows whose link to a deleted row was set to NULL]}
    data = models.JSONField()
    # What the row holds, for the list without loading `data`: [["RHK", 3], ["indikator", 5], ...]
    isi = models.JSONField(default=list)
    # " app.model:pk " of every row held, to find which bin row holds a missing parent.
    kunci = models.TextField(blank=True)
    dipulihkan_pada = models.DateTimeField(null=True, blank=True)
    dipulihkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "tempat sampah"
        verbose_name_plural = "tempat sampah"
        ordering = ["-dihapus_pada", "-id"]
        indexes = [
            models.Index(fields=["instansi", "-dihapus_pada"]),
            models.Index(fields=["object_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()}: {self.label}"

    @property
    def dipulihkan(self) -> bool:
        return self.dipulihkan_pada is not None

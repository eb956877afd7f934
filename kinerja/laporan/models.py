from __future__ import annotations

from django.db import models

from . import rules


class PengaturanKeluaran(models.Model):
    """An instansi's tables for the outputs other systems consume (RULES.md §3: 'instansi settings, defaults').

    A key left out (or no row at all) uses the default of rules.py."""

    instansi = models.OneToOneField(
        "org.Instansi", on_delete=models.CASCADE, related_name="pengaturan_keluaran"
    )
    kode_rating = models.JSONField(
        default=dict,
        blank=True,
        help_text='Kode rating untuk sistem lain: {"DIBAWAH": 1, "SESUAI": 2, "DIATAS": 3}. Kosong = bawaan.',
    )
    nilai_predikat = models.JSONField(
        default=dict,
        blank=True,
        help_text='Nilai per predikat (TPP, sumbu talenta): {"SANGAT_BAIK": 100, "BAIK": 80, ...}. Kosong = bawaan.',
    )
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "pengaturan keluaran"
        verbose_name_plural = "pengaturan keluaran"

    def __str__(self) -> str:
        return f"Pengaturan keluaran {self.instansi}"

    @property
    def kode_rating_efektif(self) -> dict[str, int]:
        return {**rules.KODE_RATING_BAWAAN, **(self.kode_rating or {})}

    @property
    def nilai_predikat_efektif(self) -> dict[str, int]:
        return {**rules.NILAI_PREDIKAT_BAWAAN, **(self.nilai_predikat or {})}

from __future__ import annotations

from django.conf import settings
from django.db import models

from . import rules
from .storage import CetakStorage


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


# --- Cetak SKP Massal (docs/cetak-massal.md) -------------------------------------------------------------------


class JenisCetak(models.TextChoices):
    SKP = "SKP", "SKP"


class StatusCetak(models.TextChoices):
    MENUNGGU = "MENUNGGU", "Menunggu"
    BERJALAN = "BERJALAN", "Berjalan"
    SELESAI = "SELESAI", "Selesai"
    GAGAL = "GAGAL", "Gagal"


class JobCetak(models.Model):
    """One background print of many SKP forms into a single PDF (Celery queue `pdf`)."""

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    jenis = models.CharField(max_length=8, choices=JenisCetak.choices, default=JenisCetak.SKP)
    tahun = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(
        "org.UnitKerja", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit_nama = models.CharField("unit kerja (saat dibuat)", max_length=250, blank=True)
    skp_ids = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    selesai = models.PositiveIntegerField("SKP tercetak", default=0)
    gagal = models.PositiveIntegerField("SKP tidak tercetak", default=0)
    halaman = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=StatusCetak.choices, default=StatusCetak.MENUNGGU)
    pesan = models.TextField(blank=True)
    file = models.FileField(storage=CetakStorage(), upload_to="cetak/%Y/%m/", max_length=255, blank=True)
    percobaan = models.PositiveIntegerField(default=0)
    dimulai_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "job cetak"
        verbose_name_plural = "job cetak"
        ordering = ["-dibuat_pada", "-id"]
        indexes = [models.Index(fields=["instansi", "-dibuat_pada"])]

    def __str__(self) -> str:
        return f"Cetak {self.get_jenis_display()} {self.tahun} #{self.pk}"

    @property
    def diproses(self) -> int:
        return self.selesai + self.gagal

    @property
    def persen(self) -> int:
        return int(100 * self.diproses / self.total) if self.total else 100

    @property
    def berakhir(self) -> bool:
        return self.status in (StatusCetak.SELESAI, StatusCetak.GAGAL)

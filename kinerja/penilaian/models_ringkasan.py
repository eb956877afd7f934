"""Summary rows behind the dashboards (issue 7): per unit kerja × periode × tahun, kept current by the services.

A service that changes an SKP or an assessment calls `kinerja.penilaian.ringkasan.tandai`, which recounts the
touched units' rows in the same transaction (see that module). Dashboards read these rows instead of counting
millions of assessments at request time. "Terlambat" depends on today, so the row keeps `tanpa_realisasi`
and the dashboard derives "terlambat" from it once the period's batas pengisian has passed.
"""

from __future__ import annotations

from django.db import models

from . import rules

PREDIKAT_FIELDS = tuple(f"predikat_{p}" for p in rules.PREDIKAT_ORDER)
ANGKA_FIELDS = ("skp", "ditambah", "realisasi", "tanpa_realisasi", "dinilai", *PREDIKAT_FIELDS)


class RingkasanUnit(models.Model):
    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    unit_kerja = models.ForeignKey("org.UnitKerja", on_delete=models.CASCADE, related_name="+")
    periode = models.ForeignKey("penilaian.PeriodePenilaian", on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField()
    jenis = models.CharField(
        max_length=10
    )  # the period's jenis (FINAL / PERIODIK), for the national dashboard
    skp = models.PositiveIntegerField(default=0)  # approved SKPs overlapping the period
    ditambah = models.PositiveIntegerField(default=0)  # assessments added (Tambah Periode Penilaian)
    realisasi = models.PositiveIntegerField(default=0)  # ... with at least one realisasi
    tanpa_realisasi = models.PositiveIntegerField(default=0)
    dinilai = models.PositiveIntegerField(default=0)  # ... with a predikat
    predikat_SANGAT_KURANG = models.PositiveIntegerField(default=0)
    predikat_KURANG = models.PositiveIntegerField(default=0)
    predikat_BUTUH_PERBAIKAN = models.PositiveIntegerField(default=0)
    predikat_BAIK = models.PositiveIntegerField(default=0)
    predikat_SANGAT_BAIK = models.PositiveIntegerField(default=0)
    diperbarui_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "ringkasan unit"
        verbose_name_plural = "ringkasan unit"
        constraints = [
            models.UniqueConstraint(fields=["unit_kerja", "periode", "tahun"], name="ringkasan_unit_unik")
        ]
        indexes = [
            models.Index(fields=["instansi", "periode", "tahun"]),
            # the national dashboard sums the Final rows of a year per instansi from this index alone (PostgreSQL)
            models.Index(
                fields=["tahun", "jenis", "instansi"], include=ANGKA_FIELDS, name="ringkasan_nasional"
            ),
        ]

    def __str__(self) -> str:
        return f"Ringkasan {self.unit_kerja_id} {self.periode_id} {self.tahun}"


class RingkasanSkp(models.Model):
    """Rekap SKP: the SKPs of a unit kerja starting in `tahun`, per status (kept like `RingkasanUnit`)."""

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    unit_kerja = models.ForeignKey("org.UnitKerja", on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField()
    draft = models.PositiveIntegerField(default=0)
    pengajuan = models.PositiveIntegerField(default=0)
    persetujuan = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    diperbarui_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "ringkasan SKP"
        verbose_name_plural = "ringkasan SKP"
        constraints = [models.UniqueConstraint(fields=["unit_kerja", "tahun"], name="ringkasan_skp_unik")]
        indexes = [models.Index(fields=["tahun", "instansi"])]

    def __str__(self) -> str:
        return f"Ringkasan SKP {self.unit_kerja_id} {self.tahun}"

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from . import rules


class Rating(models.TextChoices):
    DIBAWAH = rules.DIBAWAH, "Dibawah Ekspektasi"
    SESUAI = rules.SESUAI, "Sesuai Ekspektasi"
    DIATAS = rules.DIATAS, "Diatas Ekspektasi"


class Predikat(models.TextChoices):
    SANGAT_BAIK = rules.SANGAT_BAIK, "Sangat Baik"
    BAIK = rules.BAIK, "Baik"
    BUTUH_PERBAIKAN = rules.BUTUH_PERBAIKAN, "Butuh Perbaikan"
    KURANG = rules.KURANG, "Kurang/Misconduct"
    SANGAT_KURANG = rules.SANGAT_KURANG, "Sangat Kurang"


class PredikatOrganisasi(models.TextChoices):
    ISTIMEWA = rules.ISTIMEWA, "Istimewa"
    BAIK = rules.ORG_BAIK, "Baik"
    BUTUH_PERBAIKAN = rules.ORG_BUTUH_PERBAIKAN, "Butuh Perbaikan"
    KURANG = rules.ORG_KURANG, "Kurang"
    SANGAT_KURANG = rules.ORG_SANGAT_KURANG, "Sangat Kurang"


class JenisPeriode(models.TextChoices):
    PERIODIK = rules.PERIODIK, "Periodik"
    FINAL = rules.FINAL, "Final"


class TipePeriodik(models.TextChoices):
    BULANAN = rules.BULANAN, "Bulanan"
    TRIWULANAN = rules.TRIWULANAN, "Triwulanan"


class PengaturanPenilaian(models.Model):
    """Settings of an instansi where no national rule exists (RULES.md: 'a setting with the default given here')."""

    instansi = models.OneToOneField(
        "org.Instansi", on_delete=models.CASCADE, related_name="pengaturan_penilaian"
    )
    keberatan_hari = models.PositiveSmallIntegerField(default=rules.KEBERATAN_HARI)
    kurva_ideal = models.JSONField(
        null=True,
        blank=True,
        help_text='Kurva ideal per predikat organisasi: {"BAIK": [5, 10, 15, 60, 10], ...} (persen, Sangat Kurang '
        "s.d. Sangat Baik). Kosong = bawaan rules.IDEAL_CURVE.",
    )
    rating_dari_organisasi = models.JSONField(
        null=True,
        blank=True,
        help_text='Rating hasil kerja pimpinan unit dari predikat organisasi: {"ISTIMEWA": "DIATAS", ...}. '
        "Kosong = bawaan rules.RATING_DARI_ORGANISASI.",
    )

    def __str__(self) -> str:
        return f"Pengaturan penilaian {self.instansi}"


class PeriodePenilaian(models.Model):
    """Manajemen Periode: a period defined by the admin, with month-day dates; `tahun` empty = every year."""

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="periode_penilaian")
    nama = models.CharField(max_length=100)
    jenis = models.CharField(max_length=10, choices=JenisPeriode.choices)
    tipe_periodik = models.CharField(max_length=12, choices=TipePeriodik.choices, blank=True)
    angka_periodik = models.PositiveSmallIntegerField(null=True, blank=True)
    awal = models.CharField("periode awal (mm-dd)", max_length=5)
    akhir = models.CharField("periode akhir (mm-dd)", max_length=5)
    batas = models.CharField("batas pengisian (mm-dd)", max_length=5)
    tahun = models.PositiveSmallIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "periode penilaian"
        verbose_name_plural = "periode penilaian"
        ordering = ["instansi", "tahun", "jenis", "angka_periodik", "awal"]

    def __str__(self) -> str:
        return self.nama

    def tanggal(self, tahun: int):
        """(awal, akhir, batas) as dates in `tahun`."""
        return rules.tanggal_periode(self.awal, self.akhir, self.batas, tahun)


class CapaianOrganisasi(models.Model):
    """The predikat organisasi of a unit for a period of a year, set by the admin or the parent unit's leader."""

    unit_kerja = models.ForeignKey(
        "org.UnitKerja", on_delete=models.CASCADE, related_name="capaian_organisasi"
    )
    periode = models.ForeignKey(PeriodePenilaian, on_delete=models.CASCADE, related_name="capaian_organisasi")
    tahun = models.PositiveSmallIntegerField()
    predikat = models.CharField(max_length=20, choices=PredikatOrganisasi.choices)
    diisi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "capaian organisasi"
        constraints = [
            models.UniqueConstraint(
                fields=["unit_kerja", "periode", "tahun"], name="capaian_satu_per_unit_periode"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_kerja} {self.periode} {self.tahun}: {self.get_predikat_display()}"


class Penilaian(models.Model):
    """One assessment period added to one SKP (Tambah Periode Penilaian), with its ratings and predikat.

    The assessor is frozen when the period is added (refreshable). `dibuka_sampai` is an admin's reopening for
    this person after the batas pengisian."""

    skp = models.ForeignKey("skp.Skp", on_delete=models.CASCADE, related_name="penilaian")
    periode = models.ForeignKey(PeriodePenilaian, on_delete=models.PROTECT, related_name="penilaian")
    tahun = models.PositiveSmallIntegerField()
    awal = models.DateField()
    akhir = models.DateField()
    batas = models.DateField()
    dibuka_sampai = models.DateField(null=True, blank=True)
    penilai = models.ForeignKey(
        "org.Pegawai", null=True, blank=True, on_delete=models.SET_NULL, related_name="penilaian_dinilai"
    )
    penilai_nama = models.CharField(max_length=200, blank=True)
    penilai_nip = models.CharField(max_length=18, blank=True)
    penilai_jabatan = models.CharField(max_length=250, blank=True)
    penilai_unit = models.CharField(max_length=250, blank=True)
    rating_hasil_kerja = models.CharField(max_length=8, choices=Rating.choices, blank=True)
    rating_perilaku = models.CharField(max_length=8, choices=Rating.choices, blank=True)
    predikat = models.CharField(max_length=16, choices=Predikat.choices, blank=True, db_index=True)
    dinilai_pada = models.DateTimeField(null=True, blank=True)
    dinilai_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    # Version token of the ratings and the keberatan (docs/konkurensi.md): +1 on every effective change.
    versi = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "penilaian"
        ordering = ["skp", "awal", "periode__jenis", "id"]
        constraints = [
            models.UniqueConstraint(fields=["skp", "periode", "tahun"], name="penilaian_periode_unik")
        ]
        indexes = [models.Index(fields=["penilai", "periode", "tahun"])]

    def __str__(self) -> str:
        return f"{self.periode.nama} {self.tahun} - {self.skp.pegawai_nama}"

    @property
    def is_final(self) -> bool:
        return self.periode.jenis == rules.FINAL

    @property
    def batas_efektif(self):
        return max(self.batas, self.dibuka_sampai) if self.dibuka_sampai else self.batas


class RencanaAksi(models.Model):
    penilaian = models.ForeignKey(Penilaian, on_delete=models.CASCADE, related_name="rencana_aksi")
    rhk = models.ForeignKey("skp.Rhk", on_delete=models.CASCADE, related_name="rencana_aksi")
    teks = models.TextField("rencana aksi")
    target = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "rencana aksi"
        ordering = ["penilaian", "rhk", "id"]

    def __str__(self) -> str:
        return self.teks[:60]


class BuktiDukung(models.Model):
    penilaian = models.ForeignKey(Penilaian, on_delete=models.CASCADE, related_name="bukti_dukung")
    indikator = models.ForeignKey("skp.Indikator", on_delete=models.CASCADE, related_name="bukti_dukung")
    nama = models.CharField(max_length=250)
    link = models.URLField(max_length=1000)
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "bukti dukung"
        ordering = ["penilaian", "indikator", "id"]

    def __str__(self) -> str:
        return self.nama


class Realisasi(models.Model):
    penilaian = models.ForeignKey(Penilaian, on_delete=models.CASCADE, related_name="realisasi")
    indikator = models.ForeignKey("skp.Indikator", on_delete=models.CASCADE, related_name="realisasi")
    realisasi = models.TextField()
    sumber_data = models.TextField(blank=True)
    diubah_pada = models.DateTimeField(auto_now=True)
    # Version token (docs/konkurensi.md): 1 when created, +1 on every effective change; a form without a row sends 0.
    versi = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "realisasi"
        constraints = [
            models.UniqueConstraint(fields=["penilaian", "indikator"], name="realisasi_satu_per_indikator")
        ]

    def __str__(self) -> str:
        return self.realisasi[:60]


class Jempol(models.TextChoices):
    NAIK = "NAIK", "👍"
    TURUN = "TURUN", "👎"


class FeedbackIndikator(models.Model):
    """The assessor's feedback on one indicator in one period."""

    penilaian = models.ForeignKey(Penilaian, on_delete=models.CASCADE, related_name="feedback_indikator")
    indikator = models.ForeignKey("skp.Indikator", on_delete=models.CASCADE, related_name="+")
    jempol = models.CharField(max_length=5, choices=Jempol.choices, blank=True)
    teks = models.TextField(blank=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["penilaian", "indikator"], name="feedback_indikator_unik")
        ]

    def __str__(self) -> str:
        return f"Feedback {self.indikator_id}"


class FeedbackPerilaku(models.Model):
    """The assessor's feedback on one BerAKHLAK value (1..7) in one period."""

    penilaian = models.ForeignKey(Penilaian, on_delete=models.CASCADE, related_name="feedback_perilaku")
    nilai = models.PositiveSmallIntegerField()
    jempol = models.CharField(max_length=5, choices=Jempol.choices, blank=True)
    teks = models.TextField(blank=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["penilaian", "nilai"], name="feedback_perilaku_unik")]

    def __str__(self) -> str:
        return f"Feedback perilaku {self.nilai}"


class FeedbackRekan(models.Model):
    """A colleague's comment on one BerAKHLAK value of someone's SKP (Feedback Perilaku rekan kerja)."""

    skp = models.ForeignKey("skp.Skp", on_delete=models.CASCADE, related_name="feedback_rekan")
    pemberi = models.ForeignKey(
        "org.Pegawai", on_delete=models.CASCADE, related_name="feedback_rekan_diberikan"
    )
    nilai = models.PositiveSmallIntegerField()
    teks = models.TextField()
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["skp", "nilai", "dibuat_pada"]
        constraints = [
            models.UniqueConstraint(fields=["skp", "pemberi", "nilai"], name="feedback_rekan_unik")
        ]

    def __str__(self) -> str:
        return f"Feedback rekan {self.pemberi_id} -> SKP {self.skp_id}"


class Pembinaan(models.Model):
    """A coaching note by the assessor for one subordinate in one period, visible to that subordinate."""

    penilaian = models.ForeignKey(Penilaian, on_delete=models.CASCADE, related_name="pembinaan")
    teks = models.TextField()
    oleh = models.ForeignKey("org.Pegawai", on_delete=models.SET_NULL, null=True, related_name="+")
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "pembinaan"
        ordering = ["penilaian", "dibuat_pada"]

    def __str__(self) -> str:
        return self.teks[:60]


class StatusKeberatan(models.TextChoices):
    DIAJUKAN = "DIAJUKAN", "Diajukan"
    DIPUTUS = "DIPUTUS", "Diputus"


class KeputusanKeberatan(models.TextChoices):
    DIKUATKAN = "DIKUATKAN", "Predikat dikuatkan"
    DIUBAH = "DIUBAH", "Predikat diubah"


class Keberatan(models.Model):
    """An objection to a Final predikat (PP 30/2019 Pasal 59), decided by the atasan pejabat penilai."""

    penilaian = models.OneToOneField(Penilaian, on_delete=models.CASCADE, related_name="keberatan")
    alasan = models.TextField()
    diajukan_pada = models.DateTimeField(auto_now_add=True)
    atasan = models.ForeignKey(
        "org.Pegawai", null=True, on_delete=models.SET_NULL, related_name="keberatan_diputus"
    )
    atasan_nama = models.CharField(max_length=200, blank=True)
    atasan_nip = models.CharField(max_length=18, blank=True)
    atasan_jabatan = models.CharField(max_length=250, blank=True)
    status = models.CharField(
        max_length=10, choices=StatusKeberatan.choices, default=StatusKeberatan.DIAJUKAN
    )
    catatan_pemeriksaan = models.TextField(blank=True)
    keputusan = models.CharField(max_length=10, choices=KeputusanKeberatan.choices, blank=True)
    predikat_semula = models.CharField(max_length=16, choices=Predikat.choices)
    rating_hasil_kerja_baru = models.CharField(max_length=8, choices=Rating.choices, blank=True)
    rating_perilaku_baru = models.CharField(max_length=8, choices=Rating.choices, blank=True)
    predikat_baru = models.CharField(max_length=16, choices=Predikat.choices, blank=True)
    alasan_keputusan = models.TextField(blank=True)
    diputus_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "keberatan"
        ordering = ["-diajukan_pada"]

    def __str__(self) -> str:
        return f"Keberatan {self.penilaian}"


class StatusReview(models.TextChoices):
    DIKONFIRMASI = "DIKONFIRMASI", "Dikonfirmasi"
    DIKEMBALIKAN = "DIKEMBALIKAN", "Dikembalikan ke pejabat penilai"


class ReviewSangatBaik(models.Model):
    """The Tim Penilai Kinerja's review of a Sangat Baik predikat (seed 002)."""

    penilaian = models.OneToOneField(Penilaian, on_delete=models.CASCADE, related_name="review_sangat_baik")
    status = models.CharField(max_length=14, choices=StatusReview.choices)
    catatan = models.TextField(blank=True)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    diubah_pada = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Review {self.penilaian_id}: {self.status}"


from .models_ringkasan import RingkasanSkp, RingkasanUnit  # noqa: E402,F401  (a model of this app, in its own file)

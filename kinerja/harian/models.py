"""Monthly targets and daily work logs (seed 004): Tahapan, Matriks Target Bulanan, Catatan Kinerja Harian (CKHP),
the monthly kinerja score for TPP. The whole feature is switched on per instansi (PengaturanHarian.aktif)."""

from django.conf import settings
from django.db import models

from . import rules


class RumusTpp(models.TextChoices):
    RATA_RATA = "RATA_RATA", "Rata-rata capaian indikator"
    TERBOBOT = "TERBOBOT", "Rata-rata terbobot Utama / Tambahan"


class PengaturanHarian(models.Model):
    """Per-instansi switch and settings; no row = the feature is off."""

    instansi = models.OneToOneField(
        "org.Instansi", on_delete=models.CASCADE, related_name="pengaturan_harian"
    )
    aktif = models.BooleanField("kinerja bulanan dan harian aktif", default=False)
    hari_mundur = models.PositiveSmallIntegerField(
        "batas hari mundur pengisian CKHP", default=rules.HARI_MUNDUR
    )
    realisasi_bulanan_diubah = models.BooleanField("realisasi bulanan boleh diubah manual", default=False)
    rumus_tpp = models.CharField(max_length=10, choices=RumusTpp.choices, default=RumusTpp.RATA_RATA)
    batas_capaian = models.PositiveSmallIntegerField(
        "batas capaian per indikator (%)", default=rules.BATAS_CAPAIAN
    )
    bobot_utama = models.PositiveSmallIntegerField("bobot kinerja utama (%)", default=rules.BOBOT_UTAMA)
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "pengaturan kinerja harian"

    def __str__(self) -> str:
        return f"Pengaturan harian {self.instansi_id}"


class Tahapan(models.Model):
    """A stage under an RHK: name, order, planned month."""

    rhk = models.ForeignKey("skp.Rhk", on_delete=models.CASCADE, related_name="tahapan")
    nama = models.CharField(max_length=500)
    urutan = models.PositiveSmallIntegerField(default=0)
    bulan = models.PositiveSmallIntegerField("bulan rencana", null=True, blank=True)  # 1..12

    class Meta:
        ordering = ["urutan", "id"]
        verbose_name_plural = "tahapan"

    def __str__(self) -> str:
        return self.nama


class TargetBulanan(models.Model):
    """The planned target of one indicator in one month of the SKP's year."""

    indikator = models.ForeignKey("skp.Indikator", on_delete=models.CASCADE, related_name="target_bulanan")
    bulan = models.PositiveSmallIntegerField()  # 1..12
    target = models.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["bulan"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "bulan"], name="target_bulanan_satu_per_bulan"),
            models.CheckConstraint(
                condition=models.Q(bulan__gte=1, bulan__lte=12), name="target_bulanan_bulan"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indikator_id} {self.bulan}: {self.target}"


class RealisasiBulanan(models.Model):
    """A manual monthly realisation that replaces the sum of approved daily entries (only where the instansi
    allows it)."""

    indikator = models.ForeignKey("skp.Indikator", on_delete=models.CASCADE, related_name="realisasi_bulanan")
    bulan = models.PositiveSmallIntegerField()
    nilai = models.DecimalField(max_digits=14, decimal_places=2)
    diubah_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indikator", "bulan"], name="realisasi_bulanan_satu_per_bulan")
        ]

    def __str__(self) -> str:
        return f"{self.indikator_id} {self.bulan}: {self.nilai}"


class StatusCatatan(models.TextChoices):
    KONSEP = "KONSEP", "Konsep"
    PERIKSA = "PERIKSA", "Periksa"
    SETUJU = "SETUJU", "Setuju"
    DIKEMBALIKAN = "DIKEMBALIKAN", "Dikembalikan"


class CatatanHarian(models.Model):
    """One Catatan Kinerja Harian Pegawai (CKHP) entry against an indicator of an approved SKP."""

    skp = models.ForeignKey("skp.Skp", on_delete=models.CASCADE, related_name="catatan_harian")
    indikator = models.ForeignKey("skp.Indikator", on_delete=models.CASCADE, related_name="catatan_harian")
    pegawai = models.ForeignKey("org.Pegawai", on_delete=models.CASCADE, related_name="catatan_harian")
    tanggal = models.DateField()
    uraian = models.TextField()
    realisasi = models.DecimalField(max_digits=14, decimal_places=2)
    bukti_link = models.URLField("link bukti", max_length=1000, blank=True)
    status = models.CharField(max_length=12, choices=StatusCatatan.choices, default=StatusCatatan.KONSEP)
    catatan_pemeriksa = models.TextField(blank=True)
    dikirim_pada = models.DateTimeField(null=True, blank=True)
    diperiksa_oleh = models.ForeignKey(
        "org.Pegawai", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    diperiksa_pada = models.DateTimeField(null=True, blank=True)
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-tanggal", "-id"]
        verbose_name = "catatan kinerja harian"
        verbose_name_plural = "catatan kinerja harian"
        indexes = [
            models.Index(fields=["pegawai", "tanggal"]),
            models.Index(fields=["skp", "status", "tanggal"]),
            models.Index(fields=["indikator", "status", "tanggal"]),
        ]

    def __str__(self) -> str:
        return f"{self.tanggal} {self.uraian[:40]}"

    @property
    def bisa_diubah(self) -> bool:
        return self.status in rules.STATUS_BOLEH_UBAH


class BulanDitutup(models.Model):
    """A closed month of an instansi: its TPP scores are frozen and its entries and targets locked."""

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    tahun = models.PositiveSmallIntegerField()
    bulan = models.PositiveSmallIntegerField()
    ditutup_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ditutup_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-tahun", "-bulan"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "tahun", "bulan"], name="bulan_ditutup_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.instansi_id} {self.bulan}/{self.tahun}"


class NilaiTppBulanan(models.Model):
    """The monthly kinerja score of one person, frozen when the month is closed."""

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    pegawai = models.ForeignKey("org.Pegawai", on_delete=models.CASCADE, related_name="nilai_tpp")
    tahun = models.PositiveSmallIntegerField()
    bulan = models.PositiveSmallIntegerField()
    nilai = models.DecimalField(max_digits=6, decimal_places=2, null=True)  # None: no target that month
    rincian = models.JSONField(default=list)  # per indicator: id, teks, jenis, target, realisasi, capaian
    rumus = models.CharField(max_length=10, choices=RumusTpp.choices)
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-tahun", "-bulan"]
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "tahun", "bulan"], name="nilai_tpp_satu_per_bulan"),
        ]
        indexes = [models.Index(fields=["instansi", "tahun", "bulan"])]

    def __str__(self) -> str:
        return f"{self.pegawai_id} {self.bulan}/{self.tahun}: {self.nilai}"

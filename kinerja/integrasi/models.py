"""Integration records: PMM users, sync jobs and the per-person sync log, what was sent to SIASN."""

from django.conf import settings
from django.db import models


class PenggunaPmm(models.Model):
    """An employee registered as a PMM (PKG/PKKS/PKPS) user: their SKP comes from PMM and is view-only here."""

    pegawai = models.OneToOneField("org.Pegawai", on_delete=models.CASCADE, related_name="pengguna_pmm")
    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    jenis_ptk = models.CharField("jenis PTK", max_length=60, blank=True)
    ditambahkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "user PMM"
        indexes = [models.Index(fields=["instansi", "pegawai"])]

    def __str__(self) -> str:
        return f"User PMM {self.pegawai_id}"


class Sistem(models.TextChoices):
    SIASN = "SIASN", "SIASN"
    PMM = "PMM", "PMM"


class JenisSinkron(models.TextChoices):
    PROFIL = "PROFIL", "Sinkro Profil SIASN"
    KIRIM_SKP = "KIRIM_SKP", "Kirim ke SIASN"
    SKP = "SKP", "Sinkro data SKP PMM"
    SKP_ROTASI = "SKP_ROTASI", "Sinkro data SKP dengan Rotasi PMM"
    SKP_PLT = "SKP_PLT", "Sinkro data SKP PLT PMM"
    PENILAIAN = "PENILAIAN", "Sinkro data Penilaian PMM"
    PENILAIAN_FINAL = "PENILAIAN_FINAL", "Sinkro data Penilaian Final PMM"


SISTEM_OF = {
    JenisSinkron.PROFIL: Sistem.SIASN,
    JenisSinkron.KIRIM_SKP: Sistem.SIASN,
    JenisSinkron.SKP: Sistem.PMM,
    JenisSinkron.SKP_ROTASI: Sistem.PMM,
    JenisSinkron.SKP_PLT: Sistem.PMM,
    JenisSinkron.PENILAIAN: Sistem.PMM,
    JenisSinkron.PENILAIAN_FINAL: Sistem.PMM,
}


class StatusJob(models.TextChoices):
    ANTRE = "ANTRE", "Menunggu"
    BERJALAN = "BERJALAN", "Berjalan"
    SELESAI = "SELESAI", "Selesai"
    GAGAL = "GAGAL", "Gagal"


class JobSinkronisasi(models.Model):
    """One background run over many people (bulk profile sync, Kirim ke SIASN, bulk PMM sync, retry all)."""

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    jenis = models.CharField(max_length=16, choices=JenisSinkron.choices)
    tahun = models.PositiveSmallIntegerField(null=True, blank=True)
    pegawai_ids = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=StatusJob.choices, default=StatusJob.ANTRE)
    total = models.PositiveIntegerField(default=0)
    diproses = models.PositiveIntegerField(default=0)
    berhasil = models.PositiveIntegerField(default=0)
    gagal = models.PositiveIntegerField(default=0)
    percobaan = models.PositiveIntegerField("percobaan ulang jaringan", default=0)
    pesan = models.TextField(blank=True)
    dimulai_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-dibuat_pada", "-id"]
        indexes = [models.Index(fields=["instansi", "-dibuat_pada"])]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} #{self.pk}"

    @property
    def persen(self) -> int:
        return int(100 * self.diproses / self.total) if self.total else 100


class StatusLog(models.TextChoices):
    BERHASIL = "BERHASIL", "Berhasil"
    GAGAL = "GAGAL", "Gagal"


class LogSinkronisasi(models.Model):
    """One attempt to sync one person. `terkini` marks the latest attempt per person and jenis."""

    instansi = models.ForeignKey("org.Instansi", on_delete=models.CASCADE, related_name="+")
    pegawai = models.ForeignKey(
        "org.Pegawai", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    nip = models.CharField(max_length=18, db_index=True)
    nama = models.CharField(max_length=200, blank=True)
    sistem = models.CharField(max_length=5, choices=Sistem.choices)
    jenis = models.CharField(max_length=16, choices=JenisSinkron.choices)
    tahun = models.PositiveSmallIntegerField(null=True, blank=True)
    tipe_skp = models.CharField("tipe SKP", max_length=30, blank=True)
    status = models.CharField(max_length=8, choices=StatusLog.choices)
    keterangan = models.TextField(blank=True)  # what the remote system answered, e.g. "Error: 200 …"
    catatan = models.TextField(blank=True)  # our verdict, e.g. 'Gagal Sinkro: "…"'
    perbaikan = models.TextField("yang harus memperbaiki", blank=True)
    hasil = models.JSONField(default=dict, blank=True)  # counts: RHK Masuk, RHK Indikator Masuk, …
    job = models.ForeignKey(
        JobSinkronisasi, null=True, blank=True, on_delete=models.SET_NULL, related_name="log"
    )
    terkini = models.BooleanField(default=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dibuat_pada = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-dibuat_pada", "-id"]
        indexes = [
            models.Index(fields=["instansi", "sistem", "terkini", "-dibuat_pada"]),
            models.Index(fields=["pegawai", "jenis", "terkini"]),
            models.Index(fields=["job", "pegawai"]),
        ]

    def __str__(self) -> str:
        return f"{self.nip} {self.jenis} {self.status}"


class KirimSiasn(models.Model):
    """What SIASN keeps as riwayat SKP for one person and year (rw-skp22), with the payload last sent."""

    pegawai = models.ForeignKey("org.Pegawai", on_delete=models.CASCADE, related_name="kirim_siasn")
    tahun = models.PositiveSmallIntegerField()
    penilaian = models.ForeignKey(
        "penilaian.Penilaian", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    rw_skp_id = models.CharField("ID riwayat SKP di SIASN", max_length=64)
    payload_hash = models.CharField(max_length=64)
    predikat = models.CharField(max_length=16)
    dikirim_pada = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pegawai", "tahun"], name="kirim_siasn_satu_per_tahun")
        ]

    def __str__(self) -> str:
        return f"{self.pegawai_id} {self.tahun}"

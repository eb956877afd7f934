from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from . import rules


class Status(models.TextChoices):
    DRAFT = rules.DRAFT, "DRAFT"
    PENGAJUAN = rules.PENGAJUAN, "PENGAJUAN"
    PERSETUJUAN = rules.PERSETUJUAN, "PERSETUJUAN"


class Pendekatan(models.TextChoices):
    KUANTITATIF = rules.KUANTITATIF, "Kuantitatif"
    KUALITATIF = rules.KUALITATIF, "Kualitatif"


class StatusPegawai(models.TextChoices):
    DEFINITIF = rules.DEFINITIF, "Definitif"
    PLT = rules.PLT, "PLT"


class ModelSkp(models.TextChoices):
    JPT = rules.MODEL_JPT, "JPT"
    JA_JF = rules.MODEL_JA_JF, "JA / JF"


class Sumber(models.TextChoices):
    EKINERJA = "EKINERJA", "e-Kinerja"
    PMM = "PMM", "PMM"


class Skp(models.Model):
    """One SKP period of one employee, with a snapshot of both parties taken when it was made (or reloaded)."""

    pegawai = models.ForeignKey("org.Pegawai", on_delete=models.PROTECT, related_name="skp")
    instansi = models.ForeignKey("org.Instansi", on_delete=models.PROTECT, related_name="+")
    periode_awal = models.DateField()
    periode_akhir = models.DateField()
    pendekatan = models.CharField(max_length=12, choices=Pendekatan.choices, default=Pendekatan.KUANTITATIF)
    status_pegawai = models.CharField(
        max_length=10, choices=StatusPegawai.choices, default=StatusPegawai.DEFINITIF
    )
    penugasan_plt = models.ForeignKey(
        "org.PenugasanPlt", null=True, blank=True, on_delete=models.PROTECT, related_name="skp"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True)
    revisi = models.PositiveIntegerField(default=0)
    keterangan = models.TextField(blank=True)
    model = models.CharField(max_length=6, choices=ModelSkp.choices)
    # Where the content comes from: PMM SKPs (teachers, principals) are view-only here; PMM is the source of truth.
    sumber = models.CharField(max_length=10, choices=Sumber.choices, default=Sumber.EKINERJA)
    pmm_id = models.CharField("ID SKP di PMM", max_length=64, blank=True, db_index=True)
    jenis_skp_pmm = models.CharField("jenis SKP PMM", max_length=30, blank=True)
    # Snapshot: the employee being assessed.
    unit_kerja = models.ForeignKey("org.UnitKerja", on_delete=models.PROTECT, related_name="+")
    jenis_pegawai = models.CharField(max_length=10)  # PIMPINAN / PEGAWAI at snapshot time
    pegawai_nama = models.CharField(max_length=200)
    pegawai_nip = models.CharField(max_length=18)
    pegawai_pangkat = models.CharField(max_length=100, blank=True)
    pegawai_jabatan = models.CharField(max_length=250, blank=True)
    pegawai_unit = models.CharField(max_length=250)
    # Snapshot: the assessor (pejabat penilai) and the unit they assess for.
    penilai = models.ForeignKey(
        "org.Pegawai", null=True, blank=True, on_delete=models.SET_NULL, related_name="skp_dinilai"
    )
    penilai_unit_kerja = models.ForeignKey(
        "org.UnitKerja", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    penilai_nama = models.CharField(max_length=200, blank=True)
    penilai_nip = models.CharField(max_length=18, blank=True)
    penilai_pangkat = models.CharField(max_length=100, blank=True)
    penilai_jabatan = models.CharField(max_length=250, blank=True)
    penilai_unit = models.CharField(max_length=250, blank=True)
    penilai_alasan = models.CharField(
        max_length=300, blank=True
    )  # why there is no assessor, when there is none
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)
    # Version token of the status (docs/konkurensi.md): +1 on every status change.
    versi = models.PositiveIntegerField(default=0, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "SKP"
        verbose_name_plural = "SKP"
        ordering = ["-periode_awal", "-id"]
        indexes = [
            models.Index(fields=["pegawai", "periode_awal"]),
            models.Index(fields=["penilai", "periode_awal"]),
            models.Index(fields=["instansi", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(periode_akhir__gte=models.F("periode_awal")), name="skp_periode_urut"
            )
        ]

    def __str__(self) -> str:
        return f"SKP {self.pegawai_nama} {self.periode_awal:%Y-%m-%d} s.d. {self.periode_akhir:%Y-%m-%d}"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_jpt(self) -> bool:
        return self.model == ModelSkp.JPT

    @property
    def is_kualitatif(self) -> bool:
        return self.pendekatan == Pendekatan.KUALITATIF

    @property
    def label_regional(self) -> str:
        return rules.LABEL_REGIONAL[self.status]


class JenisRhk(models.TextChoices):
    UTAMA = "UTAMA", "Utama"
    TAMBAHAN = "TAMBAHAN", "Tambahan"


class Klasifikasi(models.TextChoices):
    INDIVIDU = "INDIVIDU", "Individu"
    ORGANISASI = "ORGANISASI", "Organisasi"


class Rhk(models.Model):
    """Rencana Hasil Kerja. JA/JF: linked to the assessor's RHK it intervenes (`rhk_atasan`)."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="rhk")
    jenis = models.CharField(max_length=10, choices=JenisRhk.choices, default=JenisRhk.UTAMA)
    klasifikasi = models.CharField(max_length=12, choices=Klasifikasi.choices, default=Klasifikasi.INDIVIDU)
    teks = models.TextField("rencana hasil kerja")
    penugasan_dari = models.CharField(max_length=250, blank=True)
    rhk_atasan = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="rhk_bawahan"
    )
    # The text of the intervened RHK when it was linked: kept so that a deleted atasan RHK is shown, not lost.
    rhk_atasan_teks = models.TextField(blank=True)
    urutan = models.PositiveIntegerField(default=0)
    pmm_id = models.CharField("ID RHK di PMM", max_length=64, blank=True)
    dibuat_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "RHK"
        verbose_name_plural = "RHK"
        ordering = ["skp", "jenis", "urutan", "id"]

    def __str__(self) -> str:
        return self.teks[:80]

    @property
    def atasan_hilang(self) -> bool:
        """The intervened RHK was deleted: shown as 'RHK atasan tidak ditemukan' until relinked."""
        return self.rhk_atasan_id is None and bool(self.rhk_atasan_teks)


class Aspek(models.TextChoices):
    KUANTITAS = "Kuantitas", "Kuantitas"
    KUALITAS = "Kualitas", "Kualitas"
    WAKTU = "Waktu", "Waktu"
    BIAYA = "Biaya", "Biaya"


class Perspektif(models.TextChoices):
    PENERIMA_LAYANAN = "Penerima Layanan", "Penerima Layanan"
    PENGUATAN_INTERNAL = "Penguatan Internal", "Penguatan Internal"
    PROSES_BISNIS = "Proses Bisnis", "Proses Bisnis"
    ANGGARAN = "Anggaran", "Anggaran"


class Indikator(models.Model):
    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="indikator")
    teks = models.TextField("indikator kinerja individu")
    aspek = models.CharField(max_length=10, choices=Aspek.choices, blank=True)
    target_nilai = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    target_satuan = models.CharField(max_length=60, blank=True)
    perspektif = models.CharField(max_length=20, choices=Perspektif.choices, blank=True)
    urutan = models.PositiveIntegerField(default=0)
    pmm_id = models.CharField("ID indikator di PMM", max_length=64, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "indikator"
        ordering = ["rhk", "urutan", "id"]

    def __str__(self) -> str:
        return self.teks[:80]

    @property
    def target_label(self) -> str:
        if self.target_nilai is None:
            return "-"
        return f"{format(self.target_nilai.normalize(), 'f')} {self.target_satuan}".strip()


class EkspektasiPimpinan(models.Model):
    """The assessor's Ekspektasi Khusus Pimpinan for one BerAKHLAK value (1..7) of one SKP."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="ekspektasi")
    nilai = models.PositiveSmallIntegerField()  # 1..7, the index in rules.BERAKHLAK plus one
    teks = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["skp", "nilai"], name="ekspektasi_satu_per_nilai")]
        ordering = ["skp", "nilai"]

    def __str__(self) -> str:
        return f"Ekspektasi {rules.BERAKHLAK[self.nilai - 1][0]}"


class JenisLampiran(models.TextChoices):
    DUKUNGAN_SUMBER_DAYA = "DUKUNGAN_SUMBER_DAYA", "Dukungan Sumber Daya"
    SKEMA_PERTANGGUNGJAWABAN = "SKEMA_PERTANGGUNGJAWABAN", "Skema Pertanggungjawaban"
    KONSEKUENSI = "KONSEKUENSI", "Konsekuensi"


class LampiranItem(models.Model):
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="lampiran")
    jenis = models.CharField(max_length=30, choices=JenisLampiran.choices)
    teks = models.TextField()
    urutan = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["skp", "jenis", "urutan", "id"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()}: {self.teks[:60]}"


class MatriksAnggota(models.Model):
    """A member added by NIP to a leader's Matriks Peran Hasil (someone outside the leader's unit)."""

    skp_pimpinan = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="matriks_anggota")
    skp_anggota = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["skp_pimpinan", "skp_anggota"], name="matriks_anggota_unik")
        ]

    def __str__(self) -> str:
        return f"Matriks {self.skp_pimpinan_id} + SKP {self.skp_anggota_id}"

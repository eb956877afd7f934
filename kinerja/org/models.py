from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from simple_history.models import HistoricalRecords

from . import reference, rules


class Peran(models.TextChoices):
    PEGAWAI = "PEGAWAI", "Pegawai"
    ADMIN_INSTANSI = "ADMIN_INSTANSI", "Admin Instansi"
    ADMIN_NASIONAL = "ADMIN_NASIONAL", "Admin Nasional"


class User(AbstractUser):
    """A login. The username is the NIP for every civil servant."""

    peran = models.CharField(max_length=20, choices=Peran.choices, default=Peran.PEGAWAI)
    instansi = models.ForeignKey(
        "Instansi", null=True, blank=True, on_delete=models.PROTECT, related_name="admins",
        help_text="Instansi yang dikelola (untuk Admin Instansi).",
    )  # fmt: skip

    @property
    def is_admin_instansi(self) -> bool:
        return self.peran == Peran.ADMIN_INSTANSI

    @property
    def is_admin_nasional(self) -> bool:
        return self.peran == Peran.ADMIN_NASIONAL

    @property
    def is_admin(self) -> bool:
        return self.peran in (Peran.ADMIN_INSTANSI, Peran.ADMIN_NASIONAL)


class Instansi(models.Model):
    kode = models.CharField("kode instansi", max_length=32, unique=True)
    nama = models.CharField(max_length=200)
    aktif = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "instansi"
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama


class JenisInduk(models.TextChoices):
    BUKAN = "", "Bukan unit induk"
    JPT = "JPT", "Unit JPT"
    MANDIRI = "MANDIRI", "Unit Mandiri"


class UnitKerja(models.Model):
    """One node of an instansi's unit tree. `path` holds the ids from the root, e.g. `/1/4/9/`."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="units")
    id_unor = models.CharField("ID unit kerja", max_length=64, unique=True)
    nama = models.CharField(max_length=250)
    eselon = models.CharField(max_length=4, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    jenis_induk = models.CharField(
        "JPT / Mandiri", max_length=10, choices=JenisInduk.choices, blank=True, default=""
    )
    aktif = models.BooleanField(default=True)
    path = models.CharField(max_length=600, db_index=True, editable=False, default="/")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "unit kerja"
        verbose_name_plural = "unit kerja"
        ordering = ["path"]
        indexes = [models.Index(fields=["instansi", "nama"])]

    def __str__(self) -> str:
        return self.nama

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        parent_path = (
            UnitKerja.objects.values_list("path", flat=True).get(pk=self.parent_id) if self.parent_id else "/"
        )
        expected = f"{parent_path}{self.pk}/"
        if self.path != expected:
            old, self.path, self.depth = self.path, expected, expected.count("/") - 2
            UnitKerja.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
            if old not in ("", "/"):
                # Moved: carry the whole subtree along.
                UnitKerja.objects.filter(path__startswith=old).exclude(pk=self.pk).update(
                    path=Replace("path", Value(old), Value(expected)),
                    depth=F("depth") + (self.depth - (old.count("/") - 2)),
                )

    @property
    def is_induk(self) -> bool:
        return bool(self.jenis_induk)

    @property
    def eselon_label(self) -> str:
        eselon = self.eselon or "-"
        return f"{eselon} (Mandiri)" if self.jenis_induk == JenisInduk.MANDIRI else eselon

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to and including this unit."""
        return [int(x) for x in self.path.strip("/").split("/") if x]


class JenisJabatan(models.TextChoices):
    JPT = "JPT", "Jabatan Pimpinan Tinggi"
    JA = "JA", "Jabatan Administrasi"
    JF = "JF", "Jabatan Fungsional"


class Jabatan(models.Model):
    nama = models.CharField(max_length=250)
    jenis = models.CharField(max_length=3, choices=JenisJabatan.choices)
    jenjang = models.CharField(max_length=60, blank=True)

    class Meta:
        verbose_name_plural = "jabatan"
        ordering = ["nama", "jenjang"]
        constraints = [models.UniqueConstraint(fields=["nama", "jenjang"], name="jabatan_nama_jenjang_unik")]

    def __str__(self) -> str:
        return f"{self.nama} / {self.jenjang}" if self.jenjang else self.nama


class JenisAsn(models.TextChoices):
    PNS = rules.PNS, "PNS"
    PPPK = rules.PPPK, "PPPK"


class JenisKelamin(models.TextChoices):
    PRIA = rules.PRIA, "Pria"
    WANITA = rules.WANITA, "Wanita"


class JenisPegawai(models.TextChoices):
    PIMPINAN = "PIMPINAN", "Pimpinan"
    PEGAWAI = "PEGAWAI", "Pegawai"


class Pegawai(models.Model):
    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="pegawai"
    )
    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="pegawai")
    nip = models.CharField("NIP", max_length=18, unique=True)
    nama = models.CharField(max_length=150)
    gelar_depan = models.CharField(max_length=40, blank=True)
    gelar_belakang = models.CharField(max_length=60, blank=True)
    nomor_kartu_asn = models.CharField("nomor kartu ASN", max_length=40, blank=True)
    tempat_lahir = models.CharField(max_length=100, blank=True)
    tanggal_lahir = models.DateField()
    jenis_kelamin = models.CharField(max_length=1, choices=JenisKelamin.choices)
    jenis_asn = models.CharField("PNS / PPPK", max_length=4, choices=JenisAsn.choices, default=JenisAsn.PNS)
    tmt_cpns = models.DateField("TMT CPNS / pengangkatan")
    tmt_pns = models.DateField("TMT PNS", null=True, blank=True)
    jabatan = models.ForeignKey(Jabatan, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    tmt_jabatan = models.DateField(null=True, blank=True)
    golongan = models.CharField("golongan ruang", max_length=6, blank=True)
    tmt_golongan = models.DateField(null=True, blank=True)
    unit_kerja = models.ForeignKey(UnitKerja, on_delete=models.PROTECT, related_name="pegawai")
    jenis_pegawai = models.CharField(
        max_length=10, choices=JenisPegawai.choices, default=JenisPegawai.PEGAWAI
    )
    diperbantukan_di = models.CharField(
        max_length=250, blank=True,
        help_text="Tempat diperbantukan (nota dinas). Unit kerja dan penilai tetap unit definitif.",
    )  # fmt: skip
    aktif = models.BooleanField(default=True)
    siasn_id = models.CharField("ID PNS di SIASN", max_length=64, blank=True)
    siasn_sinkron_pada = models.DateTimeField("terakhir sinkro SIASN", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "pegawai"
        ordering = ["nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit_kerja"],
                condition=Q(jenis_pegawai="PIMPINAN"),
                name="satu_pimpinan_definitif_per_unit",
            )
        ]
        indexes = [models.Index(fields=["instansi", "nama"]), models.Index(fields=["unit_kerja", "nama"])]

    def __str__(self) -> str:
        return f"{self.nama} ({self.nip})"

    @property
    def nama_lengkap(self) -> str:
        nama = f"{self.gelar_depan} {self.nama}".strip() if self.gelar_depan else self.nama
        return f"{nama}, {self.gelar_belakang}" if self.gelar_belakang else nama

    @property
    def pangkat_golongan(self) -> str:
        return reference.pangkat_golongan(self.jenis_asn, self.golongan)

    @property
    def is_pimpinan(self) -> bool:
        return self.jenis_pegawai == JenisPegawai.PIMPINAN


class JenisPenugasan(models.TextChoices):
    PLT = "PLT", "Pelaksana Tugas (PLT)"
    PLH = "PLH", "Pelaksana Harian (PLH)"


class PenugasanPlt(models.Model):
    """An acting leader of a unit for a time, assigned by the admin."""

    pegawai = models.ForeignKey(Pegawai, on_delete=models.PROTECT, related_name="penugasan_plt")
    unit_kerja = models.ForeignKey(UnitKerja, on_delete=models.PROTECT, related_name="penugasan_plt")
    jenis = models.CharField(max_length=3, choices=JenisPenugasan.choices, default=JenisPenugasan.PLT)
    nomor_sk = models.CharField("nomor SK", max_length=100, blank=True)
    tanggal_mulai = models.DateField()
    tanggal_selesai = models.DateField(null=True, blank=True)
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "penugasan PLT/PLH"
        verbose_name_plural = "penugasan PLT/PLH"
        ordering = ["-tanggal_mulai"]
        indexes = [models.Index(fields=["unit_kerja", "tanggal_mulai"])]

    def __str__(self) -> str:
        return f"{self.jenis} {self.unit_kerja} - {self.pegawai}"

    def aktif_pada(self, tanggal: datetime.date) -> bool:
        return self.tanggal_mulai <= tanggal and (
            self.tanggal_selesai is None or self.tanggal_selesai >= tanggal
        )


def active_assignment_q(tanggal: datetime.date, prefix: str = "") -> Q:
    """Filter for PLT/PLH assignments active on `tanggal`."""
    return Q(**{f"{prefix}tanggal_mulai__lte": tanggal}) & (
        Q(**{f"{prefix}tanggal_selesai__isnull": True}) | Q(**{f"{prefix}tanggal_selesai__gte": tanggal})
    )

"""Sinkro Profil SIASN: compare SIASN's data utama with our profile, apply it, and the bulk job per instansi.

SIASN is the source of truth for the profile; only unit kerja, jabatan and golongan are edited here (SPEC.md §1).
The unit kerja stays the e-Kinerja one (it follows the direct superior who assesses) unless the person chooses
SIASN's unor and that unor is a unit of the same instansi here. Every fetch happens before any write.

This module holds the rules (comparison, what applying SIASN's data changes, the messages); the writes — for one
person from the pages or for a batch of the bulk job, in one transaction with multi-row statements — are in
`batch_profil.py`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from kinerja.core import audit
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.org import reference
from kinerja.org.models import Instansi, Jabatan, JenisJabatan, JenisPegawai, Pegawai, UnitKerja
from kinerja.org.services.impor_parse import normalize_golongan

from .. import jobs, logsync
from ..clients import NotConfigured, RemoteError
from ..clients.siasn import SiasnClient, configured
from ..models import JenisSinkron, JobSinkronisasi, LogSinkronisasi

PESAN_UNOR_BEDA = "Terdapat perbedaan Nama dan/atau ID Unit Kerja (Unor) antara SIASN dan e-Kinerja"
SARAN_UNOR = (
    "Pada saat melakukan sinkro SI-ASN mungkin akan terdapat perbedaan antara unit kerja SI-ASN dan unit kerja "
    "E-Kinerja. Unit kerja E-Kinerja disesuaikan dengan atasan langsung yang menilai kinerja. Setelah melakukan "
    "sinkro SI-ASN sesuaikan kembali unit kerja di menu edit profil agar bisa dinilai atasan langsung."
)
PERBAIKAN_UNOR = (
    "Yang harus memperbaiki: Pegawai melalui Edit Profil bila unit kerja e-Kinerja belum sesuai atasan langsung; "
    f"{logsync.PERBAIKAN_ADMIN} bila data unor di SIASN keliru."
)

# Pegawai fields SIASN overwrites (NIP is the key and never changes; unit kerja only when chosen).
PROFIL_FIELDS = [
    "nama", "gelar_depan", "gelar_belakang", "tempat_lahir", "tanggal_lahir", "jenis_kelamin", "nomor_kartu_asn",
    "jenis_asn", "tmt_cpns", "tmt_pns", "jabatan", "tmt_jabatan", "golongan", "tmt_golongan", "unit_kerja",
    "jenis_pegawai", "siasn_id",
]  # fmt: skip

_JENIS_KELAMIN = {"L": "L", "M": "L", "PRIA": "L", "LAKI-LAKI": "L", "P": "P", "F": "P", "W": "P", "WANITA": "P",
                  "PEREMPUAN": "P"}  # fmt: skip
_JENIS_JABATAN = {
    "JPT": JenisJabatan.JPT, "JA": JenisJabatan.JA, "JF": JenisJabatan.JF,
    "1": JenisJabatan.JA, "STRUKTURAL": JenisJabatan.JA,
    "2": JenisJabatan.JF, "FUNGSIONAL": JenisJabatan.JF, "FUNGSIONAL TERTENTU": JenisJabatan.JF,
    "4": JenisJabatan.JA, "PELAKSANA": JenisJabatan.JA, "FUNGSIONAL UMUM": JenisJabatan.JA,
}  # fmt: skip
_LABEL_KELAMIN = {"L": "Pria", "P": "Wanita"}


# --- reading SIASN's values -----------------------------------------------------------------------------------


def _teks(data: dict, key: str) -> str | None:
    value = data.get(key)
    return None if value is None else str(value).strip()


def tanggal_siasn(value) -> datetime.date | None:
    """SIASN dates are dd-mm-yyyy strings; anything else (empty, malformed) is None."""
    try:
        return datetime.datetime.strptime(str(value or "").strip(), "%d-%m-%Y").date()
    except ValueError:
        return None


def _ddmmyyyy(value: datetime.date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def jenis_kelamin_siasn(value) -> str:
    return _JENIS_KELAMIN.get(str(value or "").strip().upper(), "")


def jenis_jabatan_siasn(value) -> str:
    return _JENIS_JABATAN.get(str(value or "").strip().upper(), "")


# --- comparison ------------------------------------------------------------------------------------------------


@dataclass
class Baris:
    label: str
    siasn: str
    ekinerja: str

    @property
    def beda(self) -> bool:
        return " ".join(self.siasn.split()).casefold() != " ".join(self.ekinerja.split()).casefold()


@dataclass
class Banding:
    """Data SIASN | Data e-Kinerja, row by row, with the unit kerja of both sides."""

    pegawai: Pegawai
    data: dict
    baris: list[Baris] = field(default_factory=list)
    unit_siasn_nama: str = ""
    unit_siasn_id: str = ""
    unit_ekinerja_nama: str = ""
    unit_ekinerja_id: str = ""
    unit_siasn_terdaftar: UnitKerja | None = None  # SIASN's unor as a unit of the same instansi here

    @property
    def unit_beda(self) -> bool:
        return (self.unit_siasn_id, self.unit_siasn_nama.casefold()) != (
            self.unit_ekinerja_id,
            self.unit_ekinerja_nama.casefold(),
        )

    @property
    def pesan_unit(self) -> str:
        return PESAN_UNOR_BEDA if self.unit_beda else ""

    @property
    def saran_unit(self) -> str:
        return SARAN_UNOR if self.unit_beda else ""

    @property
    def ada_beda(self) -> bool:
        return self.unit_beda or any(b.beda for b in self.baris)


def _jabatan_label(nama: str, jenjang: str) -> str:
    return f"{nama} / {jenjang}" if jenjang else nama


def unit_kunci(pegawai: Pegawai, data: dict) -> tuple[int, str] | None:
    """The key of SIASN's unor among our units: (instansi id, id_unor), or None when SIASN gives none."""
    unor = _teks(data, "unorId") or ""
    return (pegawai.instansi_id, unor) if unor else None


def _banding(pegawai: Pegawai, data: dict, units: dict | None = None) -> Banding:
    """The comparison; `units` = the batch's preloaded {unit_kunci: UnitKerja} (else one query)."""
    jabatan = pegawai.jabatan
    kelamin = jenis_kelamin_siasn(data.get("jenisKelamin"))
    golongan = normalize_golongan(_teks(data, "golRuangAkhir") or "")
    rows = [
        ("INSTANSI KERJA", _teks(data, "instansiKerjaNama"), pegawai.instansi.nama),
        ("NOMOR KARTU PEGAWAI", _teks(data, "kartuAsn"), pegawai.nomor_kartu_asn),
        ("NIP", _teks(data, "nipBaru"), pegawai.nip),
        ("NAMA", _teks(data, "nama"), pegawai.nama),
        ("TEMPAT LAHIR", _teks(data, "tempatLahir"), pegawai.tempat_lahir),
        ("TANGGAL LAHIR", _teks(data, "tglLahir"), _ddmmyyyy(pegawai.tanggal_lahir)),
        (
            "JABATAN / JENJANG",
            _jabatan_label(_teks(data, "jabatanNama") or "", _teks(data, "jenjang") or ""),
            _jabatan_label(jabatan.nama, jabatan.jenjang) if jabatan else "",
        ),
        ("TMT JABATAN", _teks(data, "tmtJabatan"), _ddmmyyyy(pegawai.tmt_jabatan)),
        ("GOLONGAN RUANG", golongan, pegawai.golongan),
        ("TMT GOLONGAN", _teks(data, "tmtGolAkhir"), _ddmmyyyy(pegawai.tmt_golongan)),
        ("GELAR DEPAN", _teks(data, "gelarDepan"), pegawai.gelar_depan),
        ("GELAR BELAKANG", _teks(data, "gelarBelakang"), pegawai.gelar_belakang),
        (
            "JENIS KELAMIN",
            _LABEL_KELAMIN.get(kelamin, _teks(data, "jenisKelamin")),
            _LABEL_KELAMIN[pegawai.jenis_kelamin],
        ),
        ("TMT CPNS", _teks(data, "tmtCpns"), _ddmmyyyy(pegawai.tmt_cpns)),
        ("TMT PNS", _teks(data, "tmtPns"), _ddmmyyyy(pegawai.tmt_pns)),
    ]
    banding = Banding(
        pegawai=pegawai,
        data=data,
        baris=[Baris(label, siasn or "", ekinerja or "") for label, siasn, ekinerja in rows],
        unit_siasn_nama=_teks(data, "unorNama") or "",
        unit_siasn_id=_teks(data, "unorId") or "",
        unit_ekinerja_nama=pegawai.unit_kerja.nama,
        unit_ekinerja_id=pegawai.unit_kerja.id_unor,
    )
    kunci = unit_kunci(pegawai, data)
    if kunci is not None:
        banding.unit_siasn_terdaftar = (units if units is not None else units_siasn([kunci])).get(kunci)
    return banding


def units_siasn(kunci: list[tuple[int, str]]) -> dict[tuple[int, str], UnitKerja]:
    """SIASN's unor of many people as our units, in one query (the first by path, as `.first()` picks)."""
    instansi_ids = {k[0] for k in kunci}
    unor = {k[1] for k in kunci}
    found: dict[tuple[int, str], UnitKerja] = {}
    if kunci:
        for unit in UnitKerja.objects.filter(instansi_id__in=instansi_ids, id_unor__in=unor).order_by(
            "path", "pk"
        ):
            found.setdefault((unit.instansi_id, unit.id_unor), unit)
    return found


# --- rights and fetching -----------------------------------------------------------------------------------------


def _check_rights(actor, pegawai: Pegawai) -> None:
    if not actor.has_perm("org.edit_profil", pegawai):
        raise PermissionDeniedError("Anda tidak berhak menyinkronkan profil pegawai ini dengan SIASN.")


def _ditolak(pegawai: Pegawai, exc: RemoteError) -> DomainError:
    return DomainError(f"SIASN menolak permintaan data NIP {pegawai.nip}: {exc.keterangan}.")


def _fetch(pegawai: Pegawai) -> dict:
    """data utama of the person. NotConfigured / NetworkError / RemoteError propagate; nothing written yet."""
    return SiasnClient().data_utama(pegawai.nip)


def _with_related(pegawai: Pegawai) -> Pegawai:
    return Pegawai.objects.select_related("instansi", "unit_kerja", "jabatan").get(pk=pegawai.pk)


def profil_banding(*, actor, pegawai: Pegawai) -> Banding:
    """Sinkro Profil SIASN, first step: Data SIASN | Data e-Kinerja side by side (nothing written)."""
    _check_rights(actor, pegawai)
    pegawai = _with_related(pegawai)
    try:
        data = _fetch(pegawai)
    except RemoteError as exc:
        raise _ditolak(pegawai, exc) from exc
    return _banding(pegawai, data)


# --- applying ----------------------------------------------------------------------------------------------------


def jabatan_kunci(data: dict) -> tuple[str, str] | None:
    """(nama, jenjang) of the Jabatan SIASN names, whitespace normalised; None when SIASN names none."""
    nama = " ".join((_teks(data, "jabatanNama") or "").split())
    return (nama, " ".join((_teks(data, "jenjang") or "").split())) if nama else None


def jabatan_baru(data: dict) -> Jabatan:
    """A Jabatan SIASN names that we do not have yet (unsaved; the jenis from SIASN), or DomainError."""
    nama, jenjang = jabatan_kunci(data)
    jenis = jenis_jabatan_siasn(data.get("jenisJabatan"))
    if not jenis:
        raise DomainError(
            f"Jenis jabatan dari SIASN ({data.get('jenisJabatan') or 'kosong'}) untuk {nama} tidak dikenal.",
            field="jabatan",
        )
    if len(nama) > 250 or len(jenjang) > 60:
        raise DomainError("Nama jabatan atau jenjang dari SIASN terlalu panjang.", field="jabatan")
    return Jabatan(nama=nama, jenjang=jenjang, jenis=jenis)


def ubah_profil(
    pegawai: Pegawai, banding: Banding, pakai_unit_siasn: bool, jabatan_of
) -> tuple[dict, list[str]]:
    """Set SIASN's values on the (locked) pegawai in memory; returns (the values before, the changed fields).

    Nothing is written. `jabatan_of(pegawai, data)` finds the Jabatan SIASN names (a new one may be unsaved: it
    counts as a change and is created by the caller). DomainError when SIASN's data cannot be applied."""
    data = banding.data
    before = audit.snapshot(pegawai, PROFIL_FIELDS)
    jenis_asn = (_teks(data, "statusPegawai") or "").upper()
    if jenis_asn in ("PNS", "PPPK"):
        pegawai.jenis_asn = jenis_asn
    for attr, key in (
        ("nama", "nama"),
        ("gelar_depan", "gelarDepan"),
        ("gelar_belakang", "gelarBelakang"),
        ("tempat_lahir", "tempatLahir"),
        ("nomor_kartu_asn", "kartuAsn"),
    ):
        value = _teks(data, key)
        if value is not None and (value or attr != "nama"):
            limit = Pegawai._meta.get_field(attr).max_length
            if len(value) > limit:
                raise DomainError(f"Data {attr.replace('_', ' ')} dari SIASN lebih dari {limit} karakter.")
            setattr(pegawai, attr, value)
    kelamin = jenis_kelamin_siasn(data.get("jenisKelamin"))
    if kelamin:
        pegawai.jenis_kelamin = kelamin
    for attr, key in (
        ("tanggal_lahir", "tglLahir"),
        ("tmt_cpns", "tmtCpns"),
        ("tmt_pns", "tmtPns"),
        ("tmt_jabatan", "tmtJabatan"),
        ("tmt_golongan", "tmtGolAkhir"),
    ):
        value = tanggal_siasn(data.get(key))
        if value:
            setattr(pegawai, attr, value)
    golongan = normalize_golongan(_teks(data, "golRuangAkhir") or "")
    if golongan:
        if not reference.is_valid_golongan(pegawai.jenis_asn, golongan):
            raise DomainError(
                f"Golongan ruang {golongan} dari SIASN tidak berlaku untuk {pegawai.jenis_asn}.",
                field="golongan",
            )
        pegawai.golongan = golongan
    pegawai.jabatan = jabatan_of(pegawai, data)
    if data.get("id"):
        pegawai.siasn_id = str(data["id"])[:64]
    if pakai_unit_siasn and banding.unit_beda:
        unit = banding.unit_siasn_terdaftar
        if unit is None or not unit.aktif:
            raise DomainError(
                f"Unit kerja SIASN {banding.unit_siasn_nama} (ID {banding.unit_siasn_id or '-'}) tidak terdaftar "
                "sebagai unit kerja aktif di instansi Anda pada e-Kinerja. Hubungi admin instansi, atau biarkan "
                "unit kerja e-Kinerja tetap dipakai.",
                field="pakai_unit_siasn",
            )
        if unit.pk != pegawai.unit_kerja_id:
            pegawai.unit_kerja = unit
            pegawai.jenis_pegawai = JenisPegawai.PEGAWAI  # as Edit Profil does: claim the leadership again
    after = audit.snapshot(pegawai, PROFIL_FIELDS)
    jabatan_dibuat = pegawai.jabatan is not None and pegawai.jabatan.pk is None
    changed = [n for n in PROFIL_FIELDS if before[n] != after[n] or (n == "jabatan" and jabatan_dibuat)]
    return before, changed


def catatan_profil(changed: list[str], banding: Banding, unit_dipakai: bool) -> str:
    teks = (
        f"Berhasil sinkro profil SIASN; data diperbarui: {', '.join(changed)}."
        if changed
        else "Berhasil sinkro profil SIASN; tidak ada perubahan data."
    )
    if banding.unit_beda and not unit_dipakai:
        teks += f" {PESAN_UNOR_BEDA}. Unit kerja e-Kinerja tetap dipakai. {PERBAIKAN_UNOR}"
    return teks


def profil_terapkan(*, actor, pegawai: Pegawai, pakai_unit_siasn: bool = False) -> LogSinkronisasi:
    """Sinkro Profil SIASN, OK: fetch again, apply SIASN's data, log. Refusals raise DomainError (nothing written)."""
    from .batch_profil import terapkan_profil

    _check_rights(actor, pegawai)
    pegawai = _with_related(pegawai)
    try:
        data = _fetch(pegawai)
    except RemoteError as exc:
        raise _ditolak(pegawai, exc) from exc
    return terapkan_profil(
        actor=actor, fetched=[(pegawai, data)], pakai_unit_siasn=pakai_unit_siasn, tolak=True
    )[0]


def profil_sinkron_otomatis(*, actor, pegawai: Pegawai, tahun=None, job: JobSinkronisasi | None = None):
    """The per-person function of the bulk job (the batch path with one person): never changes the unit kerja;
    a refusal is a GAGAL log row. NotConfigured / NetworkError propagate before anything is written."""
    from .batch_profil import profil_sinkron_batch

    return profil_sinkron_batch(actor=actor, pegawai=[_with_related(pegawai)], tahun=tahun, job=job)[0]


def check_admin_siasn(actor, instansi: Instansi) -> None:
    """A bulk SIASN job: only the instansi's admin, and only when SIASN is configured (else nothing is queued)."""
    if not actor.has_perm("org.manage", instansi):
        raise PermissionDeniedError(
            "Hanya admin instansi ini yang dapat menjalankan sinkronisasi massal SIASN."
        )
    if not configured():
        raise NotConfigured("SIASN")


def pegawai_aktif_ids(instansi: Instansi) -> list[int]:
    return list(
        Pegawai.objects.filter(instansi=instansi, aktif=True).order_by("pk").values_list("pk", flat=True)
    )


def profil_sinkron_instansi(*, actor, instansi: Instansi) -> JobSinkronisasi:
    """Sinkro Profil SIASN of every active employee of the instansi, as a background job."""
    check_admin_siasn(actor, instansi)
    return jobs.job_create(
        actor=actor, instansi=instansi, jenis=JenisSinkron.PROFIL, pegawai_ids=pegawai_aktif_ids(instansi)
    )

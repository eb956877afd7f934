"""Build emulator datasets from our own (fictional) records: SIASN data utama and PMM SKP/penilaian shapes.

Used by the tests (each test builds exactly the cases it needs) and by the demo (`integrasi.demo`).
"""

from __future__ import annotations

import datetime

from .server import AUTH_DEFAULT as AUTH


def empty() -> dict:
    return {
        "auth": dict(AUTH),
        "siasn": {"pns": {}, "rw_skp22": {}, "unor": []},
        "pmm": {"pengguna": {}, "skp": {}, "penilaian": {}, "final": {}},
    }


def ddmmyyyy(d: datetime.date | None) -> str:
    return d.strftime("%d-%m-%Y") if d else ""


def siasn_id(nip: str) -> str:
    """A stable fictional SIASN 'orang id' for a NIP."""
    return f"A8ACA7{nip[:12]}E0400{nip[12:]}".lower()


def data_utama(pegawai, **overrides) -> dict:
    """SIASN `data-utama` for one of our employees, as SIASN would return it (INTEGRATIONS.md §1.3)."""
    jabatan = pegawai.jabatan
    unit = pegawai.unit_kerja
    row = {
        "id": siasn_id(pegawai.nip),
        "nipBaru": pegawai.nip,
        "nipLama": "",
        "nama": pegawai.nama,
        "gelarDepan": pegawai.gelar_depan,
        "gelarBelakang": pegawai.gelar_belakang,
        "tempatLahir": pegawai.tempat_lahir,
        "tglLahir": ddmmyyyy(pegawai.tanggal_lahir),
        "jenisKelamin": pegawai.jenis_kelamin,
        "kartuAsn": pegawai.nomor_kartu_asn,
        "statusPegawai": pegawai.jenis_asn,
        "tmtCpns": ddmmyyyy(pegawai.tmt_cpns),
        "tmtPns": ddmmyyyy(pegawai.tmt_pns),
        "instansiKerjaNama": pegawai.instansi.nama,
        "unorId": unit.id_unor,
        "unorNama": unit.nama,
        "jenisJabatan": jabatan.jenis if jabatan else "",
        "jabatanNama": jabatan.nama if jabatan else "",
        "jenjang": jabatan.jenjang if jabatan else "",
        "tmtJabatan": ddmmyyyy(pegawai.tmt_jabatan),
        "golRuangAkhir": pegawai.golongan,
        "tmtGolAkhir": ddmmyyyy(pegawai.tmt_golongan),
    }
    row.update(overrides)
    return row


def pengguna(pegawai, *, terdaftar: bool = True, jenis_ptk: str = "Guru Kelas") -> dict:
    return {
        "nip": pegawai.nip,
        "nama": pegawai.nama,
        "terdaftar": terdaftar,
        "jenis_ptk": jenis_ptk,
        "sekolah": pegawai.unit_kerja.nama,
    }


def indikator(id: str, teks: str, target: str = "100", satuan: str = "%", aspek: str = "Kualitas") -> dict:
    return {"id": id, "teks": teks, "aspek": aspek, "target": target, "satuan": satuan, "perspektif": ""}


def rhk(
    id: str,
    teks: str,
    *,
    indikator_list: list[dict],
    klasifikasi: str = "INDIVIDU",
    jenis: str = "UTAMA",
    atasan_rhk: str | None = None,
    atasan_indikator: str | None = None,
) -> dict:
    atasan = {"rhk": atasan_rhk, "indikator": atasan_indikator} if atasan_rhk else None
    return {
        "id": id,
        "jenis": jenis,
        "klasifikasi": klasifikasi,
        "teks": teks,
        "rhk_atasan": atasan,
        "indikator": indikator_list,
    }


def skp(
    *,
    id: str,
    awal: datetime.date,
    akhir: datetime.date,
    unor_id: str,
    unor_nama: str,
    atasan=None,
    atasan_unor: str = "",
    rhk_list: list[dict],
    jenis_skp: str = "GURU / JAJF",
    plt: bool = False,
) -> dict:
    return {
        "id": id,
        "periode_awal": awal.isoformat(),
        "periode_akhir": akhir.isoformat(),
        "pendekatan": "KUANTITATIF",
        "jenis_skp": jenis_skp,
        "plt": plt,
        "unor": {"id": unor_id, "nama": unor_nama},
        "atasan": (
            {"nip": atasan.nip, "nama": atasan.nama, "unor": atasan_unor or atasan.unit_kerja.nama}
            if atasan
            else None
        ),
        "rhk": rhk_list,
    }


def penilaian_periodik(skp_id: str, angka: int, nama: str, hasil: str, perilaku: str, nilai: str) -> dict:
    return {
        "skp_id": skp_id,
        "angka_periodik": angka,
        "nama": nama,
        "hasil_kerja": hasil,
        "perilaku_kerja": perilaku,
        "nilai_skp": nilai,
    }


def penilaian_final(
    skp_id: str, hasil: str, perilaku: str, hasil_akhir: str, unor_id: str, indikator_rows: list[dict]
) -> dict:
    """indikator_rows: [{"indikator_id", "eviden": [{"nama", "link"}], "realisasi", "feedback"}]."""
    return {
        "skp_id": skp_id,
        "nama_periode": "Tahunan",
        "hasil_kerja": hasil,
        "perilaku_kerja": perilaku,
        "hasil_akhir": hasil_akhir,
        "unor": {"id": unor_id},
        "indikator": indikator_rows,
    }

"""The matrix of the API: one Entri per operation of /api/v1/openapi.json (`METHOD path`), a few twice (`label`).

The API answers a caller it does not know with 401, a right refused with 403 and an object the caller may not
read with 404. `kw` fills the path, `query` the query string, `data` the JSON body. A write by an allowed
persona may also answer 400/422 (a rule of the domain refused it, not a right) or 503 (SIASN/PMM not configured
in the tests).
"""

from .dunia import PEGAWAI, PERSONA, YEAR
from .matriks_dasar import (
    ADMIN_DAFTAR,
    ADMIN_OBJEK,
    ATASAN,
    BACA,
    BACA_KEBERATAN,
    BERSIH,
    DIRI,
    DIRI_BERSIH,
    LOGIN,
    OK,
    PEMILIK,
    PENILAI,
    A,
    H,
    ok,
    semua,
    tolak_diam,
)

P = "/api/v1"
OK_LAYANAN = ok(200, 503)  # SIASN / PMM are not configured in the tests: 503 with a clear message
# The assessor may write the RHK and indicators of a subordinate's DRAFT SKP (skp.services.rhk._may_write: the
# leader builds the cascade from the Matriks Peran Hasil); the periods, lampiran and workflow stay the owner's.
PEMILIK_PENILAI = {**PEMILIK, **PENILAI}
BERSIH_SEMUA = {**semua(BERSIH, LOGIN), **PEMILIK}


def skp(attr="skp"):
    return lambda w: {"skp_id": getattr(w, attr).pk}


def nip(w):
    return {"nip": w.pemilik.nip}


def penilaian(attr="tw2", **extra):
    return lambda w: {"penilaian_id": getattr(w, attr).pk, **{k: v(w) for k, v in extra.items()}}


def ind(w):
    return w.indikator.pk


API = [
    A(f"GET {P}/sistem/saya", get=BERSIH_SEMUA),
    A(
        f"POST {P}/sesi/masuk",
        tulis=semua(tolak_diam(401), PERSONA),
        publik=True,
        data=lambda w: {"nip": "199001012020121001", "password": "salah-sekali"},
        alasan="the login itself is public; a wrong password is 401 for anyone",
    ),
    A(f"POST {P}/sesi/keluar", tulis=semua(OK, LOGIN)),
    A(f"GET {P}/organisasi/saya", get=DIRI_BERSIH),
    # --- organisation ------------------------------------------------------------------------------------------
    A(
        f"GET {P}/organisasi/unit-kerja",
        query=lambda w: {"instansi": w.instansi.pk},
        get={**semua(OK, PEGAWAI), "admin": OK, "admin_nasional": OK},
    ),
    A(
        f"GET {P}/organisasi/unit-kerja",
        label="sendiri",
        get={**semua(OK, PEGAWAI), "admin": OK, "admin_lain": BERSIH, "admin_nasional": ok(400)},
        rahasia=lambda w: [w.bidang.nama],
        alasan="the admin nasional must name the instansi (400)",
    ),
    A(
        f"GET {P}/organisasi/unit-kerja/{{unit_id}}",
        kw=lambda w: {"unit_id": w.bidang.pk},
        get={**semua(OK, PEGAWAI), "admin": OK, "admin_nasional": OK},
    ),
    A(
        f"GET {P}/organisasi/pegawai",
        query=lambda w: {"q": "PEMILIK"},
        get={**BERSIH_SEMUA, "kolega": OK, "penilai": OK, "admin": OK, "admin_nasional": OK},
        alasan="an employee lists themself, their unit and their subordinates",
    ),
    A(f"GET {P}/organisasi/pegawai/{{nip}}", kw=nip, get={**BACA, "kolega": OK}),
    A(f"GET {P}/organisasi/pegawai/{{nip}}/atasan", kw=nip, get={**BACA, "kolega": OK}),
    A(
        f"GET {P}/organisasi/pegawai/{{nip}}/bawahan",
        kw=nip,
        get=BACA,
        alasan="a colleague sees the person but not whom they assess (403)",
    ),
    # --- SKP ---------------------------------------------------------------------------------------------------
    A(f"GET {P}/skp", query=nip, get={**BACA, "kolega": BERSIH, "admin_lain": BERSIH}),
    A(f"GET {P}/skp", label="sendiri", get={**BERSIH_SEMUA, "admin": OK, "admin_nasional": OK}),
    A(
        f"POST {P}/skp",
        tulis=DIRI,
        alasan="one's own new SKP period",
        data=lambda w: {"periode_awal": f"{YEAR + 1}-01-01", "periode_akhir": f"{YEAR + 1}-12-31"},
    ),
    A(f"GET {P}/skp/bawahan", get={**BERSIH_SEMUA, **PENILAI}),
    A(f"GET {P}/skp/bawahan", label="skp", query=lambda w: {"skp": w.skp_kabid.pk}, get=PENILAI),
    A(f"GET {P}/skp/{{skp_id}}", kw=skp(), get=BACA),
    A(
        f"PATCH {P}/skp/{{skp_id}}",
        kw=skp("skp_draft"),
        metode="PATCH",
        tulis=PEMILIK,
        data=lambda w: {"periode_awal": f"{YEAR - 1}-02-01", "periode_akhir": f"{YEAR - 1}-12-31"},
    ),
    A(f"DELETE {P}/skp/{{skp_id}}", kw=skp("skp_draft"), metode="DELETE", tulis=PEMILIK),
    A(
        f"GET {P}/skp/{{skp_id}}/rhk-atasan",
        kw=skp("skp_draft"),
        get=H(pemilik=OK, admin=OK, admin_nasional=OK),
    ),
    A(
        f"POST {P}/skp/{{skp_id}}/rhk",
        kw=skp("skp_draft"),
        tulis=H(pemilik=ok(201), penilai=ok(201)),
        data=lambda w: {"teks": "RHK susupan", "rhk_atasan_id": w.rhk_draft.rhk_atasan_id},
    ),
    A(
        f"PATCH {P}/skp/rhk/{{rhk_id}}",
        kw=lambda w: {"rhk_id": w.rhk_draft.pk},
        metode="PATCH",
        tulis=PEMILIK_PENILAI,
        data=lambda w: {"teks": "RHK diretas"},
    ),
    A(
        f"DELETE {P}/skp/rhk/{{rhk_id}}",
        kw=lambda w: {"rhk_id": w.rhk_draft.pk},
        metode="DELETE",
        tulis=PEMILIK_PENILAI,
    ),
    A(
        f"POST {P}/skp/rhk/{{rhk_id}}/indikator",
        kw=lambda w: {"rhk_id": w.rhk_draft.pk},
        tulis=PEMILIK_PENILAI,
        data=lambda w: {
            "teks": "Indikator susupan",
            "aspek": "Kuantitas",
            "target_nilai": 5,
            "target_satuan": "Dok",
        },
    ),
    A(
        f"PATCH {P}/skp/indikator/{{indikator_id}}",
        kw=lambda w: {"indikator_id": w.indikator_draft.pk},
        metode="PATCH",
        tulis=PEMILIK_PENILAI,
        data=lambda w: {"teks": "Indikator diretas"},
    ),
    A(
        f"DELETE {P}/skp/indikator/{{indikator_id}}",
        kw=lambda w: {"indikator_id": w.indikator_draft.pk},
        metode="DELETE",
        tulis=PEMILIK_PENILAI,
    ),
    A(
        f"PUT {P}/skp/{{skp_id}}/ekspektasi/{{nilai}}",
        kw=lambda w: {"skp_id": w.skp_ajuan.pk, "nilai": 2},
        metode="PUT",
        tulis=PENILAI,
        data=lambda w: {"teks": "Ekspektasi susupan"},
    ),
    A(
        f"POST {P}/skp/{{skp_id}}/lampiran",
        kw=skp("skp_draft"),
        tulis=PEMILIK,
        data=lambda w: {"jenis": "KONSEKUENSI", "teks": "Lampiran susupan"},
    ),
    A(
        f"DELETE {P}/skp/lampiran/{{lampiran_id}}",
        kw=lambda w: {"lampiran_id": w.lampiran_draft.pk},
        metode="DELETE",
        tulis=PEMILIK,
    ),
    A(f"POST {P}/skp/{{skp_id}}/ajukan", kw=skp("skp_draft"), tulis=PEMILIK),
    A(f"POST {P}/skp/{{skp_id}}/setujui", kw=skp("skp_ajuan"), tulis=PENILAI),
    A(
        f"POST {P}/skp/{{skp_id}}/kembalikan",
        kw=skp("skp_ajuan"),
        tulis=PENILAI,
        data=lambda w: {"catatan": "Dikembalikan susupan"},
    ),
    # --- penilaian ---------------------------------------------------------------------------------------------
    A(
        f"GET {P}/penilaian/periode",
        get={**semua(OK, LOGIN), "admin_lain": BERSIH},
        rahasia=lambda w: [f"Tahun {YEAR}"],
    ),
    A(f"GET {P}/penilaian", query=lambda w: {"skp": w.skp.pk}, get=BACA),
    A(
        f"POST {P}/penilaian",
        tulis=PEMILIK,
        data=lambda w: {"skp_id": w.skp.pk, "periode_id": w.periode[3].pk},
    ),
    A(f"DELETE {P}/penilaian/duplikat", query=lambda w: {"skp": w.skp.pk}, metode="DELETE", tulis=PEMILIK),
    A(
        f"GET {P}/penilaian/bawahan",
        query=lambda w: {"periode": w.periode[2].pk},
        get={**BERSIH_SEMUA, **PENILAI},
    ),
    A(f"GET {P}/penilaian/{{penilaian_id}}", kw=penilaian(), get=BACA),
    A(f"GET {P}/penilaian/{{penilaian_id}}", label="final", kw=penilaian("final"), get=BACA_KEBERATAN),
    A(
        f"POST {P}/penilaian/{{penilaian_id}}/rencana-aksi",
        kw=penilaian(),
        tulis=H(pemilik=ok(201)),
        data=lambda w: {"rhk_id": w.rhk.pk, "teks": "Aksi susupan", "target": "1"},
    ),
    A(
        f"PATCH {P}/penilaian/rencana-aksi/{{item_id}}",
        kw=lambda w: {"item_id": w.aksi.pk},
        metode="PATCH",
        tulis=PEMILIK,
        data=lambda w: {"teks": "Aksi diretas"},
    ),
    A(
        f"DELETE {P}/penilaian/rencana-aksi/{{item_id}}",
        kw=lambda w: {"item_id": w.aksi.pk},
        metode="DELETE",
        tulis=PEMILIK,
    ),
    A(
        f"POST {P}/penilaian/{{penilaian_id}}/bukti-dukung",
        kw=penilaian(),
        tulis=PEMILIK,
        data=lambda w: {"indikator_id": ind(w), "nama": "Bukti susupan", "link": "https://example.go.id/s"},
    ),
    A(
        f"PATCH {P}/penilaian/bukti-dukung/{{item_id}}",
        kw=lambda w: {"item_id": w.bukti.pk},
        metode="PATCH",
        tulis=PEMILIK,
        data=lambda w: {"nama": "Bukti diretas"},
    ),
    A(
        f"DELETE {P}/penilaian/bukti-dukung/{{item_id}}",
        kw=lambda w: {"item_id": w.bukti.pk},
        metode="DELETE",
        tulis=PEMILIK,
    ),
    A(
        f"PUT {P}/penilaian/{{penilaian_id}}/realisasi/{{indikator_id}}",
        kw=penilaian(indikator_id=ind),
        metode="PUT",
        tulis=PEMILIK,
        data=lambda w: {"realisasi": "Realisasi diretas"},
    ),
    A(
        f"PUT {P}/penilaian/{{penilaian_id}}/feedback-indikator/{{indikator_id}}",
        kw=penilaian(indikator_id=ind),
        metode="PUT",
        tulis=PENILAI,
        data=lambda w: {"jempol": "TURUN", "teks": "Umpan balik susupan"},
    ),
    A(
        f"DELETE {P}/penilaian/{{penilaian_id}}/feedback-indikator/{{indikator_id}}",
        kw=penilaian(indikator_id=ind),
        metode="DELETE",
        tulis=PENILAI,
    ),
    A(
        f"PUT {P}/penilaian/{{penilaian_id}}/feedback-perilaku/{{nilai}}",
        kw=penilaian(nilai=lambda w: 1),
        metode="PUT",
        tulis=PENILAI,
        data=lambda w: {"jempol": "TURUN", "teks": "Perilaku susupan"},
    ),
    A(
        f"DELETE {P}/penilaian/{{penilaian_id}}/feedback-perilaku/{{nilai}}",
        kw=penilaian(nilai=lambda w: 1),
        metode="DELETE",
        tulis=PENILAI,
    ),
    A(
        f"PUT {P}/penilaian/{{penilaian_id}}/rating",
        kw=penilaian(),
        metode="PUT",
        tulis=PENILAI,
        data=lambda w: {"aspek": "HASIL_KERJA", "rating": "DIBAWAH"},
    ),
    A(
        f"POST {P}/penilaian/{{penilaian_id}}/pembinaan",
        kw=penilaian(),
        tulis=PENILAI,
        data=lambda w: {"teks": "Pembinaan susupan"},
    ),
    A(f"POST {P}/penilaian/{{penilaian_id}}/muat-ulang-penilai", kw=penilaian(), tulis=PEMILIK),
    # --- keberatan ---------------------------------------------------------------------------------------------
    A(f"GET {P}/keberatan", get={**BERSIH_SEMUA, **ATASAN, "admin": OK, "admin_nasional": OK}),
    A(f"POST {P}/keberatan", tulis=PEMILIK, data=lambda w: {"penilaian_id": w.final.pk, "alasan": "Susupan"}),
    A(
        f"GET {P}/keberatan/{{keberatan_id}}",
        kw=lambda w: {"keberatan_id": w.keberatan.pk},
        get=BACA_KEBERATAN,
    ),
    A(
        f"POST {P}/keberatan/{{keberatan_id}}/putus",
        kw=lambda w: {"keberatan_id": w.keberatan.pk},
        tulis=ATASAN,
        data=lambda w: {"catatan_pemeriksaan": "Susupan", "keputusan": "DIKUATKAN", "alasan": "Susupan"},
    ),
    # --- outputs, sync, TPP, CKHP ------------------------------------------------------------------------------
    A(f"GET {P}/keluaran/{{tahun}}", kw=lambda w: {"tahun": YEAR}, get=ADMIN_DAFTAR),
    A(f"GET {P}/keluaran/{{tahun}}/{{nip}}", kw=lambda w: {"tahun": YEAR, **nip(w)}, get={**BACA, **ATASAN}),
    A(
        f"GET {P}/sinkron/siasn/profil/{{nip}}",
        kw=nip,
        get=semua(OK_LAYANAN, ("pemilik", "admin", "admin_nasional")),
    ),
    A(
        f"POST {P}/sinkron/siasn/profil/{{nip}}",
        kw=nip,
        tulis=semua(OK_LAYANAN, ("pemilik", "admin", "admin_nasional")),
        data=lambda w: {"pakai_unit_siasn": True},
    ),
    A(f"GET {P}/sinkron/job/{{job_id}}", kw=lambda w: {"job_id": w.job_sinkron.pk}, get=ADMIN_OBJEK),
    A(
        f"POST {P}/sinkron/job",
        tulis=semua(OK_LAYANAN, ("admin", "admin_nasional")),
        data=lambda w: {"jenis": "SKP", "tahun": YEAR, "instansi": w.instansi.pk},
    ),
    A(
        f"GET {P}/sinkron/log",
        get={**BERSIH_SEMUA, "admin": OK, "admin_nasional": OK},
        alasan="an employee reads their own log rows",
    ),
    A(
        f"GET {P}/sinkron/log",
        label="nip",
        query=nip,
        get={**BERSIH_SEMUA, "admin": OK, "admin_nasional": OK},
        alasan="naming someone else's NIP does not widen an employee's own log",
    ),
    A(
        f"POST {P}/sinkron/{{jenis}}/{{nip}}",
        kw=lambda w: {"jenis": "SKP", **nip(w)},
        query=lambda w: {"tahun": YEAR},
        tulis=semua(OK_LAYANAN, ("pemilik", "admin", "admin_nasional")),
    ),
    A(
        f"GET {P}/tpp/{{tahun}}/{{bulan}}",
        kw=lambda w: {"tahun": YEAR, "bulan": 6},
        query=lambda w: {"instansi": w.instansi.pk},
        get=ADMIN_OBJEK,
    ),
    A(
        f"POST {P}/tpp/{{tahun}}/{{bulan}}/tutup",
        kw=lambda w: {"tahun": YEAR, "bulan": 5},
        query=lambda w: {"instansi": w.instansi.pk},
        tulis=ADMIN_OBJEK,
    ),
    A(
        f"GET {P}/tpp/{{tahun}}/{{bulan}}/{{nip}}",
        kw=lambda w: {"tahun": YEAR, "bulan": 6, **nip(w)},
        get=BACA,
    ),
    A(f"GET {P}/ckhp", get=DIRI_BERSIH),
    A(f"GET {P}/ckhp", label="skp", query=lambda w: {"skp": w.skp.pk}, get=DIRI_BERSIH),
    A(
        f"POST {P}/ckhp",
        tulis=H(pemilik=ok(201)),
        data=lambda w: {
            "skp_id": w.skp.pk,
            "indikator_id": ind(w),
            "tanggal": f"{YEAR}-06-15",
            "uraian": "Susupan",
            "realisasi": 1,
        },
    ),
    A(f"POST {P}/ckhp/kirim", tulis=PEMILIK, data=lambda w: {"catatan_id": [w.catatan.pk]}),
]

"""The matrix of the web pages: one Entri per URL name (a few names twice, with other arguments: `label`).

Reading guide: `get` / `tulis` name who is allowed; everyone else must be refused, and a refused write changes
nothing. The objects are those of tests/security/dunia.py: `skp` is the owner's approved SKP of this year, `tw2`
and `final` its periods (the Final rated Sangat Baik, with a keberatan), `skp_draft` last year's SKP still in
DRAFT (target of the edit forms), `skp_ajuan` an SKP waiting for the assessor, `skp_kabid` the assessor's own SKP
(the Pemantauan dan Evaluasi pages hang under the leader's SKP).
"""

from .dunia import PERSONA, YEAR
from .matriks_dasar import (
    ADMIN_DAFTAR,
    ADMIN_FORM,
    ADMIN_OBJEK,
    BACA,
    BERSIH,
    DIRI,
    DIRI_BERSIH,
    LOGIN,
    OK,
    PEMILIK,
    PENILAI,
    H,
    W,
    ok,
    semua,
    tolak_diam,
)


def pk(attr):
    return lambda w: {"pk": getattr(w, attr).pk}


def instansi(w):
    return {"instansi": w.instansi.pk}


def unit_a(w):
    """Units of the owner's instansi: what the other instansi's admin must never find."""
    return [w.bidang.nama, w.bidang_lain.nama, w.badan.nama]


def evaluasi(w, **extra):
    return {"pk": w.skp_kabid.pk, "periode": w.periode[2].pk, **extra}


def bawahan(w, **extra):
    return evaluasi(w, penilaian=w.tw2.pk, **extra)


RHK_DATA = {"jenis": "UTAMA", "klasifikasi": "INDIVIDU", "teks": "RHK SUSUPAN"}
INDIKATOR_DATA = {
    "aspek": "Kuantitas",
    "teks": "Indikator susupan",
    "target_nilai": "5",
    "target_satuan": "Dok",
}
SEMUA_LOGIN = semua(OK, LOGIN)

WEB = [
    # --- public and account -------------------------------------------------------------------------------------
    W("home", get=semua(ok(302), PERSONA), publik=True, alasan="redirects: login or the profile"),
    W("healthz", get=semua(OK, PERSONA), publik=True),
    W("healthz_db", get=semua(OK, PERSONA), publik=True),
    W("login", get={**semua(ok(302), LOGIN), "anonim": OK}, publik=True),
    W("logout", tulis=semua(ok(200, 302), PERSONA), publik=True),
    W("password_change", get=SEMUA_LOGIN, tulis=SEMUA_LOGIN, alasan="one's own password only"),
    # --- org: profile (one's own), search --------------------------------------------------------------------------
    W("org:profil", get=DIRI_BERSIH),
    W("org:profil_atasan", get=DIRI_BERSIH),
    W("org:profil_satu_unit", get={**DIRI_BERSIH, "kolega": OK, "penilai": OK}, alasan="same unit: listed"),
    W(
        "org:profil_bawahan",
        get={**DIRI_BERSIH, **PENILAI},
        alasan="the atasan's bawahan is the assessor only",
    ),
    W("org:profil_klaim", get=DIRI_BERSIH),
    W("org:profil_klaim_submit", tulis=DIRI, alasan="claims one's own unit only"),
    W("org:profil_lepas", tulis=DIRI),
    W(
        "org:profil_edit",
        get=DIRI_BERSIH,
        tulis={**DIRI, "pemilik": ok(302)},
        data=lambda w: {"unit_kerja": w.bidang.pk, "jabatan": w.pemilik.jabatan_id, "golongan": "III/b"},
        alasan="one's own profile; the owner's success shows the data is valid (see the [asing] row)",
    ),
    W("org:profil_struktur", get=DIRI_BERSIH),
    W(
        "org:unit_search",
        get={**SEMUA_LOGIN, "admin_lain": BERSIH},
        rahasia=unit_a,
        query=lambda w: {"q": "MATRIKS", "instansi": w.instansi.pk},
        alasan="an employee picks units of their own instansi (Edit Profil): every unit of it is listed",
    ),
    # --- org: admin -----------------------------------------------------------------------------------------------
    W("org:admin_unit_list", get=ADMIN_DAFTAR, query=instansi, rahasia=unit_a),
    W(
        "org:admin_unit_list",
        label="xlsx",
        get=ADMIN_DAFTAR,
        rahasia=unit_a,
        query=lambda w: {"instansi": w.instansi.pk, "unduh": "xlsx"},
    ),
    W(
        "org:admin_unit_create",
        get=ADMIN_FORM,
        query=instansi,
        rahasia=unit_a,
        tulis={**ADMIN_OBJEK, "admin_lain": tolak_diam(200)},
        data=lambda w: {"nama": "UNIT SUSUPAN", "eselon": "42", "parent": w.bidang.pk},
        alasan="the other admin creates in their own instansi: a parent unit of ours is an invalid choice",
    ),
    W("org:admin_unit_tanpa_pimpinan", get=ADMIN_DAFTAR, query=instansi, rahasia=unit_a),
    W(
        "org:admin_unit_edit",
        kw=pk("bidang"),
        get=ADMIN_OBJEK,
        tulis=ADMIN_OBJEK,
        data=lambda w: {"nama": "BIDANG DIRETAS", "eselon": "32", "parent": w.badan.pk},
    ),
    W("org:admin_unit_deactivate", kw=pk("bidang"), tulis=ADMIN_OBJEK),
    W("org:admin_unit_activate", kw=pk("bidang"), tulis=ADMIN_OBJEK),
    W("org:admin_plt_list", get=ADMIN_DAFTAR, query=instansi, rahasia=lambda w: [w.lain.nip, w.lain.nama]),
    W(
        "org:admin_plt_list",
        label="xlsx",
        get=ADMIN_DAFTAR,
        rahasia=lambda w: [w.lain.nip, w.lain.nama],
        query=lambda w: {"instansi": w.instansi.pk, "unduh": "xlsx"},
    ),
    W(
        "org:admin_plt_create",
        get=ADMIN_FORM,
        query=instansi,
        tulis={**ADMIN_OBJEK, "admin_lain": tolak_diam(200)},
        data=lambda w: {
            "pegawai": w.kolega.pk,
            "unit_kerja": w.bidang_lain.pk,
            "jenis": "PLH",
            "nomor_sk": "800/SUSUP",
            "tanggal_mulai": f"{YEAR}-07-01",
        },
    ),
    W(
        "org:admin_plt_end",
        kw=pk("plt"),
        get=ADMIN_OBJEK,
        tulis=ADMIN_OBJEK,
        data=lambda w: {"tanggal_selesai": f"{YEAR}-12-31"},
    ),
    W(
        "org:admin_pegawai_search",
        get=ADMIN_DAFTAR,
        query=lambda w: {"q": w.pemilik.nip[:8], "instansi": w.instansi.pk},
    ),
    W(
        "org:admin_pegawai_search",
        label="nama",
        get=ADMIN_DAFTAR,
        query=lambda w: {"q": "PEMILIK", "instansi": w.instansi.pk},
    ),
    W(
        "org:admin_pegawai_list",
        get=ADMIN_DAFTAR,
        query=lambda w: {"q": w.pemilik.nip[:10], "instansi": w.instansi.pk},
    ),
    W("org:admin_pegawai_excel", get=ADMIN_DAFTAR, query=instansi),
    W(
        "org:admin_pegawai_edit",
        kw=pk("pemilik"),
        get=ADMIN_OBJEK,
        tulis=ADMIN_OBJEK,
        data=lambda w: {"nama": "NAMA DIRETAS"},
    ),
    W("org:admin_pegawai_reset_password", kw=pk("pemilik"), get=ADMIN_OBJEK, tulis=ADMIN_OBJEK),
    W("org:admin_pegawai_deactivate", kw=pk("pemilik"), get=ADMIN_OBJEK, tulis=ADMIN_OBJEK),
    W("org:admin_pegawai_activate", kw=pk("pemilik"), get=ADMIN_OBJEK, tulis=ADMIN_OBJEK),
    W("org:admin_import", get=ADMIN_FORM, query=instansi, tulis=ADMIN_FORM, alasan="imports into one's own"),
    W("org:admin_import_template", kw=lambda w: {"jenis": "pegawai"}, get=ADMIN_FORM),
    W("core:audit_list", get=ADMIN_DAFTAR, query=instansi),
    # --- skp: own list and periods --------------------------------------------------------------------------------
    W("skp:daftar", get=DIRI_BERSIH),
    W("skp:tambah", get=DIRI_BERSIH, tulis=DIRI, alasan="creates one's own SKP only"),
    W(
        "skp:edit",
        kw=pk("skp_draft"),
        get=PEMILIK,
        tulis=PEMILIK,
        data=lambda w: {"periode_awal": f"{YEAR - 1}-02-01", "periode_akhir": f"{YEAR - 1}-12-31"},
    ),
    W("skp:hapus", kw=pk("skp_draft"), tulis=PEMILIK),
    W(
        "skp:mutasi",
        kw=pk("skp_draft"),
        get=PEMILIK,
        tulis=H(pemilik=ok(302)),
        data=lambda w: {
            "tmt": f"{YEAR - 1}-07-01",
            "unit_kerja": w.bidang_lain.pk,
            "jabatan": w.pemilik.jabatan_id,
            "pendekatan": "KUANTITATIF",
        },
        alasan="the owner's success (302) shows the data is valid: refused callers were refused for who they are",
    ),
    # --- skp: detail and its forms (edits on the DRAFT SKP) -------------------------------------------------------
    W(
        "skp:detail",
        kw=pk("skp"),
        get=BACA,
        alasan="the atasan pejabat penilai has no right on the SKP itself (RULES §7: keberatan only)",
    ),
    W(
        "skp:detail",
        label="draft",
        kw=pk("skp_draft"),
        get=H(pemilik=OK, admin=OK, admin_nasional=OK),
        alasan="the assessor sees an SKP once it is submitted",
    ),
    W(
        "skp:rhk_create",
        kw=pk("skp_draft"),
        get=PEMILIK,
        tulis=PEMILIK,
        data=lambda w: {**RHK_DATA, "rhk_atasan": w.rhk_draft.rhk_atasan_id},
    ),
    W(
        "skp:rhk_edit",
        kw=pk("rhk_draft"),
        get=PEMILIK,
        tulis=PEMILIK,
        data=lambda w: {**RHK_DATA, "rhk_atasan": w.rhk_draft.rhk_atasan_id},
    ),
    W("skp:rhk_delete", kw=pk("rhk_draft"), tulis=PEMILIK),
    W("skp:indikator_create", kw=pk("rhk_draft"), get=PEMILIK, tulis=PEMILIK, data=lambda w: INDIKATOR_DATA),
    W(
        "skp:indikator_edit",
        kw=pk("indikator_draft"),
        get=PEMILIK,
        tulis=PEMILIK,
        data=lambda w: INDIKATOR_DATA,
    ),
    W("skp:indikator_delete", kw=pk("indikator_draft"), tulis=PEMILIK),
    W(
        "skp:ekspektasi_edit",
        kw=lambda w: {"pk": w.skp_ajuan.pk, "nilai": 2},
        get=PENILAI,
        tulis=PENILAI,
        data=lambda w: {"teks": "Ekspektasi susupan"},
    ),
    W(
        "skp:lampiran_create",
        kw=pk("skp_draft"),
        get=PEMILIK,
        tulis=PEMILIK,
        data=lambda w: {"jenis": "KONSEKUENSI", "teks": "Lampiran susupan"},
    ),
    W("skp:lampiran_delete", kw=pk("lampiran_draft"), tulis=PEMILIK),
    W("skp:muat_ulang", kw=pk("skp_draft"), tulis=PEMILIK),
    W("skp:ajukan", kw=pk("skp_draft"), tulis=PEMILIK),
    W(
        "skp:ubah_status",
        kw=pk("skp_ajuan"),
        get=PENILAI,
        tulis=PENILAI,
        data=lambda w: {"status": "PERSETUJUAN"},
    ),
    W("skp:cetak", kw=pk("skp"), get=BACA),
    # --- skp: the leader's pages, under the assessor's own SKP ----------------------------------------------------
    W("skp:bawahan", kw=pk("skp_kabid"), get=PENILAI),
    W("skp:bawahan_setujui", kw=pk("skp_kabid"), tulis=PENILAI, data=lambda w: {"skp": [w.skp_ajuan.pk]}),
    W("skp:matriks", kw=pk("skp_kabid"), get=PENILAI),
    W(
        "skp:matriks_tambah_pegawai",
        kw=pk("skp_kabid"),
        get=PENILAI,
        tulis=PENILAI,
        data=lambda w: {"nip": w.kolega.nip, "skp_anggota": w.skp_kolega.pk},
    ),
    W(
        "skp:matriks_hapus_pegawai",
        kw=lambda w: {"pk": w.skp_kabid.pk, "anggota": w.anggota_matriks.pk},
        tulis=PENILAI,
    ),
    W("skp:matriks_sinkronisasi", kw=pk("skp_kabid"), tulis=PENILAI),
    W(
        "skp:matriks_rhk_create",
        get=PENILAI,
        tulis=PENILAI,
        kw=lambda w: {"pk": w.skp_kabid.pk, "skp_bawahan": w.skp_lain.pk, "rhk_pimpinan": w.rhk_kabid.pk},
        data=lambda w: {**RHK_DATA, "indikator_teks": ""},
    ),
    # --- skp: admin -----------------------------------------------------------------------------------------------
    W("skp:admin_list", get=ADMIN_DAFTAR, query=instansi),
    W("skp:admin_list_excel", get=ADMIN_DAFTAR, query=instansi),
    W(
        "skp:admin_rekap",
        get=ADMIN_DAFTAR,
        query=lambda w: {"instansi": w.instansi.pk, "tahun": YEAR},
        rahasia=unit_a,
    ),
    W(
        "skp:admin_rekap_excel",
        get=ADMIN_DAFTAR,
        query=lambda w: {"instansi": w.instansi.pk, "tahun": YEAR},
        rahasia=unit_a,
    ),
]

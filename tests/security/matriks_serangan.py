"""Rows where each persona knocks with their OWN SKP in the address and the owner's objects in the rest: the
leader's pages (SKP Bawahan, Matriks Peran Hasil, Pemantauan dan Evaluasi) trust the SKP in the address to be
the caller's, so the attack is to open one's own page and name someone else's period, SKP or entry.

`per_persona`: kw / query / data are called with (world, persona); `w.skp_milik(persona)` is the persona's own
SKP of this year (the admins have none: they get the assessor's, and a 404 as in the plain rows)."""

from .dunia import PEGAWAI, YEAR
from .matriks_dasar import BERSIH, OK, PENILAI, Entri, H, semua, tolak_diam

P = "/api/v1"
# The persona's own leader page: the assessor sees the owner there, the others an empty list.
DAFTAR_SENDIRI = {**semua(BERSIH, PEGAWAI), **PENILAI}


def S(nama: str, **kw) -> Entri:
    return Entri(nama, label="sendiri", per_persona=True, **kw)


def sendiri(w, p, **extra):
    return {"pk": w.skp_milik(p).pk, **extra}


def periode_sendiri(w, p, **extra):
    return sendiri(w, p, periode=w.periode[2].pk, **extra)


def bawahan_sendiri(w, p, **extra):
    return periode_sendiri(w, p, penilaian=w.tw2.pk, **extra)


SERANGAN = [
    S("skp:bawahan", kw=sendiri, get=DAFTAR_SENDIRI),
    S("skp:matriks", kw=sendiri, get=DAFTAR_SENDIRI),
    S(
        "skp:bawahan_setujui",
        kw=sendiri,
        tulis={**semua(tolak_diam(302), PEGAWAI), **PENILAI},
        data=lambda w, p: {"skp": [w.skp_ajuan.pk]},
        alasan="an SKP that is not in one's own SKP Bawahan is skipped and said so",
    ),
    S(
        "skp:matriks_tambah_pegawai",
        kw=sendiri,
        tulis=H(penilai=OK, atasan_penilai=OK, pemilik=tolak_diam(200)),
        data=lambda w, p: {"nip": w.pemilik.nip, "skp_anggota": w.skp.pk},
        alasan="SPEC §2: the Matriks Peran Hasil is the leaders'; a leader may add anyone of the instansi by "
        "NIP, and then write RHK into their DRAFT SKP. A member who is no leader may not (and the owner cannot "
        "add their own SKP: refused on the form)",
    ),
    S("penilaian:evaluasi", kw=sendiri, get=semua(OK, PEGAWAI)),
    S(
        "penilaian:penilaian_bawahan",
        kw=periode_sendiri,
        query=lambda w, p: {"penilaian": w.tw2.pk},
        get=PENILAI,
    ),
    S(
        "penilaian:feedback_indikator",
        kw=lambda w, p: bawahan_sendiri(w, p, indikator=w.indikator.pk),
        get=PENILAI,
        tulis=PENILAI,
        data=lambda w, p: {"jempol": "TURUN", "teks": "Umpan balik susupan"},
    ),
    S(
        "penilaian:feedback_indikator_hapus",
        kw=lambda w, p: bawahan_sendiri(w, p, indikator=w.indikator.pk),
        tulis=PENILAI,
    ),
    S(
        "penilaian:rating",
        kw=lambda w, p: bawahan_sendiri(w, p, aspek="perilaku"),
        get=PENILAI,
        tulis=PENILAI,
        data=lambda w, p: {"rating": "DIBAWAH"},
    ),
    S(
        "penilaian:pembinaan",
        kw=periode_sendiri,
        query=lambda w, p: {"penilaian": w.tw2.pk},
        get=PENILAI,
        tulis=PENILAI,
        data=lambda w, p: {"teks": "Pembinaan susupan"},
    ),
    S(
        "penilaian:pembinaan_hapus",
        kw=lambda w, p: periode_sendiri(w, p, penilaian=w.tw2.pk, catatan=w.pembinaan.pk),
        tulis=PENILAI,
    ),
    S("penilaian:rekap_bawahan", kw=periode_sendiri, get=DAFTAR_SENDIRI),
    S("penilaian:rekap_bawahan_excel", kw=periode_sendiri, get=DAFTAR_SENDIRI),
    S("penilaian:kurva", kw=periode_sendiri, get=DAFTAR_SENDIRI),
    S(f"GET {P}/skp/bawahan", query=lambda w, p: {"skp": w.skp_milik(p).pk}, get=DAFTAR_SENDIRI),
    S(
        f"GET {P}/penilaian/bawahan",
        query=lambda w, p: {"periode": w.periode[2].pk, "skp": w.skp_milik(p).pk},
        get=DAFTAR_SENDIRI,
    ),
]


# --- Foreign references: an allowed caller names, in a form, a filter or a body, what is not theirs -----------------


def R(nama: str, label: str = "asing", **kw) -> Entri:
    return Entri(nama, label=label, **kw)


def unit_luar(w):
    return [w.unit_luar.nama, w.pegawai_luar.nama, w.pegawai_luar.nip]


# The admin's own list, filtered by something of the owner's instansi: the other admin sees nothing of it.
SARING = {**semua(OK, ("admin", "admin_nasional")), "admin_lain": tolak_diam(200)}
# The owner names something that is not theirs in their own form: refused on the form, nothing written.
TOLAK_FORM = tolak_diam(200)
TOLAK_API = tolak_diam(400, 404, 422)


def saring(nama, query, label="saring"):
    return R(nama, label=label, get=SARING, query=query)


ASING = [
    R(
        "org:profil_edit",
        tulis=semua(TOLAK_FORM, PEGAWAI),
        data=lambda w: {"unit_kerja": w.unit_luar.pk, "jabatan": w.pemilik.jabatan_id, "golongan": "III/b"},
        alasan="a unit of another instansi is no choice of one's profile",
    ),
    R(
        "skp:mutasi",
        kw=lambda w: {"pk": w.skp_draft.pk},
        tulis=H(pemilik=TOLAK_FORM),
        data=lambda w: {
            "tmt": f"{YEAR - 1}-07-01",
            "unit_kerja": w.unit_luar.pk,
            "jabatan": w.pemilik.jabatan_id,
            "pendekatan": "KUANTITATIF",
        },
    ),
    R(
        "org:unit_search",
        get={**semua(BERSIH, PEGAWAI), "admin": BERSIH, "admin_lain": OK, "admin_nasional": OK},
        query=lambda w: {"q": "TETANGGA", "instansi": w.instansi_lain.pk},
        rahasia=unit_luar,
        alasan="an employee or admin naming another instansi still searches their own",
    ),
    R(
        "penilaian:rekan",
        get=semua(BERSIH, PEGAWAI),
        query=lambda w: {"nip": w.pegawai_luar.nip},
        rahasia=lambda w: [w.pegawai_luar.nama, w.unit_luar.nama],  # the NIP typed is echoed in the box
        alasan="peer feedback stays inside one's instansi: a colleague elsewhere is not found",
    ),
    R(
        "org:admin_pegawai_search",
        get={"admin": BERSIH, "admin_lain": OK, "admin_nasional": OK},
        query=lambda w: {"q": "TETANGGA", "instansi": w.instansi_lain.pk},
        rahasia=unit_luar,
    ),
    R(
        "harian:ckhp_tambah",
        kw=lambda w: {"skp": w.skp.pk, "jenis": "utama"},
        tulis=H(pemilik=TOLAK_FORM),
        data=lambda w: {
            "indikator": w.rhk_kabid.indikator.get().pk,
            "tanggal": f"{YEAR}-06-15",
            "uraian": "Susupan",
            "realisasi": "1",
        },
        alasan="an indicator of the assessor's SKP is no choice of the owner's entry",
    ),
    R(
        f"POST {P}/ckhp",
        tulis=H(pemilik=TOLAK_API),
        data=lambda w: {
            "skp_id": w.skp.pk,
            "indikator_id": w.rhk_kabid.indikator.get().pk,
            "tanggal": f"{YEAR}-06-15",
            "uraian": "Susupan",
            "realisasi": 1,
        },
    ),
    R(
        f"POST {P}/penilaian/{{penilaian_id}}/rencana-aksi",
        kw=lambda w: {"penilaian_id": w.tw2.pk},
        tulis=H(pemilik=TOLAK_API),
        data=lambda w: {"rhk_id": w.rhk_kabid.pk, "teks": "Aksi susupan", "target": "1"},
    ),
    R(
        f"POST {P}/skp/{{skp_id}}/rhk",
        kw=lambda w: {"skp_id": w.skp_draft.pk},
        tulis=H(pemilik=TOLAK_API, penilai=TOLAK_API),
        data=lambda w: {"teks": "RHK susupan", "rhk_atasan_id": w.rhk_kabid.pk},
        alasan="only an RHK of the assessor's SKP of the same period may be intervened",
    ),
    saring("skp:admin_list", lambda w: {"unit": w.bidang.pk}),
    saring("org:admin_pegawai_list", lambda w: {"unit": w.bidang.pk}),
    saring("laporan:keluaran_admin", lambda w: {"unit": w.bidang.pk, "tahun": w.skp.periode_awal.year}),
    saring("penilaian:review_list", lambda w: {"unit": w.bidang.pk, "periode": w.periode["final"].pk}),
    saring("penilaian:rekap_keberatan", lambda w: {"unit": w.bidang.pk, "periode": w.periode["final"].pk}),
    saring("siasn_admin", lambda w: {"unduh": "xlsx"}, label="xlsx"),
    saring("api_key_list", lambda w: {"unduh": "xlsx"}, label="xlsx"),
    saring("penilaian:rekap_keberatan", lambda w: {"unduh": "xlsx"}, label="xlsx"),
    R(
        "org:admin_import_template",
        label="xlsx",
        kw=lambda w: {"jenis": "unit"},
        query=lambda w: {"format": "xlsx"},
        get=SARING,
    ),
    saring("core:audit_list", lambda w: {"actor": w.pemilik.nip[:12]}),
    saring("pmm_pengguna_list", lambda w: {"nip": w.pemilik.nip[:12]}),
    saring("sinkron_log", lambda w: {"nip": w.pemilik.nip[:12]}),
    R(
        f"GET {P}/organisasi/pegawai",
        label="saring",
        query=lambda w: {"unit_kerja": w.bidang.pk},
        get={**semua(BERSIH, PEGAWAI), "pemilik": OK, "kolega": OK, "penilai": OK, **SARING},
    ),
    R(
        f"GET {P}/keberatan",
        label="saring",
        query=lambda w: {"lingkup": "instansi"},
        get={**semua(BERSIH, PEGAWAI), "pemilik": BERSIH, **SARING},
    ),
    R(
        f"GET {P}/keluaran/{{tahun}}",
        label="saring",
        kw=lambda w: {"tahun": w.skp.periode_awal.year},
        query=lambda w: {"q": "PEMILIK"},
        get=SARING,
    ),
]

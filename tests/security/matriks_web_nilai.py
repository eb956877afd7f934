"""The matrix of the web pages, continued: penilaian (admin pages, the owner's filling, keberatan, Feedback
Perilaku rekan kerja, Pemantauan dan Evaluasi). See matriks_web.py for the reading guide."""

from .dunia import RAHASIA, YEAR
from .matriks_dasar import (
    ADMIN_DAFTAR,
    ADMIN_FORM,
    ADMIN_OBJEK,
    ATASAN,
    BACA,
    BACA_KEBERATAN,
    BERSIH,
    DIRI,
    DIRI_BERSIH,
    OK,
    PEMILIK,
    PENILAI,
    H,
    W,
    semua,
    tolak_diam,
)
from .matriks_web import bawahan, evaluasi, instansi, pk, unit_a


def tw2(w):
    return {"pk": w.tw2.pk}


def final(w):
    return {"pk": w.final.pk}


def indikator(w, penilaian="tw2"):
    return {"pk": getattr(w, penilaian).pk, "indikator": w.indikator.pk}


def lingkup(w):
    """The scope of an admin page about one period of one unit of the owner's instansi."""
    return {"instansi": w.instansi.pk, "tahun": YEAR, "periode": w.periode[2].pk, "unit": w.bidang.pk}


def bukan_rhk(w):
    """What a colleague reading someone's SKP for peer feedback must not see: its content."""
    return [
        RAHASIA[k] for k in ("rhk", "aksi", "bukti", "realisasi", "keberatan", "umpan_balik", "pembinaan")
    ]


# Feedback Perilaku rekan kerja: every employee of the instansi may comment on a colleague's SKP (SPEC §3),
# seeing who they are and their periods, not the SKP's content. The owner is not their own colleague (404).
REKAN = {p: BERSIH for p in ("penilai", "atasan_penilai", "kolega", "unit_lain")}

WEB_NILAI = [
    # --- admin: periods, capaian, reopening, review, dashboards -----------------------------------------------
    W(
        "penilaian:periode_list",
        get=ADMIN_DAFTAR,
        query=instansi,
        rahasia=lambda w: [f"/admin/periode/{w.periode[2].pk}/"],
    ),
    W(
        "penilaian:periode_create",
        get=ADMIN_FORM,
        query=instansi,
        tulis=ADMIN_FORM,
        data=lambda w: {
            "nama": "Tahun Susupan",
            "jenis": "FINAL",
            "awal": "01-01",
            "akhir": "12-31",
            "batas": "01-31",
            "tahun": YEAR + 1,
        },
        alasan="each admin creates periods of their own instansi",
    ),
    W(
        "penilaian:periode_generate",
        query=instansi,
        tulis=ADMIN_FORM,
        data=lambda w: {"tipe": "BULANAN", "tahun": YEAR + 1},
        alasan="each admin generates the periods of their own instansi",
    ),
    W(
        "penilaian:periode_edit",
        kw=lambda w: {"pk": w.periode[2].pk},
        get=ADMIN_OBJEK,
        tulis=ADMIN_OBJEK,
        data=lambda w: {
            "nama": "Triwulan Diretas",
            "jenis": "PERIODIK",
            "tipe_periodik": "TRIWULANAN",
            "angka_periodik": 2,
            "awal": "04-01",
            "akhir": "06-30",
            "batas": "12-31",
        },
    ),
    W("penilaian:periode_delete", kw=lambda w: {"pk": w.periode[1].pk}, tulis=ADMIN_OBJEK),
    W(
        "penilaian:capaian_list",
        get=ADMIN_DAFTAR,
        rahasia=unit_a,
        tulis={**ADMIN_OBJEK, "admin_lain": tolak_diam()},
        query=lambda w: {"instansi": w.instansi.pk, "tahun": YEAR, "periode": w.periode[2].pk},
        data=lambda w: {"unit": [w.bidang.pk], f"predikat_{w.bidang.pk}": "ISTIMEWA"},
        alasan="the other admin's page is their own instansi: our unit ids in the form are skipped",
    ),
    W(
        "penilaian:buka_kembali",
        kw=tw2,
        get=ADMIN_OBJEK,
        tulis=ADMIN_OBJEK,
        data=lambda w: {"sampai": f"{YEAR}-12-31", "alasan": "Dibuka susupan"},
    ),
    W("penilaian:review_list", get=ADMIN_DAFTAR, query=instansi),
    W(
        "penilaian:review_detail",
        kw=final,
        get=ADMIN_OBJEK,
        tulis=ADMIN_OBJEK,
        data=lambda w: {"catatan": "Dikonfirmasi susupan", "aksi": "konfirmasi"},
    ),
    W("penilaian:rekap_keberatan", get=ADMIN_DAFTAR, query=instansi),
    W("penilaian:dashboard", get=ADMIN_DAFTAR, query=instansi, rahasia=unit_a),
    W(
        "penilaian:dashboard_daftar",
        get=ADMIN_OBJEK,
        query=lambda w: {**instansi(w), "unit": w.bidang.pk, "metrik": "skp"},
    ),
    W(
        "penilaian:buka_kembali_unit",
        get=ADMIN_OBJEK,
        query=lingkup,
        tulis=ADMIN_OBJEK,
        data=lambda w: {"sampai": f"{YEAR}-12-31", "alasan": "Dibuka susupan"},
    ),
    W("penilaian:dashboard_nasional", get=H(admin_nasional=OK)),
    # --- Penilaian SKP and the owner's filling ----------------------------------------------------------------
    W("penilaian:skp", kw=pk("skp"), get=BACA, tulis=PEMILIK, data=lambda w: {"periode": w.periode[3].pk}),
    W("penilaian:hapus_duplikat", kw=pk("skp"), tulis=PEMILIK),
    W("penilaian:muat_ulang", kw=tw2, tulis=PEMILIK),
    W("penilaian:feedback_perilaku", kw=tw2, get=BACA),
    W(
        "penilaian:feedback_perilaku",
        label="final",
        kw=final,
        get=BACA_KEBERATAN,
        alasan="the atasan deciding the keberatan reads the Final period",
    ),
    W("penilaian:pembinaan_saya", kw=tw2, get=BACA),
    W(
        "penilaian:keberatan",
        kw=final,
        get=BACA_KEBERATAN,
        tulis=PEMILIK,
        data=lambda w: {"alasan": "Keberatan susupan"},
    ),
    W(
        "penilaian:keberatan_list",
        get={**DIRI_BERSIH, **ATASAN, **semua(BERSIH, ("admin", "admin_lain", "admin_nasional"))},
        alasan="the list of keberatan the user decides",
    ),
    W(
        "penilaian:keberatan_putus",
        kw=pk("keberatan"),
        get=BACA_KEBERATAN,
        tulis=ATASAN,
        data=lambda w: {"catatan_pemeriksaan": "Susupan", "keputusan": "DIKUATKAN", "alasan": "Susupan"},
    ),
    W("penilaian:rencana_aksi", kw=tw2, get=BACA),
    W(
        "penilaian:rencana_aksi_tambah",
        kw=lambda w: {"pk": w.tw2.pk, "rhk": w.rhk.pk},
        get=PEMILIK,
        tulis=PEMILIK,
        data=lambda w: {"teks": "Aksi susupan", "target": "1"},
    ),
    W(
        "penilaian:rencana_aksi_edit",
        kw=pk("aksi"),
        get=PEMILIK,
        tulis=PEMILIK,
        data=lambda w: {"teks": "Aksi diretas", "target": "1"},
    ),
    W("penilaian:rencana_aksi_hapus", kw=pk("aksi"), tulis=PEMILIK),
    W("penilaian:pengisian", kw=tw2, get=BACA),
    W("penilaian:pengisian", label="final", kw=final, get=BACA_KEBERATAN),
    W(
        "penilaian:bukti_tambah",
        kw=indikator,
        get=PEMILIK,
        tulis=PEMILIK,
        data=lambda w: {"nama": "Bukti susupan", "link": "https://example.go.id/susupan"},
    ),
    W(
        "penilaian:bukti_edit",
        kw=pk("bukti"),
        get=PEMILIK,
        tulis=PEMILIK,
        data=lambda w: {"nama": "Bukti diretas", "link": "https://example.go.id/diretas"},
    ),
    W("penilaian:bukti_hapus", kw=pk("bukti"), tulis=PEMILIK),
    W(
        "penilaian:realisasi_edit",
        kw=indikator,
        get=PEMILIK,
        tulis=PEMILIK,
        data=lambda w: {"realisasi": "Realisasi diretas", "sumber_data": "Susupan"},
    ),
    W("penilaian:cetak_form", kw=tw2, get=BACA),
    W("penilaian:cetak_evaluasi", kw=tw2, get=BACA),
    W(
        "penilaian:cetak_form",
        label="final",
        kw=final,
        get=BACA,
        alasan="the printed forms are the owner's, the assessor's and the admins' (selectors/cetak.py): the "
        "atasan deciding a keberatan reads the period on screen",
    ),
    # --- Feedback Perilaku rekan kerja ---------------------------------------------------------------------------
    W(
        "penilaian:rekan",
        get={**DIRI, **REKAN},
        query=lambda w: {"nip": w.pemilik.nip},
        rahasia=bukan_rhk,
        alasan="peer feedback: anyone of the instansi finds a colleague by NIP and sees their SKP periods",
    ),
    W("penilaian:rekan_skp", kw=pk("skp"), get=REKAN, rahasia=bukan_rhk),
    W(
        "penilaian:rekan_feedback",
        kw=lambda w: {"pk": w.skp.pk, "nilai": 3},
        get=REKAN,
        rahasia=bukan_rhk,
        tulis=semua(OK, ("penilai", "atasan_penilai", "kolega", "unit_lain")),
        data=lambda w: {"teks": "Komentar rekan"},
        alasan="each writes their own comment",
    ),
    W("penilaian:rekan_hapus", kw=pk("feedback_rekan"), tulis=H(kolega=OK), alasan="only the giver"),
    # --- Pemantauan dan Evaluasi: the assessor's pages under their own SKP --------------------------------------
    W("penilaian:evaluasi", kw=pk("skp_kabid"), get=PENILAI),
    W("penilaian:penilaian_bawahan", kw=evaluasi, query=lambda w: {"penilaian": w.tw2.pk}, get=PENILAI),
    W(
        "penilaian:feedback_indikator",
        kw=lambda w: bawahan(w, indikator=w.indikator.pk),
        get=PENILAI,
        tulis=PENILAI,
        data=lambda w: {"jempol": "TURUN", "teks": "Umpan balik susupan"},
    ),
    W("penilaian:feedback_indikator_hapus", kw=lambda w: bawahan(w, indikator=w.indikator.pk), tulis=PENILAI),
    W(
        "penilaian:feedback_perilaku_bawahan",
        kw=lambda w: bawahan(w, nilai=1),
        get=PENILAI,
        tulis=PENILAI,
        data=lambda w: {"jempol": "TURUN", "teks": "Perilaku susupan"},
    ),
    W("penilaian:feedback_perilaku_bawahan_hapus", kw=lambda w: bawahan(w, nilai=1), tulis=PENILAI),
    W(
        "penilaian:rating",
        kw=lambda w: bawahan(w, aspek="hasil-kerja"),
        get=PENILAI,
        tulis=PENILAI,
        data=lambda w: {"rating": "DIBAWAH"},
    ),
    W("penilaian:rekap_bawahan", kw=evaluasi, get=PENILAI),
    W("penilaian:rekap_bawahan_excel", kw=evaluasi, get=PENILAI),
    W("penilaian:kurva", kw=evaluasi, get=PENILAI),
    W(
        "penilaian:pembinaan",
        kw=evaluasi,
        query=lambda w: {"penilaian": w.tw2.pk},
        get=PENILAI,
        tulis=PENILAI,
        data=lambda w: {"teks": "Pembinaan susupan"},
    ),
    W(
        "penilaian:pembinaan_hapus",
        kw=lambda w: evaluasi(w, penilaian=w.tw2.pk, catatan=w.pembinaan.pk),
        tulis=PENILAI,
    ),
]

"""Pure rules of SKP planning (RULES.md §4–5). No ORM, no request."""

from __future__ import annotations

import datetime

DRAFT = "DRAFT"
PENGAJUAN = "PENGAJUAN"
PERSETUJUAN = "PERSETUJUAN"

KUANTITATIF = "KUANTITATIF"
KUALITATIF = "KUALITATIF"

MODEL_JPT = "JPT"
MODEL_JA_JF = "JA_JF"

DEFINITIF = "DEFINITIF"
PLT = "PLT"

# The regional labels of seed 004 for the same three states.
LABEL_REGIONAL = {DRAFT: "Konsep", PENGAJUAN: "Periksa", PERSETUJUAN: "Setuju"}

BERAKHLAK: tuple[tuple[str, tuple[str, str, str]], ...] = (
    ("Berorientasi Pelayanan", (
        "Memahami dan memenuhi kebutuhan masyarakat",
        "Ramah, cekatan, solutif, dan dapat diandalkan",
        "Melakukan perbaikan tiada henti",
    )),
    ("Akuntabel", (
        "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin dan berintegritas tinggi",
        "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
        "Tidak menyalahgunakan kewenangan jabatan",
    )),
    ("Kompeten", (
        "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
        "Membantu orang lain belajar",
        "Melaksanakan tugas dengan kualitas terbaik",
    )),
    ("Harmonis", (
        "Menghargai setiap orang apapun latar belakangnya",
        "Suka menolong orang lain",
        "Membangun lingkungan kerja yang kondusif",
    )),
    ("Loyal", (
        "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia Tahun 1945, "
        "setia pada NKRI serta pemerintahan yang sah",
        "Menjaga nama baik sesama ASN, Pimpinan, Instansi dan Negara",
        "Menjaga rahasia jabatan dan negara",
    )),
    ("Adaptif", (
        "Cepat menyesuaikan diri menghadapi perubahan",
        "Terus berinovasi dan mengembangkan kreativitas",
        "Bertindak proaktif",
    )),
    ("Kolaboratif", (
        "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
        "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
        "Menggerakkan pemanfaatan berbagai sumberdaya untuk tujuan bersama",
    )),
)  # fmt: skip

PERSPEKTIF = ("Penerima Layanan", "Penguatan Internal", "Proses Bisnis", "Anggaran")
ASPEK = ("Kuantitas", "Kualitas", "Waktu", "Biaya")


def model_for(jenis_jabatan: str | None) -> str:
    """JPT gets the JPT model; everyone else (JA, JF, unknown) the JA/JF model."""
    return MODEL_JPT if jenis_jabatan == "JPT" else MODEL_JA_JF


# The years an SKP may cover (as the assessment periods, penilaian.services.periode): a year like 9999 would make
# the Final's batas pengisian (January of the next year) overflow the calendar.
TAHUN_MIN, TAHUN_MAX = 2000, 2100


def periode_problems(awal: datetime.date | None, akhir: datetime.date | None) -> list[tuple[str, str]]:
    """(field, message) for every problem of an SKP period on its own."""
    problems = []
    if awal is None:
        problems.append(("periode_awal", "Periode awal wajib diisi."))
    if akhir is None:
        problems.append(("periode_akhir", "Periode akhir wajib diisi."))
    if awal and akhir:
        if akhir < awal:
            problems.append(("periode_akhir", "Periode akhir tidak boleh sebelum periode awal."))
        elif awal.year != akhir.year:
            problems.append(
                (
                    "periode_akhir",
                    "Periode SKP harus berada dalam satu tahun kalender (awal dan akhir di tahun yang sama).",
                )
            )
        elif not TAHUN_MIN <= awal.year <= TAHUN_MAX:
            problems.append(("periode_awal", f"Tahun periode SKP harus antara {TAHUN_MIN} dan {TAHUN_MAX}."))
    return problems


def overlaps(
    a_awal: datetime.date, a_akhir: datetime.date, b_awal: datetime.date, b_akhir: datetime.date
) -> bool:
    return a_awal <= b_akhir and b_awal <= a_akhir


# Who may move an SKP from one status to another: "owner" (the employee) or "penilai" (the assessor).
TRANSITIONS: dict[tuple[str, str], str] = {
    (DRAFT, PENGAJUAN): "owner",
    (PENGAJUAN, PERSETUJUAN): "penilai",
    (PENGAJUAN, DRAFT): "penilai",
    (PERSETUJUAN, DRAFT): "penilai",
}


def transition_problem(current: str, target: str, role: str) -> str | None:
    """None when `role` may move an SKP from `current` to `target`, else the reason in Bahasa Indonesia."""
    if current == target:
        return f"Status SKP sudah {target}."
    who = TRANSITIONS.get((current, target))
    if who is None:
        return f"Status SKP tidak dapat diubah dari {current} menjadi {target}."
    if who != role:
        if who == "owner":
            return "Hanya pegawai pemilik SKP yang dapat mengajukan SKP."
        return "Hanya pejabat penilai SKP ini yang dapat mengubah statusnya."
    return None


def mutasi_problems(
    lama_awal: datetime.date, lama_akhir: datetime.date, tmt: datetime.date | None
) -> list[tuple[str, str]]:
    """A mutasi on `tmt` ends the old period the day before; the TMT must fall inside the old period, after its start."""
    if tmt is None:
        return [("tmt", "TMT mutasi wajib diisi.")]
    if tmt <= lama_awal:
        return [("tmt", "TMT mutasi harus sesudah awal periode SKP lama.")]
    if tmt > lama_akhir:
        return [("tmt", "TMT mutasi harus berada di dalam periode SKP lama.")]
    return []

"""Demo assessment for the fictional Kabupaten Sukamaju: a full year of quarterly and final periods.

Periods whose batas pengisian has passed cannot be filled through the services any more (that is the rule), so the
demo writes their rencana aksi, evidence and realisasi rows directly, as they would have been filled at the time.
Everything still open, every rating, keberatan and coaching note goes through the services."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from kinerja.core.errors import DomainError
from kinerja.org.models import Pegawai, UnitKerja, User
from kinerja.skp.models import Skp

from .models import BuktiDukung, Penilaian, PeriodePenilaian, Realisasi, RencanaAksi
from .services import evaluasi, keberatan, organisasi, pengisian, periode, rekan
from .services.penilaian import penilaian_tambah


def demo_exists(instansi) -> bool:
    return PeriodePenilaian.objects.filter(instansi=instansi).exists()


def _fill(p: Penilaian, lengkap: bool = True) -> None:
    """Rencana aksi (periodic), one bukti dukung and a realisasi per indicator; through the services when open."""
    open_now = timezone.localdate() <= p.batas_efektif
    user = p.skp.pegawai.user
    for rhk in p.skp.rhk.prefetch_related("indikator"):
        if not p.is_final:
            teks, target = f"Menyusun {rhk.teks[:60].lower()} {p.periode.nama}", "1 dokumen"
            if open_now:
                pengisian.rencana_aksi_create(actor=user, penilaian=p, rhk=rhk, teks=teks, target=target)
            else:
                RencanaAksi.objects.create(penilaian=p, rhk=rhk, teks=teks, target=target)
        if not lengkap:
            continue
        for ind in rhk.indikator.all():
            nama, link = (
                f"Laporan {p.periode.nama} - {ind.teks[:40]}",
                f"https://arsip.sukamaju.example/{p.pk}/{ind.pk}",
            )
            nilai = f"{ind.target_label if p.is_final else '3 dari ' + ind.target_label}"
            sumber = "Rekap aplikasi kepegawaian daerah"
            if open_now:
                pengisian.bukti_create(actor=user, penilaian=p, indikator=ind, nama=nama, link=link)
                pengisian.realisasi_set(
                    actor=user, penilaian=p, indikator=ind, realisasi=nilai, sumber_data=sumber
                )
            else:
                BuktiDukung.objects.create(penilaian=p, indikator=ind, nama=nama, link=link)
                Realisasi.objects.create(penilaian=p, indikator=ind, realisasi=nilai, sumber_data=sumber)


def _rate(p: Penilaian, hasil: str, perilaku: str, feedback: str = "") -> None:
    assessor = p.penilai.user
    evaluasi.rating_ubah(actor=assessor, penilaian=p, aspek="hasil_kerja", rating=hasil)
    evaluasi.rating_ubah(actor=assessor, penilaian=p, aspek="perilaku", rating=perilaku)
    if feedback:
        ind = p.skp.rhk.first().indikator.first()
        evaluasi.feedback_indikator_simpan(
            actor=assessor, penilaian=p, indikator=ind, jempol="NAIK", teks=feedback
        )
        evaluasi.feedback_perilaku_simpan(
            actor=assessor, penilaian=p, nilai=1, jempol="NAIK", teks="Responsif terhadap permintaan layanan."
        )


@transaction.atomic
def build(instansi) -> None:
    year = timezone.localdate().year
    admin = User.objects.get(peran="ADMIN_INSTANSI", instansi=instansi)
    periods = periode.periode_generate(actor=admin, instansi=instansi, tipe="TRIWULANAN", tahun=year)
    by_name = {p.angka_periodik or "final": p for p in periods}
    units = {u.nama: u for u in UnitKerja.objects.filter(instansi=instansi)}
    for p in periods:
        organisasi.capaian_set(
            actor=admin,
            unit=units["BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA"],
            periode=p,
            tahun=year,
            predikat="BAIK",
        )
        organisasi.capaian_set(
            actor=admin, unit=units["DINAS PENDIDIKAN"], periode=p, tahun=year, predikat="ISTIMEWA"
        )

    approved = list(
        Skp.objects.filter(instansi=instansi, status="PERSETUJUAN", periode_akhir__year=year)
        .exclude(penilai=None)
        .select_related("pegawai__user", "penilai__user")
        .order_by("pk")
    )
    rows: dict[int, dict] = {}
    for skp in approved:
        rows[skp.pk] = {}
        for key, per in by_name.items():
            try:
                rows[skp.pk][key] = penilaian_tambah(actor=skp.pegawai.user, skp=skp, periode=per)
            except DomainError:  # a period outside this SKP (e.g. the ended pre-mutasi SKP)
                continue

    # Fill: everyone fills Triwulan I-III; one person leaves Triwulan III empty (late); some fill Triwulan IV and Final.
    for i, skp in enumerate(approved):
        r = rows[skp.pk]
        for key in (1, 2, 3):
            if key in r:
                _fill(r[key], lengkap=not (key == 3 and i == 1))
        if 4 in r and i % 2 == 0:
            _fill(r[4])
        if "final" in r:
            _fill(r["final"])

    # Ratings by the assessors: Triwulan I-III for all; the Final for the subbidang and the PLT unit.
    pattern = [("DIATAS", "DIATAS"), ("SESUAI", "SESUAI"), ("SESUAI", "DIATAS"), ("DIBAWAH", "SESUAI")]
    for i, skp in enumerate(approved):
        r = rows[skp.pk]
        for key in (1, 2, 3):
            if key in r and not (key == 3 and i == 1):
                hasil, perilaku = pattern[(i + key) % len(pattern)]
                _rate(r[key], hasil, perilaku, feedback="Target triwulan tercapai." if key == 1 else "")

    def final_of(nama_unit: str, pimpinan: bool = False) -> list[Penilaian]:
        return [
            rows[s.pk]["final"]
            for s in approved
            if "final" in rows[s.pk]
            and s.pegawai_unit == nama_unit
            and (s.jenis_pegawai == "PIMPINAN") == pimpinan
            and s.status_pegawai == "DEFINITIF"
        ]

    # Subbidang Data (predikat organisasi Baik, inherited from BKPSDM): only Sangat Baik and Baik -> a broken bound.
    sub = final_of("SUBBIDANG DATA DAN INFORMASI KEPEGAWAIAN")
    for p, (hasil, perilaku) in zip(sub, [("DIATAS", "DIATAS"), ("SESUAI", "SESUAI")], strict=False):
        _rate(p, hasil, perilaku, feedback="Realisasi tahunan sesuai target.")
    # Bidang PKAP (assessed by the PLT): one Baik, one Butuh Perbaikan who objects (pending).
    pkap = final_of("BIDANG PENILAIAN KINERJA APARATUR DAN PENGHARGAAN")
    if len(pkap) >= 2:
        _rate(pkap[0], "SESUAI", "SESUAI")
        _rate(pkap[1], "DIBAWAH", "SESUAI")
        keberatan.keberatan_ajukan(
            actor=pkap[1].skp.pegawai.user,
            penilaian=pkap[1],
            alasan="Realisasi tahunan saya 100% dan seluruh bukti dukung telah diunggah.",
        )
    # The Kasubbid (assessed by the Kabid): Baik, objects, and the Kepala BKPSDM changes it to Sangat Baik.
    kasub = final_of("SUBBIDANG DATA DAN INFORMASI KEPEGAWAIAN", pimpinan=True)
    if kasub:
        p = kasub[0]
        _rate(p, "SESUAI", "DIATAS")
        k = keberatan.keberatan_ajukan(
            actor=p.skp.pegawai.user,
            penilaian=p,
            alasan="Hasil kerja saya melampaui target pemutakhiran data.",
        )
        keberatan.keberatan_putus(
            actor=k.atasan.user,
            keberatan=k,
            catatan_pemeriksaan="Telah mendengar pegawai dan pejabat penilai pada rapat klarifikasi.",
            keputusan="DIUBAH",
            rating_hasil_kerja_baru="DIATAS",
            rating_perilaku_baru="DIATAS",
            alasan="Capaian pemutakhiran data 100% didukung bukti dukung yang lengkap.",
        )
    # Coaching and a colleague's feedback.
    if sub:
        evaluasi.pembinaan_tambah(
            actor=sub[0].penilai.user,
            penilaian=rows[sub[0].skp_id][1],
            teks="Tingkatkan ketepatan waktu unggah bukti dukung setiap akhir bulan.",
        )
        colleague = (
            Pegawai.objects.filter(unit_kerja=sub[0].skp.unit_kerja).exclude(pk=sub[0].skp.pegawai_id).first()
        )
        rekan.feedback_rekan_simpan(
            actor=colleague.user,
            skp=sub[0].skp,
            nilai=7,
            teks="Selalu terbuka berbagi data untuk pekerjaan bersama.",
        )

"""Sinkro Penilaian PMM of one person: periodic (per angka periodik) and Final (ratings, predikat, eviden,
realisasi and feedback per indicator), into the Penilaian of the person's PMM SKPs.

Periodic first checks the instansi's periods (RULES.md §6, the seed's messages); Final checks the prerequisites
of INTEGRATIONS.md §3.1 (a Final period; the unit kerja equal to the latest PMM unit; complete PMM forms).
The predikat is always ours (RULES.md §1 from the two ratings); when PMM's nilai disagrees, the result says so.
Fetch first, then apply + log in one transaction; a second run with the same PMM data changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from kinerja.core.audit import snapshot
from kinerja.org.models import Pegawai
from kinerja.penilaian import rules
from kinerja.penilaian.models import BuktiDukung, FeedbackIndikator, Penilaian, PeriodePenilaian, Realisasi
from kinerja.penilaian.services.common import audit
from kinerja.penilaian.services.penilaian import periode_dates_for_skp, set_assessor
from kinerja.skp.models import Indikator, Skp, Sumber

from .. import logsync
from ..clients.base import RemoteError
from ..clients.pmm import PmmClient
from ..models import JenisSinkron, LogSinkronisasi
from . import pmm_common as common
from .pmm_common import Alasan

BERHASIL = "Berhasil Melakukan Sinkro penilaian"
BERHASIL_FINAL = "Berhasil Melakukan Sinkro penilaian Final"
TIDAK_BARU = "Tidak terdapat penilaian baru dari PMM"
INFO_ADMIN_PERIODE = "Silahkan menginformasikan kepada Admin e-Kinerja untuk memperbaiki data periode"
PENJELASAN = {  # the second line the seed shows under each period message
    rules.MSG_DUA_TIPE: "Hanya 1 tipe Periode yang di perbolehkan",
    rules.MSG_DUPLIKAT: "Tidak boleh angka periodik yang duplikat di periode",
    rules.MSG_KOSONG: "Admin e-Kinerja perlu mengisi tipe periodik dan angka periodik pada periode penilaian",
}
MSG_SKP_BELUM = "Data SKP PMM belum disinkronkan ke e-Kinerja"
MSG_FINAL_BELUM = "Periode penilaian Final belum dibuat oleh Admin e-Kinerja"
MSG_UNIT_FINAL = "Unit Kerja pegawai di e-Kinerja tidak sama dengan Unit Kerja terakhir di PMM"
MSG_FORM_BELUM = "Seluruh data & informasi pada formulir atau isian di PMM belum selesai dilengkapi"
FIX_UNIT_FINAL = f"{logsync.PERBAIKAN_ADMIN}: samakan unit kerja pegawai dengan unit kerja terakhir di PMM"
FIX_FORM = f"{logsync.PERBAIKAN_PEGAWAI}: lengkapi seluruh formulir penilaian akhir di PMM, lalu sinkro ulang"
EVIDEN, REALISASI, FEEDBACK = "Eviden Masuk", "Realisasi Masuk", "Feedback Masuk"
KLAS_LABEL = {"INDIVIDU": "RHK Individu", "ORGANISASI": "RHK Organisasi"}


def _angka(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def msg_angka(angka) -> str:
    return f"Tidak terdapat periode dengan angka periodik {angka} di e-Kinerja"


def msg_indikator(pmm_id) -> str:
    return f"Indikator PMM '{pmm_id}' tidak ditemukan pada SKP e-Kinerja"


def rating(value) -> str | None:
    """PMM's 'Diatas' / 'SESUAI EKSPEKTASI' / 'Di bawah' → our rating code."""
    text = str(value or "").upper().replace(" ", "")
    for code in (rules.DIATAS, rules.SESUAI, rules.DIBAWAH):
        if text.startswith(code):
            return code
    return None


def predikat(value) -> str | None:
    text = str(value or "").upper().replace(" ", "").replace("_", "")
    table = {"SANGATBAIK": rules.SANGAT_BAIK, "BAIK": rules.BAIK, "BUTUHPERBAIKAN": rules.BUTUH_PERBAIKAN,
             "KURANG": rules.KURANG, "KURANG/MISCONDUCT": rules.KURANG, "MISCONDUCT": rules.KURANG,
             "SANGATKURANG": rules.SANGAT_KURANG}  # fmt: skip
    return table.get(text)


def periode_tahun(instansi_id: int, tahun: int):
    """The instansi's periods that apply in `tahun` (tahun empty = every year), in the seed's table order."""
    return (
        PeriodePenilaian.objects.filter(instansi_id=instansi_id)
        .filter(Q(tahun__isnull=True) | Q(tahun=tahun))
        .order_by("jenis", "angka_periodik", "awal", "id")
    )


def periode_masalah(instansi_id: int, tahun: int) -> list[str]:
    data = [rules.PeriodeData(p.jenis, p.tipe_periodik or None, p.angka_periodik, p.tahun)
            for p in periode_tahun(instansi_id, tahun)]  # fmt: skip
    return rules.periode_set_problems(data, tahun)


def _mulai(actor, pegawai: Pegawai, tahun, job, jenis: str) -> tuple[dict, LogSinkronisasi | None]:
    common.cek_hak(actor, pegawai)
    tahun = common.tahun_of(tahun)
    pengguna = common.pengguna_pmm(pegawai)
    base = {"actor": actor, "pegawai": pegawai, "jenis": jenis, "tahun": tahun, "job": job}
    base["tipe"] = common.tipe_skp(pengguna)
    if pengguna is None:
        return base, common.catat_gagal(**base, alasan=[Alasan(common.BUKAN_PENGGUNA, common.FIX_ADMIN_USER)])
    return base, None


def _penilaian(actor, skp: Skp, periode: PeriodePenilaian, dates) -> tuple[Penilaian, bool]:
    tahun, awal, akhir, batas = dates
    p = (
        Penilaian.objects.select_for_update(of=("self",))
        .filter(skp=skp, periode=periode, tahun=tahun)
        .first()
    )
    if p is not None:
        return p, False
    p = Penilaian(skp=skp, periode=periode, tahun=tahun, awal=awal, akhir=akhir, batas=batas)
    set_assessor(p, skp)
    p.save()
    audit(actor, "penilaian.pmm_tambah_periode", p, after=snapshot(p, ["periode", "tahun", "awal", "akhir"]))
    return p, True


def _nilai(actor, p: Penilaian, hasil: str, perilaku: str) -> bool:
    """Set both ratings and our predikat; True when something changed."""
    fields = ["rating_hasil_kerja", "rating_perilaku", "predikat"]
    before = snapshot(p, fields)
    p.rating_hasil_kerja, p.rating_perilaku = hasil, perilaku
    p.predikat = rules.predikat_for(hasil, perilaku)
    if snapshot(p, fields) == before:
        return False
    p.dinilai_pada = timezone.now()
    p.versi += 1  # docs/konkurensi.md: a rating form drawn before this sync is stale
    p.save(update_fields=[*fields, "dinilai_pada", "versi"])
    audit(actor, "penilaian.pmm_sinkron_nilai", p, before=before, after=snapshot(p, fields))
    return True


def _beda_nilai(nama: str, nilai_pmm, ours: str) -> str | None:
    kode = predikat(nilai_pmm)
    if nilai_pmm and kode != ours:
        return (
            f"{nama}: Nilai SKP dari PMM ({nilai_pmm}) berbeda dengan predikat menurut aturan "
            f"({rules.PREDIKAT_LABEL[ours]}); e-Kinerja memakai predikat menurut aturan."
        )
    return None


def sinkron_penilaian(*, actor, pegawai: Pegawai, tahun: int | None = None, job=None) -> LogSinkronisasi:
    """Sinkro data Penilaian PMM: per angka periodik, hasil kerja, perilaku and predikat of that period."""
    base, done = _mulai(actor, pegawai, tahun, job, JenisSinkron.PENILAIAN)
    if done:
        return done
    tahun = base["tahun"]
    problems = periode_masalah(pegawai.instansi_id, tahun)
    if problems:
        alasan = [Alasan(m, common.FIX_ADMIN_PERIODE) for m in problems]
        return common.catat_gagal(**base, alasan=alasan, hasil={"periode": problems})
    try:
        rows = PmmClient().penilaian(pegawai.nip, tahun)
    except RemoteError as exc:
        return common.catat_remote(**base, exc=exc)
    periods = {
        p.angka_periodik: p for p in periode_tahun(pegawai.instansi_id, tahun) if p.jenis == rules.PERIODIK
    }
    skps = list(Skp.objects.filter(pegawai=pegawai, sumber=Sumber.PMM).select_related("instansi", "pegawai"))
    by_id = {s.pmm_id: s for s in skps}
    alasan, plan, dilewati = [], [], []
    for row in sorted(rows, key=lambda r: _angka(r.get("angka_periodik"))):
        angka, nama = row.get("angka_periodik"), str(row.get("nama") or "")
        periode = periods.get(_angka(angka))
        hasil, perilaku = rating(row.get("hasil_kerja")), rating(row.get("perilaku_kerja"))
        skp = by_id.get(str(row.get("skp_id")))
        if periode is None:
            alasan.append(Alasan(msg_angka(angka), common.FIX_ADMIN_PERIODE))
        if hasil is None or perilaku is None:
            alasan.append(Alasan(MSG_FORM_BELUM, FIX_FORM))
        if skp is None:
            alasan.append(Alasan(MSG_SKP_BELUM, common.FIX_PEGAWAI_SINKRO_SKP))
        if periode is None or hasil is None or perilaku is None or skp is None:
            continue
        dates = periode_dates_for_skp(skp, periode)
        if dates is None:  # the row's SKP does not cover the period: another PMM SKP of the person may
            skp = next((s for s in skps if periode_dates_for_skp(s, periode)), None)
            dates = periode_dates_for_skp(skp, periode) if skp else None
        if dates is None:
            dilewati.append(f"{periode.nama} (angka periodik {angka}) tidak beririsan dengan SKP PMM pegawai")
            continue
        plan.append((row, nama, skp, periode, dates, hasil, perilaku))
    alasan = list(dict.fromkeys(alasan))
    if alasan:
        return common.catat_gagal(**base, alasan=alasan)
    with transaction.atomic():
        Pegawai.objects.select_for_update().get(pk=pegawai.pk)
        baru, catatan = [], []
        for row, nama, skp, periode, dates, hasil, perilaku in plan:
            p, created = _penilaian(actor, skp, periode, dates)
            if _nilai(actor, p, hasil, perilaku) or created:
                baru.append({
                    "angka_periodik": periode.angka_periodik, "nama": nama or periode.nama,
                    "hasil_kerja": hasil.capitalize(), "perilaku_kerja": perilaku.capitalize(),
                    "nilai_skp": rules.PREDIKAT_LABEL[p.predikat],
                })  # fmt: skip
            if note := _beda_nilai(nama or periode.nama, row.get("nilai_skp"), p.predikat):
                catatan.append(note)
        hasil = {"penilaian": baru, "pesan": BERHASIL if baru else TIDAK_BARU, "dilewati": dilewati}
        hasil["catatan_nilai"] = catatan
        return logsync.catat(
            actor=actor, pegawai=pegawai, jenis=JenisSinkron.PENILAIAN, berhasil=True, hasil=hasil,
            tahun=tahun, tipe_skp=base["tipe"], job=job,
        )  # fmt: skip


def _final_periode(instansi_id: int, tahun: int) -> PeriodePenilaian | None:
    return (
        PeriodePenilaian.objects.filter(instansi_id=instansi_id, jenis=rules.FINAL)
        .filter(Q(tahun__isnull=True) | Q(tahun=tahun))
        .order_by(F("tahun").desc(nulls_last=True), "id")  # that very year before 'every year'
        .first()
    )


def _counts() -> dict:
    keys = ("RHK Masuk", "RHK Indikator Masuk", EVIDEN, REALISASI, FEEDBACK)
    return {label: dict.fromkeys(keys, 0) for label in KLAS_LABEL.values()}


def _isi_indikator(actor, p: Penilaian, ind: Indikator, row: dict, counts: dict, catatan: list[str]) -> None:
    """Eviden → BuktiDukung (matched by nama + link), realisasi → Realisasi, feedback → FeedbackIndikator."""
    c = counts[KLAS_LABEL.get(ind.rhk.klasifikasi, "RHK Individu")]
    valid = URLValidator()
    wanted = []
    for e in row.get("eviden") or []:
        nama, link = str(e.get("nama") or "Bukti Dukung").strip()[:250], str(e.get("link") or "").strip()
        try:
            valid(link)
        except ValidationError:
            catatan.append(f"Eviden '{nama}' dilewati: tautan tidak valid.")
            continue
        wanted.append((nama, link))
    lama = list(BuktiDukung.objects.filter(penilaian=p, indikator=ind).order_by("id"))
    have = {(b.nama, b.link): b for b in reversed(lama)}
    for nama, link in dict.fromkeys(wanted):
        if (nama, link) not in have:
            b = BuktiDukung.objects.create(penilaian=p, indikator=ind, nama=nama, link=link)
            audit(actor, "bukti_dukung.pmm_sinkron_buat", p, obj=b, after={"nama": nama, "link": link})
            c[EVIDEN] += 1
    keep = {have[k].pk for k in wanted if k in have}
    for b in lama:
        if b.pk not in keep:  # no longer in PMM, or a duplicate
            audit(actor, "bukti_dukung.pmm_sinkron_hapus", p, obj=b, before={"nama": b.nama, "link": b.link})
            b.delete()
    for model, value, extra, key in (
        (Realisasi, "realisasi", {"sumber_data": "PMM"}, REALISASI),
        (FeedbackIndikator, "feedback", {}, FEEDBACK),
    ):
        text = str(row.get(value) or "").strip()
        if not text:
            continue
        field = "realisasi" if model is Realisasi else "teks"
        obj = model.objects.filter(penilaian=p, indikator=ind).first()
        if (
            obj is not None
            and getattr(obj, field) == text
            and all(getattr(obj, k) == v for k, v in extra.items())
        ):
            continue
        if obj is None:
            obj = model(penilaian=p, indikator=ind)
        elif model is Realisasi:
            obj.versi += 1  # docs/konkurensi.md
        before = {field: getattr(obj, field, "")}
        setattr(obj, field, text)
        for k, v in extra.items():
            setattr(obj, k, v)
        obj.save()
        audit(actor, f"{model._meta.model_name}.pmm_sinkron", p, obj=obj, before=before, after={field: text})
        c[key] += 1


def sinkron_penilaian_final(
    *, actor, pegawai: Pegawai, tahun: int | None = None, job=None
) -> LogSinkronisasi:
    """Sinkro data Penilaian Final PMM: ratings, predikat, and eviden / realisasi / feedback per indicator."""
    base, done = _mulai(actor, pegawai, tahun, job, JenisSinkron.PENILAIAN_FINAL)
    if done:
        return done
    tahun = base["tahun"]
    periode = _final_periode(pegawai.instansi_id, tahun)
    if periode is None:
        return common.catat_gagal(**base, alasan=[Alasan(MSG_FINAL_BELUM, common.FIX_ADMIN_PERIODE)])
    try:
        data = PmmClient().penilaian_final(pegawai.nip, tahun)
    except RemoteError as exc:
        return common.catat_remote(**base, exc=exc)
    pegawai = Pegawai.objects.select_related("unit_kerja", "instansi").get(pk=pegawai.pk)
    alasan = []
    if str((data.get("unor") or {}).get("id", "")).lower() != pegawai.unit_kerja.id_unor.lower():
        alasan.append(Alasan(MSG_UNIT_FINAL, FIX_UNIT_FINAL))
    hasil, perilaku = rating(data.get("hasil_kerja")), rating(data.get("perilaku_kerja"))
    if hasil is None or perilaku is None:
        alasan.append(Alasan(MSG_FORM_BELUM, FIX_FORM))
    skp = (
        Skp.objects.filter(pegawai=pegawai, sumber=Sumber.PMM, pmm_id=str(data.get("skp_id")))
        .select_related("instansi", "pegawai")
        .first()
    )
    dates = periode_dates_for_skp(skp, periode) if skp else None
    if dates is None:
        alasan.append(Alasan(MSG_SKP_BELUM, common.FIX_PEGAWAI_SINKRO_SKP))
    indikator = {}
    if skp is not None:
        indikator = {
            i.pmm_id: i
            for i in Indikator.objects.filter(rhk__skp=skp).exclude(pmm_id="").select_related("rhk")
        }
    rows = data.get("indikator") or []
    for row in rows:
        if str(row.get("indikator_id")) not in indikator:
            alasan.append(Alasan(msg_indikator(row.get("indikator_id")), common.FIX_PEGAWAI_SINKRO_SKP))
    if alasan:
        return common.catat_gagal(**base, alasan=list(dict.fromkeys(alasan)))
    with transaction.atomic():
        Pegawai.objects.select_for_update().get(pk=pegawai.pk)
        p, _ = _penilaian(actor, skp, periode, dates)
        _nilai(actor, p, hasil, perilaku)
        counts, catatan = _counts(), []
        for row in rows:
            _isi_indikator(actor, p, indikator[str(row.get("indikator_id"))], row, counts, catatan)
        if note := _beda_nilai("Penilaian Final", data.get("hasil_akhir"), p.predikat):
            catatan.append(note)
        out = {
            "pesan": BERHASIL_FINAL,
            "nama_periode": str(data.get("nama_periode") or periode.nama),
            "hasil_kerja": hasil,
            "perilaku_kerja": perilaku,
            "hasil_akhir": rules.PREDIKAT_LABEL[p.predikat].upper(),
            **counts,
            "catatan_nilai": catatan,
        }
        return logsync.catat(
            actor=actor, pegawai=pegawai, jenis=JenisSinkron.PENILAIAN_FINAL, berhasil=True, hasil=out,
            tahun=tahun, tipe_skp=base["tipe"], job=job,
        )  # fmt: skip

"""Sinkro PMM of one person's SKP: plain (the latest PMM SKP), with rotation (one SKP per PMM SKP period after a
mutasi) and PLT KS (the PMM SKP marked `plt`). PMM is the source of truth for the content of those SKPs.

Every flow fetches first (a NetworkError leaves everything untouched), then plans each PMM SKP (which SKP of
ours receives it, the unit and atasan checks, the RHK atasan of each cascaded RHK), and only when nothing is
refused applies all of it and writes the log in one transaction. Rows are matched by their PMM id, so a second
run with the same PMM data changes nothing but adds a log row.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass, field

from django.db import transaction

from kinerja.core.errors import DomainError
from kinerja.org import atasan as atasan_mod
from kinerja.org.models import Pegawai, PenugasanPlt, UnitKerja
from kinerja.skp.models import Rhk, Skp, StatusPegawai

from .. import logsync
from ..clients.base import RemoteError
from ..clients.pmm import PmmClient
from ..models import JenisSinkron, LogSinkronisasi
from . import pmm_common as common
from . import pmm_skp_isi
from .pmm_common import Alasan

MSG_UNOR_REF = "Data Unit Kerja Pegawai tidak terdaftar di Referensi Unit Kerja"
MSG_NAMA_UNOR = "Nama Sekolah atau Nama Unor tidak sama dengan data PMM"
MSG_UNOR_PADAN = "Unor di PMM Belum Padan"
MSG_SKP_ORGANISASI = "Data SKP Organisasi belum dibuat oleh atasan"
MSG_SKP_TIDAK_ADA = "Data SKP pegawai tidak ditemukan"
MSG_SKP_PLT_TIDAK_ADA = "Data SKP PLT pegawai tidak ditemukan di PMM"
MSG_PERIODE_RUSAK = "Data SKP dari PMM tidak lengkap: periode awal / akhir tidak valid"
AKAN_BUAT = "Akan Membuat SKP Baru"
BERHASIL = "Berhasil Melakukan Sinkro dengan data"
GAGAL = "Gagal Melakukan Sinkro dikarenakan"


def msg_atasan(nama: str) -> str:
    return f"Atasan Pegawai tidak sama dengan data PMM, data PMM {nama}"


def msg_rhk_atasan(indikator: str, rhk: str) -> str:
    return f"Tidak ditemukan RHK atasan berikut '{indikator}' di RHK '{rhk}'"


def msg_plt_penugasan(unor: str) -> str:
    return f"Penugasan PLT pegawai pada {unor} belum dicatat di e-Kinerja"


@dataclass
class Pihak:
    nama: str
    nip: str
    unor: str


@dataclass
class BandingSkp:
    """One PMM SKP next to what e-Kinerja has ("Detail | Data e-Kinerja | Data PMM") and what a sync would do."""

    nomor: int
    data: dict
    periode_awal: datetime.date | None
    periode_akhir: datetime.date | None
    pendekatan: str
    jenis_skp: str
    plt: bool
    terakhir: bool
    unor_pmm: str
    unor_ekinerja: str
    unit: UnitKerja | None  # the unit that receives the SKP; None when the PMM unor is not in our reference
    atasan_pmm: Pihak | None
    atasan_ekinerja: Pihak | None
    atasan_pegawai: Pegawai | None
    skp: Skp | None  # our SKP that receives it; None = "Akan Membuat SKP Baru"
    penugasan: PenugasanPlt | None = None
    atasan_hasil: atasan_mod.Atasan | None = None  # our pejabat penilai for this SKP (unit and status)
    alasan: list[Alasan] = field(default_factory=list)
    rhk_atasan: dict = field(default_factory=dict)  # PMM RHK id -> our atasan Rhk

    @property
    def baru(self) -> bool:
        return self.skp is None


def _pihak(p: Pegawai | None, unit: UnitKerja | None) -> Pihak | None:
    if p is None:
        return None
    return Pihak(p.nama_lengkap, p.nip, unit.nama if unit else p.unit_kerja.nama)


def _dipilih(data: list[dict], jenis: str) -> list[dict]:
    """The PMM SKPs a flow handles: plain = the latest definitive one; rotation = every definitive one; PLT."""
    data = sorted(data, key=lambda d: str(d.get("periode_awal", "")))
    if jenis == JenisSinkron.SKP_PLT:
        return [d for d in data if d.get("plt")]
    definitif = [d for d in data if not d.get("plt")]
    if jenis == JenisSinkron.SKP:
        return definitif[-1:]
    return definitif


def _atasan_kita(pegawai: Pegawai, unit: UnitKerja | None, on: datetime.date, plt: bool) -> atasan_mod.Atasan:
    if plt and unit is not None:
        return atasan_mod.pejabat_penilai_unit_leader(pegawai, unit, on)
    if unit is not None and unit.pk != pegawai.unit_kerja_id:
        # An earlier SKP (rotation): assessed as a member of that unit.
        dulu = copy.copy(pegawai)
        dulu.unit_kerja = unit
        dulu.unit_kerja_id = unit.pk
        return atasan_mod.pejabat_penilai(dulu, on)
    return atasan_mod.pejabat_penilai(pegawai, on)


def _cek_unor(b: BandingSkp, pegawai: Pegawai, jenis: str) -> None:
    unor_id = (b.data.get("unor") or {}).get("id", "")
    unit = common.unit_referensi(pegawai.instansi_id, unor_id)
    if jenis == JenisSinkron.SKP_ROTASI:
        if unit is None or not common.nama_padan(b.unor_pmm, unit.nama):
            b.alasan.append(Alasan(MSG_UNOR_PADAN, common.FIX_PMM_PADAN))
        elif b.terakhir and unit.pk != pegawai.unit_kerja_id:
            b.alasan.append(Alasan(MSG_NAMA_UNOR, common.FIX_ADMIN_PADAN))
    elif jenis == JenisSinkron.SKP_PLT:
        if unit is None:
            b.alasan.append(Alasan(MSG_UNOR_REF, common.FIX_ADMIN_UNOR))
        elif not common.nama_padan(b.unor_pmm, unit.nama):
            b.alasan.append(Alasan(MSG_NAMA_UNOR, common.FIX_ADMIN_PADAN))
    else:
        if unit is None:
            b.alasan.append(Alasan(MSG_UNOR_REF, common.FIX_ADMIN_UNOR))
        elif unit.pk != pegawai.unit_kerja_id or not common.nama_padan(b.unor_pmm, pegawai.unit_kerja.nama):
            b.alasan.append(Alasan(MSG_NAMA_UNOR, common.FIX_ADMIN_PADAN))
    if jenis == JenisSinkron.SKP and unit is not None:
        unit = pegawai.unit_kerja
    b.unit = unit
    if unit is not None:
        b.unor_ekinerja = unit.nama


def _cek_atasan(b: BandingSkp, pegawai: Pegawai) -> None:
    on = common.hari_acuan(b.periode_awal, b.periode_akhir)
    ours = _atasan_kita(pegawai, b.unit or pegawai.unit_kerja, on, b.plt)
    b.atasan_hasil = ours
    b.atasan_pegawai = ours.pegawai
    b.atasan_ekinerja = _pihak(ours.pegawai, ours.unit)
    if b.atasan_pmm and (ours.pegawai is None or ours.pegawai.nip != b.atasan_pmm.nip):
        b.alasan.append(Alasan(msg_atasan(b.atasan_pmm.nama), common.FIX_ATASAN))


def _cek_rhk_atasan(b: BandingSkp) -> None:
    """Each cascaded RHK must find the atasan's RHK with that indicator in the atasan's e-Kinerja SKP."""
    guru = "KEPALA" not in b.jenis_skp.upper()
    perlu = [
        r
        for r in b.data.get("rhk") or []
        if r.get("rhk_atasan") or (guru and str(r.get("klasifikasi")).upper() == "ORGANISASI")
    ]
    if not perlu or any(a.pesan.startswith("Atasan Pegawai") for a in b.alasan):
        return
    kandidat = []
    if b.atasan_pegawai is not None:
        kandidat = list(
            Rhk.objects.filter(
                skp__pegawai=b.atasan_pegawai,
                skp__periode_awal__lte=b.periode_akhir,
                skp__periode_akhir__gte=b.periode_awal,
            )
            .select_related("skp")
            .prefetch_related("indikator")
            .order_by("-skp__periode_awal", "urutan", "id")
        )
    if not kandidat:
        b.alasan.append(Alasan(MSG_SKP_ORGANISASI, common.FIX_ATASAN_SKP))
        return
    on = common.hari_acuan(b.periode_awal, b.periode_akhir)
    kandidat.sort(key=lambda r: not (r.skp.periode_awal <= on <= r.skp.periode_akhir))
    for row in perlu:
        ref = row.get("rhk_atasan") or {}
        teks_rhk, teks_ind = ref.get("rhk") or "", ref.get("indikator") or ""
        if not teks_rhk:
            continue  # an ORGANISASI RHK without a cascade: nothing to link
        found = next(
            (
                r
                for r in kandidat
                if common.normal_teks(r.teks) == common.normal_teks(teks_rhk)
                and (
                    not teks_ind
                    or any(
                        common.normal_teks(i.teks) == common.normal_teks(teks_ind) for i in r.indikator.all()
                    )
                )
            ),
            None,
        )
        if found is None:
            b.alasan.append(Alasan(msg_rhk_atasan(teks_ind or teks_rhk, teks_rhk), common.FIX_ATASAN_RHK))
        else:
            b.rhk_atasan[str(row.get("id"))] = found


def _cari_skp(b: BandingSkp, pegawai: Pegawai, sudah: set[int]) -> None:
    """Our SKP for this PMM SKP: same PMM id, else an overlapping e-Kinerja SKP of the same kind (and unit)."""
    mine = Skp.objects.filter(pegawai=pegawai).exclude(pk__in=sudah)
    skp = mine.filter(pmm_id=str(b.data.get("id"))).first()
    if skp is None:
        overlap = mine.filter(
            pmm_id="", periode_awal__lte=b.periode_akhir, periode_akhir__gte=b.periode_awal
        ).order_by("periode_awal", "id")
        if b.plt:
            skp = overlap.filter(status_pegawai=StatusPegawai.PLT, penugasan_plt=b.penugasan).first()
        else:
            overlap = overlap.filter(status_pegawai=StatusPegawai.DEFINITIF)
            if b.unit is not None:
                skp = overlap.filter(unit_kerja=b.unit).first()
            if skp is None and b.unit is not None and b.unit.pk == pegawai.unit_kerja_id:
                skp = overlap.first()
    b.skp = skp
    if skp is not None:
        sudah.add(skp.pk)


def _penugasan(b: BandingSkp, pegawai: Pegawai) -> None:
    if b.unit is None:
        return
    b.penugasan = (
        PenugasanPlt.objects.filter(
            pegawai=pegawai, unit_kerja=b.unit, tanggal_mulai__lte=b.periode_akhir, jenis="PLT"
        )
        .exclude(tanggal_selesai__lt=b.periode_awal)
        .order_by("-tanggal_mulai")
        .first()
    )
    if b.penugasan is None:
        b.alasan.append(Alasan(msg_plt_penugasan(b.unit.nama), common.FIX_ADMIN_PLT))


def rencana(pegawai: Pegawai, data: list[dict], jenis: str) -> list[BandingSkp]:
    """Plan a flow over the PMM SKPs it handles: the comparison rows with their refusals, nothing written."""
    pegawai = Pegawai.objects.select_related("unit_kerja", "jabatan", "instansi").get(pk=pegawai.pk)
    pilih = _dipilih(data, jenis)
    plans, sudah = [], set()
    for n, d in enumerate(pilih, start=1):
        atasan_pmm = d.get("atasan") or None
        try:
            awal, akhir = common.tanggal(d["periode_awal"]), common.tanggal(d["periode_akhir"])
            rusak = awal > akhir
        except (KeyError, TypeError, ValueError):
            awal = akhir = None
            rusak = True
        b = BandingSkp(
            nomor=n,
            data=d,
            periode_awal=awal,
            periode_akhir=akhir,
            pendekatan=str(d.get("pendekatan") or "KUANTITATIF").upper(),
            jenis_skp=str(d.get("jenis_skp") or ""),
            plt=bool(d.get("plt")),
            terakhir=n == len(pilih),
            unor_pmm=(d.get("unor") or {}).get("nama", ""),
            unor_ekinerja=pegawai.unit_kerja.nama,
            unit=None,
            atasan_pmm=Pihak(
                atasan_pmm.get("nama", ""), atasan_pmm.get("nip", ""), atasan_pmm.get("unor", "")
            )
            if atasan_pmm
            else None,
            atasan_ekinerja=None,
            atasan_pegawai=None,
            skp=None,
        )
        plans.append(b)
        if rusak:
            b.alasan.append(Alasan(MSG_PERIODE_RUSAK, common.FIX_PMM))
            continue
        _cek_unor(b, pegawai, jenis)
        if b.plt:
            _penugasan(b, pegawai)
        _cek_atasan(b, pegawai)
        _cek_rhk_atasan(b)
        _cari_skp(b, pegawai, sudah)
    return plans


def skp_banding(
    *, actor, pegawai: Pegawai, tahun: int | None, jenis: str = JenisSinkron.SKP
) -> list[BandingSkp]:
    """The comparison shown before a sync. Raises NetworkError / NotConfigured / RemoteError (nothing written)."""
    common.cek_hak(actor, pegawai)
    if common.pengguna_pmm(pegawai) is None:
        raise DomainError(common.BUKAN_PENGGUNA)
    data = PmmClient().skp(pegawai.nip, common.tahun_of(tahun))
    return rencana(pegawai, data, jenis)


def _ringkas(b: BandingSkp, counts: dict) -> dict:
    return {
        "pmm_id": str(b.data.get("id")),
        "periode_awal": b.periode_awal.isoformat() if b.periode_awal else "",
        "periode_akhir": b.periode_akhir.isoformat() if b.periode_akhir else "",
        "pendekatan": b.pendekatan,
        "jenis_skp": b.jenis_skp,
        "unor_ekinerja": b.unor_ekinerja,
        "unor_pmm": b.unor_pmm,
        **counts,
    }


def _sinkron(*, actor, pegawai: Pegawai, tahun: int | None, job, jenis: str) -> LogSinkronisasi:
    common.cek_hak(actor, pegawai)
    tahun = common.tahun_of(tahun)
    pengguna = common.pengguna_pmm(pegawai)
    tipe = common.tipe_skp(pengguna)
    base = {"actor": actor, "pegawai": pegawai, "jenis": jenis, "tahun": tahun, "tipe": tipe, "job": job}
    if pengguna is None:
        return common.catat_gagal(**base, alasan=[Alasan(common.BUKAN_PENGGUNA, common.FIX_ADMIN_USER)])
    try:
        data = PmmClient().skp(pegawai.nip, tahun)  # NetworkError propagates: nothing written
    except RemoteError as exc:
        return common.catat_remote(**base, exc=exc)
    plans = rencana(pegawai, data, jenis)
    if plans:
        base["tipe"] = common.tipe_skp(pengguna, plans[-1].jenis_skp)
    if not plans:
        kosong = (
            Alasan(MSG_SKP_PLT_TIDAK_ADA, common.FIX_PMM_PLT)
            if jenis == JenisSinkron.SKP_PLT
            else Alasan(MSG_SKP_TIDAK_ADA, common.FIX_PEGAWAI_PMM)
        )
        return common.catat_gagal(**base, alasan=[kosong])
    alasan = list(dict.fromkeys(a for b in plans for a in b.alasan))
    if alasan:
        return common.catat_gagal(**base, alasan=alasan, hasil={"skp": [_ringkas(b, {}) for b in plans]})
    with transaction.atomic():
        Pegawai.objects.select_for_update().get(pk=pegawai.pk)  # one sync of a person at a time
        ringkas, total = [], pmm_skp_isi.hitungan_kosong()
        baru = 0
        for b in plans:
            was_new = b.baru
            counts = pmm_skp_isi.terapkan(actor=actor, pegawai=pegawai, plan=b)
            baru += int(was_new)
            ringkas.append(_ringkas(b, {"baru": was_new, **counts}))
            pmm_skp_isi.tambah(total, counts)
        hasil = {"skp": ringkas, "SKP Baru": baru, **total}
        return logsync.catat(
            actor=actor,
            pegawai=pegawai,
            jenis=jenis,
            berhasil=True,
            hasil=hasil,
            tahun=tahun,
            tipe_skp=base["tipe"],
            job=job,
        )


def sinkron_skp(*, actor, pegawai: Pegawai, tahun: int | None = None, job=None) -> LogSinkronisasi:
    """Sinkro data SKP PMM: the latest (definitive) PMM SKP into the SKP of ours covering it."""
    return _sinkron(actor=actor, pegawai=pegawai, tahun=tahun, job=job, jenis=JenisSinkron.SKP)


def sinkron_skp_rotasi(*, actor, pegawai: Pegawai, tahun: int | None = None, job=None) -> LogSinkronisasi:
    """Sinkro data SKP dengan Rotasi PMM: one SKP of ours per PMM SKP period (new ones created)."""
    return _sinkron(actor=actor, pegawai=pegawai, tahun=tahun, job=job, jenis=JenisSinkron.SKP_ROTASI)


def sinkron_skp_plt(*, actor, pegawai: Pegawai, tahun: int | None = None, job=None) -> LogSinkronisasi:
    """Sinkro data SKP PLT PMM: the PMM SKP marked PLT into a PLT SKP on the recorded PLT assignment."""
    return _sinkron(actor=actor, pegawai=pegawai, tahun=tahun, job=job, jenis=JenisSinkron.SKP_PLT)

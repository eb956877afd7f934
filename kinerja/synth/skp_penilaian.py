"""SKPs, periods and assessments of one synthetic instansi, as rows of a `Sink`.

Every employee gets an approved SKP for the year (PLT holders a second one for the unit they act for) whose
assessor snapshot is the resolved pejabat penilai, and the Final assessment with ratings and predikat. Instansi
in the detail sample also get the four quarters, RHK cascading from the assessor's RHK, indicators, realisasi,
bukti dukung and the assessor's feedback.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from kinerja.org import atasan
from kinerja.penilaian import rules as prules
from kinerja.skp import rules as srules

from . import names
from .organisasi import Lead, Org, Person, Unit, resolve

PERIODE = (
    ("Triwulan I", prules.PERIODIK, prules.TRIWULANAN, 1, "01-01", "03-31", "04-05"),
    ("Triwulan II", prules.PERIODIK, prules.TRIWULANAN, 2, "04-01", "06-30", "07-05"),
    ("Triwulan III", prules.PERIODIK, prules.TRIWULANAN, 3, "07-01", "09-30", "10-05"),
    ("Triwulan IV", prules.PERIODIK, prules.TRIWULANAN, 4, "10-01", "12-31", "01-05"),
    ("Tahun {tahun}", prules.FINAL, "", None, "01-01", "12-31", "01-31"),
)
HASIL = ((prules.SESUAI, 75), (prules.DIATAS, 15), (prules.DIBAWAH, 10))
PERILAKU = ((prules.SESUAI, 80), (prules.DIATAS, 12), (prules.DIBAWAH, 8))
FINAL_DINILAI = 0.8  # share of Final assessments already rated: deadline day, not after it
FEEDBACK = ("Pertahankan capaian ini.", "Perlu percepatan pada triwulan berikutnya.", "Sudah sesuai target.")


@dataclass(eq=False)
class SkpPlan:
    id: int
    person: Person
    unit: Unit
    lead: Lead | None
    lead_unit: Unit | None
    alasan: str
    plt_id: int | None = None

    @property
    def jpt(self) -> bool:
        return srules.model_for(self.person.jabatan_jenis) == srules.MODEL_JPT


def _weighted(rnd: random.Random, table) -> str:
    return rnd.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def _resolve_upper(person: Person, upper: list[Unit], leaders):
    """kinerja.org.atasan._resolve_upper: the assessor of someone acting as leader of the unit below `upper`."""
    lead, unit, alasan = resolve(person, upper, leaders, pimpinan=False)
    if lead is None and unit is not None:
        alasan = f"{atasan.NO_PARENT_LEADER} ({unit.nama})."
    return lead, unit, alasan


def build(org: Org, *, rnd: random.Random, ids, tahun: int, detail: bool, sink) -> dict[str, int]:
    """Add the rows; return counts of what was planned (for the summary)."""
    t = sink.t
    now = timezone.now()
    periode_ids = ids["periode"].take(len(PERIODE))
    periods = []
    for pid, (nama, jenis, tipe, angka, awal, akhir, batas) in zip(periode_ids, PERIODE, strict=True):
        t["periode"].add(
            pid, org.instansi_id, nama.format(tahun=tahun), jenis, tipe, angka, awal, akhir, batas, tahun
        )
        a, b, c = prules.tanggal_periode(awal, akhir, batas, tahun)
        dinilai = timezone.make_aware(
            datetime.datetime.combine(c - datetime.timedelta(days=2), datetime.time(10))
        )
        periods.append((pid, jenis == prules.FINAL, a, b, c, dinilai))
    if not detail:
        periods = [p for p in periods if p[1]]

    plans: list[SkpPlan] = []
    skp_ids = iter(ids["skp"].take(len(org.people) + len(org.plt)))
    own: dict[int, SkpPlan] = {}
    acting: dict[int, SkpPlan] = {}
    for p in org.people:
        lead, unit, alasan = resolve(p, p.unit.chain, org.leaders, pimpinan=p.pimpinan)
        own[p.id] = plan = SkpPlan(next(skp_ids), p, p.unit, lead, unit, alasan)
        plans.append(plan)
    for plt_id, p, unit in org.plt:
        lead, lunit, alasan = _resolve_upper(p, unit.chain[:-1], org.leaders)
        acting[plt_id] = plan = SkpPlan(next(skp_ids), p, unit, lead, lunit, alasan, plt_id)
        plans.append(plan)

    def skp_of(lead: Lead) -> SkpPlan:
        return acting[lead.plt_id] if lead.status == "plt" else own[lead.person.id]

    awal_tahun, akhir_tahun = datetime.date(tahun, 1, 1), datetime.date(tahun, 12, 31)
    for s in plans:
        p, lead = s.person, s.lead
        lp = lead.person if lead else None
        if s.plt_id:
            pjabatan, jenis_pegawai = f"PLT. Pimpinan {s.unit.nama}", "PIMPINAN"
        else:
            pjabatan, jenis_pegawai = p.jabatan_nama, "PIMPINAN" if p.pimpinan else "PEGAWAI"
        if lp is None:
            l_jabatan = ""
        elif lead.status != "definitif":
            l_jabatan = f"{lead.status.upper()}. Pimpinan {s.lead_unit.nama}"
        else:
            l_jabatan = lp.jabatan_nama
        t["skp"].add(
            s.id, p.id, org.instansi_id, awal_tahun, akhir_tahun, srules.KUANTITATIF,
            srules.PLT if s.plt_id else srules.DEFINITIF, s.plt_id, srules.PERSETUJUAN,
            srules.MODEL_JPT if s.jpt else srules.MODEL_JA_JF, s.unit.id, jenis_pegawai, p.nama_lengkap, p.nip,
            p.pangkat, pjabatan, s.unit.nama, lp.id if lp else None, s.lead_unit.id if lp else None,
            lp.nama_lengkap if lp else "", lp.nip if lp else "", lp.pangkat if lp else "", l_jabatan,
            s.lead_unit.nama if lp else "", s.alasan, now, now,
        )  # fmt: skip

    rhk_of: dict[int, list[tuple[int, str]]] = {}
    indikator_of: dict[int, list[list[int]]] = {}
    if detail:
        _rencana(plans, rnd, ids, t, skp_of, rhk_of, indikator_of)

    penilaian_ids = iter(ids["penilaian"].take(len(plans) * len(periods)))
    realisasi, bukti, fb_ind, fb_per = [], [], [], []
    for s in plans:
        lp = s.lead.person if s.lead else None
        for pid, final, a, b, c, dinilai in periods:
            rated = lp is not None and (not final or rnd.random() < FINAL_DINILAI)
            hasil = _weighted(rnd, HASIL) if rated else ""
            perilaku = _weighted(rnd, PERILAKU) if rated else ""
            predikat = prules.predikat_for(hasil, perilaku) or ""
            nid = next(penilaian_ids)
            t["penilaian"].add(
                nid, s.id, pid, tahun, max(a, awal_tahun) if final else a, b, c,
                lp.id if lp else None, lp.nama_lengkap if lp else "", lp.nip if lp else "",
                _jabatan_penilai(s), s.lead_unit.nama if lp else "", hasil, perilaku, predikat,
                dinilai if rated else None, lp.user_id if rated else None, now,
            )  # fmt: skip
            for r, inds in enumerate(indikator_of.get(s.id, ())):
                for k, ind in enumerate(inds):
                    realisasi.append((nid, ind, f"Tercapai {90 + (r + k) % 15}% dari target periode ini."))
                    if k == 0:
                        bukti.append(
                            (
                                nid,
                                ind,
                                f"Laporan {names.KEGIATAN[(r + nid) % 12]}",
                                f"https://arsip.{names.DOMAIN_ARSIP}/bukti/{nid}/{ind}",
                            )
                        )
                    if final and rated:
                        fb_ind.append(
                            (nid, ind, "NAIK" if hasil != prules.DIBAWAH else "TURUN", FEEDBACK[(r + k) % 3])
                        )
            if final and rated and s.id in indikator_of:
                for nilai in range(1, 8):
                    fb_per.append((nid, nilai, "TURUN" if perilaku == prules.DIBAWAH else "NAIK", ""))
    for key, rows in (
        ("realisasi", realisasi),
        ("bukti", bukti),
        ("fb_indikator", fb_ind),
        ("fb_perilaku", fb_per),
    ):
        for rid, row in zip(ids[key].take(len(rows)), rows, strict=True):
            t[key].add(rid, *row, now)
    return {"skp": len(plans), "penilaian": len(plans) * len(periods)}


def _jabatan_penilai(s: SkpPlan) -> str:
    if s.lead is None:
        return ""
    if s.lead.status != "definitif":
        return f"{s.lead.status.upper()}. Pimpinan {s.lead_unit.nama}"
    return s.lead.person.jabatan_nama


def _rencana(plans, rnd, ids, t, skp_of, rhk_of, indikator_of) -> None:
    """RHK (cascading from the assessor's RHK) and their indicators."""
    counts = [(4 if s.jpt else 3) if s.person.pimpinan or s.plt_id else rnd.randint(2, 3) for s in plans]
    rhk_ids = iter(ids["rhk"].take(sum(counts)))
    for s, n in zip(plans, counts, strict=True):
        rhk_of[s.id] = []
        for k in range(n):
            teks = f"Terlaksananya {names.KEGIATAN[(s.id + k) % len(names.KEGIATAN)]} pada {names.title(s.unit.nama)}"
            rhk_of[s.id].append((next(rhk_ids), teks[:500]))
    ind_ids = iter(ids["indikator"].take(sum(counts) * 2))
    for s in plans:
        atasan_rhk = rhk_of[skp_of(s.lead).id] if s.lead else []
        indikator_of[s.id] = []
        for k, (rid, teks) in enumerate(rhk_of[s.id]):
            jenis = "TAMBAHAN" if k == 2 and not s.person.pimpinan and not s.plt_id else "UTAMA"
            up = atasan_rhk[k % len(atasan_rhk)] if atasan_rhk else None
            t["rhk"].add(
                rid, s.id, jenis, "ORGANISASI" if s.jpt else "INDIVIDU", teks, up[0] if up else None,
                "" if s.jpt or up is None else up[1], k, s.person.user_id,
            )  # fmt: skip
            pair = []
            for i in range(2):
                iid = next(ind_ids)
                satuan, target = names.SATUAN[(rid + i) % len(names.SATUAN)]
                aspek = "" if s.jpt else names.ASPEK[i % 3]
                perspektif = srules.PERSPEKTIF[(k + i) % 4] if s.jpt else ""
                t["indikator"].add(
                    iid, rid, f"Jumlah {satuan.lower() if satuan != '%' else 'persentase'} {teks[14:80].lower()}",
                    aspek, Decimal(target), satuan, perspektif, i,
                )  # fmt: skip
                pair.append(iid)
            indikator_of[s.id].append(pair)

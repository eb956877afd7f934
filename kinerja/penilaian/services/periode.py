"""Manajemen Periode (admin): create, edit, delete periods and generate a year's set (RULES.md §6)."""

from __future__ import annotations

import calendar
import datetime

from django.db import transaction

from kinerja.core.audit import record, snapshot
from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.org.models import Instansi
from kinerja.sampah.buang import Jenis, Pembuangan, label_periode

from .. import rules
from ..models import CapaianOrganisasi, Penilaian, PeriodePenilaian
from ..ringkasan import tandai, tandai_periode

FIELDS = ["nama", "jenis", "tipe_periodik", "angka_periodik", "awal", "akhir", "batas", "tahun"]
LABEL_MMDD = {"awal": "Periode Awal", "akhir": "Periode Akhir", "batas": "Batas Pengisian"}
TAHUN_MIN, TAHUN_MAX = 2000, 2100
BATAS_HARI = 5  # generator default: the batas pengisian is 5 days after the end of the period
TETAP_BILA_DIPAKAI = ("jenis", "awal", "akhir", "tahun")  # the frozen dates of added periods depend on them
SET_RULES = (rules.MSG_DUA_TIPE, rules.MSG_DUPLIKAT)  # refusals; MSG_KOSONG is only a status


def _require_admin(actor, instansi: Instansi) -> None:
    if not actor.has_perm("org.manage", instansi):
        raise PermissionDeniedError("Hanya admin instansi ini yang dapat mengelola periode penilaian.")


def _data(p: PeriodePenilaian) -> rules.PeriodeData:
    return rules.PeriodeData(p.jenis, p.tipe_periodik or None, p.angka_periodik, p.tahun)


def _clean(
    *,
    nama: str,
    jenis: str,
    tipe_periodik: str | None,
    angka_periodik: int | None,
    awal: str,
    akhir: str,
    batas: str,
    tahun: int | None,
) -> dict:
    """The period's fields, validated one by one; a DomainError names the first wrong field."""
    nama = (nama or "").strip()
    if not nama:
        raise DomainError("Nama periode wajib diisi.", field="nama")
    if len(nama) > 100:
        raise DomainError("Nama periode paling banyak 100 karakter.", field="nama")
    if jenis not in (rules.PERIODIK, rules.FINAL):
        raise DomainError("Pilih jenis periode Periodik atau Final.", field="jenis")
    tipe_periodik = tipe_periodik or ""
    if jenis == rules.PERIODIK:
        if tipe_periodik not in rules.ANGKA_MAKS:
            raise DomainError("Tipe periodik wajib dipilih untuk periode Periodik.", field="tipe_periodik")
        if angka_periodik in (None, ""):
            raise DomainError("Angka periodik wajib diisi untuk periode Periodik.", field="angka_periodik")
        maks = rules.ANGKA_MAKS[tipe_periodik]
        try:
            angka_periodik = int(angka_periodik)
        except (TypeError, ValueError):
            raise DomainError("Angka periodik harus berupa angka.", field="angka_periodik") from None
        if not 1 <= angka_periodik <= maks:
            label = "Bulanan" if tipe_periodik == rules.BULANAN else "Triwulanan"
            raise DomainError(
                f"Angka periodik untuk tipe {label} harus 1 sampai {maks}.", field="angka_periodik"
            )
    else:
        if tipe_periodik:
            raise DomainError("Periode Final tidak memiliki tipe periodik; kosongkan.", field="tipe_periodik")
        if angka_periodik not in (None, ""):
            raise DomainError(
                "Periode Final tidak memiliki angka periodik; kosongkan.", field="angka_periodik"
            )
        angka_periodik = None
    values = {"awal": awal, "akhir": akhir, "batas": batas}
    parsed = {}
    for name, value in values.items():
        value = (value or "").strip()
        parsed[name] = rules.parse_mmdd(value)
        if parsed[name] is None:
            raise DomainError(
                f"{LABEL_MMDD[name]} harus tanggal yang benar dalam format mm-dd "
                "(Ex. 31 Desember menjadi 12-31).",
                field=name,
            )
        values[name] = value
    if parsed["akhir"] <= parsed["awal"]:
        raise DomainError("Periode Akhir harus sesudah Periode Awal.", field="akhir")
    if tahun in ("", None):
        tahun = None
    else:
        try:
            tahun = int(tahun)
        except (TypeError, ValueError):
            raise DomainError("Tahun harus berupa angka.", field="tahun") from None
        if not TAHUN_MIN <= tahun <= TAHUN_MAX:
            raise DomainError(f"Tahun harus antara {TAHUN_MIN} dan {TAHUN_MAX}.", field="tahun")
    return {
        "nama": nama,
        "jenis": jenis,
        "tipe_periodik": tipe_periodik,
        "angka_periodik": angka_periodik,
        **values,
        "tahun": tahun,
    }


def _years_touched(new: list[rules.PeriodeData], others: list[rules.PeriodeData]) -> set[int]:
    """The years whose set of periods changes. A period for every year touches every year that has periods
    of its own, and the years that have none (represented by 0, which no period names)."""
    years = {p.tahun for p in new if p.tahun}
    if any(p.tahun is None for p in new):
        years |= {p.tahun for p in others if p.tahun} | {0}
    return years


def check_set(new: list[rules.PeriodeData], others: list[rules.PeriodeData]) -> None:
    """Refuse a change that breaks the instansi's set rules (RULES.md §6) with the seed's message.

    Only problems the change brings are refused, so that an already broken set can be repaired step by step."""
    for tahun in sorted(_years_touched(new, others)):
        before = rules.periode_set_problems(others, tahun)
        after = rules.periode_set_problems([*others, *new], tahun)
        for message in SET_RULES:
            if message in after and message not in before:
                raise DomainError(
                    message, field="angka_periodik" if message == rules.MSG_DUPLIKAT else "tipe_periodik"
                )
    finals = [p for p in new if p.jenis == rules.FINAL]
    for final in finals:
        clash = [
            p
            for p in [*others, *[f for f in finals if f is not final]]
            if p.jenis == rules.FINAL and (p.tahun is None or final.tahun is None or p.tahun == final.tahun)
        ]
        if clash:
            tahun = f"tahun {final.tahun}" if final.tahun else "tahun yang sama"
            raise DomainError(f"Sudah terdapat periode Final untuk {tahun}.", field="jenis")


def _others(instansi: Instansi, exclude_pk: int | None = None) -> list[rules.PeriodeData]:
    qs = PeriodePenilaian.objects.filter(instansi=instansi).select_for_update()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return [_data(p) for p in qs]


@transaction.atomic
def periode_create(
    *,
    actor,
    instansi: Instansi,
    nama: str,
    jenis: str,
    tipe_periodik: str | None = None,
    angka_periodik: int | None = None,
    awal: str,
    akhir: str,
    batas: str,
    tahun: int | None = None,
) -> PeriodePenilaian:
    _require_admin(actor, instansi)
    data = _clean(
        nama=nama,
        jenis=jenis,
        tipe_periodik=tipe_periodik,
        angka_periodik=angka_periodik,
        awal=awal,
        akhir=akhir,
        batas=batas,
        tahun=tahun,
    )
    periode = PeriodePenilaian(instansi=instansi, **data)
    check_set([_data(periode)], _others(instansi))
    periode.save()
    record(
        actor=actor, action="periode.create", obj=periode, instansi=instansi, after=snapshot(periode, FIELDS)
    )
    tandai_periode(periode)
    return periode


@transaction.atomic
def periode_update(
    *,
    actor,
    periode: PeriodePenilaian,
    nama: str,
    jenis: str,
    tipe_periodik: str | None = None,
    angka_periodik: int | None = None,
    awal: str,
    akhir: str,
    batas: str,
    tahun: int | None = None,
) -> PeriodePenilaian:
    _require_admin(actor, periode.instansi)
    periode = PeriodePenilaian.objects.select_for_update().select_related("instansi").get(pk=periode.pk)
    data = _clean(
        nama=nama,
        jenis=jenis,
        tipe_periodik=tipe_periodik,
        angka_periodik=angka_periodik,
        awal=awal,
        akhir=akhir,
        batas=batas,
        tahun=tahun,
    )
    before = snapshot(periode, FIELDS)
    if all(before[name] == data[name] for name in FIELDS):
        return periode
    dipakai = Penilaian.objects.filter(periode=periode)
    if dipakai.exists():
        for name in TETAP_BILA_DIPAKAI:
            if data[name] != before[name]:
                raise DomainError(
                    "Periode ini sudah dipakai pada penilaian pegawai: hanya nama, tipe/angka periodik dan "
                    "batas pengisian yang dapat diubah.",
                    field=name,
                )
    for name, value in data.items():
        setattr(periode, name, value)
    check_set([_data(periode)], _others(periode.instansi, exclude_pk=periode.pk))
    periode.save()
    after = snapshot(periode, FIELDS)
    if data["batas"] != before["batas"]:
        # The new batas pengisian applies to everyone who already added the period.
        after["penilaian_diperbarui"] = 0
        for tahun in dipakai.values_list("tahun", flat=True).distinct().order_by("tahun"):
            batas = periode.tanggal(tahun)[2]
            after["penilaian_diperbarui"] += dipakai.filter(tahun=tahun).update(batas=batas)
    record(
        actor=actor,
        action="periode.update",
        obj=periode,
        instansi=periode.instansi,
        before=before,
        after=after,
    )
    tandai_periode(periode)
    return periode


@transaction.atomic
def periode_delete(*, actor, periode: PeriodePenilaian) -> None:
    _require_admin(actor, periode.instansi)
    periode = PeriodePenilaian.objects.select_for_update().select_related("instansi").get(pk=periode.pk)
    jumlah = Penilaian.objects.filter(periode=periode).count()
    if jumlah:
        raise DomainError(
            f"Periode {periode.nama} tidak dapat dihapus karena sudah dipakai pada {jumlah} penilaian pegawai."
        )
    if CapaianOrganisasi.objects.filter(periode=periode).exists():
        raise DomainError(
            f"Periode {periode.nama} tidak dapat dihapus karena sudah memiliki capaian organisasi unit kerja."
        )
    before = snapshot(periode, FIELDS)
    buangan = Pembuangan(periode)  # its cascade is only the dashboard summary rows, recounted on Pulihkan
    sampah = buangan.simpan(
        actor=actor, jenis=Jenis.PERIODE, label=label_periode(periode), instansi_id=periode.instansi_id,
        pemilik_id=None,
    )  # fmt: skip
    record(actor=actor, action="periode.delete", obj=periode, instansi=periode.instansi, before=before,
           after={"sampah": sampah.pk})  # fmt: skip
    buangan.hapus()


def _mmdd(d: datetime.date) -> str:
    return f"{d.month:02d}-{d.day:02d}"


def rencana_generate(tipe: str, tahun: int) -> list[dict]:
    """The periods the generator makes for `tahun`: Triwulan I-IV or Periode I-XII, then "Tahun YYYY".

    Each periodic period ends on the last day of its last month; its batas pengisian is 5 days later.
    The Final covers 01-01..12-31 with batas 01-31 (of the next year)."""
    if tipe not in rules.ANGKA_MAKS:
        raise DomainError("Pilih tipe periodik Bulanan atau Triwulanan.", field="tipe")
    if isinstance(tahun, bool) or not isinstance(tahun, int) or not TAHUN_MIN <= tahun <= TAHUN_MAX:
        raise DomainError(f"Tahun harus antara {TAHUN_MIN} dan {TAHUN_MAX}.", field="tahun")
    months = 3 if tipe == rules.TRIWULANAN else 1
    result = []
    for angka in range(1, rules.ANGKA_MAKS[tipe] + 1):
        first_month = (angka - 1) * months + 1
        last_month = first_month + months - 1
        akhir = datetime.date(tahun, last_month, calendar.monthrange(tahun, last_month)[1])
        result.append(
            {
                "nama": rules.nama_periode(rules.PERIODIK, tipe, angka, tahun),
                "jenis": rules.PERIODIK,
                "tipe_periodik": tipe,
                "angka_periodik": angka,
                "awal": f"{first_month:02d}-01",
                "akhir": _mmdd(akhir),
                "batas": _mmdd(akhir + datetime.timedelta(days=BATAS_HARI)),
                "tahun": tahun,
            }
        )
    result.append(
        {
            "nama": rules.nama_periode(rules.FINAL, None, None, tahun),
            "jenis": rules.FINAL,
            "tipe_periodik": "",
            "angka_periodik": None,
            "awal": "01-01",
            "akhir": "12-31",
            "batas": "01-31",
            "tahun": tahun,
        }
    )
    return result


@transaction.atomic
def periode_generate(*, actor, instansi: Instansi, tipe: str, tahun: int) -> list[PeriodePenilaian]:
    """One click: "Triwulan I-IV + Tahun YYYY" or "Periode I-XII + Tahun YYYY" for one year; all or nothing."""
    _require_admin(actor, instansi)
    periods = [PeriodePenilaian(instansi=instansi, **data) for data in rencana_generate(tipe, tahun)]
    check_set([_data(p) for p in periods], _others(instansi))
    created = []
    for periode in periods:
        periode.save()
        record(
            actor=actor,
            action="periode.generate",
            obj=periode,
            instansi=instansi,
            after=snapshot(periode, FIELDS),
        )
        created.append(periode)
    tandai(instansi_id=instansi.pk, tahun=tahun)
    return created

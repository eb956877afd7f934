"""Pulihkan: bring back what a Hapus moved to the Tempat Sampah, with the original ids, in one transaction.

Rows come back parents first. A link to a row that no longer exists is handled by its kind:

* a link that deleting the other row would have set to NULL anyway (`on_delete=SET_NULL`: the assessor, the
  intervened RHK of the atasan, "dibuat oleh", …) comes back empty;
* a required link of the deleted object itself (an RHK's SKP, an indicator's RHK, a bukti dukung's
  assessment period) refuses the restore, naming the bin row to restore first when the parent is in the bin;
* a required link of a row deleted along with it (e.g. a Matriks Peran Hasil entry whose leader's SKP is gone
  for good) drops that row and the rows below it, and says how many; when the parent is in the bin, the
  restore is refused instead, so that the admin restores that first and nothing is lost.

Kind rules on top: an RHK or indicator only comes back into an SKP that is still DRAFT (and not from PMM);
an SKP not over another SKP of the same person whose period overlaps; a period only when the instansi's
set of periods stays valid. Unique rules of the database are checked row by row before saving.
"""

from __future__ import annotations

from collections import defaultdict

from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from kinerja.core.audit import record
from kinerja.core.dates import rentang, waktu
from kinerja.core.errors import DomainError, PermissionDeniedError

from .buang import kunci
from .models import Jenis, Sampah

ALASAN_RIWAYAT = "Dipulihkan dari Tempat Sampah"


def _label_model(model) -> str:
    return str(model._meta.verbose_name)


def _di_sampah(sampah: Sampah, key: str) -> Sampah | None:
    """The newest row of the same instansi's bin, not yet restored, that holds `key`."""
    return (
        Sampah.objects.filter(
            instansi_id=sampah.instansi_id, dipulihkan_pada__isnull=True, kunci__contains=f" {key} "
        )
        .exclude(pk=sampah.pk)
        .only("pk", "jenis", "label", "dihapus_pada")
        .order_by("-dihapus_pada", "-pk")
        .first()
    )


def _tolak_induk(sampah: Sampah, model, key: str, induk: bool) -> None:
    """Refuse because the row `key` (a required parent) is missing; name the bin row to restore first."""
    nama = sampah.get_jenis_display()
    lain = _di_sampah(sampah, key)
    hubungan = "induknya" if induk else "yang terkait dengannya"
    if lain is not None:
        raise DomainError(
            f"{nama} ini tidak dapat dipulihkan karena {_label_model(model)} {hubungan} ada di Tempat Sampah. "
            f"Pulihkan terlebih dahulu: {lain.get_jenis_display()} {lain.label} "
            f"(dihapus {waktu(lain.dihapus_pada)})."
        )
    raise DomainError(
        f"{nama} ini tidak dapat dipulihkan karena {_label_model(model)} {hubungan} sudah tidak ada "
        "(dihapus permanen)."
    )


def _links(obj) -> list[tuple[models.ForeignKey, object]]:
    return [
        (f, getattr(obj, f.attname))
        for f in obj._meta.concrete_fields
        if f.is_relation and (f.many_to_one or f.one_to_one)
    ]


def _rencana(sampah: Sampah, rows: list, root) -> tuple[list, int, list]:
    """The deserialised rows to save (links to missing rows emptied), how many were dropped, and the emptied
    links whose target sits in another bin row (to be linked again when that row is restored)."""
    in_bin = {kunci(type(r.object), r.object.pk): r for r in rows}
    wanted: dict[tuple, set] = defaultdict(set)  # (model, target field name) -> values outside this bin row
    for r in rows:
        for f, value in _links(r.object):
            if value is not None and kunci(f.related_model, value) not in in_bin:
                wanted[f.related_model, f.target_field.attname].add(value)
    existing = {
        (model, field): set(
            model._base_manager.filter(**{f"{field}__in": values}).values_list(field, flat=True)
        )
        for (model, field), values in wanted.items()
    }
    keep, dropped, gone, menunggu = [], 0, set(), []
    for r in rows:
        obj = r.object
        r.m2m_data = {}  # through rows, if any, are rows of the cascade themselves
        drop = False
        for f, value in _links(obj):
            if value is None:
                continue
            key = kunci(f.related_model, value)
            if key in in_bin and key not in gone:
                continue
            if key not in in_bin and value in existing[f.related_model, f.target_field.attname]:
                continue
            if f.null and f.remote_field.on_delete is models.SET_NULL:
                setattr(obj, f.attname, None)
                lain = None if key in in_bin else _di_sampah(sampah, key)
                if lain is not None:
                    tautan = {"model": obj._meta.label_lower, "pk": obj.pk, "field": f.name, "nilai": value}
                    menunggu.append((lain, tautan))
            elif key in gone:
                drop = True
            elif obj is root or _di_sampah(sampah, key) is not None:
                _tolak_induk(sampah, f.related_model, key, induk=obj is root)
            else:
                drop = True
        if drop:
            gone.add(kunci(type(obj), obj.pk))
            dropped += 1
        else:
            keep.append(r)
    return keep, dropped, menunggu


def _titip_tautan(menunggu: list) -> None:
    """Links emptied now because their target is in another bin row: that row links them again on Pulihkan."""
    for lain, tautan in menunggu:
        lain = Sampah.objects.select_for_update().get(pk=lain.pk)
        lain.data = {**lain.data, "tautan": [*lain.data.get("tautan", []), tautan]}
        lain.save(update_fields=["data"])


def _periksa_unik(sampah: Sampah, rows: list) -> None:
    """Neither the ids nor a unique rule may clash with what exists now."""
    by_model = defaultdict(list)
    for r in rows:
        by_model[type(r.object)].append(r.object.pk)
    for model, pks in by_model.items():
        if model._base_manager.filter(pk__in=pks).exists():
            raise DomainError(
                f"{sampah.get_jenis_display()} ini tidak dapat dipulihkan: {_label_model(model)} dengan ID yang "
                "sama sudah ada (data ini mungkin sudah dipulihkan)."
            )
    for r in rows:
        try:
            r.object.validate_unique(exclude=[r.object._meta.pk.name])
            r.object.validate_constraints()
        except ValidationError as exc:
            pesan = " ".join(exc.messages)
            raise DomainError(
                f"{sampah.get_jenis_display()} ini tidak dapat dipulihkan karena bentrok dengan data yang ada "
                f"sekarang ({_label_model(type(r.object))}: {pesan})"
            ) from exc


def _periksa_jenis(sampah: Sampah, root) -> None:
    """The rules of the deleted object's kind (see the module docstring)."""
    from kinerja.skp.models import Rhk, Skp, Sumber

    if sampah.jenis == Jenis.SKP:
        _periksa_skp(root)
    elif sampah.jenis in (Jenis.RHK, Jenis.INDIKATOR):
        skp_id = root.skp_id if sampah.jenis == Jenis.RHK else Rhk.objects.get(pk=root.rhk_id).skp_id
        skp = Skp.objects.select_for_update(of=("self",)).get(pk=skp_id)
        nama = sampah.get_jenis_display()
        if skp.sumber == Sumber.PMM:
            raise DomainError(
                f"{nama} ini tidak dapat dipulihkan: SKP-nya berasal dari PMM dan hanya dapat dilihat."
            )
        if skp.status != "DRAFT":
            raise DomainError(
                f"{nama} ini tidak dapat dipulihkan karena SKP {skp.pegawai_nama} "
                f"({rentang(skp.periode_awal, skp.periode_akhir)}) sudah berstatus {skp.status}. Pemulihan hanya "
                "dapat dilakukan saat SKP berstatus DRAFT: minta pejabat penilai mengembalikan SKP ke DRAFT "
                "terlebih dahulu."
            )
    elif sampah.jenis == Jenis.PERIODE:
        _periksa_periode(root)


def _periksa_skp(skp) -> None:
    from kinerja.org.models import Pegawai
    from kinerja.skp.models import Skp, StatusPegawai

    Pegawai.objects.select_for_update().get(pk=skp.pegawai_id)  # serialises with Tambah Periode SKP
    others = Skp.objects.filter(
        pegawai_id=skp.pegawai_id,
        status_pegawai=skp.status_pegawai,
        periode_awal__lte=skp.periode_akhir,
        periode_akhir__gte=skp.periode_awal,
    )
    if skp.status_pegawai == StatusPegawai.PLT:
        others = others.filter(penugasan_plt_id=skp.penugasan_plt_id)
    clash = others.exclude(pk=skp.pk).first()
    if clash is not None:
        raise DomainError(
            f"SKP ini tidak dapat dipulihkan karena {skp.pegawai_nama} sudah memiliki SKP "
            f"{clash.get_status_pegawai_display().lower()} lain dengan periode yang beririsan "
            f"({rentang(clash.periode_awal, clash.periode_akhir)}). Hapus atau ubah periode SKP tersebut "
            "terlebih dahulu."
        )


def _periksa_periode(periode) -> None:
    from kinerja.penilaian.services.periode import _data, _others, check_set

    try:
        check_set([_data(periode)], _others(periode.instansi))
    except DomainError as exc:
        raise DomainError(f"Periode ini tidak dapat dipulihkan: {exc.message}") from exc


def _simpan(sampah: Sampah, rows: list) -> None:
    try:
        with transaction.atomic():
            for r in rows:
                r.save()  # raw save: the original ids and values, auto_now fields untouched
            connection.check_constraints(table_names=sorted({r.object._meta.db_table for r in rows}))
    except IntegrityError as exc:
        raise DomainError(
            f"{sampah.get_jenis_display()} ini tidak dapat dipulihkan karena bentrok dengan data yang ada "
            "sekarang. Muat ulang halaman lalu coba lagi."
        ) from exc


def _riwayat(actor, rows: list) -> None:
    """A "+" history row for each restored row of a model with history (raw saves do not write one)."""
    by_model = defaultdict(list)
    for r in rows:
        by_model[type(r.object)].append(r.object)
    for model, objs in by_model.items():
        manager = getattr(model, "history", None)
        if manager is not None and hasattr(manager, "bulk_history_create"):
            manager.bulk_history_create(objs, default_user=actor, default_change_reason=ALASAN_RIWAYAT)


def _tautkan(tautan: list[dict]) -> int:
    """Link again the rows whose link was set to NULL by the deletion, when it is still empty."""
    from django.apps import apps

    groups = defaultdict(list)
    for t in tautan:
        groups[t["model"], t["field"], t["nilai"]].append(t["pk"])
    total = 0
    for (label, field, nilai), pks in groups.items():
        model = apps.get_model(label)
        target = model._meta.get_field(field)
        if not target.related_model._base_manager.filter(pk=nilai).exists():
            continue
        total += model._base_manager.filter(pk__in=pks, **{f"{field}__isnull": True}).update(**{field: nilai})
    return total


def _hitung_ulang(sampah: Sampah, root, rows: list) -> None:
    """The dashboard summary: recounted for what came back (it is never kept in the bin)."""
    from kinerja.penilaian.models import Penilaian, Realisasi
    from kinerja.penilaian.ringkasan import tandai, tandai_periode, tandai_skp
    from kinerja.skp.models import Skp

    if sampah.jenis == Jenis.SKP:
        tandai_skp(root)
    elif sampah.jenis == Jenis.PERIODE:
        tandai_periode(root)
    else:
        penilaian_ids = {r.object.penilaian_id for r in rows if isinstance(r.object, Realisasi)}
        if penilaian_ids:
            found = Penilaian.objects.filter(pk__in=penilaian_ids).values_list("skp_id", "tahun")
            for skp_id, tahun in set(found):
                skp = Skp.objects.only("instansi_id", "unit_kerja_id").get(pk=skp_id)
                tandai(
                    instansi_id=skp.instansi_id, tahun=tahun, unit_ids=[skp.unit_kerja_id], rekap_skp=False
                )


@transaction.atomic
def pulihkan(*, actor, sampah: Sampah) -> Sampah:
    """Pulihkan a row of the Tempat Sampah (admin of its instansi, or the national admin)."""
    if not actor.has_perm("org.manage", sampah):
        raise PermissionDeniedError("Hanya admin instansi ini yang dapat memulihkan data dari Tempat Sampah.")
    sampah = Sampah.objects.select_for_update().get(pk=sampah.pk)
    if sampah.dipulihkan:
        raise DomainError(f"Data ini sudah dipulihkan pada {waktu(sampah.dipulihkan_pada)}.")
    rows = list(serializers.deserialize("python", sampah.data["objek"]))
    if not rows:
        raise DomainError("Data ini tidak dapat dipulihkan: isinya kosong.")
    root_key = f"{sampah.object_type.lower()}:{sampah.object_id}"
    root = next((r.object for r in rows if kunci(type(r.object), r.object.pk) == root_key), rows[0].object)
    keep, dropped, menunggu = _rencana(sampah, rows, root)
    _periksa_jenis(sampah, root)
    _periksa_unik(sampah, keep)
    _simpan(sampah, keep)
    _riwayat(actor, keep)
    _titip_tautan(menunggu)
    ditautkan = _tautkan(sampah.data.get("tautan", []))
    sampah.dipulihkan_pada = timezone.now()
    sampah.dipulihkan_oleh = actor
    sampah.save(update_fields=["dipulihkan_pada", "dipulihkan_oleh"])
    record(
        actor=actor,
        action="sampah.pulihkan",
        obj=sampah,
        instansi=sampah.instansi,
        after={
            "jenis": sampah.jenis,
            "objek": f"{sampah.object_type}#{sampah.object_id}",
            "dipulihkan": len(keep),
            "tidak_dipulihkan": dropped,
            "ditautkan_kembali": ditautkan,
        },
    )
    _hitung_ulang(sampah, root, keep)
    sampah.jumlah_dilewati = dropped
    return sampah

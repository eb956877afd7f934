"""Hapus into the Tempat Sampah: collect what a deletion removes, keep it in a `Sampah` row, then delete it.

A delete service does, inside its transaction::

    buangan = Pembuangan(skp)                      # what `skp.delete()` would remove, loaded
    sampah = buangan.simpan(actor=…, jenis=…, label=…, instansi_id=…, pemilik_id=…)
    audit(…, after={"sampah": sampah.pk})          # the object still has its id here
    buangan.hapus()                                # deletes exactly the rows that were kept

The rows are collected with Django's deletion `Collector` (the same cascade `Model.delete()` follows) and
serialised with `django.core.serializers` ("json"), parents first. The dashboard summary tables are part of a
period's cascade but are not kept: they are recounted when the period comes back. Historical tables
(django-simple-history) are not in the cascade at all (their foreign keys are DO_NOTHING).
"""

from __future__ import annotations

import datetime
import json
from collections import Counter

from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import router
from django.db.models.deletion import Collector

from kinerja.core.dates import rentang

from .models import Jenis, Sampah

# Derived rows: recounted from the source tables instead of being restored.
# Said to users after a Hapus (success message, confirmation dialogs).
PESAN_DIPINDAHKAN = "Data dipindahkan ke Tempat Sampah; admin instansi dapat memulihkannya."
TIDAK_DISIMPAN = frozenset({"penilaian.ringkasanunit", "penilaian.ringkasanskp"})
LABEL_MAX = 300


class _EncoderPenuh(DjangoJSONEncoder):
    """DjangoJSONEncoder without its cut to milliseconds: a restored row keeps its exact timestamps."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _Pengumpul(Collector):
    """A Collector that loads every row it will delete, with all its fields (nothing is fast-deleted unseen)."""

    def can_fast_delete(self, *args, **kwargs):
        return False

    def related_objects(self, related_model, related_fields, objs):
        # select_related, as the admin's NestedObjects does, also stops the base class from deferring the fields
        # of models without signal receivers, which serialising would then load one query per row and field.
        qs = super().related_objects(related_model, related_fields, objs)
        return qs.select_related(*[field.name for field in related_fields])


def kunci(model, pk) -> str:
    return f"{model._meta.label_lower}:{pk}"


def urutan_model(models: list) -> list:
    """The models ordered parents first: a model comes after every other model of the list it points to."""
    tersisa = list(models)
    hasil = []
    while tersisa:
        siap = [
            m
            for m in tersisa
            if not any(
                f.related_model in tersisa and f.related_model is not m
                for f in m._meta.concrete_fields
                if f.is_relation
            )
        ]
        if not siap:  # a cycle between models: keep the remaining order (constraints are checked at the end)
            siap = tersisa[:1]
        hasil += siap
        tersisa = [m for m in tersisa if m not in siap]
    return hasil


class Pembuangan:
    """What deleting `obj` removes, collected once: kept by `simpan`, deleted by `hapus`."""

    def __init__(self, obj):
        self.obj = obj
        self.collector = _Pengumpul(using=router.db_for_write(type(obj), instance=obj))
        self.collector.collect([obj])

    def _baris(self) -> list:
        data = self.collector.data
        models = urutan_model([m for m in data if m._meta.label_lower not in TIDAK_DISIMPAN])
        return [obj for m in models for obj in sorted(data[m], key=lambda o: o.pk)]

    def _tautan(self, dibuang: set[str]) -> list[dict]:
        """Rows outside the deletion whose link to a deleted row is set to NULL (e.g. a subordinate's RHK
        intervening a deleted RHK): remembered so that Pulihkan can link them again."""
        tautan = []
        for (field, _value), groups in self.collector.field_updates.items():
            for group in groups:
                for row in group:
                    if kunci(type(row), row.pk) in dibuang:
                        continue
                    tautan.append(
                        {
                            "model": row._meta.label_lower,
                            "pk": row.pk,
                            "field": field.name,
                            "nilai": getattr(row, field.attname),
                        }
                    )
        return tautan

    def simpan(self, *, actor, jenis: str, label: str, instansi_id: int, pemilik_id: int | None) -> Sampah:
        rows = self._baris()
        keys = [kunci(type(o), o.pk) for o in rows]
        isi = Counter(str(type(o)._meta.verbose_name) for o in rows)
        return Sampah.objects.create(
            jenis=jenis,
            label=label[:LABEL_MAX],
            instansi_id=instansi_id,
            pemilik_id=pemilik_id,
            object_type=self.obj._meta.label,
            object_id=str(self.obj.pk),
            dihapus_oleh=actor if getattr(actor, "pk", None) else None,
            dihapus_oleh_label=getattr(actor, "username", "") or "",
            data={
                "objek": json.loads(serializers.serialize("json", rows, cls=_EncoderPenuh)),
                "tautan": self._tautan(set(keys)),
            },
            isi=[[nama, jumlah] for nama, jumlah in isi.items()],
            kunci=" " + " ".join(keys) + " ",
        )

    def hapus(self) -> None:
        self.collector.delete()


# --- Labels: what the admin reads in the list -------------------------------------------------------------------


def _orang(skp) -> str:
    return f"{skp.pegawai_nama} ({skp.pegawai_nip})"


def label_skp(skp) -> str:
    return f"SKP {rentang(skp.periode_awal, skp.periode_akhir)} — {_orang(skp)}"


def _pendek(teks: str, n: int = 80) -> str:
    teks = " ".join((teks or "").split())
    return teks if len(teks) <= n else teks[: n - 1] + "…"


def label_rhk(rhk, skp) -> str:
    return f"RHK «{_pendek(rhk.teks)}» — SKP {skp.periode_awal.year} {_orang(skp)}"


def label_indikator(indikator, rhk, skp) -> str:
    return f"Indikator «{_pendek(indikator.teks)}» — RHK «{_pendek(rhk.teks, 60)}» — {_orang(skp)}"


def label_bukti(bukti, penilaian) -> str:
    return (
        f"Bukti dukung «{_pendek(bukti.nama)}» — {penilaian.periode.nama} {penilaian.tahun} — "
        f"{_orang(penilaian.skp)}"
    )


def label_periode(periode) -> str:
    tahun = f"tahun {periode.tahun}" if periode.tahun else "setiap tahun"
    return f"Periode {periode.nama} ({tahun})"


__all__ = ["PESAN_DIPINDAHKAN", "Jenis", "Pembuangan", "kunci", "label_bukti", "label_indikator", "label_periode", "label_rhk",
           "label_skp", "urutan_model"]  # fmt: skip

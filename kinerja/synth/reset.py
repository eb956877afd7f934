"""--reset: delete every synthetic instansi (kode `SYN-…`) and everything hanging from it, set-based.

Django's own delete() would load millions of rows into Python first. Here the model graph is walked instead and
each table is cleared with one statement over a sub-select: rows that would be cascaded (or are protected by
rows we delete anyway) are deleted, SET_NULL references are cleared, DO_NOTHING ones (history tables, no
constraint) are left. Synthetic users (e-mail at the synthetic domain) go last.
"""

from __future__ import annotations

import time

from django.db import connection, models, transaction

from kinerja.org.models import Instansi, User

from .organisasi import DOMAIN

DELETE = (models.CASCADE, models.PROTECT, models.RESTRICT)


def _reverse(model):
    for rel in model._meta.get_fields(include_hidden=True):
        if rel.auto_created and not rel.concrete and getattr(rel, "on_delete", None) is not None:
            yield rel


class _Deleter:
    def __init__(self, out):
        self.out = out
        self.counts: dict[str, int] = {}
        self.cursor = connection.cursor()

    def run(self, sql: str, params, label: str) -> None:
        self.cursor.execute(sql, params)
        if self.cursor.rowcount and self.cursor.rowcount > 0:
            self.counts[label] = self.counts.get(label, 0) + self.cursor.rowcount

    def delete(self, model, where: str, params: list, stack: tuple = ()) -> None:
        """Delete the rows of `model` whose pk is in the sub-select `where`, dependants first."""
        qn = connection.ops.quote_name
        rels = list(_reverse(model))
        order = sorted(rels, key=lambda r: r.on_delete not in DELETE)  # deletes before SET_NULL updates
        for rel in order:
            child = rel.related_model
            if child is model or child in stack or child._meta.proxy:
                continue  # self references sit inside the same set; cycles are cut
            col, table = qn(rel.field.column), qn(child._meta.db_table)
            if rel.on_delete in DELETE:
                sub = f"SELECT {qn(child._meta.pk.column)} FROM {table} WHERE {col} IN ({where})"
                self.delete(child, sub, params, (*stack, model))
            elif rel.on_delete is models.SET_NULL:
                self.run(f"UPDATE {table} SET {col} = NULL WHERE {col} IN ({where})", params,
                         f"{child._meta.db_table} (dikosongkan)")  # fmt: skip
        table = qn(model._meta.db_table)
        self.run(
            f"DELETE FROM {table} WHERE {qn(model._meta.pk.column)} IN ({where})",
            params,
            model._meta.db_table,
        )


def hapus_sintetis(out=print) -> dict[str, int]:
    """Delete the synthetic nation; return rows per table."""
    started = time.perf_counter()
    qn = connection.ops.quote_name
    deleter = _Deleter(out)
    with transaction.atomic():
        deleter.delete(
            Instansi,
            f"SELECT id FROM {qn(Instansi._meta.db_table)} WHERE kode LIKE %s",
            ["SYN-%"],
        )
        deleter.delete(
            User,
            f"SELECT id FROM {qn(User._meta.db_table)} WHERE email LIKE %s",
            [f"%@{DOMAIN}"],
        )
    out(f"Data sintetis dihapus dalam {time.perf_counter() - started:.1f} dtk.")
    return deleter.counts

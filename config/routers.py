"""Database router: the dashboards and reports read their summary rows from a read replica when one is set.

With `DATABASE_REPLICA_URL` (a PostgreSQL streaming replica of DATABASE_URL) the `replica` alias exists and the
summary tables behind the Dashboard, the Dashboard Nasional and the Rekap SKP are read there — the heavy reads
of deadline day leave the primary to the writes. Everything else, every write, and every read inside a
transaction (a service recounting the summary must see its own rows) stays on `default`. Without a replica
this router changes nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connections

REPLICA = "replica"
# models whose reads may lag the primary by the replication delay (seconds): the dashboard summary
MODELS_REPLIKA = {"penilaian.ringkasanunit", "penilaian.ringkasanskp"}


class ReplikaRouter:
    def db_for_read(self, model, **hints):
        if REPLICA not in settings.DATABASES or model._meta.label_lower not in MODELS_REPLIKA:
            return None
        if connections["default"].in_atomic_block:
            return "default"
        return REPLICA

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the replica follows the primary's schema through replication

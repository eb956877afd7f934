"""The read-replica router: summary reads go to `replica` only when one is configured and outside transactions."""

import pytest
from django.db import connections
from django.test import override_settings

from config.routers import ReplikaRouter
from kinerja.org.models import Pegawai
from kinerja.penilaian.models import RingkasanSkp, RingkasanUnit


def _with_replica(settings_databases):
    return {**settings_databases, "replica": {**settings_databases["default"], "TEST": {"MIRROR": "default"}}}


def test_without_a_replica_nothing_is_routed(settings):
    router = ReplikaRouter()
    assert "replica" not in settings.DATABASES
    assert router.db_for_read(RingkasanUnit) is None
    assert router.db_for_write(RingkasanUnit) == "default"


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_summary_reads_go_to_the_replica_outside_transactions(settings):
    router = ReplikaRouter()
    with override_settings(DATABASES=_with_replica(settings.DATABASES)):
        assert not connections["default"].in_atomic_block  # no db fixture: no test transaction around us
        assert router.db_for_read(RingkasanUnit) == "replica"
        assert router.db_for_read(RingkasanSkp) == "replica"
        assert router.db_for_read(Pegawai) is None  # everything else: the primary
        assert router.db_for_write(RingkasanUnit) == "default"
        assert router.allow_migrate("replica", "penilaian") is False
        assert router.allow_migrate("default", "penilaian") is True
        assert router.allow_relation(RingkasanUnit(), Pegawai()) is True


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_inside_a_transaction_summary_reads_stay_on_the_primary(settings, db):
    router = ReplikaRouter()
    with override_settings(DATABASES=_with_replica(settings.DATABASES)):
        assert connections["default"].in_atomic_block
        assert router.db_for_read(RingkasanUnit) == "default"

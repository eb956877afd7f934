"""The real HTTP clients against the emulator: tokens, 401 refresh, envelopes, network failures."""

import pytest

from kinerja.integrasi.clients import NetworkError, NotConfigured, RemoteError
from kinerja.integrasi.clients.pmm import PmmClient
from kinerja.integrasi.clients.siasn import SiasnClient
from kinerja.integrasi.emulator import dataset as ds


@pytest.fixture
def loaded(emulator, org):
    emulator.data["siasn"]["pns"][org.staf.nip] = ds.data_utama(org.staf)
    emulator.data["pmm"]["pengguna"][org.staf.nip] = ds.pengguna(org.staf)
    emulator.load()
    return emulator


def test_data_utama_with_both_tokens(loaded, org):
    data = SiasnClient().data_utama(org.staf.nip)
    assert data["nipBaru"] == org.staf.nip
    assert data["tglLahir"] == org.staf.tanggal_lahir.strftime("%d-%m-%Y")
    assert loaded.calls("/oauth2/token") and loaded.calls("/sso/token")


def test_tokens_are_cached_and_refreshed_after_401(loaded, org):
    client = SiasnClient()
    client.data_utama(org.staf.nip)
    client.data_utama(org.staf.nip)
    assert len(loaded.calls("/oauth2/token")) == 1
    loaded.expire_tokens()
    assert client.data_utama(org.staf.nip)["nipBaru"] == org.staf.nip
    assert len(loaded.calls("/oauth2/token")) == 2


def test_unknown_nip_is_a_remote_error(loaded):
    with pytest.raises(RemoteError) as exc:
        SiasnClient().data_utama("199901012020011001")
    assert exc.value.status == 404
    assert exc.value.message == "Data tidak ditemukan"


def test_wrong_credentials(loaded, settings):
    settings.SIASN_CONSUMER_SECRET = "salah"
    with pytest.raises(RemoteError) as exc:
        SiasnClient().data_utama("199901012020011001")
    assert "consumer key" in exc.value.message


@pytest.mark.parametrize("mode", ["500", "timeout", "reset"])
def test_network_failures(loaded, org, mode):
    loaded.faults({"match": "/pns/data-utama/", "mode": mode, "times": 1, "delay": 1.5})
    with pytest.raises(NetworkError):
        SiasnClient().data_utama(org.staf.nip)
    assert SiasnClient().data_utama(org.staf.nip)["nipBaru"] == org.staf.nip  # the fault was one-off


def test_pmm_business_error_keeps_status_200(loaded, org):
    with pytest.raises(RemoteError) as exc:
        PmmClient().skp(org.staf.nip, 2026)
    assert exc.value.keterangan == "Error: 200 Data SKP pegawai tidak ditemukan"
    assert PmmClient().pengguna(org.staf.nip)["terdaftar"] is True


def test_not_configured(settings):
    settings.SIASN_BASE_URL = ""
    settings.PMM_BASE_URL = ""
    with pytest.raises(NotConfigured):
        SiasnClient()
    with pytest.raises(NotConfigured):
        PmmClient()

"""Buka Kembali per Unit Kerja: the set-based service (refusals, scope, skip unchanged, history and audit,
all or nothing, constant queries) and its page (rights, preview count, errors next to fields)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kinerja.core.errors import DomainError, PermissionDeniedError
from kinerja.core.models import AuditEvent
from kinerja.penilaian.models import Penilaian, PeriodePenilaian
from kinerja.penilaian.services import buka_massal as services
from kinerja.skp.models import Skp

from ..factories import PegawaiFactory, UnitKerjaFactory
from ..skp.conftest import AKHIR, AWAL, YEAR

TODAY = datetime.date(YEAR, 4, 10)  # after Triwulan I's batas (5 April)
SAMPAI = datetime.date(YEAR, 4, 20)
URL = "penilaian:buka_kembali_unit"


def at(time_machine, day: datetime.date) -> None:
    time_machine.move_to(datetime.datetime.combine(day, datetime.time(9)), tick=False)


def penilaian_di(o, unit, n: int, periode=None, instansi=None) -> list[Penilaian]:
    """n employees of `unit`, each with an approved SKP and `periode` (Triwulan I) added."""
    periode = periode or o.periode[1]
    rows = []
    for _ in range(n):
        peg = PegawaiFactory(unit_kerja=unit)
        skp = Skp.objects.create(
            pegawai=peg, instansi=instansi or o.instansi, periode_awal=AWAL, periode_akhir=AKHIR,
            status="PERSETUJUAN", model="JA_JF", unit_kerja=unit, jenis_pegawai="PEGAWAI", pegawai_nama=peg.nama,
            pegawai_nip=peg.nip, pegawai_unit=unit.nama,
        )  # fmt: skip
        awal, akhir, batas = periode.tanggal(YEAR)
        rows.append(
            Penilaian.objects.create(
                skp=skp, periode=periode, tahun=YEAR, awal=awal, akhir=akhir, batas=batas
            )
        )
    return rows


@pytest.fixture
def o(nilai_org, time_machine, other_org):
    """Triwulan I of this year: staf (bidang, added by the fixture), two more in bidang, two in subbidang, one
    in badan; another instansi's period with one assessment. Today is after its batas."""
    o = nilai_org
    o.bidang_rows = [o.tw1, *penilaian_di(o, o.bidang, 2)]
    o.sub_rows = penilaian_di(o, o.subbidang, 2)
    o.badan_rows = penilaian_di(o, o.badan, 1)
    o.lain = other_org
    o.lain_periode = PeriodePenilaian.objects.create(
        instansi=other_org.instansi, nama="Triwulan I", jenis="PERIODIK", tipe_periodik="TRIWULANAN",
        angka_periodik=1, awal="01-01", akhir="03-31", batas="04-05",
    )  # fmt: skip
    o.lain_rows = penilaian_di(o, other_org.unit, 1, periode=o.lain_periode, instansi=other_org.instansi)
    at(time_machine, TODAY)
    return o


def buka(o, actor=None, unit=None, sub_unit=False, sampai=SAMPAI, alasan="Server down saat batas", **kw):
    args = {"instansi": o.instansi, "periode": o.periode[1], "tahun": YEAR, **kw}
    return services.buka_kembali_unit(
        actor=actor or o.admin, unit=unit or o.bidang, sub_unit=sub_unit, sampai=sampai, alasan=alasan, **args
    )


def dibuka(rows) -> list:
    found = dict(Penilaian.objects.filter(pk__in=[p.pk for p in rows]).values_list("pk", "dibuka_sampai"))
    return [found[p.pk] for p in rows]


def events():
    return AuditEvent.objects.filter(action="penilaian.buka_kembali")


# --- the service --------------------------------------------------------------------------------------------


def test_reopens_the_unit_with_one_history_row_and_one_audit_event_each(o):
    last = Penilaian.history.order_by("-history_id").values_list("history_id", flat=True).first()
    assert buka(o) == 3
    assert dibuka(o.bidang_rows) == [SAMPAI] * 3
    assert dibuka(o.sub_rows + o.badan_rows + o.lain_rows) == [None] * 4
    assert Penilaian.objects.get(pk=o.final.pk).dibuka_sampai is None  # another period of the same person
    history = list(Penilaian.history.filter(history_id__gt=last))
    assert sorted(h.id for h in history) == sorted(p.pk for p in o.bidang_rows)
    assert {(h.history_type, h.dibuka_sampai, h.history_user_id) for h in history} == {
        ("~", SAMPAI, o.admin.pk)
    }
    assert sorted(events().values_list("object_id", flat=True)) == sorted(str(p.pk) for p in o.bidang_rows)
    event = events().get(object_id=str(o.tw1.pk))
    assert event.before == {"dibuka_sampai": None}
    assert event.after == {
        "dibuka_sampai": SAMPAI.isoformat(),
        "alasan": "Server down saat batas",
        "massal": True,
    }
    assert (event.actor, event.instansi, event.object_type) == (o.admin, o.instansi, "penilaian.Penilaian")
    assert event.object_label == str(Penilaian.objects.get(pk=o.tw1.pk))


def test_sub_units_are_included_on_request(o):
    assert buka(o, unit=o.badan) == 1
    assert dibuka(o.bidang_rows + o.sub_rows) == [None] * 5
    assert buka(o, unit=o.badan, sub_unit=True) == 5  # badan's own row is already open until SAMPAI
    assert dibuka(o.badan_rows + o.bidang_rows + o.sub_rows) == [SAMPAI] * 6
    assert dibuka(o.lain_rows) == [None]


def test_rows_already_open_until_that_date_are_skipped(o):
    Penilaian.objects.filter(pk=o.tw1.pk).update(dibuka_sampai=SAMPAI)
    assert buka(o) == 2
    assert not events().filter(object_id=str(o.tw1.pk)).exists()
    count = (events().count(), Penilaian.history.count())
    assert buka(o) == 0  # the same again changes nothing and records nothing
    assert (events().count(), Penilaian.history.count()) == count
    later = SAMPAI + datetime.timedelta(days=5)
    assert buka(o, sampai=later) == 3
    assert events().filter(object_id=str(o.tw1.pk)).latest("id").before == {
        "dibuka_sampai": SAMPAI.isoformat()
    }


@pytest.mark.parametrize(
    ("today", "sampai", "alasan", "field", "message"),
    [
        ((4, 5), (4, 20), "alasan", "sampai", "Batas pengisian periode ini belum lewat (5 April"),
        ((4, 10), (4, 20), "  ", "alasan", "Alasan membuka kembali wajib diisi."),
        ((4, 10), (4, 9), "alasan", "sampai", "Tanggal dibuka sampai harus hari ini atau sesudahnya."),
    ],
)
def test_the_single_reopenings_refusals(o, time_machine, today, sampai, alasan, field, message):
    at(time_machine, datetime.date(YEAR, *today))
    with pytest.raises(DomainError) as exc:
        buka(o, sampai=datetime.date(YEAR, *sampai), alasan=alasan)
    assert exc.value.field == field and exc.value.message.startswith(message)
    assert dibuka(o.bidang_rows) == [None] * 3 and not events().exists()


def test_scope_refusals(o, kosong):
    cases = [
        ({"periode": o.lain_periode}, "periode", "Periode ini bukan milik instansi tersebut."),
        ({"periode": None}, "periode", "Pilih periode penilaian."),
        ({"periode": o.periode["final"], "tahun": YEAR + 1}, "tahun", f"Periode Tahun {YEAR} hanya berlaku"),
        ({"unit": o.lain.unit}, "unit", "Unit kerja ini bukan milik instansi tersebut."),
        ({"unit": o.kosong}, "unit", "Tidak ada penilaian pada unit dan periode ini."),
    ]
    for kwargs, field, message in cases:
        with pytest.raises(DomainError) as exc:
            buka(o, **kwargs)
        assert (exc.value.field, exc.value.message[: len(message)]) == (field, message), kwargs
    with pytest.raises(DomainError, match="Pilih unit kerja"):
        services.buka_kembali_unit(
            actor=o.admin, instansi=o.instansi, periode=o.periode[1], tahun=YEAR, unit=None, sub_unit=False,
            sampai=SAMPAI, alasan="x",
        )  # fmt: skip
    assert not events().exists()


@pytest.fixture
def kosong(o):
    o.kosong = UnitKerjaFactory(instansi=o.instansi, parent=o.bidang, nama="SEKSI KOSONG")
    return o


def test_rights(o, admin_nasional):
    for actor in (o.lain.admin, o.staf.user, o.kabid.user):
        with pytest.raises(PermissionDeniedError, match="Hanya admin instansi"):
            buka(o, actor=actor)
    assert dibuka(o.bidang_rows) == [None] * 3 and not events().exists()
    assert buka(o, actor=admin_nasional) == 3
    assert set(events().values_list("actor", flat=True)) == {admin_nasional.pk}


def test_a_failure_after_the_update_leaves_nothing_half_done(o, monkeypatch):
    count = Penilaian.history.count()

    def broken(*args, **kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(services, "record_many", broken)
    with pytest.raises(RuntimeError):
        buka(o)
    assert dibuka(o.bidang_rows) == [None] * 3
    assert Penilaian.history.count() == count and not events().exists()


def _counting(call) -> int:
    with CaptureQueriesContext(connection) as ctx:
        call()
    return len(ctx.captured_queries)


def test_query_count_is_the_same_for_3_and_30(o):
    small = _counting(lambda: buka(o))
    penilaian_di(o, o.bidang, 27)
    large = _counting(lambda: buka(o, sampai=SAMPAI + datetime.timedelta(days=1)))
    assert small == large and events().count() == 3 + 30


# --- the page -----------------------------------------------------------------------------------------------


def page_url(o, unit=None, sub=False, **extra) -> str:
    params = {"periode": o.periode[1].pk, "tahun": YEAR, "unit": (unit or o.bidang).pk, **extra}
    if sub:
        params["sub_unit"] = "on"
    return reverse(URL) + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def test_admin_previews_and_reopens(client, o):
    client.force_login(o.admin)
    html = client.get(page_url(o, unit=o.badan, sub=True)).content.decode()
    assert "Buka Kembali Periode per Unit Kerja" in html and "Sudah lewat" in html
    assert '<dd class="col-7" data-testid="jumlah-total">6</dd>' in html
    assert "<strong>6</strong> periode penilaian akan dibuka kembali" in html
    for label in ("Periode", "Tahun", "Unit Kerja", "Termasuk sub unit", "Dibuka Sampai", "Alasan"):
        assert label in html, label
    url = page_url(o)
    response = client.post(url, {"sampai": SAMPAI.isoformat(), "alasan": "Gangguan jaringan"})
    assert response.status_code == 302 and response["Location"] == url
    html = client.get(url).content.decode()
    assert f"3 periode penilaian dibuka kembali sampai 20 April {YEAR}." in html
    assert '<dd class="col-7" data-testid="jumlah-sudah-dibuka">3</dd>' in html
    assert dibuka(o.bidang_rows) == [SAMPAI] * 3 and dibuka(o.sub_rows) == [None, None]
    client.post(url, {"sampai": SAMPAI.isoformat(), "alasan": "Lagi"})
    assert "Tidak ada periode penilaian yang berubah" in client.get(url).content.decode()


def test_errors_stay_next_to_their_fields_with_the_input_kept(client, o, time_machine):
    client.force_login(o.admin)
    url = page_url(o)
    response = client.post(url, {"sampai": "2020-01-01", "alasan": "Cuti melahirkan"})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-field-error="sampai"' in html
    assert "harus hari ini atau sesudahnya" in html and "Cuti melahirkan" in html
    html = client.post(url, {"sampai": SAMPAI.isoformat(), "alasan": " "}).content.decode()
    assert 'data-field-error="alasan"' in html and SAMPAI.isoformat() in html
    at(time_machine, datetime.date(YEAR, 4, 3))
    html = client.post(url, {"sampai": SAMPAI.isoformat(), "alasan": "x"}).content.decode()
    assert 'data-field-error="sampai"' in html and "belum lewat" in html and "Masih terbuka" in html
    assert dibuka(o.bidang_rows) == [None] * 3 and not events().exists()


def test_page_without_a_unit_or_with_an_empty_one(client, o, kosong):
    client.force_login(o.admin)
    html = client.get(reverse(URL)).content.decode()
    assert 'data-testid="pilih-unit"' in html and 'data-testid="form-buka-unit"' not in html
    html = client.get(page_url(o, unit=o.kosong)).content.decode()
    assert 'data-testid="tidak-ada"' in html and 'data-testid="form-buka-unit"' not in html
    html = client.post(
        page_url(o, unit=o.kosong), {"sampai": SAMPAI.isoformat(), "alasan": "x"}
    ).content.decode()
    assert 'data-field-error="unit"' in html and "Tidak ada penilaian pada unit dan periode ini." in html


def test_national_admin_picks_the_instansi(client, o, admin_nasional):
    client.force_login(admin_nasional)
    html = client.get(reverse(URL)).content.decode()
    assert "Pilih instansi terlebih dahulu." in html
    url = page_url(o, instansi=o.instansi.pk)
    assert '<dd class="col-7" data-testid="jumlah-total">3</dd>' in client.get(url).content.decode()
    assert client.post(url, {"sampai": SAMPAI.isoformat(), "alasan": "x"}).status_code == 302
    assert dibuka(o.bidang_rows) == [SAMPAI] * 3


def test_other_instansi_admin_employee_and_anonymous(client, o):
    url = page_url(o)
    data = {"sampai": SAMPAI.isoformat(), "alasan": "x"}
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.post(url, data).status_code == 302
    for user in (o.staf.user, o.kabid.user):
        client.force_login(user)
        assert client.get(url).status_code == 403 and client.post(url, data).status_code == 403
    client.force_login(o.lain.admin)
    assert client.get(url).status_code == 404 and client.post(url, data).status_code == 404
    # their own page: their own units only, nothing of this instansi
    html = client.get(reverse(URL)).content.decode()
    assert "BIDANG UJI" not in html
    assert dibuka(o.bidang_rows) == [None] * 3 and not events().exists()


def test_page_query_count_is_the_same_for_3_and_30(client, o):
    client.force_login(o.admin)
    url = page_url(o)
    counts = []
    for n, sampai in ((0, SAMPAI), (27, SAMPAI + datetime.timedelta(days=1))):
        penilaian_di(o, o.bidang, n)
        get = _counting(lambda: client.get(url))
        post = _counting(lambda s=sampai: client.post(url, {"sampai": s.isoformat(), "alasan": "x"}))
        counts.append((get, post))
    assert counts[0] == counts[1]
    assert events().count() == 3 + 30 and timezone.localdate() == TODAY

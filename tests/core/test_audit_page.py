"""Log Audit page: who may see it, what each admin sees, filters, the compact diff, constant queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kinerja.core import audit
from kinerja.core.audit_views import changes
from kinerja.core.models import AuditEvent

URL = "/admin/audit/"


def test_url_name():
    assert reverse("core:audit_list") == URL


def labels_on(response) -> list[str]:
    return [event.object_label for event, _ in response.context["rows"]]


@pytest.fixture
def logged(org, other_org, admin_nasional):
    """Three events in `org`, one in `other_org`, one without instansi."""
    audit.record(
        actor=org.admin,
        action="pegawai.update",
        obj=org.staf,
        instansi=org.instansi,
        before={"nama": "STAF LAMA", "golongan": "III/a"},
        after={"nama": "STAF BIDANG", "golongan": "III/b"},
    )
    audit.record(
        actor=org.admin,
        action="pegawai.deactivate",
        obj=org.staf2,
        instansi=org.instansi,
        before={"aktif": True},
        after={"aktif": False},
    )
    audit.record(
        actor=org.kabid.user,
        action="unit.update",
        obj=org.bidang,
        instansi=org.instansi,
        before={"nama": "BIDANG"},
        after={"nama": "BIDANG UJI"},
    )
    audit.record(
        actor=other_org.admin,
        action="pegawai.update",
        obj=other_org.pegawai,
        instansi=other_org.instansi,
        before={"nama": "X"},
        after={"nama": "PEGAWAI LAIN"},
    )
    audit.record(actor=admin_nasional, action="instansi.create", obj=org.instansi, after={"nama": "Kab. Uji"})
    return org  # fmt: skip


def test_anonymous_goes_to_login_and_pegawai_is_refused(client, org):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(org.staf.user)
    assert client.get(URL).status_code == 403


def test_instansi_admin_sees_only_their_instansi(client, logged, other_org):
    client.force_login(logged.admin)
    response = client.get(URL)
    assert response.status_code == 200
    assert sorted(labels_on(response)) == sorted([str(logged.staf), str(logged.staf2), str(logged.bidang)])
    assert "instansi" not in response.context["form"].fields
    client.force_login(other_org.admin)
    assert labels_on(client.get(URL)) == [str(other_org.pegawai)]
    # asking for another instansi does not widen the scope
    assert labels_on(client.get(URL, {"instansi": logged.instansi.pk})) == [str(other_org.pegawai)]


def test_national_admin_sees_all_and_filters_by_instansi(client, logged, other_org, admin_nasional):
    client.force_login(admin_nasional)
    assert len(labels_on(client.get(URL))) == 5
    assert labels_on(client.get(URL, {"instansi": other_org.instansi.pk})) == [str(other_org.pegawai)]


def test_filters(client, logged):
    client.force_login(logged.admin)
    form = client.get(URL).context["form"]
    assert [c[0] for c in form.fields["action"].choices] == [
        "",
        "pegawai.deactivate",
        "pegawai.update",
        "unit.update",
    ]
    assert labels_on(client.get(URL, {"action": "pegawai.deactivate"})) == [str(logged.staf2)]
    assert labels_on(client.get(URL, {"actor": logged.kabid.nip[-6:]})) == [str(logged.bidang)]
    assert labels_on(client.get(URL, {"object_type": "org.UnitKerja"})) == [str(logged.bidang)]
    old = AuditEvent.objects.get(action="pegawai.deactivate")
    AuditEvent.objects.filter(pk=old.pk).update(waktu=timezone.now() - datetime.timedelta(days=10))
    today = timezone.localdate()
    assert str(logged.staf2) not in labels_on(client.get(URL, {"date_from": today.isoformat()}))
    earlier = (today - datetime.timedelta(days=5)).isoformat()
    assert labels_on(client.get(URL, {"date_to": earlier})) == [str(logged.staf2)]
    assert labels_on(client.get(URL, {"date_from": today.isoformat(), "date_to": today.isoformat()})) != []


def test_bad_filter_input_is_ignored_not_500(client, logged):
    client.force_login(logged.admin)
    response = client.get(URL, {"date_from": "kemarin", "action": "tidak.ada", "page": "x"})
    assert response.status_code == 200
    assert len(labels_on(response)) == 3
    assert response.context["form"].errors["date_from"]


def test_changes_are_rendered_compactly(client, logged):
    client.force_login(logged.admin)
    html = client.get(URL, {"action": "pegawai.update"}).content.decode()
    assert "STAF LAMA" in html and "III/a" in html and "→" in html
    event = AuditEvent.objects.get(action="pegawai.update", instansi=logged.instansi)
    assert [(c.key, c.old, c.new) for c in changes(event)] == [
        ("nama", "STAF LAMA", "STAF BIDANG"),
        ("golongan", "III/a", "III/b"),
    ]


def test_changes_helper_edge_cases():
    event = AuditEvent(
        before={"a": 1, "same": "x", "long": "y" * 200}, after={"a": 2, "same": "x", "b": True}
    )
    result = {c.key: (c.old, c.new) for c in changes(event)}
    assert result["a"] == ("1", "2")
    assert "same" not in result
    assert result["b"] == ("-", "Ya")
    assert result["long"][0].endswith("…") and len(result["long"][0]) <= 80
    assert changes(AuditEvent(before=None, after=None)) == []
    assert [(c.key, c.new) for c in changes(AuditEvent(after={"d": {"x": 1}}))] == [("d", '{"x": 1}')]


def _count(client, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL, params or {})
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _log(org, n: int) -> None:
    for i in range(n):
        obj = (org.staf, org.bidang, org.kabid)[i % 3]
        actor = org.admin if i % 2 else org.kabid.user  # with and without a Pegawai record
        audit.record(actor=actor, action=f"uji.aksi{i % 7}", obj=obj, instansi=org.instansi,
                     before={"n": i}, after={"n": i + 1})  # fmt: skip


@pytest.mark.parametrize("national", [False, True])
def test_constant_number_of_queries(client, org, admin_nasional, national):
    client.force_login(admin_nasional if national else org.admin)
    _log(org, 10)
    filtered = {"actor": "admin", "object_type": "org.Pegawai"}
    small = (_count(client), _count(client, filtered))
    _log(org, 290)
    big = (_count(client), _count(client, filtered))
    assert small == big

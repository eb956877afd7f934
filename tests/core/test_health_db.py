"""healthz/db: the load balancers' probe and benchmark 1's bare view — one indexed query, no session."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory


@pytest.mark.django_db
def test_healthz_db_answers_ok_with_exactly_one_query(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz/db")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert "org_user" in queries[0]["sql"]
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_db_never_reads_or_writes_the_session(client):
    client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz/db")
    assert response.status_code == 200
    assert len(queries) == 1  # a logged-in caller's session row is not even read
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies


@pytest.mark.django_db
def test_healthz_db_refuses_writes(client):
    assert client.post("/healthz/db").status_code == 405

"""Login still works through the password backend, and asking a right never reads Django's permission tables."""

from django.contrib.auth import authenticate
from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_password_login_and_rules_only(rf, org):
    request = rf.post("/masuk/")
    assert authenticate(request, username=org.staf.nip, password="rahasia-uji-123") == org.staf.user
    assert authenticate(request, username=org.staf.nip, password="salah") is None
    user = org.staf.user
    user.pegawai  # noqa: B018  (loaded, as the middleware-resolved request user has it)
    with CaptureQueriesContext(connection) as ctx:
        assert not user.has_perm("org.admin_panel")
        assert not user.has_perm("auth.add_user")
    assert not [q for q in ctx.captured_queries if "auth_permission" in q["sql"]]

"""Pieces shared by the org views: admin guard, scoped lookups, the current user's Pegawai."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from .. import selectors
from ..models import Pegawai


def admin_required(view):
    """Admin instansi or admin nasional; anyone else gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("org.admin_panel"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def pegawai_required(view):
    """A logged-in user who is a civil servant; sets request.pegawai."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        pegawai = selectors.pegawai_of_user(request.user)
        if pegawai is None:
            raise Http404("Akun ini tidak terhubung dengan data pegawai.")
        request.pegawai = pegawai
        return view(request, *args, **kwargs)

    return wrapper


def search_url(name: str, instansi_id: int | None = None) -> str:
    """A remote-search endpoint, narrowed to one instansi when given (the national admin sees them all)."""
    url = reverse(name)
    return f"{url}?instansi={instansi_id}" if instansi_id else url


def scoped_pegawai_or_404(user, pk: int) -> Pegawai:
    """An employee inside the admin's scope; 404 outside it (no hint that it exists)."""
    return get_object_or_404(selectors.pegawai_for_admin(user), pk=pk)

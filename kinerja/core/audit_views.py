"""Log Audit: the admins' view of the audit events of their scope, filtered and paginated."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from kinerja.org.models import Instansi, Peran
from kinerja.org.selectors.scope import instansi_for_admin
from kinerja.org.views.common import admin_required

from .forms import Form
from .models import AuditEvent

PER_PAGE = 50
VALUE_MAX = 80


def events_for_admin(user) -> QuerySet[AuditEvent]:
    """The national admin sees every event; an instansi admin those of their instansi only."""
    if user.peran == Peran.ADMIN_NASIONAL:
        return AuditEvent.objects.all()
    if user.peran == Peran.ADMIN_INSTANSI and user.instansi_id:
        return AuditEvent.objects.filter(instansi_id=user.instansi_id)
    return AuditEvent.objects.none()


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def audit_events(
    *,
    user,
    action: str = "",
    actor: str = "",
    object_type: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    instansi: Instansi | None = None,
) -> QuerySet[AuditEvent]:
    qs = events_for_admin(user).select_related("instansi", "actor__pegawai")
    if action:
        qs = qs.filter(action=action)
    if actor:
        qs = qs.filter(actor_label__icontains=actor.strip())
    if object_type:
        qs = qs.filter(object_type=object_type)
    if date_from:
        qs = qs.filter(waktu__gte=_day_start(date_from))
    if date_to:
        qs = qs.filter(waktu__lt=_day_start(date_to + datetime.timedelta(days=1)))
    if instansi is not None:
        qs = qs.filter(instansi=instansi)
    return qs.order_by("-waktu", "-id")


def _short(value) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= VALUE_MAX else text[: VALUE_MAX - 1] + "…"


@dataclass(frozen=True)
class Change:
    key: str
    old: str
    new: str


def changes(event: AuditEvent) -> list[Change]:
    """Before → after per key, only the keys whose value differs (a key missing on one side shows "-")."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    keys = list(before) + [k for k in after if k not in before]
    return [
        Change(key, _short(before.get(key)), _short(after.get(key)))
        for key in keys
        if before.get(key) != after.get(key) or key not in before or key not in after
    ]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AuditFilterForm(Form):
    action = forms.ChoiceField(label="Aksi", required=False)
    actor = forms.CharField(label="Pelaku (NIP / username)", required=False, max_length=150)
    object_type = forms.ChoiceField(label="Jenis Objek", required=False)
    date_from = forms.DateField(label="Dari tanggal", required=False, widget=DateInput())
    date_to = forms.DateField(label="Sampai tanggal", required=False, widget=DateInput())
    instansi = forms.ModelChoiceField(label="Instansi", queryset=Instansi.objects.none(), required=False,
                                      empty_label="Semua instansi")  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = events_for_admin(user).order_by()
        actions = scope.values_list("action", flat=True).distinct().order_by("action")
        types = scope.values_list("object_type", flat=True).distinct().order_by("object_type")
        self.fields["action"].choices = [("", "Semua aksi"), *((a, a) for a in actions)]
        self.fields["object_type"].choices = [("", "Semua jenis"), *((t, t) for t in types)]
        if user.peran == Peran.ADMIN_NASIONAL:
            self.fields["instansi"].queryset = instansi_for_admin(user)
        else:
            del self.fields["instansi"]

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


@require_GET
@admin_required
def audit_list(request):
    form = AuditFilterForm(request.GET or None, user=request.user)
    page = Paginator(audit_events(user=request.user, **form.filters()), PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [(event, changes(event)) for event in page]
    return render(
        request,
        "core/audit_list.html",
        {"form": form, "page_obj": page, "rows": rows, "show_instansi": request.user.is_admin_nasional},
    )


urlpatterns = [path("admin/audit/", audit_list, name="audit_list")]

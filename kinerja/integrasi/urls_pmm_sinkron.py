"""Sinkro PMM pages of one person (SKP and Penilaian). Included by kinerja/integrasi/urls.py."""

from django.urls import path

from .views import pmm_sinkron

urlpatterns = [
    path("skp/sinkro-pmm/", pmm_sinkron.pmm_sinkron_skp, name="pmm_sinkron_skp"),
    path(
        "skp/<int:pk>/sinkro-penilaian-pmm/", pmm_sinkron.pmm_sinkron_penilaian, name="pmm_sinkron_penilaian"
    ),
]

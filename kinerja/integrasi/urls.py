"""Integration pages: Sinkro SIASN, Sinkro PMM, Manajemen User PMM, Log Sinkronisasi, jobs (url names without
namespace)."""

from django.urls import include, path

urlpatterns = [
    path("", include("kinerja.integrasi.urls_siasn")),
    path("", include("kinerja.integrasi.urls_pmm_sinkron")),
    path("", include("kinerja.integrasi.urls_pmm_admin")),
]

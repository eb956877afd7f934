"""URLs of Sinkro Profil SIASN, Sinkronisasi SIASN (admin) and the sync job page. Names are global (no namespace),
like urls_pmm_admin."""

from django.urls import path

from .views import jobs, siasn

urlpatterns = [
    path("profil/sinkro-siasn/", siasn.siasn_profil, name="siasn_profil"),
    path("admin/siasn/", siasn.siasn_admin, name="siasn_admin"),
    path("admin/siasn/pegawai/<int:pk>/", siasn.siasn_profil_pegawai, name="siasn_profil_pegawai"),
    path("admin/sinkron/job/<int:pk>/", jobs.sinkron_job, name="sinkron_job"),
]

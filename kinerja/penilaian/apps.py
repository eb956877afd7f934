from django.apps import AppConfig


class PenilaianConfig(AppConfig):
    name = "kinerja.penilaian"
    label = "penilaian"
    verbose_name = "Penilaian Kinerja"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)

from django.apps import AppConfig


class SkpConfig(AppConfig):
    name = "kinerja.skp"
    label = "skp"
    verbose_name = "Sasaran Kinerja Pegawai"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)

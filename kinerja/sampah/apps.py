from django.apps import AppConfig


class SampahConfig(AppConfig):
    name = "kinerja.sampah"
    label = "sampah"
    verbose_name = "Tempat Sampah"

from django.apps import AppConfig


class MisureConfig(AppConfig):
    name = "misure"
    verbose_name = "Misure regionali"

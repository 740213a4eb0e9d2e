from django.apps import AppConfig


class UdosConfig(AppConfig):
    name = "udos"
    verbose_name = "Unità d'offerta sociali"

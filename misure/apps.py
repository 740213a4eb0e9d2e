from django.apps import AppConfig


class MisureConfig(AppConfig):
    name = "misure"
    verbose_name = "Misure regionali"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ambito.demo import registra_demo
        from misure.capacita import registra_capacita
        from misure.demo import carica_demo
        from misure.registrazioni import bandi, beneficiari, domande, erogazioni

        registra_capacita()
        for parte in (bandi, beneficiari, domande, erogazioni):
            parte.registra()
        registra_demo("misure", carica_demo)

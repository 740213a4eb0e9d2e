from django.apps import AppConfig


class FondiConfig(AppConfig):
    name = "fondi"
    verbose_name = "Fondi"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ambito.models import Ruolo
        from ambito.permissions import STAFF, registra

        registra("fondi.vedi", *STAFF, Ruolo.ASSEMBLEA,
                 descrizione="Vedere fondi, assegnazioni, movimenti e posizione (l'Assemblea in sola lettura)")
        registra("fondi.gestisci", *STAFF,
                 descrizione="Registrare assegnazioni, quote, riparti, impegni, liquidazioni e rettifiche")

"""Everything the module adds to the platform, registered from ``ready()`` (the core imports no module, and
no module imports this one)."""

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RendicontazioneConfig(AppConfig):
    name = "rendicontazione"
    verbose_name = "Debiti informativi e report"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ambito.accounts.models import Ruolo
        from ambito.accounts.permissions import STAFF, registra
        from ambito.allegati.registry import registra_allegati
        from ambito.demo import registra_demo
        from ambito.scadenze.registry import registra_tipo_scadenza
        from ambito.ui.navigation import registra_voce
        from rendicontazione import selectors
        from rendicontazione.demo import carica_demo
        from rendicontazione.mappabili import registra_mappabili_fondi, registra_mappabili_misure
        from rendicontazione.scadenze import CODICE, scadenze_debiti

        registra("rendicontazione.vedi", *STAFF, Ruolo.ASSEMBLEA,
                 descrizione="Vedere i debiti informativi, lo storico delle produzioni, il calendario e la "
                             "mappatura dei codici")
        registra("rendicontazione.gestisci", *STAFF,
                 descrizione="Produrre e scaricare i debiti informativi, segnarli come inviati, mantenere la "
                             "mappatura dei codici")
        registra_voce(_("Rendicontazione"), "rendicontazione:dashboard", "rendicontazione.vedi", ordine=70,
                      icona="it-files")
        registra_tipo_scadenza(CODICE, _("Debiti informativi"), fornitore=scadenze_debiti,
                               capacita="rendicontazione.vedi")
        registra_mappabili_fondi()
        registra_mappabili_misure()
        registra_demo("rendicontazione", carica_demo)
        from rendicontazione import pubblico

        pubblico.registra()
        from ambito.notifiche.registry import registra_tipo_notifica
        from rendicontazione import avvisi

        registra_tipo_notifica(avvisi.TIPO_NOTIFICA, _("ISEE in scadenza dei beneficiari con domande aperte"),
                               descrizione=_("All'assistente sociale che ha presentato la domanda, una volta per "
                                             "attestazione."))
        # The receipt of a submission (the recipient's acknowledgement, a signed PDF…) among its attachments.
        registra_allegati("rendicontazione.invio", tipi={"pdf", "pdfa", "p7m", "png", "jpeg"},
                          capacita_lettura="rendicontazione.vedi", capacita_scrittura="rendicontazione.gestisci",
                          trova=lambda contesto, pk: selectors.invio_get(ambito=contesto.ambito, pk=pk),
                          url=lambda invio, slug: reverse("rendicontazione:invio_detail",
                                                          kwargs={"ambito_slug": slug, "invio_pk": invio.pk}))

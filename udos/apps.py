"""Everything the register adds to the platform, registered from ``ready()`` (the core imports no module)."""

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class UdosConfig(AppConfig):
    name = "udos"
    verbose_name = "Unità d'offerta sociali"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ambito.accounts.models import Ruolo
        from ambito.accounts.permissions import STAFF, registra
        from ambito.allegati.registry import registra_allegati
        from ambito.demo import registra_demo
        from ambito.notifiche.registry import registra_tipo_notifica
        from ambito.pubblico.registry import registra_pagina_pubblica
        from ambito.scadenze.registry import registra_tipo_scadenza
        from ambito.ui.navigation import registra_voce, registra_widget
        from udos import selectors
        from udos.demo import carica_demo
        from udos.scadenze import CODICE, scadenze_cpe
        from udos.services.cpe import TIPO_NOTIFICA, TIPO_NOTIFICA_GESTORE

        registra("udos.vedi", *STAFF, Ruolo.ASSEMBLEA, Ruolo.GESTORE,
                 descrizione="Vedere il registro delle unità d'offerta (il referente di un ente gestore: solo le sue)")
        registra("udos.gestisci", *STAFF,
                 descrizione="Istruire CPE, registrare vigilanza, accreditamenti, contratti e contributi FSR")
        registra("udos.presenta", *STAFF, Ruolo.GESTORE,
                 descrizione="Presentare CPE, comunicazioni e consuntivi FSR (il gestore: per le proprie unità)")
        registra_voce(_("Unità d'offerta"), "udos:unita_list", "udos.vedi", ordine=65, icona="it-pa")
        from udos.views import widget_dashboard

        registra_widget("udos/widget.html", "udos.vedi", ordine=35, contesto=widget_dashboard)
        registra_demo("udos", carica_demo)
        registra_tipo_scadenza(CODICE, _("Termini delle CPE"), fornitore=scadenze_cpe, capacita="udos.vedi")
        registra_tipo_notifica(TIPO_NOTIFICA, _("CPE presentate"),
                               descrizione=_("Una nuova Comunicazione Preventiva di Esercizio da istruire."))
        registra_tipo_notifica(TIPO_NOTIFICA_GESTORE, _("Avanzamento delle proprie CPE"),
                               descrizione=_("Per i referenti degli enti gestori: integrazioni richieste ed esiti."))
        registra_pagina_pubblica(
            "offerta", titolo=_("Mappa dell'offerta"),
            descrizione=_("Le unità d'offerta sociali attive nei comuni dell'Ambito, per tipologia e comune."),
            urls="udos.pubblico_urls", url_name="udos_pubblico:mappa", ordine=40)

        def _trova_cpe(contesto, pk):
            return selectors.cpe_get(ambito=contesto.ambito, pk=pk, ente=selectors.ente_visibile(contesto))

        registra_allegati("udos.cpe", tipi={"pdf", "pdfa", "p7m", "png", "jpeg"},
                          capacita_lettura="udos.vedi", capacita_scrittura="udos.presenta", trova=_trova_cpe,
                          url=lambda cpe, slug: reverse("udos:cpe_detail",
                                                        kwargs={"ambito_slug": slug, "cpe_pk": cpe.pk}))

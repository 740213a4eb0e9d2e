"""Registrations of the domande part with the core (menu, widgets, notifications, deadlines, sensitive fields…).

Sensitive fields are declared on the models themselves (``campi_sensibili`` of Domanda, Valutazione,
ProgettoIndividuale), where ``ambito.audit.sensibili`` finds them.
"""

from django.utils.translation import gettext_lazy as _


def registra() -> None:
    """Called once from MisureConfig.ready()."""
    from ambito.allegati.registry import registra_allegati
    from ambito.notifiche.registry import registra_tipo_notifica
    from ambito.scadenze.registry import registra_tipo_scadenza
    from ambito.ui.navigation import registra_voce, registra_widget
    from misure.domande import conservazione, importazione  # conservazione registers the beat task
    from misure.domande.scadenze import CODICE, scadenze_istruttoria
    from misure.selectors import domande as selectors
    from misure.services.domande import PRESENTA, TIPO_NOTIFICA, VEDI, allegati_modificabili, url_domanda
    from misure.views.domande import widget_domande

    registra_voce(_("Domande"), "misure:domanda_list", VEDI, ordine=50, icona="it-files")
    registra_widget("misure/domande/widget.html", VEDI, ordine=20, contesto=widget_domande)
    registra_tipo_notifica(TIPO_NOTIFICA, _("Domande delle misure"),
                           descrizione=_("Presentazione, richieste di integrazione ed esito delle domande che hai "
                                         "presentato."))
    registra_tipo_notifica(conservazione.TIPO_NOTIFICA, _("Conservazione delle domande"),
                           descrizione=_("Resoconto delle domande chiuse anonimizzate alla scadenza dei termini di "
                                         "conservazione."), email_predefinita=False)
    registra_tipo_scadenza(CODICE, _("Termini dell'istruttoria delle domande"), fornitore=scadenze_istruttoria,
                           capacita=VEDI)
    registra_allegati(
        "misure.domanda", tipi={"pdf", "pdfa", "p7m", "png", "jpeg"}, capacita_lettura=VEDI,
        capacita_scrittura=PRESENTA, dimensione_massima_mb=10,
        trova=lambda contesto, pk: selectors.domanda_get(ambito=contesto.ambito, pk=pk, comuni=contesto.comuni),
        url=url_domanda, modificabile=allegati_modificabili)
    importazione.registra()

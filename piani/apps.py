"""Everything the Piano di Zona adds to the platform, registered from ``ready()`` (the core imports no module)."""

from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PianiConfig(AppConfig):
    name = "piani"
    verbose_name = "Piano di Zona"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ambito.accounts.models import Ruolo
        from ambito.accounts.permissions import STAFF, registra
        from ambito.allegati.registry import registra_allegati
        from ambito.collegabili import registra_collegabile
        from ambito.demo import registra_demo
        from ambito.ui.navigation import registra_voce, registra_widget
        from piani import selectors
        from piani.demo import carica_demo
        from piani.indicatori import registra_indicatori_fondi
        from piani.views import widget_assemblea

        registra("piani.vedi", *STAFF, Ruolo.ASSEMBLEA,
                 descrizione="Vedere il Piano di Zona (l'Assemblea: i piani approvati e i periodi chiusi)")
        registra("piani.progetti", *STAFF, Ruolo.ASSEMBLEA, Ruolo.PARTNER,
                 descrizione="Vedere i progetti del Piano di Zona (il partner: solo quelli concessi)")
        registra("piani.gestisci", *STAFF,
                 descrizione="Scrivere il Piano di Zona: aree, obiettivi, progetti, indicatori, monitoraggio")
        registra("piani.chiudi_periodo", Ruolo.RESPONSABILE,
                 descrizione="Chiudere e riaprire un periodo di monitoraggio del Piano di Zona")
        registra_voce(_("Piano di Zona"), "piani:home", "piani.progetti", ordine=60, icona="it-map-marker-circle")
        registra_widget("piani/widget_assemblea.html", "ambito.dashboard.assemblea", ordine=60,
                        contesto=widget_assemblea)
        registra_demo("piani", carica_demo)
        registra_indicatori_fondi()
        from piani.importazioni import registra_importazione_profilo

        registra_importazione_profilo()
        from ambito.scadenze.registry import registra_tipo_scadenza
        from piani.scadenze import CODICE, scadenze_convenzioni

        registra_tipo_scadenza(CODICE, _("Rendicontazione delle convenzioni di co-progettazione"),
                               fornitore=scadenze_convenzioni, capacita="piani.vedi")
        registra_collegabile("piani.progetto", etichetta=_("Progetto del Piano di Zona"),
                             elenco=lambda *, ambito: selectors.progetto_scelte(ambito=ambito),
                             url=lambda progetto, slug: reverse("piani:progetto_detail", kwargs={
                                 "ambito_slug": slug, "progetto_pk": progetto.pk}))
        registra_allegati("piani.pianodizona", tipi={"pdf", "pdfa", "p7m", "odt", "docx"},
                          capacita_lettura="piani.vedi", capacita_scrittura="piani.gestisci",
                          trova=lambda contesto, pk: selectors.piano_get(
                              ambito=contesto.ambito, pk=pk, solo_approvati=selectors.solo_approvati_per(contesto)),
                          url=lambda piano, slug: reverse("piani:piano_detail", kwargs={
                              "ambito_slug": slug, "piano_pk": piano.pk}))
        registra_allegati("piani.progetto", tipi={"pdf", "pdfa", "p7m", "png", "jpeg", "odt", "docx"},
                          capacita_lettura="piani.progetti", capacita_scrittura="piani.gestisci",
                          trova=lambda contesto, pk: selectors.progetto_get(
                              ambito=contesto.ambito, contesto=contesto, pk=pk),
                          url=lambda progetto, slug: reverse("piani:progetto_detail", kwargs={
                              "ambito_slug": slug, "progetto_pk": progetto.pk}))

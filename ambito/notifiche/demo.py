"""Demo notifications (``seed_demo``): a few in-app notices for every demo user, each with a link to a page."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from ambito.accounts.models import Utente
from ambito.notifiche.models import Notifica
from ambito.notifiche.services import notifica_create
from ambito.tenancy.models import Ambito

TIPO = "ambito.avvisi"


def carica_demo(*, ambito: Ambito, actor: Utente) -> None:
    """Idempotent: nothing is added when the Ambito already has its demo notices. In-app only (no e-mail)."""
    if Notifica.objects.filter(ambito=ambito, tipo=TIPO).exists():
        return

    def url(nome: str) -> str:
        return reverse(nome, kwargs={"ambito_slug": ambito.slug})

    avvisi = [
        ("ambito.dashboard", _("Benvenuto nel gestionale di %(ambito)s") % {"ambito": ambito},
         _("Qui arrivano gli avvisi che ti riguardano. Nelle preferenze scegli, per ogni tipo, se riceverli "
           "anche per e-mail."), url("notifiche:preferenze")),
        ("ambito.atti.gestisci", _("Scadenze dei fondi di fine anno"),
         _("Alcune assegnazioni scadono il 31 dicembre: controlla il calendario delle scadenze."),
         url("scadenze:calendario")),
        ("ambito.organi.vedi", _("Assemblea dei Sindaci: verbale dell'ultima seduta disponibile"),
         _("Il verbale è consultabile nella pagina della seduta."), url("organi:organi_list")),
        ("ambito.atti.vedi_pubblicati", _("Nuovi atti pubblicati"),
         _("L'Ufficio di Piano ha pubblicato nuovi atti dell'Ambito."), url("atti:atti_list")),
    ]
    for capacita, titolo, testo, link in avvisi:
        notifica_create(ambito=ambito, tipo=TIPO, titolo=titolo, testo=testo, url=link, capacita=capacita,
                        email=False, actor=actor)

"""The monthly run (distinta di liquidazione) as a core Job: Celery with acks_late may deliver it twice; the run is
the one of its (bando, month) key and a confirmed one is never touched again, so a re-delivery changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ambito.exporters import scrivi_csv
from ambito.jobs.esecuzione import ContestoJob
from ambito.jobs.registry import ParametriForm, Risultato, tipo_job
from misure.models import Bando
from misure.services import erogazioni as services

CODICE_JOB = "misure.distinta_mensile"


class DistintaForm(ParametriForm):
    bando = forms.TypedChoiceField(label=_l("Bando"), coerce=int, choices=(), error_messages={
        "invalid_choice": _l("Bando inesistente in questo Ambito.")})
    mese = forms.DateField(label=_l("Mese (primo giorno)"), input_formats=["%Y-%m-%d", "%d/%m/%Y", "%Y-%m"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bando"].choices = [("", _("Scegli il bando…")), *(
            (b.pk, b.titolo) for b in Bando.objects.filter(ambito=self.ambito).order_by("titolo"))]

    def clean_mese(self) -> dt.date:
        return self.cleaned_data["mese"].replace(day=1)


@tipo_job(CODICE_JOB, etichetta=_l("Distinta mensile delle erogazioni"), capacita=services.GESTISCI,
          form=DistintaForm, descrizione=_l("Raccoglie gli importi dovuti del mese, ricontrolla ogni riga e mostra "
                                             "le esclusioni con il motivo."))
def distinta_mensile(ctx: ContestoJob) -> Risultato:
    bando = Bando.objects.get(pk=ctx.dati["bando"], ambito=ctx.ambito)
    distinta = services.distinta_prepara(bando=bando, mese=ctx.dati["mese"], actor=ctx.actor)
    from misure.erogazioni_uscite import intestazioni_righe, righe_distinta

    percorso = ctx.file_temporaneo(".csv")
    scrivi_csv(percorso, intestazioni_righe(), righe_distinta(distinta))
    return f"distinta-{distinta.mese:%Y-%m}-bando-{bando.pk}.csv", percorso

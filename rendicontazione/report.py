"""PDF reports of the module on a shared base (``templates/rendicontazione/pdf/base_report.html``): the Ambito's
header and logo, Italian formats, page numbers ("Pagina n di m"), a table of contents with page numbers for long
reports, a tagged (accessible) PDF, PDF/A-3b for archiving. Rendering goes through the core's
:func:`ambito.pdf.render_pdf`, whose fetcher fetches nothing from the network: the logo is inlined as a
``data:`` URI read from the Ambito's own storage.

Each report is a context builder returning ``sezioni`` (id, title) for the table of contents plus its data.
"""

from __future__ import annotations

import base64
import datetime as dt
import mimetypes
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ambito.jobs.esecuzione import ContestoJob
from ambito.jobs.registry import ParametriForm, Risultato, tipo_job
from ambito.tenancy.models import Ambito
from fondi import selectors as fondi_selectors
from misure.selectors import monitoraggio
from rendicontazione.cruscotto import conteggio_mostrato, cruscotto_fondi, soglia_piccoli_numeri
from rendicontazione.cruscotto_misure import cruscotto_misure
from rendicontazione.cruscotto_piano import ObiettiviCruscotto


def logo_data_uri(ambito: Ambito) -> str:
    """The Ambito's logo as a ``data:`` URI ("" without one, or when it cannot be read)."""
    if not ambito.logo:
        return ""
    try:
        with ambito.logo.open("rb") as handle:
            contenuto = handle.read()
    except OSError:
        return ""
    tipo = mimetypes.guess_type(ambito.logo.name)[0] or "image/png"
    return f"data:{tipo};base64,{base64.b64encode(contenuto).decode()}"


def contesto_base(ambito: Ambito, titolo: str, sezioni: list[tuple[str, str]]) -> dict[str, Any]:
    return {"titolo": titolo, "logo": logo_data_uri(ambito), "sezioni": sezioni, "indice": len(sezioni) > 2}


def contesto_posizione_fondi(*, ambito: Ambito, data: dt.date, sopprimi: bool,
                             obiettivi: ObiettiviCruscotto | None = None) -> dict[str, Any]:
    """The funds position report: per fund and year, per destination, per comune (with per-1,000 figures).

    ``obiettivi`` (the dashboard's PDF): the Piano di Zona's objectives by status and by macro-area, the same
    figures the dashboard page shows, as tables in a fourth section."""
    per_fonte = fondi_selectors.posizione_get(ambito=ambito, data=data, per=("fonte", "annualita"))
    per_destinazione = fondi_selectors.posizione_get(ambito=ambito, data=data, per=("destinazione",))
    cruscotto = cruscotto_fondi(ambito=ambito, data=data, sopprimi=sopprimi)
    sezioni = [("fonti", _("Per fondo e annualità")), ("destinazioni", _("Per destinazione")),
               ("comuni", _("Per comune"))]
    if obiettivi is not None:
        sezioni.append(("obiettivi", _("Obiettivi del Piano di Zona")))
    return {**contesto_base(ambito, _("Posizione dei fondi al %(data)s") % {"data": data.strftime("%d/%m/%Y")},
                            sezioni),
            "data": data, "per_fonte": per_fonte, "per_destinazione": per_destinazione, "cruscotto": cruscotto,
            "obiettivi": obiettivi}


def pdf_posizione_fondi(*, ambito: Ambito, data: dt.date, sopprimi: bool, archivio: bool = False,
                        obiettivi: ObiettiviCruscotto | None = None) -> bytes:
    """The funds position as a PDF; with ``obiettivi``, the dashboard's PDF (funds plus the plan's objectives)."""
    from ambito.pdf import render_pdf  # WeasyPrint parses its stylesheets on import: only when a report is made

    return render_pdf("rendicontazione/pdf/posizione_fondi.html",
                      contesto_posizione_fondi(ambito=ambito, data=data, sopprimi=sopprimi, obiettivi=obiettivi),
                      ambito=ambito, pdf_variant="pdf/a-3b" if archivio else None, tagged=True)


def pdf_cruscotto_misure(*, ambito: Ambito, cruscotto: Any) -> bytes:
    """The dashboard by measure as a PDF: the same figures (and the same suppression) as the page."""
    from ambito.pdf import render_pdf

    sezioni = [("misure", _("Per misura")), ("aree", _("Per area di utenza")), ("comuni", _("Per comune"))]
    return render_pdf("rendicontazione/pdf/cruscotto_misure.html",
                      {**contesto_base(ambito, _("Domande e beneficiari per misura, %(anno)d")
                                       % {"anno": cruscotto.anno}, sezioni), "cruscotto": cruscotto},
                      ambito=ambito, tagged=True)


def contesto_dossier(*, ambito: Ambito, seduta: Any) -> dict[str, Any]:
    """The dossier of a session of the Assemblea dei Sindaci: its agenda with the acts proposed, the funds per
    source at the session's date, the per-comune table, domande and waiting lists per measure, and the
    graduatorie awaiting approval (draft or provisional: budget, funded, waiting)."""
    from ambito.organi import selectors as organi_selectors

    data = timezone.localtime(seduta.data).date()
    sezioni = [("odg", _("Ordine del giorno")), ("fondi", _("Situazione dei fondi")), ("comuni", _("Per comune")),
               ("domande", _("Domande e liste d'attesa per misura")),
               ("graduatorie", _("Graduatorie da approvare"))]
    return {**contesto_base(ambito, _("Dossier della seduta del %(data)s — %(organo)s") % {
                "data": data.strftime("%d/%m/%Y"), "organo": seduta.organo.nome}, sezioni),
            "seduta": seduta, "punti": list(organi_selectors.punto_list(seduta=seduta)), "data": data,
            "per_fonte": fondi_selectors.posizione_get(ambito=ambito, data=data, per=("fonte",)),
            "cruscotto": cruscotto_fondi(ambito=ambito, data=data, sopprimi=True),
            "misure": cruscotto_misure(ambito=ambito, anno=data.year, sopprimi=True),
            "graduatorie": _graduatorie_da_approvare(ambito)}


def _graduatorie_da_approvare(ambito: Ambito) -> list[dict[str, Any]]:
    """The dossier's graduatorie awaiting approval, with their counts of domande shown as for mayors (a small
    count as "< N")."""
    soglia = soglia_piccoli_numeri()
    return [{**g, "finanziate": conteggio_mostrato(g["finanziate"], soglia=soglia, sopprimi=True),
             "in_attesa": conteggio_mostrato(g["in_attesa"], soglia=soglia, sopprimi=True)}
            for g in monitoraggio.graduatorie_da_approvare(ambito=ambito)]


class DossierForm(ParametriForm):
    seduta = forms.ModelChoiceField(label=_l("Seduta"), queryset=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from rendicontazione.selectors import seduta_list_scelte

        self.fields["seduta"].queryset = seduta_list_scelte(ambito=self.ambito)


@tipo_job("rendicontazione.dossier_assemblea", etichetta=_l("Report: dossier per la seduta dell'Assemblea (PDF)"),
          capacita="rendicontazione.gestisci", form=DossierForm,
          descrizione=_l("Ordine del giorno con gli atti proposti, situazione dei fondi e tabelle per comune."))
def job_dossier(contesto: ContestoJob) -> Risultato:
    from ambito.pdf import render_pdf

    seduta = contesto.dati["seduta"]
    contesto.progresso(10, _("Composizione del dossier"))
    pdf = render_pdf("rendicontazione/pdf/dossier.html", contesto_dossier(ambito=contesto.ambito, seduta=seduta),
                     ambito=contesto.ambito, tagged=True)
    return f"dossier-seduta-{timezone.localtime(seduta.data):%Y%m%d}.pdf", pdf


class PosizioneFondiForm(ParametriForm):
    data = forms.DateField(label=_l("Situazione al"))
    archivio = forms.BooleanField(label=_l("PDF/A per l'archiviazione"), required=False)


@tipo_job("rendicontazione.posizione_fondi", etichetta=_l("Report: posizione dei fondi (PDF)"),
          capacita="rendicontazione.gestisci", form=PosizioneFondiForm,
          descrizione=_l("La posizione dei fondi per fondo, destinazione e comune, in PDF con indice."))
def job_posizione_fondi(contesto: ContestoJob) -> Risultato:
    """Long reports render inside a job (WeasyPrint is single-core and slow on long tables)."""
    contesto.progresso(10, _("Composizione del report"))
    accesso = contesto.accesso
    sopprimi = accesso is not None and not accesso.puo("rendicontazione.gestisci")
    data = contesto.dati["data"]
    pdf = pdf_posizione_fondi(ambito=contesto.ambito, data=data, sopprimi=sopprimi,
                              archivio=bool(contesto.dati.get("archivio")))
    return f"posizione-fondi-{contesto.ambito.slug}-{data:%Y%m%d}.pdf", pdf


# --- the graduatoria report (internal: names allowed) ------------------------------------------------------


def contesto_graduatoria(*, ambito: Ambito, graduatoria: Any) -> dict[str, Any]:
    """The internal report of a graduatoria for the Ufficio di Piano and the Assemblea: summary (measure, bando,
    state, acts, budget, funded, residual), the criteria, the totals per comune, then the ranked rows with the
    person's name and the funding line under the last funded row (last: the long table, rendered in chunks by
    :func:`pdf_graduatoria`). Names are allowed here only: the published graduatoria (misure's public PDF)
    carries pseudonymous codes."""
    righe = list(monitoraggio.righe_graduatoria_interne(graduatoria=graduatoria))
    criteri = sorted({c for r in righe for c in (r.punti or {})})
    ultima_finanziata = max((i for i, r in enumerate(righe) if r.esito == "finanziata"), default=None)
    sezioni = [("riepilogo", _("Riepilogo")), ("criteri", _("Criteri")), ("comuni", _("Totali per comune")),
               ("graduatoria", _("Graduatoria"))]
    return {**contesto_base(ambito, _("Graduatoria — %(t)s") % {"t": graduatoria.titolo}, sezioni),
            "graduatoria": graduatoria, "bando": graduatoria.bando, "misura": graduatoria.bando.edizione.misura,
            "criteri": criteri, "regole": monitoraggio.criteri_graduatoria(graduatoria=graduatoria),
            "righe": [{"r": r, "punti": [_decimale((r.punti or {}).get(c)) for c in criteri],
                       "linea": i == ultima_finanziata} for i, r in enumerate(righe)],
            "residuo": graduatoria.budget - graduatoria.finanziato,
            "comuni": monitoraggio.totali_graduatoria_per_comune(graduatoria=graduatoria)}


def _decimale(valore: Any) -> Decimal | None:
    return None if valore in (None, "") else Decimal(str(valore))


RIGHE_PER_BLOCCO = 400  # ranked rows per chunk of the graduatoria report (≈ 12 A4 pages)


def pdf_graduatoria(*, ambito: Ambito, graduatoria: Any, righe_per_blocco: int | None = None) -> bytes:
    """The graduatoria report in chunks (:func:`ambito.pdf.render_pdf_a_blocchi`): the first chunk has the title,
    the index, the summary, the criteria, the per-comune totals and the first ``righe_per_blocco`` ranked rows;
    each further chunk continues the table (header repeated), its pages numbered on. A graduatoria of a few
    hundred rows is one chunk."""
    from ambito.pdf import render_pdf_a_blocchi

    contesto = contesto_graduatoria(ambito=ambito, graduatoria=graduatoria)
    righe = contesto["righe"]
    passo = max(1, righe_per_blocco or RIGHE_PER_BLOCCO)

    def blocchi() -> Any:
        yield "rendicontazione/pdf/graduatoria.html", {**contesto, "righe": righe[:passo]}
        for inizio in range(passo, len(righe), passo):
            yield "rendicontazione/pdf/graduatoria_seguito.html", {
                "titolo": contesto["titolo"], "criteri": contesto["criteri"], "righe": righe[inizio:inizio + passo]}

    return render_pdf_a_blocchi(blocchi(), ambito=ambito, tagged=True)


class GraduatoriaForm(ParametriForm):
    graduatoria = forms.ModelChoiceField(label=_l("Graduatoria"), queryset=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["graduatoria"].queryset = monitoraggio.graduatoria_list_scelte(ambito=self.ambito)


@tipo_job("rendicontazione.graduatoria", etichetta=_l("Report: graduatoria per l'Ufficio e l'Assemblea (PDF)"),
          capacita="rendicontazione.gestisci", form=GraduatoriaForm,
          descrizione=_l("La graduatoria con i criteri, la linea di finanziamento e i totali per comune; uso "
                         "interno (con i nomi): la versione pubblica è quella della pubblicazione."))
def job_graduatoria(contesto: ContestoJob) -> Risultato:
    graduatoria = monitoraggio.graduatoria_per_report(ambito=contesto.ambito, pk=contesto.dati["graduatoria"].pk)
    contesto.progresso(10, _("Composizione del report"))
    return f"graduatoria-{graduatoria.pk}.pdf", pdf_graduatoria(ambito=contesto.ambito, graduatoria=graduatoria)
def contesto_monitoraggio_piano(*, ambito: Ambito, anno: int) -> dict[str, Any]:
    """The yearly plan and monitoring report for the Assemblea: the plan in force, its objectives by status and by
    macro-area, each indicator's target and value in the year's periods, each project's planned budget against
    the funds the ledger gives it. The whole plan's document is piani's own PDF (``piani.piano_pdf``), not
    repeated here."""
    from ambito.errors import RegolaViolata
    from piani.selectors import rendicontazione as piani_selectors
    from rendicontazione.cruscotto_piano import obiettivi_cruscotto

    piano = piani_selectors.piano_dell_anno(ambito=ambito, anno=anno)
    if piano is None:
        raise RegolaViolata(_("Nessun Piano di Zona copre l'anno %(anno)d.") % {"anno": anno}, campo="anno")
    fine = dt.date(anno, 12, 31)
    indicatori = piani_selectors.monitoraggio_righe(ambito=ambito, piano_pk=piano.pk, anno=anno)
    progetti = piani_selectors.progetti_righe(ambito=ambito, piano_pk=piano.pk, anno=anno)
    quote = {q.pk: q for q in fondi_selectors.quota_list(ambito=ambito, data=fine).filter(
        pk__in=[pk for p in progetti for pk in p.quote_ids])}
    risorse = []
    for p in progetti:
        mie = [quote[pk] for pk in p.quote_ids if pk in quote]
        risorse.append({"progetto": p, "allocato": sum((q.allocato for q in mie), fondi_selectors.ZERO),
                        "impegnato": sum((q.impegnato for q in mie), fondi_selectors.ZERO),
                        "liquidato": sum((q.liquidato for q in mie), fondi_selectors.ZERO)})
    sezioni = [("piano", _("Il piano")), ("obiettivi", _("Obiettivi per stato")),
               ("indicatori", _("Indicatori: valore atteso e rilevato")),
               ("risorse", _("Budget previsto e risorse dei fondi per progetto"))]
    return {**contesto_base(ambito, _("Piano di Zona: rapporto di monitoraggio %(anno)d") % {"anno": anno},
                            sezioni),
            "anno": anno, "piano": piano, "obiettivi": obiettivi_cruscotto(ambito=ambito, data=fine,
                                                                           solo_approvati=False),
            "indicatori": [{"riga": r, "scostamento": r.valore - r.target
                            if r.valore is not None and r.target is not None else None,
                            "fuori_target": r.valore is not None and r.target is not None
                            and (r.valore < r.target if r.crescente else r.valore > r.target)}
                           for r in indicatori if r.indicatore_id is not None],
            "risorse": risorse}


class MonitoraggioPianoForm(ParametriForm):
    anno = forms.IntegerField(label=_l("Anno"), min_value=2000, max_value=2100)
    archivio = forms.BooleanField(label=_l("PDF/A per l'archiviazione"), required=False)


@tipo_job("rendicontazione.monitoraggio_piano", etichetta=_l("Report: monitoraggio del Piano di Zona (PDF)"),
          capacita="rendicontazione.gestisci", form=MonitoraggioPianoForm,
          descrizione=_l("Obiettivi per stato, indicatori atteso e rilevato, budget e risorse dei fondi per progetto "
                         "nell'anno; il documento del piano è il PDF del modulo Piano di Zona."))
def job_monitoraggio_piano(contesto: ContestoJob) -> Risultato:
    from ambito.pdf import render_pdf

    anno = contesto.dati["anno"]
    contesto.progresso(10, _("Composizione del report"))
    pdf = render_pdf("rendicontazione/pdf/monitoraggio_piano.html",
                     contesto_monitoraggio_piano(ambito=contesto.ambito, anno=anno), ambito=contesto.ambito,
                     pdf_variant="pdf/a-3b" if contesto.dati.get("archivio") else None, tagged=True)
    return f"monitoraggio-piano-{contesto.ambito.slug}-{anno}.pdf", pdf

"""Pages of the Piano di Zona, mounted at /a/<ambito_slug>/piani/ (``AMBITO_MODULI``).

Object kwargs are ``<model>_pk`` so the isolation matrix builds one of another Ambito for each
(``tests/piani/oggetti.py``).
"""

from django.urls import path

from piani.views import monitoraggio, piano, profilo, progetti

app_name = "piani"

urlpatterns = [
    path("", piano.home, name="home"),
    path("nuovo/", piano.piano_create, name="piano_create"),
    path("<int:piano_pk>/", piano.piano_detail, name="piano_detail"),
    path("<int:piano_pk>/modifica/", piano.piano_edit, name="piano_edit"),
    path("<int:piano_pk>/stato/", piano.piano_transition, name="piano_transition"),
    path("<int:piano_pk>/accordo/", piano.accordo_set, name="accordo_set"),
    path("<int:piano_pk>/sottoscrittori/nuovo/", piano.sottoscrittore_create, name="sottoscrittore_create"),
    path("<int:piano_pk>/sottoscrittori/comuni/", piano.sottoscrittori_seed, name="sottoscrittori_seed"),
    path("sottoscrittori/<int:sottoscrittore_pk>/firma/", piano.sottoscrittore_sign, name="sottoscrittore_sign"),
    path("<int:piano_pk>/eventi/nuovo/", piano.evento_create, name="evento_create"),
    path("<int:piano_pk>/aree/nuova/", piano.macroarea_create, name="macroarea_create"),
    path("<int:piano_pk>/aree/<int:macroarea_pk>/", piano.macroarea_edit, name="macroarea_edit"),
    path("<int:piano_pk>/cruscotto/", piano.dashboard, name="dashboard"),
    path("<int:piano_pk>/pdf/", piano.piano_pdf, name="piano_pdf"),
    path("<int:piano_pk>/obiettivi/nuovo/", piano.obiettivo_create, name="obiettivo_create"),
    path("obiettivi/<int:obiettivo_pk>/", piano.obiettivo_detail, name="obiettivo_detail"),
    path("obiettivi/<int:obiettivo_pk>/modifica/", piano.obiettivo_edit, name="obiettivo_edit"),
    path("obiettivi/<int:obiettivo_pk>/collega/", piano.obiettivo_link, name="obiettivo_link"),
    path("collegamenti/<int:collegamento_obiettivo_pk>/rimuovi/", piano.collegamento_delete,
         name="collegamento_delete"),
    path("obiettivi/<int:obiettivo_pk>/indicatori/nuovo/", monitoraggio.indicatore_create_obiettivo,
         name="indicatore_create_obiettivo"),
    path("<int:piano_pk>/progetti/nuovo/", progetti.progetto_create, name="progetto_create"),
    path("progetti/<int:progetto_pk>/", progetti.progetto_detail, name="progetto_detail"),
    path("progetti/<int:progetto_pk>/modifica/", progetti.progetto_edit, name="progetto_edit"),
    path("progetti/<int:progetto_pk>/azioni/nuova/", progetti.azione_create, name="azione_create"),
    path("progetti/<int:progetto_pk>/budget/", progetti.budget_set, name="budget_set"),
    path("progetti/<int:progetto_pk>/quote/nuova/", progetti.quota_create, name="quota_create"),
    path("progetti/<int:progetto_pk>/partner/", progetti.partner_grant, name="partner_grant"),
    path("progetti/<int:progetto_pk>/partner/revoca/", progetti.partner_revoke, name="partner_revoke"),
    path("progetti/<int:progetto_pk>/pdf/", progetti.progetto_pdf, name="progetto_pdf"),
    path("progetti/<int:progetto_pk>/indicatori/nuovo/", monitoraggio.indicatore_create_progetto,
         name="indicatore_create_progetto"),
    path("sovrazonali/<int:sovrazonale_pk>/", progetti.sovrazonale_detail, name="sovrazonale_detail"),
    path("indicatori/<int:indicatore_pk>/", monitoraggio.indicatore_detail, name="indicatore_detail"),
    path("indicatori/<int:indicatore_pk>/modifica/", monitoraggio.indicatore_edit, name="indicatore_edit"),
    path("<int:piano_pk>/periodi/nuovo/", monitoraggio.periodo_create, name="periodo_create"),
    path("periodi/<int:periodo_pk>/", monitoraggio.periodo_detail, name="periodo_detail"),
    path("periodi/<int:periodo_pk>/indicatori/<int:indicatore_pk>/", monitoraggio.valore_set, name="valore_set"),
    path("periodi/<int:periodo_pk>/indicatori/<int:indicatore_pk>/calcola/", monitoraggio.valore_compute,
         name="valore_compute"),
    path("periodi/<int:periodo_pk>/obiettivi/<int:obiettivo_pk>/", monitoraggio.valutazione_set,
         name="valutazione_set"),
    path("periodi/<int:periodo_pk>/chiudi/", monitoraggio.periodo_close, name="periodo_close"),
    path("periodi/<int:periodo_pk>/riapri/", monitoraggio.periodo_reopen, name="periodo_reopen"),
    path("profilo/", profilo.profilo, name="profilo"),
    path("profilo/nuovo/", profilo.dato_create, name="dato_create"),
    path("profilo/<int:dato_comunita_pk>/elimina/", profilo.dato_delete, name="dato_delete"),
]

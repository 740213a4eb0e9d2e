"""API of the Piano di Zona: /api/v1/a/<ambito_slug>/piani/… (mounted by ambito/urls.py)."""

from django.urls import path

from piani.api import views

app_name = "piani_api"

urlpatterns = [
    path("", views.PianiAPI.as_view(), name="piani"),
    path("<int:piano_pk>/", views.PianoAPI.as_view(), name="piano"),
    path("<int:piano_pk>/stato/", views.PianoStatoAPI.as_view(), name="piano_stato"),
    path("<int:piano_pk>/macroaree/", views.MacroAreeAPI.as_view(), name="macroaree"),
    path("<int:piano_pk>/spesa-aree/", views.SpesaAreeAPI.as_view(), name="spesa_aree"),
    path("<int:piano_pk>/obiettivi/", views.ObiettiviAPI.as_view(), name="obiettivi"),
    path("<int:piano_pk>/progetti/", views.ProgettiDelPianoAPI.as_view(), name="progetti_del_piano"),
    path("<int:piano_pk>/periodi/", views.PeriodiAPI.as_view(), name="periodi"),
    path("progetti/", views.ProgettiAPI.as_view(), name="progetti"),
    path("progetti/<int:progetto_pk>/", views.ProgettoAPI.as_view(), name="progetto"),
    path("progetti/<int:progetto_pk>/budget/", views.BudgetAPI.as_view(), name="budget"),
    path("progetti/<int:progetto_pk>/indicatori/", views.IndicatoriProgettoAPI.as_view(), name="indicatori_progetto"),
    path("obiettivi/<int:obiettivo_pk>/indicatori/", views.IndicatoriObiettivoAPI.as_view(),
         name="indicatori_obiettivo"),
    path("indicatori-calcolati/", views.IndicatoriCalcolatiAPI.as_view(), name="indicatori_calcolati"),
    path("periodi/<int:periodo_pk>/indicatori/<int:indicatore_pk>/", views.ValoreAPI.as_view(), name="valore"),
    path("periodi/<int:periodo_pk>/chiudi/", views.PeriodoChiusuraAPI.as_view(), name="periodo_chiudi"),
    path("periodi/<int:periodo_pk>/riapri/", views.PeriodoRiaperturaAPI.as_view(), name="periodo_riapri"),
    path("profilo/", views.ProfiloAPI.as_view(), name="profilo"),
    path("coprogettazioni/", views.CoprogettazioniAPI.as_view(), name="coprogettazioni"),
    path("coprogettazioni/<int:coprogettazione_pk>/", views.CoprogettazioneAPI.as_view(), name="coprogettazione"),
]

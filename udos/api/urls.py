from django.urls import path

from udos.api import views

app_name = "udos_api"

urlpatterns = [
    path("tipologie/", views.TipologieAPI.as_view(), name="tipologie"),
    path("unita/", views.UnitaListAPI.as_view(), name="unita_list"),
    path("unita/<int:unita_pk>/", views.UnitaModificaAPI.as_view(), name="unita"),
    path("unita/<int:unita_pk>/accreditamenti/", views.AccreditamentoUnitaAPI.as_view(), name="accreditamento_unita"),
    path("unita/<int:unita_pk>/cpe/", views.CPEVariazioneAPI.as_view(), name="cpe_variazione"),
    path("unita/<int:unita_pk>/comunicazioni/", views.ComunicazioniAPI.as_view(), name="comunicazioni"),
    path("unita/<int:unita_pk>/visite/", views.VisiteUnitaAPI.as_view(), name="visite"),
    path("unita/<int:unita_pk>/fsr/", views.ConsuntiviUnitaAPI.as_view(), name="fsr_unita"),
    path("cpe/", views.CPEListAPI.as_view(), name="cpe_list"),
    path("cpe/<int:cpe_pk>/", views.CPEAPI.as_view(), name="cpe"),
    path("cpe/<int:cpe_pk>/transizioni/", views.CPETransizioneAPI.as_view(), name="cpe_transizione"),
    path("cpe/<int:cpe_pk>/requisiti/", views.CPEChecklistAPI.as_view(), name="cpe_requisiti"),
    path("vigilanza/", views.VigilanzaAPI.as_view(), name="vigilanza"),
    path("accreditamenti/", views.AccreditamentiAPI.as_view(), name="accreditamenti"),
    path("accreditamenti/bandi/", views.BandiAPI.as_view(), name="bandi"),
    path("accreditamenti/<int:accreditamento_pk>/", views.AccreditamentoAPI.as_view(), name="accreditamento"),
    path("accreditamenti/<int:accreditamento_pk>/transizioni/", views.AccreditamentoTransizioneAPI.as_view(),
         name="accreditamento_transizione"),
    path("accreditamenti/<int:accreditamento_pk>/contratti/", views.ContrattiAPI.as_view(), name="contratti"),
    path("vigilanza/<int:visita_pk>/ottemperanza/", views.OttemperanzaAPI.as_view(), name="ottemperanza"),
    path("fsr/<int:consuntivo_pk>/contributo/", views.ContributoAPI.as_view(), name="contributo"),
    path("fsr/", views.ConsuntiviAPI.as_view(), name="fsr"),
    path("fsr/criteri/", views.CriteriFSRAPI.as_view(), name="fsr_criteri"),
    path("fsr/avvisi/", views.AvvisiFSRAPI.as_view(), name="fsr_avvisi"),
]

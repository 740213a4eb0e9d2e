"""Funds API: /api/v1/a/<ambito_slug>/fondi/… (mounted by ambito/urls.py)."""

from django.urls import path

from fondi.api import views

urlpatterns = [
    path("fonti/", views.FontiAPI.as_view(), name="api_fondi_fonti"),
    path("assegnazioni/", views.AssegnazioniAPI.as_view(), name="api_fondi_assegnazioni"),
    path("assegnazioni/<int:assegnazione_pk>/", views.AssegnazioneDetailAPI.as_view(),
         name="api_fondi_assegnazione"),
    path("assegnazioni/<int:assegnazione_pk>/quote/", views.QuoteAPI.as_view(), name="api_fondi_quote"),
    path("assegnazioni/<int:assegnazione_pk>/riporti/", views.RiportiAPI.as_view(), name="api_fondi_riporti"),
    path("assegnazioni/<int:assegnazione_pk>/riparti/", views.RipartiAPI.as_view(), name="api_fondi_riparti"),
    path("assegnazioni/<int:assegnazione_pk>/riparti/anteprima/", views.RipartoAnteprimaAPI.as_view(),
         name="api_fondi_riparto_anteprima"),
    path("assegnazioni/<int:assegnazione_pk>/rendiconto/", views.RendicontoAPI.as_view(),
         name="api_fondi_rendiconto"),
    path("quote/<int:quota_pk>/", views.QuotaAPI.as_view(), name="api_fondi_quota"),
    path("quote/<int:quota_pk>/movimenti/", views.MovimentiQuotaAPI.as_view(), name="api_fondi_quota_movimenti"),
    path("movimenti/", views.MovimentiAPI.as_view(), name="api_fondi_movimenti"),
    path("movimenti/<int:movimento_pk>/", views.MovimentoAPI.as_view(), name="api_fondi_movimento"),
    path("movimenti/<int:movimento_pk>/rettifiche/", views.RettificheAPI.as_view(), name="api_fondi_rettifiche"),
    path("riparti/<int:riparto_pk>/", views.RipartoAPI.as_view(), name="api_fondi_riparto"),
    path("posizione/", views.PosizioneAPI.as_view(), name="api_fondi_posizione"),
    path("scadenze/", views.ScadenzeAPI.as_view(), name="api_fondi_scadenze"),
    path("cofinanziamenti/", views.CofinanziamentiAPI.as_view(), name="api_fondi_cofinanziamenti"),
    path("cofinanziamenti/<int:cofinanziamento_pk>/", views.CofinanziamentoAPI.as_view(),
         name="api_fondi_cofinanziamento"),
    path("quote-comunali/<int:quota_comunale_pk>/versamenti/", views.VersamentiAPI.as_view(),
         name="api_fondi_versamenti"),
]

"""Public account pages under /account/: login (two steps), 2FA set-up and recovery codes,
password reset and change, logout, invitation links.

django-two-factor-auth's views keep their ``two_factor:`` names; their paths drop the
package's own ``account/`` prefix because this module is already mounted at ``/account/``.
"""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy
from two_factor import views as tf

from ambito.accounts import views as account
from ambito.accounts.forms import CambioPasswordForm, NuovaPasswordForm, RecuperoPasswordForm

two_factor_patterns = [
    path("login/", account.AccessoView.as_view(), name="login"),
    path("two_factor/setup/", tf.SetupView.as_view(), name="setup"),
    path("two_factor/qrcode/", account.CodiceQRView.as_view(), name="qr"),
    path("two_factor/setup/complete/", tf.SetupCompleteView.as_view(), name="setup_complete"),
    path("two_factor/backup/tokens/", tf.BackupTokensView.as_view(), name="backup_tokens"),
    path("two_factor/", account.SicurezzaAccountView.as_view(), name="profile"),
    path("two_factor/disable/", account.DisattivaSecondoFattoreView.as_view(), name="disable"),
]

urlpatterns = [
    path("", include((two_factor_patterns, "two_factor"))),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/cambia/", auth_views.PasswordChangeView.as_view(form_class=CambioPasswordForm),
         name="password_change"),
    path("password/cambiata/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reimposta/", auth_views.PasswordResetView.as_view(form_class=RecuperoPasswordForm),
         name="password_reset"),
    path("password/reimposta/inviata/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password/reimposta/<uidb64>/<token>/",
         auth_views.PasswordResetConfirmView.as_view(form_class=NuovaPasswordForm,
                                                     success_url=reverse_lazy("password_reset_complete")),
         name="password_reset_confirm"),
    path("password/reimposta/completata/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("invito/", include("ambito.membri.urls_invito")),
    path("token-api/", account.token_api, name="token_api"),
    path("token-api/nuovo/", account.token_api_nuovo, name="token_api_nuovo"),
    path("token-api/elimina/", account.token_api_elimina, name="token_api_elimina"),
]

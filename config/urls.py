"""Root URLs: the app, sign-in and password pages, the language switch, Django admin, the REST API and its docs."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from coaching.api.views.docs import ApiSchemaView, api_docs
from coaching.api.views.errors import api_not_found
from coaching.views import language

admin.site.site_header = _("Coaching administration")
admin.site.site_title = _("Coaching")

urlpatterns = [
    path("", include("coaching.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("i18n/setlang/", language.language_set, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("coaching.api.urls")),
    path("api/schema/", ApiSchemaView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
    # Last: any other path under /api/ (a malformed id, an unknown resource) is a JSON 404.
    re_path(r"^api/(?:.*/)?$", api_not_found, name="api-not-found"),
]

from django.contrib.auth import views as auth_views
from django.urls import path
from django_ratelimit.decorators import ratelimit

urlpatterns = [
    path("accounts/login/", ratelimit(key="ip", rate="5/m", method="POST")(auth_views.LoginView.as_view()), name="login"),
]

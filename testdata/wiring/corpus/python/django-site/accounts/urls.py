# class: ratelimit
from django.urls import path

from . import views

urlpatterns = [
    path("login/", views.login_view),  # want code/auth-route-without-rate-limit
    path("feed/", views.feed),
    path("partner/", views.partner),
]

# class: ratelimit
from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token

urlpatterns = [
    path("api/login/", obtain_auth_token),  # want code/auth-route-without-rate-limit
]

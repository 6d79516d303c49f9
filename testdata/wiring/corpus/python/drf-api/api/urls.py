# class: ratelimit
from django.urls import path
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from . import views

urlpatterns = [
    path("api/token/", TokenObtainPairView.as_view()),  # want code/auth-route-without-rate-limit
    path("api/token/refresh/", TokenRefreshView.as_view()),  # want code/auth-route-without-rate-limit
    path("api/register/", views.RegisterView.as_view()),  # want code/auth-route-without-rate-limit
    path("api/articles/", views.ArticleList.as_view()),
]

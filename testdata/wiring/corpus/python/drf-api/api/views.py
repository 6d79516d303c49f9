# class: ratelimit
from rest_framework import generics


class RegisterView(generics.CreateAPIView):
    pass


class ArticleList(generics.ListAPIView):
    pass

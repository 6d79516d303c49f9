# class: cookie
# set_cookie(**mapping): a mapping from settings is unknown (not judged);
# a dict literal of the module is followed.
from django.conf import settings
from django.http import HttpResponse

SECURE_KW = {"secure": True, "httponly": True, "samesite": "Lax"}
LAX_ONLY = {"samesite": "Lax"}


def sso(request):
    response = HttpResponse("ok")
    response.set_cookie("sessionid", "x", **settings.AUTH_COOKIE_KWARGS)
    return response


def login_done(request):
    response = HttpResponse("ok")
    response.set_cookie("sessionid", "x", **SECURE_KW)
    return response


def remember(request):
    response = HttpResponse("ok")
    response.set_cookie("auth_token", "x", **LAX_ONLY)  # want code/session-cookie-insecure code/session-cookie-not-httponly
    return response

# class: cookie
# Django docs: HttpResponse.set_cookie(..., secure=False, httponly=False):
# both flags default off. csrftoken is read by scripts by design
# (CSRF_COOKIE_HTTPONLY defaults to False).
from django.http import HttpResponse


def prefs(request):
    resp = HttpResponse("ok")
    resp.set_cookie("csrftoken", "v", secure=True)
    resp.set_cookie("sidebar_state", "open", secure=True, httponly=True)
    resp.set_cookie("auth_token", "t", secure=True)  # want code/session-cookie-not-httponly
    return resp

# class: cors, cookie
from django.http import HttpResponse, JsonResponse


def login_view(request):
    response = JsonResponse({"ok": True})
    # Django: set_cookie(secure=False, httponly=False, samesite=None) by default.
    response.set_cookie("sessionid", "abc")  # want code/session-cookie-insecure code/session-cookie-not-httponly
    response.set_signed_cookie("remember_token", "abc", secure=True)  # want code/session-cookie-not-httponly
    response.set_cookie("tz", "Europe/Paris", max_age=3600)  # want code/cookie-insecure code/cookie-not-httponly
    response.set_cookie("auth", "abc", secure=True, httponly=True, samesite="Strict")
    return response


def feed(request):
    response = HttpResponse("{}", content_type="application/json")
    response["Access-Control-Allow-Origin"] = "*"  # want code/cors-wildcard
    return response


def partner(request):
    response = HttpResponse("{}")
    response["Access-Control-Allow-Origin"] = request.META.get("HTTP_ORIGIN")  # want code/cors-reflected-origin
    return response

# Django: HttpResponse.set_cookie(key, value='', max_age=None, expires=None,
# path='/', domain=None, secure=False, httponly=False, samesite=None).
from django.http import JsonResponse


def login(request):
    response = JsonResponse({"ok": True})
    response.set_cookie("sessionid", "abc", httponly=True)
    response.set_signed_cookie("remember_token", "abc", secure=True)
    response["Access-Control-Allow-Origin"] = "*"
    return response

# Known-safe: every flag set; headers from an allow-list; debug from the
# environment.
import os

from django.http import JsonResponse
from flask import Flask, make_response, request
from pyramid.session import SignedCookieSessionFactory

app = Flask(__name__)
ALLOWED = {"https://app.example.com"}
factory = SignedCookieSessionFactory("seekrit", secure=True, httponly=True)


@app.get("/me")
def me():
    resp = make_response("ok")
    resp.set_cookie("session_id", "abc", secure=True, httponly=True, samesite="Lax")
    resp.set_cookie("auth", "abc", 3600, None, "/", None, True, True)
    origin = request.headers.get("Origin")
    if origin in ALLOWED:
        resp.headers["Access-Control-Allow-Origin"] = origin
    return resp


def dj(request):
    response = JsonResponse({})
    response.set_cookie("sessionid", "abc", secure=True, httponly=True)
    return response


if __name__ == "__main__":
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")

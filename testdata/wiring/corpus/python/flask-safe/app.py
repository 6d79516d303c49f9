# class: cors, cookie, debug, ratelimit
# Known-safe: the idioms the Flask docs recommend.
import os

from flask import Flask, make_response
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

app = Flask(__name__)
app.config.update(
    SESSION_COOKIE_SECURE=True,
    SESSION_COOKIE_HTTPONLY=True,
    SESSION_COOKIE_SAMESITE="Lax",
)
CORS(app, origins=["https://app.example.com"], supports_credentials=True)
limiter = Limiter(get_remote_address, app=app)

DEBUG = os.environ.get("DEBUG", False)
app.debug = os.environ.get("FLASK_DEBUG") == "1"


@app.route("/login", methods=["POST"])
@limiter.limit("5 per minute")
def login():
    resp = make_response("ok")
    resp.set_cookie("session_token", "abc", secure=True, httponly=True, samesite="Lax")
    resp.set_cookie("lang", "en", secure=True, httponly=True)
    return resp


if __name__ == "__main__":
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")

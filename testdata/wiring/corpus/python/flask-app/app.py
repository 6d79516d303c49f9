# class: cors, cookie, debug, ratelimit
from flask import Flask, request, jsonify, make_response
from flask_cors import CORS

app = Flask(__name__)
CORS(app, supports_credentials=True)  # want code/cors-any-origin-with-credentials


@app.after_request
def add_cors(response):
    response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin")  # want code/cors-any-origin-with-credentials
    response.headers["Access-Control-Allow-Credentials"] = "true"
    return response


@app.route("/login", methods=["POST"])  # want code/auth-route-without-rate-limit
def login():
    resp = make_response(jsonify(ok=True))
    # Werkzeug: set_cookie(secure=False, httponly=False) by default.
    resp.set_cookie("session_token", "abc")  # want code/session-cookie-insecure code/session-cookie-not-httponly
    resp.set_cookie("jwt", "abc", httponly=True, samesite="None")  # want code/session-cookie-insecure code/cookie-samesite-none-insecure
    resp.set_cookie("ui_theme", "dark")  # want code/cookie-insecure code/cookie-not-httponly
    return resp


@app.post("/password/reset")  # want code/auth-route-without-rate-limit
def reset():
    return "", 202


if __name__ == "__main__":
    app.run(host="0.0.0.0", debug=True)  # want code/debug-mode

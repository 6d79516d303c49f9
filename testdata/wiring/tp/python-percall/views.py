# Flask/Werkzeug: set_cookie(key, value='', max_age=None, expires=None,
# path='/', domain=None, secure=False, httponly=False, samesite=None).
from flask import Flask, make_response, request
from werkzeug.debug import DebuggedApplication
from werkzeug.serving import run_simple

app = Flask(__name__)


@app.get("/me")
def me():
    resp = make_response("ok")
    resp.set_cookie("session_id", "abc")
    resp.set_cookie("auth", "abc", 3600, None, "/", None, True, False)
    resp.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin")
    return resp


app.wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True)
run_simple("0.0.0.0", 5000, app, use_debugger=True)

if __name__ == "__main__":
    app.run(debug=True)

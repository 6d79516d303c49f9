# class: debug, cors
# Flask docs: "Do not enable debug mode when deploying in production."
# Settings made only when FLASK_ENV is development, or while app.debug is
# on, do not run in production.
import os
from flask import Flask

app = Flask(__name__)

if os.environ.get("FLASK_ENV") == "development":
    app.debug = True

if os.environ.get("APP_ENV") != "production":
    app.config["DEBUG"] = True

if os.environ.get("FLASK_ENV") == "production":
    app.debug = True  # want code/debug-mode


@app.after_request
def dev_cors(resp):
    if app.debug:
        resp.headers["Access-Control-Allow-Origin"] = "*"
    else:
        resp.headers["Access-Control-Allow-Origin"] = "*"  # want code/cors-wildcard
    return resp

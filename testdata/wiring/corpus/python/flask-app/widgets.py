# class: cors, debug
from flask import Flask
from flask_cors import CORS, cross_origin

widgets = Flask("widgets")
CORS(widgets, origins=["null", "https://app.example.com"])  # want code/cors-null-origin
widgets.config["DEBUG"] = True  # want code/debug-mode


@widgets.route("/embed")
@cross_origin()  # want code/cors-wildcard
def embed():
    return "ok"

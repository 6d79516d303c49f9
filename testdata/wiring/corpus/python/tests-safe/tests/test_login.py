# class: cors, debug, cookie
# Known-safe: test code.
from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, supports_credentials=True)
app.config["DEBUG"] = True


def test_login(client):
    client.set_cookie("session", "abc")

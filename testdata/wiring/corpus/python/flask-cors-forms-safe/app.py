# class: cors, cookie
# The same forms, with a fixed list of origins and the session cookie's
# flags on.
import flask_cors
from flask import Flask
from flask_cors import CORS as Cors

app = Flask(__name__)
api = Flask("api")
flask_cors.CORS(app, origins=["https://app.example.com"])
Cors(api, resources={r"/api/*": {"origins": ["https://app.example.com"]}})
Cors(api, resources=r"/api/*", origins="https://app.example.com")
app.config.update(SESSION_COOKIE_SECURE=True, SESSION_COOKIE_HTTPONLY=True)

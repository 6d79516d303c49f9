# class: cors, cookie
# Flask-CORS docs: "origins ... Default: '*'"; resources: "a dictionary
# mapping URL patterns to options (origins, ...)"; CORS can be imported
# under another name or called through the module.
import flask_cors
from flask import Flask
from flask_cors import CORS as Cors

app = Flask(__name__)
api = Flask("api")
admin = Flask("admin")
flask_cors.CORS(app)  # want code/cors-wildcard
Cors(api, resources={r"/api/*": {"origins": "*"}})  # want code/cors-wildcard
Cors(admin, supports_credentials=True)  # want code/cors-any-origin-with-credentials
# Flask docs: SESSION_COOKIE_SECURE "Default: False".
app.config.update(
    SESSION_COOKIE_SECURE=False,  # want code/session-cookie-insecure
    SESSION_COOKIE_HTTPONLY=False,  # want code/session-cookie-not-httponly
)

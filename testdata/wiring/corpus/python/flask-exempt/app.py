# class: ratelimit
# Flask-Limiter docs: default_limits apply to every route;
# "@limiter.exempt: mark a view to be excluded from rate limiting".
from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

app = Flask(__name__)
limiter = Limiter(get_remote_address, app=app, default_limits=["200 per day", "50 per hour"])


@app.route("/login", methods=["POST"])  # want code/auth-route-without-rate-limit
@limiter.exempt
def login():
    return "ok"


@app.route("/register", methods=["POST"])
def register():
    return "ok"

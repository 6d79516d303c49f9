import os

from flask import Flask, jsonify, request
from flask_cors import CORS
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

app = Flask(__name__)
app.config["DEBUG"] = os.environ.get("FLASK_DEBUG") == "1"
CORS(app, origins=["https://app.example.com"], supports_credentials=True)
limiter = Limiter(get_remote_address, app=app)


@app.route("/login", methods=["POST"])
@limiter.limit("5 per minute")
def login():
    return jsonify(token=authenticate(request.json).token)


if __name__ == "__main__":
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")

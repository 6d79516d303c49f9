from flask import Flask, jsonify, request
from flask_cors import CORS

app = Flask(__name__)
CORS(app, supports_credentials=True)


@app.route("/login", methods=["POST"])
def login():
    user = authenticate(request.json)
    return jsonify(token=user.token)


@app.get("/members")
def members():
    return jsonify(list_members())


app.run(host="0.0.0.0", port=8000, debug=True)

def login():
    password = request.form["password"]
    secret = os.environ["APP_SECRET"]

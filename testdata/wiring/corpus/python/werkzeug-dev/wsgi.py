# class: debug
# Known-safe: debug read from the environment, off by default.
import os

from myapp import create_app

app = create_app()
app.config["DEBUG"] = os.environ.get("FLASK_DEBUG", "0") == "1"
DEBUG = os.environ.get("DEBUG", False)

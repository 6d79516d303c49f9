# The app itself: nothing to report.
from flask import Flask

app = Flask(__name__)

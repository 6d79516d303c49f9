# class: debug
from flask import Flask

web = Flask(__name__)
web.debug = True  # want code/debug-mode

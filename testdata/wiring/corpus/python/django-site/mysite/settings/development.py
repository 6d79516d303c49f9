# class: debug
# Known-safe: a development settings module is where DEBUG = True belongs.
from .base import *  # noqa

DEBUG = True

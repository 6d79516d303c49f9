# class: debug, cookie
# Known-safe: production settings read from the environment.
import os

from .base import *  # noqa

DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_SAMESITE = "Lax"

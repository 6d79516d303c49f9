# class: cors, cookie, debug, headers
import os

DEBUG = True  # want code/debug-mode

ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "django.contrib.sessions",
    "corsheaders",
    "accounts",
]

CORS_ALLOW_ALL_ORIGINS = True  # want code/cors-any-origin-with-credentials
CORS_ALLOW_CREDENTIALS = True

SESSION_COOKIE_SECURE = False  # want code/session-cookie-insecure
SESSION_COOKIE_HTTPONLY = False  # want code/session-cookie-not-httponly
CSRF_COOKIE_SECURE = False  # want code/cookie-insecure
# Django's default for CSRF_COOKIE_HTTPONLY is False, on purpose: not a finding.
CSRF_COOKIE_HTTPONLY = False
SESSION_COOKIE_SAMESITE = "None"  # want code/cookie-samesite-none-insecure

SECURE_CONTENT_TYPE_NOSNIFF = False  # want code/security-header-disabled
X_FRAME_OPTIONS = "ALLOWALL"  # want code/security-header-disabled

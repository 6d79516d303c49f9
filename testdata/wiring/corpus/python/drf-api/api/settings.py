# class: ratelimit, debug
import os

DEBUG = os.environ.get("DEBUG", False)

INSTALLED_APPS = [
    "rest_framework",
    "rest_framework_simplejwt",
    "api",
]

# No DEFAULT_THROTTLE_CLASSES / DEFAULT_THROTTLE_RATES: DRF throttles nothing.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
    ],
}

# class: ratelimit, debug, cookie
# Known-safe: DRF with throttling configured, debug from the environment.
import environ

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

REST_FRAMEWORK = {
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "20/minute", "user": "200/minute"},
}

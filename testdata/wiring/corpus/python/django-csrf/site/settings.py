# class: cookie
# Django docs: CSRF_COOKIE_SECURE "Default: False"; CSRF_COOKIE_HTTPONLY
# "Default: False" (scripts read the token by design: not judged).
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = False  # want code/cookie-insecure
CSRF_COOKIE_HTTPONLY = False

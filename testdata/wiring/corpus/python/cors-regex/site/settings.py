# class: cors
# django-cors-headers applies CORS_ALLOWED_ORIGIN_REGEXES with re.match:
# anchored at the start only.
INSTALLED_APPS = ["corsheaders"]
CORS_ALLOWED_ORIGIN_REGEXES = [
    r"https://\w+\.example\.com$",
]

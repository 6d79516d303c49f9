SECRET_KEY = 'django-insecure-change-me'

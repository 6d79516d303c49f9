from django.db import models

DATABASES = {'default': {'PASSWORD': os.environ.get('DB_PASSWORD', '')}}
EMAIL_HOST_PASSWORD = config('EMAIL_HOST_PASSWORD')
PASSWORD_HASHERS = ['django.contrib.auth.hashers.Argon2PasswordHasher']

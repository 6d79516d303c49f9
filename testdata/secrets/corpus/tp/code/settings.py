DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.mysql',
        'NAME': 'shop',
        'USER': 'shop',
        'PASSWORD': 'Passw0rd2023jq',
        'HOST': 'mysql.corp-intra.net',
    }
}

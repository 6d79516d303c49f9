# Pyramid: SignedCookieSessionFactory(secret, cookie_name='session',
# max_age=None, path='/', domain=None, secure=False, httponly=False, ...).
from pyramid.session import SignedCookieSessionFactory

factory = SignedCookieSessionFactory("seekrit")

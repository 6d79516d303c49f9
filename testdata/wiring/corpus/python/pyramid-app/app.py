# class: cors, cookie
from pyramid.config import Configurator
from pyramid.session import SignedCookieSessionFactory
from pyramid.view import view_config

# SignedCookieSessionFactory: secure=False and httponly=False by default.
session_factory = SignedCookieSessionFactory("itsaseekreet")  # want code/session-cookie-insecure code/session-cookie-not-httponly
safe_factory = SignedCookieSessionFactory("itsaseekreet", secure=True, httponly=True, samesite="Lax")
admin_factory = SignedCookieSessionFactory("s3cr3t", secure=False, httponly=True)  # want code/session-cookie-insecure


@view_config(route_name="login", renderer="json", request_method="POST")
def login(request):
    # WebOb Response.set_cookie: secure=False, httponly=False by default.
    request.response.set_cookie("auth_tkt", "abc", max_age=3600)  # want code/session-cookie-insecure code/session-cookie-not-httponly
    request.response.headers["Access-Control-Allow-Origin"] = request.headers.get("Origin", "*")  # want code/cors-reflected-origin
    return {"ok": True}


def main(global_config, **settings):
    with Configurator(settings=settings) as config:
        config.set_session_factory(safe_factory)
        config.add_route("login", "/api/login")
        config.scan()
        return config.make_wsgi_app()

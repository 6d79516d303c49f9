# class: cors, cookie, ratelimit
# Known-safe: Starlette with an origin list and a limiter on the login.
from slowapi import Limiter
from slowapi.util import get_remote_address
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Route

limiter = Limiter(key_func=get_remote_address)


@limiter.limit("5/minute")
async def login(request):
    response = JSONResponse({"ok": True})
    response.set_cookie("session", "abc", secure=True, httponly=True, samesite="strict")
    return response


middleware = [
    Middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True),
]

app = Starlette(routes=[Route("/login", login, methods=["POST"])], middleware=middleware)

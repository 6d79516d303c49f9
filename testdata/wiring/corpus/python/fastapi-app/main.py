# class: cors, cookie, ratelimit
from fastapi import FastAPI, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

app = FastAPI()

# Starlette echoes the Origin for "*" when credentials are allowed.
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)  # want code/cors-any-origin-with-credentials


@app.post("/token")  # want code/auth-route-without-rate-limit
async def token(response: Response):
    # Starlette: set_cookie(secure=False, httponly=False, samesite="lax") by default.
    response.set_cookie(key="access_token", value="abc")  # want code/session-cookie-insecure code/session-cookie-not-httponly
    response.set_cookie(key="refresh_token", value="abc", httponly=True, secure=True)
    return {"ok": True}


@app.get("/public/stats")
async def stats():
    return JSONResponse({"n": 1}, headers={"Access-Control-Allow-Origin": "*"})  # want code/cors-wildcard


@app.get("/prefs")
async def prefs(response: Response):
    response.set_cookie("layout", "grid")  # want code/cookie-insecure code/cookie-not-httponly
    return {}

# Starlette: set_cookie(key, value="", max_age=None, expires=None, path="/",
# domain=None, secure=False, httponly=False, samesite="lax").
from fastapi import FastAPI, Response
from fastapi.responses import JSONResponse

app = FastAPI()


@app.get("/refresh")
async def refresh(response: Response):
    response.set_cookie(key="access_token", value="abc", samesite="none")
    return JSONResponse({}, headers={"Access-Control-Allow-Origin": "null"})

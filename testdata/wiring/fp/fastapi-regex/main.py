from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from slowapi import Limiter
from slowapi.util import get_remote_address

app = FastAPI()
limiter = Limiter(key_func=get_remote_address, default_limits=["100/minute"])

app.add_middleware(
    CORSMiddleware,
    allow_origin_regex=r"^https://[a-z0-9-]+\.example\.com$",
    allow_credentials=True,
)


@app.post("/token")
async def token(form: LoginForm):
    return await issue_token(form)

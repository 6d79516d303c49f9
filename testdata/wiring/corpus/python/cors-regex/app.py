# class: cors
# Starlette applies allow_origin_regex with re.fullmatch: anchored at both
# ends, so only subdomains of example.com match.
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI()
app.add_middleware(CORSMiddleware, allow_origin_regex=r"https://.*\.example\.com", allow_credentials=True)
# ".*example" admits https://evilexample.com
app.add_middleware(CORSMiddleware, allow_origin_regex=r"https://.*example\.com", allow_credentials=True)  # want code/cors-loose-regex

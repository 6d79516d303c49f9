# Known-safe: HttpOnly set, the Origin from a list.
class SessionsController < ApplicationController
  ALLOWED = ["https://app.example.com"].freeze

  def create
    cookies.encrypted[:remember_token] = { value: "abc", httponly: true, secure: true }
    cookies[:locale] = { value: "fr", httponly: true }
    response.headers["Access-Control-Allow-Origin"] = "https://app.example.com"
  end
end

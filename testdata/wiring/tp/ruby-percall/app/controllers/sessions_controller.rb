# ActionDispatch::Cookies: :httponly "Defaults to false".
class SessionsController < ApplicationController
  def create
    cookies[:remember_token] = { value: "abc", expires: 2.weeks }
    cookies.permanent[:auth_token] = "abc"
    response.headers["Access-Control-Allow-Origin"] = request.headers["Origin"]
    response.headers["Access-Control-Allow-Credentials"] = "true"
  end
end

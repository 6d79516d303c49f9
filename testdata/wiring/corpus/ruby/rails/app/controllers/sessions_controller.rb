# class: cookie, cors
class SessionsController < ApplicationController
  def create
    user = User.authenticate_by(email: params[:email], password: params[:password])
    # The cookies jar sets HttpOnly only when told (httponly: true).
    cookies[:remember_token] = { value: user.remember_token, expires: 2.weeks } # want code/session-cookie-not-httponly
    cookies.permanent[:auth_token] = user.auth_token # want code/session-cookie-not-httponly
    cookies.encrypted[:user_id] = { value: user.id, httponly: true }
    cookies[:locale] = { value: "fr", secure: false } # want code/cookie-insecure code/cookie-not-httponly
    cookies.signed[:session_id] = { value: session.id, httponly: true, secure: true, same_site: :lax }
    response.headers["Access-Control-Allow-Origin"] = request.headers["Origin"] # want code/cors-any-origin-with-credentials
    response.headers["Access-Control-Allow-Credentials"] = "true"
    redirect_to root_path
  end
end

# class: cookie
class SessionsController < ApplicationController
  rate_limit to: 10, within: 3.minutes, only: :create

  def create
    cookies.encrypted[:remember_token] = { value: "abc", httponly: true, secure: true, expires: 2.weeks }
    head :no_content
  end
end

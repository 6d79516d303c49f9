# class: cors, debug, cookie, ratelimit
require "sinatra"

set :show_exceptions, true # want code/stack-trace-response
set :sessions, httponly: false, secure: false # want code/session-cookie-insecure code/session-cookie-not-httponly

configure :development do
  set :show_exceptions, :after_handler
end

before do
  headers "Access-Control-Allow-Origin" => "*" # want code/cors-wildcard
end

get "/embed" do
  response["Access-Control-Allow-Origin"] = request.env["HTTP_ORIGIN"] # want code/cors-reflected-origin
  "ok"
end

post "/login" do # want code/auth-route-without-rate-limit
  response.set_cookie("session_token", value: "abc", path: "/") # want code/session-cookie-insecure code/session-cookie-not-httponly
  "ok"
end

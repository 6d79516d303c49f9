# Sinatra: show_exceptions is on in development only, by default.
require "sinatra"

set :show_exceptions, true

post "/login" do
  response.set_cookie("session_token", value: "abc")
  "ok"
end

require "sinatra"

configure :development do
  set :show_exceptions, true
end

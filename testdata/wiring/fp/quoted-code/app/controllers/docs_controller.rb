# Ruby heredocs are strings (<<~ squiggly, <<- dash, two on one line).
class DocsController < ApplicationController
  HELP = <<~TEXT
    cookies[:auth_token] = params[:t]
    response.headers['Access-Control-Allow-Origin'] = request.headers['Origin']
  TEXT
  A, B = <<-X, <<Y
    cookies[:remember_token] = { value: t, httponly: false }
  X
response.headers['Access-Control-Allow-Origin'] = '*'
Y
  def show
    render plain: HELP
  end
end

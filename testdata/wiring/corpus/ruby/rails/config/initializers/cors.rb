# class: cors
Rails.application.config.middleware.insert_before 0, Rack::Cors do
  allow do
    origins { |source, env| true } # want code/cors-any-origin-with-credentials
    resource "/api/*", headers: :any, methods: [:get, :post], credentials: true
  end
  allow do
    origins "*" # want code/cors-wildcard
    resource "/public/*", headers: :any, methods: [:get]
  end
end

# class: cors
Rails.application.config.middleware.insert_before 0, Rack::Cors do
  allow do
    origins "https://app.example.com", /\Ahttps:\/\/[a-z0-9-]+\.example\.com\z/
    resource "/api/*", headers: :any, methods: [:get, :post], credentials: true
  end
end

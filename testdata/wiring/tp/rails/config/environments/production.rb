Rails.application.configure do
  config.cache_classes = true
  config.force_ssl = false
end

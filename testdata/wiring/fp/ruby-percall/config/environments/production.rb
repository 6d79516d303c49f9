Rails.application.configure do
  config.consider_all_requests_local = false
  config.force_ssl = true
end

# class: debug, cookie
Rails.application.configure do
  config.eager_load = true
  config.consider_all_requests_local = true # want code/debug-mode
  config.force_ssl = true
end

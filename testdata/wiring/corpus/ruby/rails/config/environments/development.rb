# class: debug
# Known-safe: full error reports belong in development.
Rails.application.configure do
  config.consider_all_requests_local = true
end

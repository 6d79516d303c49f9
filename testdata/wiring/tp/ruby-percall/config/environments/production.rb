# consider_all_requests_local: false in production by default.
Rails.application.configure do
  config.consider_all_requests_local = true
  config.session_store :cookie_store, key: "_app_session", httponly: false
end

# class: debug, cookie
# Known-safe: the generated production settings.
Rails.application.configure do
  config.consider_all_requests_local = false
  config.force_ssl = true
  config.session_store :cookie_store, key: "_app_session", secure: true, httponly: true, same_site: :lax
end

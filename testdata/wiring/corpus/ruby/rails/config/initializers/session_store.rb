# class: cookie
Rails.application.config.session_store :cookie_store, key: "_shop_session", httponly: false # want code/session-cookie-not-httponly

<?php
// class: debug, cookie
// Known-safe: production settings.
ini_set('display_errors', '0');
ini_set('log_errors', '1');
ini_set('session.cookie_secure', '1');
ini_set('session.cookie_httponly', '1');
ini_set('session.cookie_samesite', 'Lax');

<?php
// class: cookie, cors, debug
ini_set('display_errors', '1'); // want code/debug-mode
error_reporting(E_ALL);

// session.cookie_secure and session.cookie_httponly are off by default.
ini_set('session.cookie_secure', '0'); // want code/session-cookie-insecure
ini_set('session.cookie_httponly', 0); // want code/session-cookie-not-httponly
session_set_cookie_params(0, '/', '', false, true); // want code/session-cookie-insecure
session_set_cookie_params(['lifetime' => 0, 'path' => '/', 'secure' => true, 'httponly' => false]); // want code/session-cookie-not-httponly
session_start();

header('Access-Control-Allow-Origin: ' . $_SERVER['HTTP_ORIGIN']); // want code/cors-any-origin-with-credentials
header('Access-Control-Allow-Credentials: true');

// setcookie(name, value, expires, path, domain, secure = false, httponly = false)
setcookie('PHPSESSID_REMEMBER', $token, time() + 86400 * 30, '/'); // want code/session-cookie-insecure code/session-cookie-not-httponly
setcookie('auth_token', $token, time() + 3600, '/', '', true, false); // want code/session-cookie-not-httponly
setcookie('auth', $token, ['expires' => time() + 3600, 'path' => '/', 'samesite' => 'None', 'httponly' => true]); // want code/session-cookie-insecure code/cookie-samesite-none-insecure
setcookie('currency', 'EUR'); // want code/cookie-insecure code/cookie-not-httponly
setcookie('session_token', $token, ['expires' => time() + 3600, 'secure' => true, 'httponly' => true, 'samesite' => 'Lax']);
setcookie('sid', $token, time() + 3600, '/', '', true, true);

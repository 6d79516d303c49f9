<?php
// Known-safe: flags set, errors logged, origins checked against a list.
use Symfony\Component\HttpFoundation\Cookie;

ini_set('display_errors', '0');
ini_set('session.cookie_secure', '1');
setcookie('remember_token', $token, ['expires' => 0, 'secure' => true, 'httponly' => true, 'samesite' => 'Lax']);
setcookie('sid', $token, 0, '/', '', true, true);
if (in_array($_SERVER['HTTP_ORIGIN'] ?? '', ['https://app.example.com'], true)) {
    header('Access-Control-Allow-Origin: ' . $_SERVER['HTTP_ORIGIN']);
}
$c = Cookie::create('REMEMBERME', 'x');

<?php
// setcookie(name, value, expires, path, domain, secure = false, httponly = false);
// session.cookie_secure and session.cookie_httponly default to off.
use Symfony\Component\HttpFoundation\Cookie;
use Symfony\Component\HttpFoundation\Response;

ini_set('display_errors', 'On');
ini_set('session.cookie_secure', 0);
session_set_cookie_params(['lifetime' => 0, 'httponly' => false]);
setcookie('remember_token', $token);
setcookie('sid', $token, ['expires' => 0, 'secure' => true, 'samesite' => 'None']);
header('Access-Control-Allow-Origin: ' . $_SERVER['HTTP_ORIGIN']);
header('Access-Control-Allow-Credentials: true');

$response = new Response();
$response->headers->setCookie(Cookie::create('REMEMBERME', 'x')->withHttpOnly(false));

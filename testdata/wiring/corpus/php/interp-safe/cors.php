<?php
// class: cors, cookie
// Safe twins: a fixed origin interpolated, an origin checked against an
// allow-list, a Laravel cookie with $secure and $httpOnly true.
$origin = 'https://app.example.com';
header("Access-Control-Allow-Origin: $origin");
header('Access-Control-Allow-Credentials: true');

function api() {
    $o = $_SERVER['HTTP_ORIGIN'] ?? '';
    if (in_array($o, ['https://app.example.com'], true)) {
        header("Access-Control-Allow-Origin: {$o}");
    }
}

function store($t) {
    return response('ok')->cookie('auth_token', $t, 60, '/', null, true, true);
}

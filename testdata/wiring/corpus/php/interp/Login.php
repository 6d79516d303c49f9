<?php
// class: cookie
// Laravel: cookie($name, $value, $minutes, $path, $domain, $secure,
// $httpOnly): explicit false switches the flags off.
namespace App\Http\Controllers;

class Login
{
    public function store($t)
    {
        return response('ok')->cookie('auth_token', $t, 60, '/', null, false, false); // want code/session-cookie-insecure code/session-cookie-not-httponly
    }
}

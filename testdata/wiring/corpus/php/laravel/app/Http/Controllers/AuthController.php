<?php
// class: cookie, cors

namespace App\Http\Controllers;

use Illuminate\Http\Request;
use Illuminate\Support\Facades\Cookie;

class AuthController extends Controller
{
    public function login(Request $request)
    {
        // cookie($name, $value, $minutes, $path, $domain, $secure = null, $httpOnly = true)
        return response('ok')
            ->cookie('remember_token', 'abc', 60, '/', null, false, false) // want code/session-cookie-insecure code/session-cookie-not-httponly
            ->header('Access-Control-Allow-Origin', $request->header('Origin')) // want code/cors-reflected-origin
            ->withCookie(cookie('api_token', 'abc', 60, null, null, true, true));
    }

    public function forgot(Request $request)
    {
        Cookie::queue('auth_hint', 'x', 10, '/', null, true, false); // want code/session-cookie-not-httponly
        return response()->noContent();
    }
}

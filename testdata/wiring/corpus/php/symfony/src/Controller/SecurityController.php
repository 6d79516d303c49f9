<?php
// class: cookie, cors, ratelimit

namespace App\Controller;

use Symfony\Bundle\FrameworkBundle\Controller\AbstractController;
use Symfony\Component\HttpFoundation\Cookie;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\Response;
use Symfony\Component\Routing\Attribute\Route;

class SecurityController extends AbstractController
{
    #[Route('/api/login', name: 'api_login', methods: ['POST'])] // want code/auth-route-without-rate-limit
    public function login(Request $request): Response
    {
        $response = new Response('ok');
        // Cookie::create($name, $value, $expire = 0, $path = '/', $domain = null, $secure = null, $httpOnly = true, $raw = false, $sameSite = 'lax')
        $response->headers->setCookie(Cookie::create('REMEMBERME', 'abc', 0, '/', null, false, false)); // want code/session-cookie-insecure code/session-cookie-not-httponly
        $response->headers->setCookie(new Cookie('auth_token', 'abc', 0, '/', null, true, true, false, Cookie::SAMESITE_STRICT));
        $response->headers->setCookie(Cookie::create('jwt')->withValue('abc')->withHttpOnly(false)); // want code/session-cookie-not-httponly
        $response->headers->set('Access-Control-Allow-Origin', '*'); // want code/cors-wildcard
        return $response;
    }
}

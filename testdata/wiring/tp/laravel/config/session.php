<?php

return [
    'driver' => env('SESSION_DRIVER', 'database'),
    'lifetime' => env('SESSION_LIFETIME', 120),
    'secure' => env('SESSION_SECURE_COOKIE', false),
    'http_only' => false,
    'same_site' => 'lax',
];

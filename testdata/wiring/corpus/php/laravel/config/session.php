<?php
// class: cookie

return [
    'driver' => env('SESSION_DRIVER', 'file'),
    'lifetime' => 120,
    'cookie' => 'shop_session',
    'secure' => false, // want code/session-cookie-insecure
    'http_only' => true,
    'same_site' => 'lax',
];

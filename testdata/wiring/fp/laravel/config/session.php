<?php

return [
    // 'secure' => false,
    'secure' => env('SESSION_SECURE_COOKIE', true),
    'http_only' => true,
];

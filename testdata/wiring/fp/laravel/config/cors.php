<?php

return [
    'paths' => ['api/*'],
    'allowed_origins' => [env('FRONTEND_URL', 'https://app.example.com')],
    'allowed_origins_patterns' => ['#^https://[a-z0-9-]+\.example\.com$#'],
    'supports_credentials' => true,
];

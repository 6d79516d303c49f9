<?php
// class: cors
// Known-safe: a fixed origin list with credentials.
return [
    'paths' => ['api/*'],
    'allowed_origins' => [env('FRONTEND_URL', 'https://app.example.com')],
    'supports_credentials' => true,
];

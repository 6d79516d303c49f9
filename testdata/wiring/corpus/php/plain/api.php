<?php
// class: cors
header('Access-Control-Allow-Origin: *'); // want code/cors-wildcard
header("Content-Type: application/json");

function embed_headers(): void
{
    header('Access-Control-Allow-Origin: null'); // want code/cors-null-origin
}

$allowed = ['https://app.example.com'];
if (in_array($_SERVER['HTTP_ORIGIN'] ?? '', $allowed, true)) {
    header('Access-Control-Allow-Origin: ' . $_SERVER['HTTP_ORIGIN']);
    header('Vary: Origin');
}
echo json_encode(['ok' => true]);

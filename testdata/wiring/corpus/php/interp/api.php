<?php
// class: cors
// A braced interpolation of the request's Origin echoes it too.
function api() {
    $o = $_SERVER['HTTP_ORIGIN'] ?? '';
    header("Access-Control-Allow-Origin: {$o}"); // want code/cors-reflected-origin
}

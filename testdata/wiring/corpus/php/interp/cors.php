<?php
// class: cors, cookie
// Interpolating the request's Origin into the header echoes it: with
// credentials every site reads the user's responses.
$origin = $_SERVER['HTTP_ORIGIN'] ?? '';
header("Access-Control-Allow-Origin: $origin"); // want code/cors-any-origin-with-credentials
header('Access-Control-Allow-Credentials: true');

<?php
// class: ratelimit
// Laravel docs: "Route::middleware(['throttle:api'])->group(function () { ... })":
// the middleware applies to the routes inside the group only.
use Illuminate\Support\Facades\Route;

Route::middleware(['throttle:api'])->group(function () {
    Route::post('/login', [AuthController::class, 'login']);
});

Route::post('/password/reset', [AuthController::class, 'reset']); // want code/auth-route-without-rate-limit

Route::group(['middleware' => 'throttle:5,1'], function () {
    Route::post('/register', [AuthController::class, 'register']);
});

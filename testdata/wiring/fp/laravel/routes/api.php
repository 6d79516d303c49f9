<?php

use App\Http\Controllers\AuthController;
use Illuminate\Support\Facades\Route;

Route::post('/login', [AuthController::class, 'login'])->middleware('throttle:5,1');

Route::middleware('throttle:invites')->group(function () {
    Route::post('/invites', [InviteController::class, 'store']);
});

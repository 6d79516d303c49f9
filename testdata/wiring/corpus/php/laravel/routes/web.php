<?php
// class: ratelimit
use App\Http\Controllers\AuthController;
use Illuminate\Support\Facades\Route;

Route::post('/login', [AuthController::class, 'login']); // want code/auth-route-without-rate-limit
Route::post('/forgot-password', [AuthController::class, 'forgot'])->middleware('throttle:5,1');
Route::get('/', fn () => view('welcome'));

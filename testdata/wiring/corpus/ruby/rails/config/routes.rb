# class: ratelimit
Rails.application.routes.draw do
  resources :sessions, only: [:new, :create, :destroy] # want code/auth-route-without-rate-limit
  post "login", to: "sessions#create" # want code/auth-route-without-rate-limit
  resources :password_resets, only: [:create, :update] # want code/auth-route-without-rate-limit
  resources :products
  root "products#index"
end

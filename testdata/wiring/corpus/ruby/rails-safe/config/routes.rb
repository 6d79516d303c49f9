# class: ratelimit
Rails.application.routes.draw do
  resources :sessions, only: [:create]
  post "login", to: "sessions#create"
end

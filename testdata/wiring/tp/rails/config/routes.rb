Rails.application.routes.draw do
  post "/login", to: "sessions#create"
  resources :members, only: [:index, :show]
end

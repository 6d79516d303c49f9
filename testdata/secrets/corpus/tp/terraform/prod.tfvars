region      = "eu-west-1"
db_username = "app"
db_password = "Rq7!vTz9Lm2w"

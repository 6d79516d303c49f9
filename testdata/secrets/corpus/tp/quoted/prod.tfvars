db_user     = "app"
db_password = "Rq7!vTz9Lm2w"

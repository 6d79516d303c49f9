INSERT INTO "users" ("id","email","password") VALUES (1,"a@b.example","$2y$12$SYaCuJuRt1lHMa6pARoQou7D4D6Edop2JIAmGBlJ7/uAs8CV/csam");

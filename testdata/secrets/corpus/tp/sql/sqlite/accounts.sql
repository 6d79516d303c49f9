INSERT INTO "accounts" ("id", "login", "commit_sha", "pass_hash") VALUES (7, 'ops', '3f9a2c7e1b8d4f6a0c5e9b3d7f1a2c8e4b6d0f9a', '7c2e9a4f1d8b3065e7c1a9f4d2b8e6a3c0f5d9b1');
INSERT INTO members VALUES (3, 'carol', 'b81f4d9a2c7e3056b8f1d4a9c2e7b3f5');

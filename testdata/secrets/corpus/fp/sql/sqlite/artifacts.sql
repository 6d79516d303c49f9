CREATE TABLE builds(id INTEGER PRIMARY KEY, commit_id TEXT, checksum TEXT, password_changed_at TEXT);
INSERT INTO builds VALUES(1,'3f9a2c7e1b8d4f6a0c5e9b3d7f1a2c8e4b6d0f9a','e3d7a1c9b6f2084d5a7c3e9b1f6d2a8c4e0b7d3f9a5c1e8b2d6f4a0c7e3b9d15','2024-03-01');
INSERT INTO "releases" ("id", "etag", "md5") VALUES (1, 'c2f8a5d1e7b4c9f3a6d0e2b8c5f1a7d4', 'a94f1c7e3b9d2086f4a1c7e9b3d5f2a8');
INSERT INTO users (id, name, avatar_md5, password) VALUES (2, 'dave', 'b81f4d9a2c7e3056b8f1d4a9c2e7b3f5', NULL);
INSERT INTO users (id, password) VALUES (3, '00000000000000000000000000000000');

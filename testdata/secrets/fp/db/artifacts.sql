CREATE TABLE artifacts(id INTEGER PRIMARY KEY, commit_id TEXT, checksum TEXT, etag TEXT);
INSERT INTO artifacts VALUES(1,'3f9a2c7e1b8d4f6a0c5e9b3d7f1a2c8e4b6d0f9a','e3d7a1c9b6f2084d5a7c3e9b1f6d2a8c4e0b7d3f9a5c1e8b2d6f4a0c7e3b9d15','c2f8a5d1e7b4c9f3a6d0e2b8c5f1a7d4');

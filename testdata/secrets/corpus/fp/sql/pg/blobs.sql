COPY public.blobs (id, sha1, etag, pass_changed_at) FROM stdin;
1	3f9a2c7e1b8d4f6a0c5e9b3d7f1a2c8e4b6d0f9a	c2f8a5d1e7b4c9f3a6d0e2b8c5f1a7d4	2024-03-01
\.

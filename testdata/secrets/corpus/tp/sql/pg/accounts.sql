COPY public.accounts (id, login, password_digest, last_commit) FROM stdin;
1	root	f1c8e3a7d9b2046c5e8a3f1d7b9c2e4a6f0d3b8e	4e0b7d3f9a5c1e8b2d6f4a0c7e3b9d150e3d7a1c
2	deploy	\N	3f9a2c7e1b8d4f6a0c5e9b3d7f1a2c8e4b6d0f9a
3	ci	9d2b7e4a1c8f3065d9b2e7a4c1f8d3b6	\N
\.

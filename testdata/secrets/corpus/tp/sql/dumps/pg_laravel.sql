COPY public.users (id, name, email, password, remember_token) FROM stdin;
1	Admin	admin@shop.example	$2y$12$SYaCuJuRt1lHMa6pARoQou7D4D6Edop2JIAmGBlJ7/uAs8CV/csam	\N
\.

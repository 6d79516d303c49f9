COPY public.accounts (id, login, pass) FROM stdin;
1	root	$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$RdescudvJCsgt3ub+b+dWRWJTmaaJObG
\.

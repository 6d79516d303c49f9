INSERT INTO `wp_users` VALUES (1,'admin','$P$BZp0NeCEqxq5rDm1Fqs8dHtM6xYyx0.','admin','admin@blog.example','','2023-01-01 00:00:00','',0,'admin');

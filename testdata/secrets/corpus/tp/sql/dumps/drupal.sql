INSERT INTO `users_field_data` VALUES (1,'en','en','admin','$S$E8Kv3rZq9c3b5hVvCk1Yb0nJf7Z1qYxW2Pq4r6T8uVw0yA2b4C6d','admin@example.org');

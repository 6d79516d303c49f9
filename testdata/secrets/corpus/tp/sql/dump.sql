-- MySQL dump 10.13  Distrib 8.0.35
CREATE USER 'orders_app'@'%' IDENTIFIED BY 'Wq5nZ8vLk2JmTr4x';
GRANT SELECT, INSERT ON orders.* TO 'orders_app'@'%';
CREATE TABLE `users` (`id` int, `email` varchar(255), `password` varchar(255));
INSERT INTO `users` VALUES (1,'admin@corp-intra.net','$2y$10$Hs3nPeq8Wz5vLk2JmGp6yOTr2nKx8wQz4MaBcQ7mZk2Lr9VxT4pWn'),(2,'ops@corp-intra.net','$2y$10$Rk7vQ2mzLp9xRw4BHs3nPeq8Wz5vLk2JmGp6yTr2nKx8wQz4MaBc.');

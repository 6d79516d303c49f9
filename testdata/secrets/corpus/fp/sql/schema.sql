CREATE USER 'orders_app'@'%' IDENTIFIED BY 'password';
CREATE USER 'reader'@'%' IDENTIFIED BY '${READER_PASSWORD}';
CREATE ROLE reporting WITH LOGIN PASSWORD :'reporting_password';
CREATE TABLE `users` (`id` int, `email` varchar(255), `password` varchar(255) NOT NULL);
INSERT INTO `users` (`id`, `email`) VALUES (1,'admin@corp-intra.net');

<?php
define( 'DB_NAME', 'wordpress' );
define( 'DB_PASSWORD', 'Wj3kF9sPq2Lx' );
define('AUTH_SALT', 'q8#Lm2@Zx5!Rt7^Kp');

<?php
define( 'DB_PASSWORD', 'password_here' );
define( 'AUTH_KEY', 'put your unique phrase here' );

<?php
$db_host = 'db.corp-intra.net';
$db_password = 'Wn3#qL8\'vR5t';

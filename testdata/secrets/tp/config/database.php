<?php
return [
    'mysql' => [
        'username' => 'forge',
        'password' => 'Ln5sX8vB2mQr',
    ],
];

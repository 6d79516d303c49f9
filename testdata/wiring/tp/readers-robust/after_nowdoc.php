<?php
$t = <<<'EOT'
some text
EOT;
// setcookie's secure and httponly default to false (PHP manual)
setcookie("PHPSESSID", $v);

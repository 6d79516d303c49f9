<?php
// Code quoted in a heredoc and a nowdoc is text (PHP manual, "Heredoc").
$help = <<<EOT
Never call setcookie("PHPSESSID", $v, 0, "/", "", false, false);
header("Access-Control-Allow-Origin: *");
EOT;
$raw = <<<'TXT'
    ini_set('display_errors', 1);
    TXT;
echo $help . $raw;

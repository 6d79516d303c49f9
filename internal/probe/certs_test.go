package probe

import (
	"crypto/tls"
	"testing"
	"time"

	"github.com/launchready/launchready/internal/localtls"
)

// testCA is a CA made by the test; its certificates are trusted through
// LiveTarget.CACertPEM, as the demo does.
type testCA struct {
	*localtls.CA
	pem []byte
}

func newCA(t testing.TB) *testCA {
	t.Helper()
	ca, err := localtls.NewCA("launchready test CA")
	if err != nil {
		t.Fatal(err)
	}
	return &testCA{CA: ca, pem: ca.PEM}
}

// leaf issues a server certificate for ip, valid from notBefore to notAfter;
// selfSigned ignores the CA.
func (ca *testCA) leaf(t testing.TB, ip string, notBefore, notAfter time.Time, selfSigned bool) tls.Certificate {
	t.Helper()
	c, err := ca.Leaf(ip, notBefore, notAfter, selfSigned)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

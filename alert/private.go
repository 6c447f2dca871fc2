package alert

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"syscall"
	"time"
)

// PublicAddr reports whether ip may receive webhooks from a server that
// does not allow private ones: not loopback, private (RFC 1918, unique
// local), link-local, CGNAT shared space, unspecified or multicast. A
// webhook aimed there could make the server probe its own network.
func PublicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	return ip.IsValid() && !ip.IsLoopback() && !ip.IsPrivate() && !ip.IsLinkLocalUnicast() && !ip.IsLinkLocalMulticast() &&
		!ip.IsUnspecified() && !ip.IsMulticast() && !ip.IsInterfaceLocalMulticast() && !cgnat.Contains(ip)
}

var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// publicDialer dials only public addresses, checked after name resolution,
// so that a name that resolves to a private address (or is changed to one
// after the webhook was added) is refused too.
func publicDialer() *net.Dialer {
	return &net.Dialer{Timeout: 10 * time.Second, Control: func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("webhook address %s: %v", address, err)
		}
		if !PublicAddr(ap.Addr()) {
			return fmt.Errorf("webhook address %s is loopback, private or link-local: refused (truce serve --allow-private-webhooks allows it)", ap.Addr())
		}
		return nil
	}}
}

// dialContext is publicDialer's DialContext.
func dialContext(ctx context.Context, network, addr string) (net.Conn, error) {
	return publicDialer().DialContext(ctx, network, addr)
}

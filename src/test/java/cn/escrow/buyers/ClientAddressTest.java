package cn.escrow.buyers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which address a request is counted under, with and without trusted proxies. */
class ClientAddressTest {

    private static final ClientAddress NONE = ClientAddress.trusting(List.of());
    private static final ClientAddress PROXIES = ClientAddress.trusting(List.of("10.0.0.0/8", "192.0.2.7", "2001:db8::/32"));

    @Test
    void shouldIgnoreForwardingHeadersFromAnUntrustedPeer() {
        assertThat(NONE.of("198.51.100.9", List.of("203.0.113.1"))).isEqualTo("198.51.100.9");
        assertThat(PROXIES.of("198.51.100.9", List.of("203.0.113.1"))).isEqualTo("198.51.100.9");
    }

    @Test
    void shouldTakeTheRightmostAddressThatIsNotATrustedProxy() {
        assertThat(PROXIES.of("10.1.2.3", List.of("203.0.113.1"))).isEqualTo("203.0.113.1");
        // A client that sends its own X-Forwarded-For cannot choose its address: the proxy appends the real one.
        assertThat(PROXIES.of("10.1.2.3", List.of("1.2.3.4, 203.0.113.1"))).isEqualTo("203.0.113.1");
        // Two proxies in a row, headers split over two lines.
        assertThat(PROXIES.of("10.1.2.3", List.of("203.0.113.1, 198.51.100.5", "192.0.2.7"))).isEqualTo("198.51.100.5");
    }

    @Test
    void shouldReadIpv6AndPortlessEntriesOfXForwardedFor() {
        assertThat(PROXIES.of("2001:db8::1", List.of("2001:db8:cafe::17"))).isEqualTo("2001:db8:cafe:0:0:0:0:17");
        assertThat(PROXIES.of("10.1.2.3", List.of("203.0.113.9, 192.0.2.7"))).isEqualTo("203.0.113.9");
    }

    @Test
    void shouldKeepTheProxyWhenItForwardsNothingUsable() {
        assertThat(PROXIES.of("10.1.2.3", List.of())).isEqualTo("10.1.2.3");
        assertThat(PROXIES.of("10.1.2.3", List.of(""))).isEqualTo("10.1.2.3");
    }

    @Test
    void shouldMatchIpv4MappedAndCanonicalForms() {
        assertThat(PROXIES.of("::ffff:10.9.9.9", List.of("203.0.113.1"))).isEqualTo("203.0.113.1");
        assertThat(NONE.of("0:0:0:0:0:0:0:1", List.of())).isEqualTo("0:0:0:0:0:0:0:1");
    }

    @Test
    void shouldRefuseBadProxyEntriesAndNeverLookNamesUp() {
        assertThatThrownBy(() -> ClientAddress.trusting(List.of("proxy.example"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientAddress.trusting(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientAddress.trusting(List.of("300.1.1.1"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(ClientAddress.literal("localhost")).isNull();
        assertThat(ClientAddress.literal("999.1.1.1")).isNull();
    }
}

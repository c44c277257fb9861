package dev.ocrpipe.api.system;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientAddressTests {

	private final ClientAddress behindProxies = new ClientAddress(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8"));

	private final ClientAddress direct = new ClientAddress(List.of());

	@Test
	void anIpv6ClientIsCountedByItsSlash64() {
		assertThat(ClientAddress.block("2001:db8:1:2:aaaa:bbbb:cccc:dddd", 64)).isEqualTo("2001:db8:1:2:0:0:0:0/64");
		assertThat(ClientAddress.block("2001:db8:1:2:ffff:0:0:1", 64))
			.isEqualTo(ClientAddress.block("2001:db8:1:2::2", 64));
		assertThat(ClientAddress.block("2001:db8:1:3::1", 64)).isNotEqualTo(ClientAddress.block("2001:db8:1:2::1", 64));
		assertThat(ClientAddress.block("2001:db8:1:2ff::1", 56)).isEqualTo("2001:db8:1:200:0:0:0:0/56");
		assertThat(ClientAddress.block("2001:db8:1:2::1", 61)).isEqualTo("2001:db8:1:0:0:0:0:0/61");
		assertThat(ClientAddress.block("2001:db8:1:2::1", 128)).isEqualTo("2001:db8:1:2:0:0:0:1");
	}

	@Test
	void anIpv4ClientIsCountedByItsOwnAddress() {
		assertThat(ClientAddress.block("203.0.113.7", 64)).isEqualTo("203.0.113.7");
		assertThat(ClientAddress.block("::ffff:203.0.113.7", 64)).as("IPv4-mapped").isEqualTo("203.0.113.7");
		assertThat(ClientAddress.block("not-an-address", 64)).isEqualTo("not-an-address");
	}

	@Test
	void withoutTrustedProxiesTheHeaderIsIgnored() {
		assertThat(this.direct.resolve("203.0.113.7", List.of("198.51.100.1"))).isEqualTo("203.0.113.7");
		assertThat(this.direct.resolve("127.0.0.1", List.of("198.51.100.1"))).isEqualTo("127.0.0.1");
	}

	@Test
	void anUntrustedPeerCannotClaimAnotherAddress() {
		assertThat(this.behindProxies.resolve("203.0.113.7", List.of("10.0.0.1, 198.51.100.1")))
			.isEqualTo("203.0.113.7");
	}

	@Test
	void aTrustedProxyNamesTheClient() {
		assertThat(this.behindProxies.resolve("10.1.2.3", List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
	}

	@Test
	void theRightMostUntrustedHopWinsSoAClientCannotPrependAnAddress() {
		// the client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended the address it saw
		assertThat(this.behindProxies.resolve("10.1.2.3", List.of("1.1.1.1, 198.51.100.1")))
			.isEqualTo("198.51.100.1");
		// a chain of trusted proxies is walked through
		assertThat(this.behindProxies.resolve("10.1.2.3", List.of("1.1.1.1, 198.51.100.1, 192.168.1.7, 10.9.9.9")))
			.isEqualTo("198.51.100.1");
		// several headers are one list, in order
		assertThat(this.behindProxies.resolve("10.1.2.3", List.of("1.1.1.1", "198.51.100.1"))).isEqualTo("198.51.100.1");
	}

	@Test
	void aClientCannotPassItselfOffAsATrustedProxy() {
		assertThat(this.behindProxies.resolve("10.1.2.3", List.of("198.51.100.1, 10.0.0.5"))).isEqualTo("198.51.100.1");
	}

	@Test
	void onlyTrustedHopsMeansTheLeftMostOne() {
		assertThat(this.behindProxies.resolve("10.1.2.3", List.of("10.0.0.9, 192.168.1.7"))).isEqualTo("10.0.0.9");
		assertThat(this.behindProxies.resolve("10.1.2.3", List.of())).isEqualTo("10.1.2.3");
	}

	@Test
	void garbageStopsTheWalkAtTheLastTrustedHop() {
		assertThat(this.behindProxies.resolve("10.1.2.3", List.of("unknown"))).isEqualTo("10.1.2.3");
		assertThat(this.behindProxies.resolve("10.1.2.3", List.of("evil.example.com"))).isEqualTo("10.1.2.3");
		assertThat(this.behindProxies.resolve("10.1.2.3", List.of("1.2.3.999"))).isEqualTo("10.1.2.3");
		assertThat(this.behindProxies.resolve("10.1.2.3", List.of("cafe"))).as("hex letters, no lookup")
			.isEqualTo("10.1.2.3");
		assertThat(this.behindProxies.resolve("10.1.2.3", List.of("198.51.100.1, garbage, 10.0.0.2")))
			.isEqualTo("10.0.0.2");
	}

	@Test
	void portsAndBracketsAreDropped() {
		assertThat(this.behindProxies.resolve("10.1.2.3", List.of("198.51.100.1:4711"))).isEqualTo("198.51.100.1");
		assertThat(this.behindProxies.resolve("10.1.2.3", List.of("[2001:db8::1]:4711")))
			.isEqualTo("2001:db8:0:0:0:0:0:1");
	}

	@Test
	void ipv6PeersAndCidrs() {
		assertThat(this.behindProxies.resolve("fd12::1", List.of("2001:db8::7"))).isEqualTo("2001:db8:0:0:0:0:0:7");
		assertThat(this.behindProxies.resolve("fe80::1", List.of("2001:db8::7"))).as("fe80::/10 is not fd00::/8")
			.isEqualTo("fe80:0:0:0:0:0:0:1");
		// one client, one key, however it is written
		assertThat(this.direct.resolve("2001:DB8:0::1", List.of())).isEqualTo("2001:db8:0:0:0:0:0:1");
	}

	@Test
	void anIpv4MappedAddressIsTheIpv4Address() {
		assertThat(this.behindProxies.resolve("::ffff:10.1.2.3", List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
	}

	@Test
	void prefixesThatAreNotByteAligned() {
		ClientAddress proxies = new ClientAddress(List.of("172.16.0.0/12", "0.0.0.0/0"));
		assertThat(proxies.resolve("172.31.255.255", List.of("203.0.113.1"))).isEqualTo("203.0.113.1");
		ClientAddress narrow = new ClientAddress(List.of("172.16.0.0/12"));
		assertThat(narrow.resolve("172.32.0.1", List.of("203.0.113.1"))).isEqualTo("172.32.0.1");
		assertThat(narrow.resolve("172.16.0.1", List.of("203.0.113.1"))).isEqualTo("203.0.113.1");
	}

	@Test
	void invalidTrustedProxiesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33")));
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddress(List.of("proxy.internal")));
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddress(List.of("10.0.0.0/x")));
		assertThatIllegalArgumentException().isThrownBy(() -> new ClientAddress(List.of("fd00::/129")));
	}

	@Test
	void readsTheRequest() {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr("10.0.0.1");
		request.addHeader(ClientAddress.FORWARDED_FOR, "1.1.1.1, 198.51.100.1");
		assertThat(this.behindProxies.of(request)).isEqualTo("198.51.100.1");
	}

}

package dev.ocrpipe.api.system;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The address of the client behind a request, for keys that must not be spoofable (rate limits,
 * later audit): {@code X-Forwarded-For} is believed only when the direct peer is a configured
 * trusted proxy, and then only up to the right-most hop that is not one.
 */
public final class ClientAddress {

	/** The header proxies append the address they received the request from to. */
	public static final String FORWARDED_FOR = "X-Forwarded-For";

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	/** Hex digits, colons and dots (an embedded IPv4): what an IPv6 literal is made of, never a host name. */
	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

	private final List<Cidr> trustedProxies;

	/**
	 * @param trustedProxies CIDRs ({@code 10.0.0.0/8}, {@code fd00::/8}) or single addresses
	 * @throws IllegalArgumentException naming an entry that is not one
	 */
	public ClientAddress(List<String> trustedProxies) {
		List<Cidr> cidrs = new ArrayList<>();
		for (String entry : trustedProxies) {
			cidrs.add(Cidr.parse(entry));
		}
		this.trustedProxies = List.copyOf(cidrs);
	}

	/**
	 * The client's address in canonical form ({@code 203.0.113.7}, {@code 2001:db8:0:0:0:0:0:1}).
	 */
	public String of(HttpServletRequest request) {
		Enumeration<String> headers = request.getHeaders(FORWARDED_FOR);
		return resolve(request.getRemoteAddr(), (headers != null) ? Collections.list(headers) : List.of());
	}

	/**
	 * The block an address belongs to for counting: an IPv4 address is itself, an IPv6 address its
	 * first {@code ipv6PrefixLength} bits ({@code 2001:db8:1:2:0:0:0:0/64}), since one subscriber
	 * is routed a whole /64 (or more) and picks any address in it at will.
	 * @param address an address as {@link #of} returns it; anything else is returned unchanged
	 * @param ipv6PrefixLength 1 to 128
	 */
	public static String block(String address, int ipv6PrefixLength) {
		InetAddress parsed = parse(address);
		if (!(parsed instanceof Inet6Address) || ipv6PrefixLength >= 128) {
			return (parsed != null) ? parsed.getHostAddress() : address;
		}
		byte[] bytes = parsed.getAddress();
		for (int bit = ipv6PrefixLength; bit < 128; bit++) {
			bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
		}
		try {
			return InetAddress.getByAddress(bytes).getHostAddress() + "/" + ipv6PrefixLength;
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The right-most address of the chain {@code forwardedFor..., peer} that is not a trusted
	 * proxy; the peer itself when it is not trusted (whatever the headers claim).
	 * @param peer the direct peer of the connection
	 * @param forwardedFor every {@code X-Forwarded-For} header, in order
	 */
	String resolve(String peer, List<String> forwardedFor) {
		InetAddress current = parse(peer);
		if (current == null) {
			return peer;
		}
		if (!trusted(current)) {
			return current.getHostAddress();
		}
		List<String> hops = new ArrayList<>();
		for (String header : forwardedFor) {
			for (String hop : header.split(",")) {
				if (!hop.isBlank()) {
					hops.add(hop.strip());
				}
			}
		}
		for (int i = hops.size() - 1; i >= 0; i--) {
			InetAddress hop = parse(hops.get(i));
			if (hop == null) {
				// garbage that a trusted proxy passed on: the hop that passed it is all we know
				return current.getHostAddress();
			}
			current = hop;
			if (!trusted(current)) {
				return current.getHostAddress();
			}
		}
		return current.getHostAddress();
	}

	private boolean trusted(InetAddress address) {
		for (Cidr cidr : this.trustedProxies) {
			if (cidr.contains(address)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * An IP literal, with an optional port ({@code 1.2.3.4:80}, {@code [::1]:80}); never a DNS
	 * lookup.
	 */
	static InetAddress parse(String text) {
		if (text == null) {
			return null;
		}
		String value = text.strip();
		if (value.startsWith("[")) {
			int end = value.indexOf(']');
			if (end < 0) {
				return null;
			}
			value = value.substring(1, end);
		}
		else if (value.indexOf(':') > 0 && value.indexOf(':') == value.lastIndexOf(':') && value.indexOf('.') > 0) {
			value = value.substring(0, value.indexOf(':'));
		}
		int zone = value.indexOf('%');
		if (zone >= 0) {
			value = value.substring(0, zone);
		}
		try {
			if (IPV4.matcher(value).matches()) {
				String[] octets = value.split("\\.");
				byte[] bytes = new byte[4];
				for (int i = 0; i < 4; i++) {
					int octet = Integer.parseInt(octets[i]);
					if (octet > 255) {
						return null;
					}
					bytes[i] = (byte) octet;
				}
				return InetAddress.getByAddress(bytes);
			}
			if (IPV6.matcher(value).matches()) {
				// brackets make the JDK insist on an IPv6 literal: an invalid one fails, never a lookup
				return InetAddress.getByName("[" + value + "]");
			}
			return null;
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	/** An address block: the first {@code prefix} bits of {@code network}. */
	private record Cidr(byte[] network, int prefix) {

		static Cidr parse(String entry) {
			String text = entry.strip();
			int slash = text.indexOf('/');
			InetAddress address = ClientAddress.parse((slash < 0) ? text : text.substring(0, slash));
			if (address == null) {
				throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR block");
			}
			int bits = address.getAddress().length * 8;
			int prefix = bits;
			if (slash >= 0) {
				try {
					prefix = Integer.parseInt(text.substring(slash + 1));
				}
				catch (NumberFormatException ex) {
					prefix = -1;
				}
				if (prefix < 0 || prefix > bits) {
					throw new IllegalArgumentException("'" + entry + "' has an invalid prefix length");
				}
			}
			return new Cidr(address.getAddress(), prefix);
		}

		boolean contains(InetAddress address) {
			byte[] bytes = address.getAddress();
			if (bytes.length != this.network.length) {
				return false;
			}
			int whole = this.prefix / 8;
			for (int i = 0; i < whole; i++) {
				if (bytes[i] != this.network[i]) {
					return false;
				}
			}
			int rest = this.prefix % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xFF << (8 - rest)) & 0xFF;
			return (bytes[whole] & mask) == (this.network[whole] & mask);
		}

	}

}

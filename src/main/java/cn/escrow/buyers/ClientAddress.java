package cn.escrow.buyers;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The address a request comes from, for per-address limits. The connection's peer is the client unless
 * it is one of the configured reverse proxies ({@code escrow.http.trusted-proxies}); then the forwarding
 * headers are read from the right, skipping trusted proxies, and the first address that is not one is
 * the client. Entries left of it could be written by anybody and are never used. Only
 * {@code X-Forwarded-For} is read: it is the header the documented proxy appends to. A {@code Forwarded}
 * header (RFC 7239) that such a proxy passes through untouched would come from the client, so it is ignored.
 */
public final class ClientAddress {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final List<Range> trusted;

    private ClientAddress(List<Range> trusted) {
        this.trusted = trusted;
    }

    /** From the configured proxies (IP literals or CIDR blocks; a bad entry stops the start). */
    public static ClientAddress trusting(List<String> proxies) {
        List<Range> ranges = new ArrayList<>();
        for (String p : proxies) {
            String[] parts = p.trim().split("/", 2);
            InetAddress base = literal(parts[0]);
            if (base == null) {
                throw new IllegalArgumentException("escrow.http.trusted-proxies: '" + p + "' is not an IP address or CIDR block");
            }
            int max = base.getAddress().length * 8;
            int prefix;
            try {
                prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : max;
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("escrow.http.trusted-proxies: '" + p + "' has a bad prefix length");
            }
            ranges.add(new Range(base.getAddress(), prefix));
        }
        return new ClientAddress(List.copyOf(ranges));
    }

    /**
     * The client's address: {@code peer} itself unless it is a trusted proxy. {@code xForwardedFor} holds
     * every X-Forwarded-For header in order.
     */
    public String of(String peer, List<String> xForwardedFor) {
        if (!isTrusted(peer)) {
            return normalise(peer);
        }
        List<String> chain = splitXff(xForwardedFor);
        String client = normalise(peer);
        for (int i = chain.size() - 1; i >= 0 && isTrusted(client); i--) {
            String hop = chain.get(i);
            if (hop.isEmpty()) {
                break;
            }
            client = normalise(hop);
        }
        return client;
    }

    private boolean isTrusted(String address) {
        InetAddress a = literal(address);
        return a != null && trusted.stream().anyMatch(r -> r.contains(a.getAddress()));
    }

    private static List<String> splitXff(List<String> headers) {
        List<String> chain = new ArrayList<>();
        for (String h : headers) {
            for (String part : h.split(",")) {
                chain.add(part.trim());
            }
        }
        return chain;
    }

    /** An IP literal in its canonical text; anything else (an obfuscated name) lower-cased and cut to 64 characters. */
    private static String normalise(String address) {
        InetAddress a = literal(address);
        if (a != null) {
            return a.getHostAddress();
        }
        String v = address.trim().toLowerCase(Locale.ROOT);
        return v.length() > 64 ? v.substring(0, 64) : v;
    }

    /** Parses an IP literal without any name lookup; null for anything else. */
    static InetAddress literal(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        try {
            if (IPV4.matcher(t).matches()) {
                String[] octets = t.split("\\.");
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int v = Integer.parseInt(octets[i]);
                    if (v > 255) {
                        return null;
                    }
                    bytes[i] = (byte) v;
                }
                return InetAddress.getByAddress(bytes);
            }
            // In brackets the JDK parses an IPv6 literal or fails; it never looks a name up.
            return IPV6.matcher(t).matches() ? InetAddress.getByName("[" + t + "]") : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address block. */
    private record Range(byte[] base, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != base.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((address[bit / 8] & mask) != (base[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}

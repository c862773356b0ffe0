package dev.saissuer.conformance;

import java.net.InetAddress;
import java.net.URI;
import java.util.Locale;

/** What the profiles need to know about a URL found in a document: scheme, port, query, and whether the host is an IP. */
record ProfileUrls(String scheme, String host, int port, String query, String fragment) {
    /** The parts of a URL, or null when the value is not a URL with a host. */
    static ProfileUrls parse(Object value) {
        if (!(value instanceof String text)) {
            return null;
        }
        URI uri = Urls.parse(text).orElse(null);
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
            return null;
        }
        return new ProfileUrls(
                uri.getScheme().toLowerCase(Locale.ROOT),
                uri.getHost(),
                uri.getPort(),
                uri.getRawQuery(),
                uri.getRawFragment());
    }

    boolean https() {
        return scheme.equals("https");
    }

    /** An IPv4 or IPv6 literal rather than a DNS name (checked without any DNS lookup). */
    boolean ipLiteral() {
        if (host.startsWith("[")) {
            return true;
        }
        if (!host.matches("[0-9.]+")) {
            return false;
        }
        try {
            // Digits and dots only: InetAddress parses it as a literal and never resolves it.
            return InetAddress.getByName(host) != null;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}

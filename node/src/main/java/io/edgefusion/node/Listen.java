package io.edgefusion.node;

import java.net.InetSocketAddress;

/**
 * Where a TCP listener binds: {@code ADDR:PORT} ({@code [::1]:PORT} for IPv6), port 0 for any free port, or
 * {@code off} for no listener at all.
 */
public record Listen(String host, int port) {
    /** No listener. */
    public static final Listen OFF = new Listen("", -1);

    public Listen {
        if (port < -1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + ": not 0..65535");
        }
    }

    /** {@code ADDR:PORT}, {@code [V6]:PORT} or {@code off}; the message names the text and why. */
    public static Listen parse(String text) {
        if (text.equals("off")) {
            return OFF;
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "': expected ADDR:PORT (e.g. 127.0.0.1:7390) or off");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "': write an IPv6 address in brackets, [::1]:7390");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "': port is not 0..65535");
        }
        return new Listen(host, port);
    }

    public boolean off() {
        return port < 0;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    /** As {@link #parse} reads it back; IPv6 in brackets. */
    public static String format(InetSocketAddress a) {
        String h = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }

    @Override
    public String toString() {
        return off() ? "off" : (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}

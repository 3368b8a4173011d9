package io.edgefusion.sandbox.network;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;

/**
 * One published port, docker's {@code -p [IP:]HOST:CONTAINER[/tcp|udp]}: traffic to {@code hostIp:hostPort} on the
 * host goes to {@code containerPort} of the sandbox. An empty {@code hostIp} means every host address. Handed to
 * the portmap plugin as its {@code portMappings} capability argument.
 */
public record PortMapping(String hostIp, int hostPort, int containerPort, String protocol) {
    private static final String SYNTAX = "expected [IP:]HOST:CONTAINER[/tcp|udp]";

    public PortMapping {
        if (!protocol.equals("tcp") && !protocol.equals("udp")) {
            throw new IllegalArgumentException("protocol " + protocol + ": expected tcp or udp");
        }
    }

    /** Parses docker's {@code -p} value; every mistake is one line naming the value and the reason. */
    public static PortMapping parse(String spec) {
        String s = spec.strip();
        String protocol = "tcp";
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            protocol = s.substring(slash + 1).toLowerCase(Locale.ROOT);
            s = s.substring(0, slash);
            if (!protocol.equals("tcp") && !protocol.equals("udp")) {
                throw bad(spec, "protocol '" + protocol + "' is not tcp or udp");
            }
        }
        String ip = "";
        if (s.startsWith("[")) { // [IPv6]:HOST:CONTAINER
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw bad(spec, SYNTAX);
            }
            ip = s.substring(1, close);
            s = s.substring(close + 2);
            requireIp(spec, ip, true);
        }
        String[] parts = s.split(":", -1);
        if (parts.length == 3 && ip.isEmpty()) {
            ip = parts[0];
            requireIp(spec, ip, false);
            parts = new String[] {parts[1], parts[2]};
        }
        if (parts.length != 2) {
            throw bad(spec, SYNTAX);
        }
        return new PortMapping(ip, port(spec, "host port", parts[0]), port(spec, "container port", parts[1]),
                protocol);
    }

    private static int port(String spec, String what, String text) {
        if (text.isEmpty()) {
            throw bad(spec, what + " is missing (" + SYNTAX + ")");
        }
        if (!text.chars().allMatch(Character::isDigit) || text.length() > 5) {
            throw bad(spec, what + " '" + text + "' is not a number");
        }
        int p = Integer.parseInt(text);
        if (p < 1 || p > 65535) {
            throw bad(spec, what + " " + p + " is outside 1-65535");
        }
        return p;
    }

    private static void requireIp(String spec, String ip, boolean v6) {
        if (!v6 && ip.contains(":")) {
            throw bad(spec, "'" + ip + "' is not an IPv4 address (write IPv6 as [ADDR]:HOST:CONTAINER)");
        }
        if (!isIp(ip)) {
            throw bad(spec, "'" + ip + "' is not an IP address");
        }
    }

    /** A full dotted quad or an IPv6 literal (the JDK's parser alone would take {@code 1.2.3} too). */
    public static boolean isIp(String ip) {
        try {
            if (ip.contains(":")) {
                return java.net.InetAddress.ofLiteral(ip) instanceof java.net.Inet6Address;
            }
            Ipv4Net.parseIp("ip", ip);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("-p " + spec + ": " + why);
    }

    /** The portmap plugin's form: {@code {"hostPort":8080,"containerPort":80,"protocol":"tcp","hostIP":"…"}}. */
    public ObjectNode toCni() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("hostPort", hostPort).put("containerPort", containerPort).put("protocol", protocol);
        if (!hostIp.isEmpty()) {
            n.put("hostIP", hostIp);
        }
        return n;
    }

    /** As docker prints it: {@code 127.0.0.1:8080->80/tcp}, {@code 0.0.0.0:8080->80/tcp}. */
    @Override
    public String toString() {
        String ip = hostIp.isEmpty() ? "0.0.0.0" : hostIp.contains(":") ? "[" + hostIp + "]" : hostIp;
        return ip + ":" + hostPort + "->" + containerPort + "/" + protocol;
    }
}

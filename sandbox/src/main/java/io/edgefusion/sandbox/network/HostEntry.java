package io.edgefusion.sandbox.network;

/** One {@code /etc/hosts} line: an address and its name, e.g. docker's {@code --add-host db:10.0.0.5}. */
public record HostEntry(String ip, String name) {
    private static final java.util.regex.Pattern HOST =
            java.util.regex.Pattern.compile("[A-Za-z0-9]([A-Za-z0-9_.-]{0,252})?");

    public HostEntry {
        if (!HOST.matcher(name).matches()) {
            throw new IllegalArgumentException("host name '" + name + "': letters, digits, '.', '_' and '-' only");
        }
    }

    /** docker's {@code --add-host HOST:IP} (or {@code HOST=IP}); an IPv6 address may follow the first colon. */
    public static HostEntry parse(String spec) {
        int sep = spec.indexOf('=') >= 0 ? spec.indexOf('=') : spec.indexOf(':');
        if (sep <= 0 || sep == spec.length() - 1) {
            throw new IllegalArgumentException("--add-host " + spec + ": expected HOST:IP");
        }
        String ip = spec.substring(sep + 1);
        if (ip.startsWith("[") && ip.endsWith("]")) {
            ip = ip.substring(1, ip.length() - 1);
        }
        if (!PortMapping.isIp(ip)) {
            throw new IllegalArgumentException("--add-host " + spec + ": '" + ip + "' is not an IP address");
        }
        try {
            return new HostEntry(ip, spec.substring(0, sep));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--add-host " + spec + ": " + e.getMessage());
        }
    }
}

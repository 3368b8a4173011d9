package io.edgefusion.platform.contract;

import java.util.List;

/**
 * Contract part (a): where services may listen, and which calls bind a listening socket (so the verifier
 * knows where a constant address or port would be hard-coded).
 */
public record NetworkRules(String rule, List<Endpoint> listen, List<BindCall> bindCalls) {

    /** {@code host:port}; host {@code 0.0.0.0} or {@code ::} is the wildcard. */
    public record Endpoint(String host, int port) {
        public static Endpoint parse(String text) {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("endpoint must be HOST:PORT, got '" + text + "'");
            }
            String host = text.substring(0, colon).replace("[", "").replace("]", "");
            return new Endpoint(host.isEmpty() ? "0.0.0.0" : host, Integer.parseInt(text.substring(colon + 1)));
        }

        public boolean wildcard() {
            return host.equals("0.0.0.0") || host.equals("::");
        }

        @Override
        public String toString() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /**
     * A method that binds: {@code portArg} is the index of an int port argument, {@code addressArg} the index
     * of a socket-address argument; -1 when the call has none.
     */
    public record BindCall(String owner, String name, int portArg, int addressArg) {
    }

    public boolean allows(Endpoint e) {
        for (Endpoint l : listen) {
            if (l.port() == e.port() && (l.host().equals(e.host()) || l.wildcard() && isWildcard(e.host()))) {
                return true;
            }
        }
        return false;
    }

    /** Whether some contract endpoint listens on {@code host} (either wildcard spelling matches a wildcard). */
    public boolean contractHost(String host) {
        return listen.stream().anyMatch(l -> l.host().equals(host) || l.wildcard() && isWildcard(host));
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::");
    }
}

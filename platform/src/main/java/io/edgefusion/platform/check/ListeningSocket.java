package io.edgefusion.platform.check;

import io.edgefusion.platform.contract.NetworkRules.Endpoint;

/** A TCP socket in LISTEN state, as {@code /proc/<pid>/net/tcp{,6}} shows it. */
public record ListeningSocket(String table, String host, int port, long inode) {
    public Endpoint endpoint() {
        return new Endpoint(host, port);
    }
}

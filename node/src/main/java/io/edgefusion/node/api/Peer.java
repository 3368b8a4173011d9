package io.edgefusion.node.api;

/** Who is on the other end of the node's socket (SO_PEERCRED), or of a TCP connection ({@link #REMOTE}). */
public record Peer(long pid, int uid, int gid) {
    /** A caller over the API listener: no credentials the kernel vouches for. */
    public static final Peer REMOTE = new Peer(-1, -1, -1);
}

package io.edgefusion.kernel.net;

/** Who is on the other end of a unix socket, as the kernel recorded it at connect time ({@code SO_PEERCRED}). */
public record PeerCredentials(long pid, int uid, int gid) {
}

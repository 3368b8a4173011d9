package io.edgefusion.node.health;

import io.edgefusion.node.deploy.HealthCheck;
import io.edgefusion.sandbox.state.SandboxState;
import io.edgefusion.sandbox.state.Status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/** tcp and http probes over a socket made in the workload's network namespace ({@link NetnsSocket}). */
final class NetProbes {
    private static final int MAX_STATUS_LINE = 1024;

    private NetProbes() {
    }

    static boolean tcp(SandboxState s, HealthCheck.Probe.Tcp t, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (SocketChannel ch = connect(s, t.host(), t.port(), deadline)) {
            return ch.isConnected();
        } catch (SocketTimeoutException | java.net.ConnectException e) {
            return false;
        }
    }

    /** A GET of the URL's path over HTTP/1.0; a 2xx or 3xx status line is healthy. */
    static boolean http(SandboxState s, HealthCheck.Probe.Http h, Duration timeout) throws IOException {
        URI url = h.url();
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("health http " + url + ": only http://HOST[:PORT]/PATH is probed");
        }
        int port = url.getPort() < 0 ? 80 : url.getPort();
        long deadline = System.nanoTime() + timeout.toNanos();
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        if (url.getRawQuery() != null) {
            path += "?" + url.getRawQuery();
        }
        String hostHeader = url.getHost() + (url.getPort() < 0 ? "" : ":" + port);
        try (SocketChannel ch = connect(s, url.getHost(), port, deadline)) {
            var sock = ch.socket();
            sock.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: " + hostHeader
                    + "\r\nUser-Agent: edgefusion-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            sock.setSoTimeout(remainingMillis(deadline));
            int status = statusCode(sock.getInputStream());
            return status >= 200 && status < 400;
        } catch (SocketTimeoutException | java.net.ConnectException e) {
            return false;
        }
    }

    /** The code of {@code HTTP/1.x NNN reason}; -1 when the answer is not HTTP. */
    static int statusCode(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != -1 && c != '\n' && line.size() < MAX_STATUS_LINE; ) {
            line.write(c);
        }
        String[] parts = line.toString(StandardCharsets.US_ASCII).strip().split(" ");
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            return -1;
        }
        return Integer.parseInt(parts[1]);
    }

    private static SocketChannel connect(SandboxState s, String host, int port, long deadline) throws IOException {
        if (s.status() != Status.RUNNING || s.pid() == null || s.pidStartTicks() == null) {
            throw new IllegalStateException("sandbox " + s.shortId() + " is " + s.status().label()
                    + ", not running");
        }
        InetAddress addr = InetAddress.getByName(host);
        SocketChannel ch = NetnsSocket.open(s.pid(), s.pidStartTicks(),
                addr instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            ch.socket().connect(new InetSocketAddress(addr, port), remainingMillis(deadline));
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long ms = (deadline - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new SocketTimeoutException("probe timeout");
        }
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }
}

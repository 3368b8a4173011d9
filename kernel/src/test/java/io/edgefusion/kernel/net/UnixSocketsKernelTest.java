package io.edgefusion.kernel.net;

import io.edgefusion.kernel.sys.Errno;
import io.edgefusion.kernel.sys.ErrnoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real AF_UNIX listener and client in this JVM: data, fds with SCM_RIGHTS, peer credentials, readiness. */
class UnixSocketsKernelTest {
    @TempDir
    Path tmp;

    @Test
    void fdsTravelWithTheirBytesAndThePeerIsUs() throws Exception {
        Path path = tmp.resolve("s.sock");
        try (OwnedFd listener = new OwnedFd(UnixSockets.socket(), "listener")) {
            UnixSockets.bind(listener.number(), path);
            UnixSockets.listen(listener.number(), 4);
            try (OwnedFd client = new OwnedFd(UnixSockets.socket(), "client")) {
                UnixSockets.connect(client.number(), path);
                try (OwnedFd server = new OwnedFd(UnixSockets.accept(listener.number()), "server")) {
                    PeerCredentials cred = UnixSockets.peerCredentials(server.number());
                    assertThat(cred.pid()).isEqualTo(ProcessHandle.current().pid());
                    assertThat(cred.uid()).isEqualTo(uid());

                    Path file = tmp.resolve("f");
                    Files.writeString(file, "in the file");
                    try (var raf = new java.io.RandomAccessFile(file.toFile(), "r")) {
                        int fileFd = fdOf(raf);
                        client.send("plain".getBytes(), 0, 5);
                        client.send("withfd".getBytes(), 0, 6, fileFd);
                    }
                    byte[] buf = new byte[64];
                    // The fds end the read that reaches them; the plain bytes before may come along.
                    StringBuilder got = new StringBuilder();
                    int[] fds = new int[0];
                    while (fds.length == 0) {
                        Received r = server.recv(buf, 0, buf.length, 4);
                        assertThat(r.bytes()).isPositive();
                        got.append(new String(buf, 0, r.bytes()));
                        fds = r.fds();
                    }
                    assertThat(got.toString()).isEqualTo("plainwithfd");
                    assertThat(fds).hasSize(1);
                    Received second = new Received(0, fds, false);
                    try (OwnedFd file2 = new OwnedFd(second.fds()[0], "received")) {
                        assertThat(new String(file2.input().readAllBytes(), StandardCharsets.UTF_8))
                                .isEqualTo("in the file");
                        assertThat(Files.readString(Path.of("/proc/self/fdinfo/" + file2.number())))
                                .as("received close-on-exec").containsPattern("flags:\\s+\\d*[1-7]\\d{5}\\b");
                    }
                }
            }
        }
    }

    @Test
    void aVirtualThreadWaitingForDataLeavesItsCarrierFreeAndWakesOnClose() throws Exception {
        Path path = tmp.resolve("w.sock");
        try (OwnedFd listener = new OwnedFd(UnixSockets.socket(), "listener");
             OwnedFd client = new OwnedFd(UnixSockets.socket(), "client")) {
            UnixSockets.bind(listener.number(), path);
            UnixSockets.listen(listener.number(), 4);
            UnixSockets.connect(client.number(), path);
            OwnedFd server = new OwnedFd(UnixSockets.accept(listener.number()), "server");
            int carriers = Runtime.getRuntime().availableProcessors();
            // More silent readers than carriers: if any pinned one, the probe below could never run.
            var readers = new java.util.ArrayList<CompletableFuture<Object>>();
            for (int i = 0; i < carriers + 2; i++) {
                CompletableFuture<Object> f = new CompletableFuture<>();
                Thread.ofVirtual().start(() -> {
                    try {
                        f.complete(server.read(new byte[1], 0, 1));
                    } catch (IOException e) {
                        f.complete(e);
                    }
                });
                readers.add(f);
            }
            CompletableFuture<String> probe = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> probe.complete("ran"));
            assertThat(probe.get(30, TimeUnit.SECONDS)).isEqualTo("ran");
            server.close();
            for (var f : readers) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
            }
            assertThatThrownBy(() -> server.read(new byte[1], 0, 1)).hasMessageContaining("closed");
        }
    }

    @Test
    void noListenerIsEnoentAndAFileNotASocketIsRefused() throws IOException {
        try (OwnedFd c = new OwnedFd(UnixSockets.socket(), "c")) {
            assertThatThrownBy(() -> UnixSockets.connect(c.number(), tmp.resolve("none.sock")))
                    .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.is(Errno.ENOENT)).isTrue());
        }
        Path plain = Files.writeString(tmp.resolve("plain"), "x");
        try (OwnedFd c = new OwnedFd(UnixSockets.socket(), "c")) {
            assertThatThrownBy(() -> UnixSockets.connect(c.number(), plain))
                    .isInstanceOfSatisfying(ErrnoException.class,
                            e -> assertThat(e.is(Errno.ECONNREFUSED)).isTrue());
        }
    }

    private static int uid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    /** The fd number of an open file of this JVM, found through /proc (no reflection into the JDK). */
    private static int fdOf(java.io.RandomAccessFile raf) throws IOException {
        long size = raf.length();
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : s.toList()) {
                try {
                    if (Files.readSymbolicLink(p).toString().endsWith("/f")) {
                        return Integer.parseInt(p.getFileName().toString());
                    }
                } catch (IOException ignored) {
                    // an fd that closed while listing
                }
            }
        }
        throw new AssertionError("no fd for the file of " + size + " bytes");
    }
}

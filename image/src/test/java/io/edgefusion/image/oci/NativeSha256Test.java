package io.edgefusion.image.oci;

import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** libcrypto's SHA-256 (what {@link Digest#sha256()} hands out where it is present) agrees with the JDK's. */
class NativeSha256Test {
    @Test
    void agreesWithTheJdkOnEveryShapeOfInput() throws Exception {
        assertThat(NativeSha256.create()).as("libcrypto is on this machine (Debian's libssl3)").isPresent();
        Random r = new Random(42);
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        r.nextBytes(data);
        for (int len : new int[] {0, 1, 55, 56, 63, 64, 65, 4096, data.length}) {
            MessageDigest jdk = MessageDigest.getInstance("SHA-256");
            MessageDigest ours = NativeSha256.create().orElseThrow();
            // uneven pieces at uneven offsets, a single byte among them
            int off = 0;
            while (off < len) {
                int n = Math.min(len - off, 1 + r.nextInt(300_000));
                jdk.update(data, off, n);
                ours.update(data, off, n);
                off += n;
                if (off < len) {
                    jdk.update(data[off]);
                    ours.update(data[off]);
                    off++;
                }
            }
            assertThat(ours.digest()).as("length " + len).isEqualTo(jdk.digest());
        }
    }

    @Test
    void isReusableAfterDigestLikeTheJdks() {
        MessageDigest md = NativeSha256.create().orElseThrow();
        md.update("abc".getBytes());
        md.digest();
        md.update("abc".getBytes());
        // FIPS 180-2's "abc" example
        assertThat(java.util.HexFormat.of().formatHex(md.digest()))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Digest.of("abc").toString())
                .isEqualTo("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}

package io.edgefusion.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgefusion.image.oci.OciJson;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;

/** What a registry's answers say beyond their status: redirects, the distribution spec's error body. */
final class RegistryResponses {
    private RegistryResponses() {
    }

    static boolean isRedirect(int s) {
        return s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
    }

    /** The distribution spec's error body as {@code CODE: message}, else the status line's worth. */
    static String errorText(HttpResponse<?> r) {
        byte[] body = discard(r);
        try {
            JsonNode e = OciJson.MAPPER.readTree(body).path("errors").path(0);
            if (e.has("code")) {
                return "HTTP " + r.statusCode() + " " + e.get("code").asText() + ": " + e.path("message").asText("");
            }
        } catch (IOException | RuntimeException ignored) {
            // not the spec's JSON
        }
        return "HTTP " + r.statusCode();
    }

    /** Reads (at most 64 KiB of) and closes a response body; returns what was read. */
    static byte[] discard(HttpResponse<?> r) {
        Object b = r.body();
        if (b instanceof byte[] bytes) {
            return bytes;
        }
        if (b instanceof InputStream in) {
            try (in) {
                return in.readNBytes(64 * 1024);
            } catch (IOException e) {
                return new byte[0];
            }
        }
        return new byte[0];
    }
}

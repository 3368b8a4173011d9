package io.edgefusion.node.ui;

import io.edgefusion.node.api.ApiErrors;
import io.edgefusion.node.api.ApiRequest;
import io.edgefusion.node.api.ApiResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's files, read once from the node jar ({@code io/edgefusion/node/ui/}), so the page works offline
 * and nothing it loads comes from elsewhere. Each answer carries a strong ETag (a hash of the bytes) with
 * {@code Cache-Control: no-cache}: the browser keeps the file and revalidates it, getting a 304 until a new node
 * version ships different bytes. The security headers forbid every origin but the node's own, inline scripts and
 * styles included, and framing.
 */
public final class UiAssets {
    /** Where the files lie in the jar. */
    static final String BASE = "/io/edgefusion/node/ui/";
    /** Every file the page loads; a file not listed here is not served. */
    static final List<String> FILES = List.of("index.html", "dashboard.css", "dashboard.js", "charts.js",
            "icon.svg");
    public static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    record Asset(String name, String contentType, byte[] bytes, String etag) {
    }

    private final Map<String, Asset> assets;

    private UiAssets(Map<String, Asset> assets) {
        this.assets = assets;
    }

    /** Reads every file; a missing one is a broken build, named. */
    public static UiAssets load() {
        Map<String, Asset> m = new LinkedHashMap<>();
        for (String f : FILES) {
            try (InputStream in = UiAssets.class.getResourceAsStream(BASE + f)) {
                if (in == null) {
                    throw new IllegalStateException("dashboard file " + BASE + f + " is missing from the node jar");
                }
                byte[] b = in.readAllBytes();
                m.put(f, new Asset(f, contentType(f), b, etag(b)));
            } catch (IOException e) {
                throw new UncheckedIOException("dashboard file " + BASE + f + ": " + e.getMessage(), e);
            }
        }
        return new UiAssets(Map.copyOf(m));
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "svg" -> "image/svg+xml";
            default -> throw new IllegalArgumentException("dashboard file " + name + ": no content type for ." + ext);
        };
    }

    private static String etag(byte[] b) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(b);
            return "\"" + HexFormat.of().formatHex(h, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<Asset> find(String name) {
        return Optional.ofNullable(assets.get(name));
    }

    /** {@code name} as the answer to {@code request}: 200 with the bytes, 304 when the browser has them, or 404. */
    public ApiResponse serve(ApiRequest request, String name) {
        Asset a = assets.get(name);
        if (a == null) {
            return ApiErrors.notFound("no dashboard file " + request.path());
        }
        Map<String, String> h = new LinkedHashMap<>();
        h.put("ETag", a.etag());
        h.put("Cache-Control", "no-cache");
        h.put("Content-Security-Policy", CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "no-referrer");
        boolean fresh = request.header("if-none-match").map(v -> matches(v, a.etag())).orElse(false);
        return fresh ? new ApiResponse.Full(304, a.contentType(), new byte[0], h)
                : new ApiResponse.Full(200, a.contentType(), a.bytes(), h);
    }

    /** {@code If-None-Match}: a list of tags (weak ones compare by their opaque part) or {@code *}. */
    private static boolean matches(String header, String etag) {
        for (String t : header.split(",")) {
            String s = t.strip();
            if (s.equals("*") || s.equals(etag) || s.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}

package io.edgefusion.node.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 framing both ends of the node's socket share: lines, headers, query strings, status texts. */
public final class HttpWire {
    /** Longest request/status line or header line; longer is refused, not buffered. */
    static final int MAX_LINE = 16 * 1024;
    static final int MAX_HEADERS = 100;

    private HttpWire() {
    }

    /** One CRLF- (or LF-) terminated line without its terminator; null at a clean end of stream. */
    public static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (b.size() >= MAX_LINE) {
                throw new HttpProtocolException(431, "line longer than " + MAX_LINE + " bytes");
            }
            b.write(c);
        }
        if (b.size() == 0) {
            return null;
        }
        throw new HttpProtocolException(400, "connection closed inside a line");
    }

    /** Header lines up to the blank one; names lower-cased, repeated headers joined with ", ". */
    public static Map<String, String> readHeaders(InputStream in) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int n = 0; ; n++) {
            String line = readLine(in);
            if (line == null) {
                throw new HttpProtocolException(400, "connection closed inside the headers");
            }
            if (line.isEmpty()) {
                return headers;
            }
            if (n >= MAX_HEADERS) {
                throw new HttpProtocolException(431, "more than " + MAX_HEADERS + " headers");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new HttpProtocolException(400, "bad header line '" + line + "'");
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
    }

    /** {@code a=1&b=x%20y} as a map; a repeated name keeps its last value. */
    public static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            q.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return q;
    }

    /** The body a Content-Length announces; the stream must hold all of it. */
    public static byte[] readBody(InputStream in, long length, long max) throws IOException {
        if (length > max) {
            throw new HttpProtocolException(413, "body of " + length + " bytes is over " + max);
        }
        byte[] b = in.readNBytes((int) length);
        if (b.length != length) {
            throw new HttpProtocolException(400, "body ended after " + b.length + " of " + length + " bytes");
        }
        return b;
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Status " + status;
        };
    }
}

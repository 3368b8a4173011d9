package io.edgefusion.node.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A route's path: literal segments and {@code {name}} segments, each matching one non-empty segment, e.g.
 * {@code /v1/deployments/{name}/history}. No wildcards across segments: every route names its whole path.
 */
public record PathPattern(String text, List<String> segments) {
    public PathPattern {
        segments = List.copyOf(segments);
    }

    public static PathPattern of(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("route path '" + text + "': must start with /");
        }
        List<String> segs = split(text);
        for (String s : segs) {
            boolean param = s.startsWith("{") && s.endsWith("}");
            if (s.isEmpty() || (param && s.length() == 2) || (!param && (s.contains("{") || s.contains("}")))) {
                throw new IllegalArgumentException("route path '" + text + "': bad segment '" + s + "'");
            }
        }
        return new PathPattern(text, segs);
    }

    /** The {@code {name}} values when {@code path} matches, URL-decoded. */
    public Optional<Map<String, String>> match(String path) {
        List<String> parts = split(path);
        if (parts.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String s = segments.get(i);
            String p = parts.get(i);
            if (s.startsWith("{")) {
                if (p.isEmpty()) {
                    return Optional.empty();
                }
                params.put(s.substring(1, s.length() - 1), java.net.URLDecoder.decode(p,
                        java.nio.charset.StandardCharsets.UTF_8));
            } else if (!s.equals(p)) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    private static List<String> split(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.isEmpty() ? List.of() : List.of(p.split("/", -1));
    }
}

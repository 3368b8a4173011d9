package io.edgefusion.node.api;

/**
 * The API's one error shape: {@code {"schema":"edgefusion.error/v1","error":"..."}} with the HTTP status, the
 * message one line naming the thing and the reason, as the CLI prints it.
 */
public final class ApiErrors {
    public static final String SCHEMA = "edgefusion.error/v1";

    private ApiErrors() {
    }

    public static ApiResponse error(int status, String message) {
        return ApiResponse.json(status, "{\"schema\":\"" + SCHEMA + "\",\"error\":" + quote(message) + "}");
    }

    public static ApiResponse notFound(String what) {
        return error(404, what);
    }

    /** A JSON string literal of {@code s}. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}

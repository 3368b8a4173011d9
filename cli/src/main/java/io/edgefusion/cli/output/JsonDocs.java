package io.edgefusion.cli.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;

/**
 * The CLI's side of the versioned JSON documents: printing them. The documents and their one time format are
 * built by {@link io.edgefusion.runtime.json.JsonDocs} (shared with the node's API); the time helpers are here
 * too so text output shows times exactly as the documents do.
 */
public final class JsonDocs {
    private JsonDocs() {
    }

    /** Epoch milliseconds as RFC 3339 UTC; {@code null} for none. */
    public static String time(Long epochMillis) {
        return io.edgefusion.runtime.json.JsonDocs.time(epochMillis);
    }

    /** A foreign RFC 3339 time in the one output form; {@code null} when absent or not RFC 3339. */
    public static String time(String rfc3339) {
        return io.edgefusion.runtime.json.JsonDocs.time(rfc3339);
    }

    public static void print(PrintWriter out, JsonNode doc) {
        out.println(doc.toPrettyString());
        out.flush();
    }
}

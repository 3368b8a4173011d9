package io.edgefusion.cli.deploy;

import io.edgefusion.cli.sandbox.PsCommand;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The node's RFC 3339 times, shown as ps shows its own: {@code 5s ago}. */
final class Times {
    private Times() {
    }

    static String ago(String rfc3339) {
        try {
            return PsCommand.ago(Instant.parse(rfc3339).toEpochMilli());
        } catch (DateTimeParseException e) {
            return "-";
        }
    }
}

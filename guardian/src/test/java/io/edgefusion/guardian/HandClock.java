package io.edgefusion.guardian;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** Time a test moves by hand. */
public final class HandClock implements InstantSource {
    private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
        return now;
    }

    public void advance(Duration d) {
        now = now.plus(d);
    }
}

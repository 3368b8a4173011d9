package io.edgefusion.runtime.lease;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Who holds a lease, spelt as the store's holder name: {@code sandbox-<id>} for a sandbox (released when it is
 * removed), {@code pending-<pid>-<random>} for a run whose sandbox does not exist yet, anything else for other
 * users (a build).
 */
public sealed interface LeaseOwner {
    /** The store's holder name. */
    String holder();

    /** The sandbox with this full id. */
    record Sandbox(String id) implements LeaseOwner {
        static final String PREFIX = "sandbox-";

        @Override
        public String holder() {
            return PREFIX + id;
        }
    }

    /** A launch in progress: unique per launch, also inside one node process that runs many at once. */
    record Pending(String token) implements LeaseOwner {
        static final String PREFIX = "pending-";

        /**
         * A new token: this process's pid (to tell whose it was) and random bits. ThreadLocalRandom rather than
         * UUID: SecureRandom's set-up costs a cold CLI milliseconds, and the token only needs to be unique.
         */
        public static Pending next() {
            return new Pending(ProcessHandle.current().pid() + "-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1));
        }

        @Override
        public String holder() {
            return PREFIX + token;
        }
    }

    /** Any other holder. */
    record Named(String holder) implements LeaseOwner {
    }

    /** The owner a holder name stands for. */
    static LeaseOwner of(String holder) {
        if (holder.startsWith(Sandbox.PREFIX)) {
            return new Sandbox(holder.substring(Sandbox.PREFIX.length()));
        }
        if (holder.startsWith(Pending.PREFIX)) {
            return new Pending(holder.substring(Pending.PREFIX.length()));
        }
        return new Named(holder);
    }
}

package io.edgefusion.sandbox.network;

import java.util.List;

/**
 * Who is attached to a network, asked before {@code network rm}. Phase 1 answers from the CNI result cache (an
 * entry exists from a successful ADD until its DEL); the sandbox wiring may add its own records (a sandbox
 * created with {@code --network NAME} that has not started yet).
 */
@FunctionalInterface
public interface NetworkUsers {
    /** The container ids (or names) using {@code network}; empty when none. */
    List<String> of(String network);
}

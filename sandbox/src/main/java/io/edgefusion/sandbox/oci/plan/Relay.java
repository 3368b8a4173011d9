package io.edgefusion.sandbox.oci.plan;

import io.edgefusion.sandbox.launch.CallerTerminal;

/**
 * The helper relays the process's stdio to an EdgeFusion caller (docker's {@code -i}/{@code -t}) instead of
 * handing a terminal to a console socket: what {@code edgefusion run} and {@code exec} add to a config.
 *
 * @param interactive stdin attached ({@code -i})
 * @param terminal    the caller's terminal, for a {@code process.terminal} pty's size, modes and output; or null
 * @param supervision run: the reaper's duties; null for exec
 */
public record Relay(boolean interactive, CallerTerminal terminal, Supervision supervision) {
}

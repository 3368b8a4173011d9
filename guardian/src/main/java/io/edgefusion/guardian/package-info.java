/**
 * The guardian: the core contract enforced at run time inside the node. Scheduled checks per workload, the
 * circuit breaker (closed, open, half-open; on opening: isolate, roll back, diff snapshot), evidence appended to
 * a hash-chained, Ed25519-signed log, and prevention where the kernel allows it (cgroup BPF bind programs). It
 * acts through interfaces the node implements; it never owns the node's process or API.
 */
package io.edgefusion.guardian;

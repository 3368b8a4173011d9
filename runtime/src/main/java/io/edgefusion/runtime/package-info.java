/**
 * What joins images and sandboxes, shared by the CLI and the node: ROOTFS-or-image resolution, image config to
 * sandbox spec, leases on layers, build RUN steps, commit/diff around freeze, the versioned JSON documents.
 * Nothing here prints or knows picocli.
 */
package io.edgefusion.runtime;

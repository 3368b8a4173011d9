package io.edgefusion.image.registry;

import io.edgefusion.image.ImageException;
import io.edgefusion.image.oci.Digest;
import io.edgefusion.image.oci.ImageRef;

import java.util.Locale;

/**
 * An image in a registry: {@code [HOST[:PORT]/]REPO[:TAG|@sha256:…]}. The first component is a registry host
 * when it has a dot or a colon or is {@code localhost} (docker's rule); otherwise the image is on Docker Hub,
 * where a one-component name lives under {@code library/}. {@code local} is the name it has in the store: the
 * reference as written, without digest.
 */
public record RemoteRef(String registry, String repository, String tag, Digest digest, ImageRef local) {
    public static final String DOCKER_HUB = "docker.io";

    public static RemoteRef parse(String s) {
        if (s == null || s.isBlank()) {
            throw new ImageException("missing image reference");
        }
        Digest digest = null;
        String rest = s;
        int at = s.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(s.substring(at + 1));
            rest = s.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        // validates name and tag with the store's grammar; a digest-only ref is named after its digest
        ImageRef local = new ImageRef(rest, tag != null ? tag : "sha256-" + digest.hex().substring(0, 12));
        String registry = DOCKER_HUB;
        String repo = rest;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first;
                repo = rest.substring(slash + 1);
            }
        }
        if (registry.equals(DOCKER_HUB) && !repo.contains("/")) {
            repo = "library/" + repo;
        }
        return new RemoteRef(registry.toLowerCase(Locale.ROOT), repo, tag, digest, local);
    }

    /** What the manifest endpoint is asked for: the digest when given, else the tag. */
    public String reference() {
        return digest != null ? digest.toString() : tag;
    }

    /** {@code host/repo[:tag][@digest]}, as messages name it. */
    @Override
    public String toString() {
        return registry + "/" + repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}

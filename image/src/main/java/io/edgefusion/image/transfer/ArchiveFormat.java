package io.edgefusion.image.transfer;

import io.edgefusion.image.ImageException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What {@code image save} writes: an OCI layout directory, a tar of one, or the {@code docker save} tar. */
public enum ArchiveFormat {
    OCI_LAYOUT, OCI_ARCHIVE, DOCKER_ARCHIVE;

    /** The name on the command line: {@code oci-layout}, {@code oci-archive}, {@code docker-archive}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ArchiveFormat parse(String s) {
        for (ArchiveFormat f : values()) {
            if (f.cliName().equals(s)) {
                return f;
            }
        }
        throw new ImageException("--format " + s + ": use one of " + Arrays.stream(values())
                .map(ArchiveFormat::cliName).collect(Collectors.joining(", ")));
    }
}

package io.edgefusion.oci.state;

/** A verb that cannot be done to a container as it is (missing, exists, wrong status): one line. */
public final class ContainerException extends RuntimeException {
    public ContainerException(String message) {
        super(message);
    }
}

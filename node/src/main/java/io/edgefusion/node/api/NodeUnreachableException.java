package io.edgefusion.node.api;

/** A node serves the root but this caller may not reach it; the message names the socket and the reason. */
public final class NodeUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NodeUnreachableException(String message) {
        super(message);
    }
}

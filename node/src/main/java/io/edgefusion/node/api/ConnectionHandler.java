package io.edgefusion.node.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** Serves one accepted connection of the node's socket that is not a thin client's (HTTP/1.1 for the API). */
@FunctionalInterface
public interface ConnectionHandler {
    void serve(InputStream in, OutputStream out, Peer peer) throws IOException;
}

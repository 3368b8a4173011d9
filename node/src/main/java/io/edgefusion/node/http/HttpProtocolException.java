package io.edgefusion.node.http;

import java.io.IOException;

/** A request the server cannot read as HTTP/1.1, with the status to answer before closing. */
public final class HttpProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    HttpProtocolException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}

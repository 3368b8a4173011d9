package io.edgefusion.image;

/**
 * An image operation that cannot proceed: a bad or hostile input, a digest that does not match, an unknown
 * image. The message is one line that names the object (entry path, digest, image name) and the reason, ready
 * for {@code edgefusion: <message>}.
 */
public class ImageException extends RuntimeException {
    public ImageException(String message) {
        super(message);
    }

    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.edgefusion.platform.verify;

/**
 * What the bytecode scan knows about one operand-stack or local value: a constant, an object being built
 * from constants, or nothing. Only constants matter to the network rule, so everything else is {@link #UNKNOWN}.
 */
sealed interface Value {
    Value UNKNOWN = new Unknown();

    record Unknown() implements Value {
    }

    record IntConst(int value) implements Value {
    }

    record StrConst(String value) implements Value {
    }

    /** An {@code InetAddress} from a constant ({@code getByName("127.0.0.1")}, {@code getLoopbackAddress()}). */
    record HostConst(String host) implements Value {
    }

    /**
     * An object from {@code new}; for {@code InetSocketAddress} the constructor fills in the host and port when
     * constants fed them. Identity matters: {@code dup} shares one instance, so the constructor's facts reach
     * the copy left on the stack.
     */
    final class NewObject implements Value {
        final String type;
        String host;
        Integer port;

        NewObject(String type) {
            this.type = type;
        }

        boolean hardCoded() {
            return host != null || port != null;
        }

        String describe() {
            return (host == null ? "*" : host) + ":" + (port == null ? "(configured)" : port);
        }
    }
}

package io.edgefusion.sandbox.seccomp;

/**
 * A seccomp policy that cannot be used: malformed JSON, an unknown field or action, a program the kernel would
 * refuse. The message is one line and names the file (and line:column) and the field.
 */
public final class SeccompPolicyException extends IllegalArgumentException {
    public SeccompPolicyException(String message) {
        super(message);
    }
}

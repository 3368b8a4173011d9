package io.edgefusion.platform.contract;

/**
 * A field or method by JVM names: owner {@code java/lang/System}, name {@code out}; descriptor {@code null}
 * matches any.
 */
public record MemberRef(String owner, String name, String descriptor) {
    public boolean matches(String owner, String name, String descriptor) {
        return (this.owner == null || this.owner.equals(owner)) && this.name.equals(name)
                && (this.descriptor == null || this.descriptor.equals(descriptor));
    }

    /** {@code System.out}, {@code Throwable.printStackTrace()}: how a person writes it. */
    public String display() {
        String simple = owner == null ? "" : owner.substring(owner.lastIndexOf('/') + 1) + ".";
        return simple + name + (descriptor != null && descriptor.startsWith("(") ? "()" : "");
    }
}

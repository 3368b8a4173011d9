package io.edgefusion.sandbox.seccomp;

/** libseccomp's argument comparisons; every one compares the whole 64-bit argument, unsigned. */
public enum CompareOp {
    NE("SCMP_CMP_NE"), LT("SCMP_CMP_LT"), LE("SCMP_CMP_LE"), EQ("SCMP_CMP_EQ"), GE("SCMP_CMP_GE"),
    GT("SCMP_CMP_GT"), MASKED_EQ("SCMP_CMP_MASKED_EQ");

    private final String policyName;

    CompareOp(String policyName) {
        this.policyName = policyName;
    }

    public String policyName() {
        return policyName;
    }

    /** What the comparison means, for a 64-bit argument (the reference the compiler's tests hold BPF to). */
    public boolean test(long arg, long value, long valueTwo) {
        return switch (this) {
            case NE -> arg != value;
            case LT -> Long.compareUnsigned(arg, value) < 0;
            case LE -> Long.compareUnsigned(arg, value) <= 0;
            case EQ -> arg == value;
            case GE -> Long.compareUnsigned(arg, value) >= 0;
            case GT -> Long.compareUnsigned(arg, value) > 0;
            case MASKED_EQ -> (arg & value) == valueTwo;
        };
    }
}

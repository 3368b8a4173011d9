package io.edgefusion.runtime.diagnose.fs;

/**
 * One effect of the mount's flags: what was predicted from them and what the probe saw there.
 *
 * @param name      {@code write}, {@code exec}, {@code mmap_exec}, {@code setid}, {@code device}
 * @param flag      the mount option that decides it ({@code ro}, {@code noexec}, {@code nosuid}, {@code nodev})
 * @param predicted allowed | refused | honoured | ignored
 * @param errno     the errno predicted for a refusal, else null
 * @param observed  what the probe saw: allowed | refused | honoured | ignored | skipped
 * @param seen      the errno the probe saw (a refusal, or why it skipped), else null
 * @param verdict   as-predicted | contradicted | unverified
 * @param why       the reason for the prediction
 */
public record FsCheck(String name, String flag, String predicted, String errno, String observed, String seen,
                      String verdict, String why) {
    public static final String AS_PREDICTED = "as-predicted";
    public static final String CONTRADICTED = "contradicted";
    public static final String UNVERIFIED = "unverified";

    /** The verdict of a prediction against a probe's line. */
    static FsCheck of(String name, String flag, String predicted, String errno, String why, ProbeLine seen) {
        String observed = seen == null ? "skipped" : seen.outcome();
        String seenErrno = seen == null ? null : seen.errnoName();
        String verdict;
        if (seen == null || observed.equals("skipped")) {
            verdict = UNVERIFIED;
        } else if (!observed.equals(predicted)) {
            verdict = CONTRADICTED;
        } else {
            verdict = errno == null || errno.equals(seenErrno) ? AS_PREDICTED : CONTRADICTED;
        }
        return new FsCheck(name, flag, predicted, errno, observed, seenErrno, verdict, why);
    }
}

package io.edgefusion.sandbox.seccomp;

/**
 * What the filter answers for a call (linux/seccomp.h {@code SECCOMP_RET_*}), as libseccomp's
 * {@code SCMP_ACT_*} names them in a policy.
 */
public sealed interface SeccompAction {
    int RET_KILL_PROCESS = 0x80000000;
    int RET_KILL_THREAD = 0x00000000;
    int RET_TRAP = 0x00030000;
    int RET_ERRNO = 0x00050000;
    int RET_TRACE = 0x7ff00000;
    int RET_LOG = 0x7ffc0000;
    int RET_ALLOW = 0x7fff0000;
    int RET_DATA = 0x0000ffff;

    /** The 32-bit value a BPF {@code ret} returns. */
    int ret();

    record Allow() implements SeccompAction {
        public int ret() {
            return RET_ALLOW;
        }
    }

    /** The call fails with {@code errno} without reaching the kernel. */
    record Errno(int errno) implements SeccompAction {
        public Errno {
            if (errno < 0 || errno > RET_DATA) {
                throw new SeccompPolicyException("errnoRet " + errno + ": must be 0.." + RET_DATA);
            }
        }

        public int ret() {
            return RET_ERRNO | errno;
        }
    }

    record KillProcess() implements SeccompAction {
        public int ret() {
            return RET_KILL_PROCESS;
        }
    }

    /** libseccomp's SCMP_ACT_KILL is this one. */
    record KillThread() implements SeccompAction {
        public int ret() {
            return RET_KILL_THREAD;
        }
    }

    record Trap() implements SeccompAction {
        public int ret() {
            return RET_TRAP;
        }
    }

    /** A ptrace tracer is notified with {@code data} as the event message (no tracer: the call fails ENOSYS). */
    record Trace(int data) implements SeccompAction {
        public int ret() {
            return RET_TRACE | (data & RET_DATA);
        }
    }

    record Log() implements SeccompAction {
        public int ret() {
            return RET_LOG;
        }
    }
}

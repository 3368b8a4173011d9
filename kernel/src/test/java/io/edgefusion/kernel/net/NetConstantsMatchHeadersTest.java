package io.edgefusion.kernel.net;

import io.edgefusion.kernel.testing.CHeaders;
import io.edgefusion.kernel.testing.CHeaders.Toolchain;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The socket constants and struct layouts of {@link NetCalls} claim to be one on every architecture: check both. */
class NetConstantsMatchHeadersTest {
    @ParameterizedTest
    @EnumSource(Toolchain.class)
    void socketConstantsAreTheHeadersOfEveryArchitecture(Toolchain tc) {
        Map<String, Long> java = new LinkedHashMap<>();
        java.put("AF_UNIX", (long) NetCalls.AF_UNIX);
        java.put("SOCK_STREAM", (long) NetCalls.SOCK_STREAM);
        java.put("SOCK_CLOEXEC", (long) NetCalls.SOCK_CLOEXEC);
        java.put("SOL_SOCKET", (long) NetCalls.SOL_SOCKET);
        java.put("SO_PEERCRED", (long) NetCalls.SO_PEERCRED);
        java.put("SCM_RIGHTS", (long) NetCalls.SCM_RIGHTS);
        java.put("MSG_CTRUNC", (long) NetCalls.MSG_CTRUNC);
        java.put("MSG_NOSIGNAL", (long) NetCalls.MSG_NOSIGNAL);
        java.put("MSG_CMSG_CLOEXEC", (long) NetCalls.MSG_CMSG_CLOEXEC);
        java.put("POLLIN", (long) NetCalls.POLLIN);
        java.put("POLLOUT", (long) NetCalls.POLLOUT);
        java.put("PIPE_BUF", (long) NetCalls.PIPE_BUF);
        java.put("sizeof(struct sockaddr_un)", NetCalls.SOCKADDR_UN_SIZE);
        java.put("offsetof(struct sockaddr_un, sun_path)", NetCalls.SUN_PATH_OFFSET);
        java.put("sizeof(((struct sockaddr_un *) 0)->sun_path)", (long) NetCalls.SUN_PATH_MAX);
        java.put("sizeof(struct msghdr)", NetCalls.MSGHDR_SIZE);
        java.put("offsetof(struct msghdr, msg_iov)", NetCalls.MSG_IOV);
        java.put("offsetof(struct msghdr, msg_iovlen)", NetCalls.MSG_IOVLEN);
        java.put("offsetof(struct msghdr, msg_control)", NetCalls.MSG_CONTROL);
        java.put("offsetof(struct msghdr, msg_controllen)", NetCalls.MSG_CONTROLLEN);
        java.put("offsetof(struct msghdr, msg_flags)", NetCalls.MSG_FLAGS);
        java.put("sizeof(((struct msghdr *) 0)->msg_controllen)", 8L);
        java.put("sizeof(struct iovec)", NetCalls.IOVEC_SIZE);
        java.put("CMSG_LEN(0)", NetCalls.CMSGHDR_SIZE);
        java.put("sizeof(((struct cmsghdr *) 0)->cmsg_len)", 8L);
        java.put("offsetof(struct cmsghdr, cmsg_level)", NetCalls.CMSG_LEVEL);
        java.put("offsetof(struct cmsghdr, cmsg_type)", NetCalls.CMSG_TYPE);
        java.put("CMSG_SPACE(12)", NetCalls.CMSGHDR_SIZE + 16);
        java.put("sizeof(struct ucred)", NetCalls.UCRED_SIZE);
        java.put("sizeof(struct pollfd)", NetCalls.POLLFD_SIZE);
        Map<String, String> expressions = new LinkedHashMap<>();
        java.keySet().forEach(k -> expressions.put(k, k));
        Map<String, Long> c = CHeaders.values(tc, List.of("sys/socket.h", "sys/un.h", "poll.h", "limits.h",
                "sys/uio.h"), expressions);
        assertThat(new TreeMap<>(java)).as("socket constants vs " + tc.gcc()).isEqualTo(new TreeMap<>(c));
    }
}

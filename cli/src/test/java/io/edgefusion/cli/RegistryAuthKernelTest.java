package io.edgefusion.cli;

import io.edgefusion.image.testing.TestRegistry;
import io.edgefusion.image.testing.TokenFront;
import io.edgefusion.kernel.testing.KernelTest;
import io.edgefusion.sandbox.testing.TestSandboxes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.edgefusion.cli.CliRun.ok;
import static io.edgefusion.cli.CliRun.withStdin;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bearer tokens (the {@code WWW-Authenticate} flow) against Debian's docker-registry behind {@link TokenFront}, a
 * token server and front on loopback: login, push and pull with a login; refused credentials; anonymous pull; and
 * the scopes asked for are exactly what each operation needs.
 */
@KernelTest
class RegistryAuthKernelTest {
    private final TestSandboxes ts = new TestSandboxes();
    private TestRegistry backend;

    @BeforeEach
    void start() throws Exception {
        backend = TestRegistry.plain(ts.root().resolve("registry-backend"));
    }

    @AfterEach
    void tearDown() throws Exception {
        backend.close();
        ts.close();
    }

    private CliRun cli(String... args) {
        return CliRun.under(ts.root(), args);
    }

    private Path authFile() {
        return ts.root().resolve("registry/config.json");
    }

    /** demo/base:1: the busybox root as one layer. */
    private void built() throws Exception {
        BaseImage.build(ts, "pulled with a token");
    }

    private static List<String> scopes(List<TokenFront.TokenRequest> rs) {
        return rs.stream().filter(r -> r.status() == 200).flatMap(r -> r.scopes().stream()).distinct().toList();
    }

    @Test
    void loginPushAndPullGoThroughTokensForExactlyTheScopesEachNeeds() throws Exception {
        built();
        try (TokenFront front = new TokenFront(backend, false)) {
            CliRun login = ok(withStdin(TestRegistry.PASSWORD + "\n", () -> cli("login", front.host(), "-u",
                    TestRegistry.USER, "--password-stdin", "--insecure")));
            assertThat(login.out()).contains("Login Succeeded");
            assertThat(front.tokenRequests()).as("login asked a token with the credentials").isNotEmpty()
                    .allSatisfy(r -> {
                        assertThat(r.user()).isEqualTo(TestRegistry.USER);
                        assertThat(r.service()).isEqualTo(TokenFront.SERVICE);
                    });

            String ref = front.host() + "/demo/app:1";
            ok(cli("image", "tag", "demo/base:1", ref));
            int before = front.tokenRequests().size();
            CliRun push = ok(cli("push", "--insecure", ref));
            assertThat(push.out()).contains("pushed " + ref);
            List<TokenFront.TokenRequest> pushed = front.tokenRequests().subList(before, front.tokenRequests().size());
            assertThat(scopes(pushed)).containsExactly("repository:demo/app:pull,push");
            assertThat(pushed).as("one token for the blobs refused in parallel").hasSize(1);
            assertThat(pushed).allSatisfy(r -> assertThat(r.user()).isEqualTo(TestRegistry.USER));

            ok(cli("image", "rm", ref));
            ok(cli("image", "rm", "demo/base:1"));
            ok(cli("image", "prune"));
            before = front.tokenRequests().size();
            CliRun pull = ok(cli("pull", "--insecure", ref));
            assertThat(pull.err()).contains("from " + front.host());
            List<TokenFront.TokenRequest> pulled = front.tokenRequests().subList(before, front.tokenRequests().size());
            assertThat(scopes(pulled)).as("a pull asks for pull only").containsExactly("repository:demo/app:pull");
            assertThat(pulled).hasSize(1);
            assertThat(front.storageFetches()).as("blobs came from the redirect, without the token").isNotEmpty()
                    .allSatisfy(f -> assertThat(f.authorization()).as(f.path()).isFalse());
            assertThat(ok(cli("run", "--rm", ref)).out()).isEqualTo("pulled with a token\n");
        }
    }

    @Test
    void aTokenRequestWithBadCredentialsIsOneLineExit125AndNothingStored() throws Exception {
        try (TokenFront front = new TokenFront(backend, false)) {
            CliRun bad = withStdin("wrong\n", () -> cli("login", front.host(), "-u", TestRegistry.USER,
                    "--password-stdin", "--insecure"));
            assertThat(bad.exitCode()).isEqualTo(125);
            assertThat(bad.err().strip()).doesNotContain("\n").contains(front.host()).contains("refused")
                    .contains("'" + TestRegistry.USER + "'");
            assertThat(front.tokenRequests()).isNotEmpty().allSatisfy(r -> assertThat(r.status()).isEqualTo(401));
            assertThat(authFile()).doesNotExist();

            CliRun anonymous = cli("pull", "--insecure", front.host() + "/demo/app:1");
            assertThat(anonymous.exitCode()).isEqualTo(125);
            assertThat(anonymous.err().strip()).doesNotContain("\n").contains(front.host()).contains("denied");
            assertThat(authFile()).doesNotExist();
        }
    }

    @Test
    void anAnonymousTokenPullsAndCannotPush() throws Exception {
        built();
        String ref;
        try (TokenFront writer = new TokenFront(backend, false)) {
            ok(withStdin(TestRegistry.PASSWORD + "\n", () -> cli("login", writer.host(), "-u", TestRegistry.USER,
                    "--password-stdin", "--insecure")));
            ref = writer.host() + "/demo/open:1";
            ok(cli("image", "tag", "demo/base:1", ref));
            ok(cli("push", "--insecure", ref));
        }
        try (TokenFront open = new TokenFront(backend, true)) {
            String anon = open.host() + "/demo/open:1";
            ok(cli("image", "tag", "demo/base:1", anon));
            ok(cli("image", "rm", ref));
            CliRun push = cli("push", "--insecure", anon);
            assertThat(push.exitCode()).isEqualTo(125);
            assertThat(push.err().lines().filter(l -> l.startsWith("edgefusion:")).toList()).as(push.err())
                    .singleElement().asString().contains(open.host()).contains("denied");

            ok(cli("image", "rm", anon));
            ok(cli("image", "rm", "demo/base:1"));
            ok(cli("image", "prune"));
            int before = open.tokenRequests().size();
            ok(cli("pull", "--insecure", anon));
            List<TokenFront.TokenRequest> pulled = open.tokenRequests().subList(before, open.tokenRequests().size());
            assertThat(pulled).isNotEmpty().allSatisfy(r -> assertThat(r.user()).as("anonymous").isNull());
            assertThat(scopes(pulled)).containsExactly("repository:demo/open:pull");
            assertThat(ok(cli("run", "--rm", anon)).out()).isEqualTo("pulled with a token\n");
        }
    }

    @Test
    void aTokenThatExpiresMidPullIsRenewedNotTakenForARefusal() throws Exception {
        built();
        try (TokenFront front = new TokenFront(backend, false)) {
            ok(withStdin(TestRegistry.PASSWORD + "\n", () -> cli("login", front.host(), "-u", TestRegistry.USER,
                    "--password-stdin", "--insecure")));
            String ref = front.host() + "/demo/short:1";
            ok(cli("image", "tag", "demo/base:1", ref));
            ok(cli("push", "--insecure", ref));
            ok(cli("image", "rm", ref));
            ok(cli("image", "rm", "demo/base:1"));
            ok(cli("image", "prune"));
            front.expireAfter(1); // manifest, config and layer each need a token of their own
            int before = front.tokenRequests().size();
            ok(cli("pull", "--insecure", ref));
            List<TokenFront.TokenRequest> pulled = front.tokenRequests().subList(before, front.tokenRequests().size());
            assertThat(pulled).as("renewed after each expiry").hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(r -> assertThat(r.scopes()).containsExactly("repository:demo/short:pull"));
            assertThat(ok(cli("run", "--rm", ref)).out()).isEqualTo("pulled with a token\n");
        }
    }
}

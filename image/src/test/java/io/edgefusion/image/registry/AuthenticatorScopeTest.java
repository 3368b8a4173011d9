package io.edgefusion.image.registry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The scopes a token is asked for: one per resource, the union of its actions, in the order first named. */
class AuthenticatorScopeTest {
    @Test
    void aChallengeForPullBesideAPushScopeIsNotAskedAgain() {
        assertThat(Authenticator.merged("repository:demo/app:pull,push repository:demo/app:pull"))
                .containsExactly("repository:demo/app:pull,push");
    }

    @Test
    void aMountKeepsItsSourceAndAChallengeCanAddAnAction() {
        assertThat(Authenticator.merged("repository:a/two:pull,push repository:a/one:pull repository:a/one:delete"))
                .containsExactly("repository:a/two:pull,push", "repository:a/one:pull,delete");
    }

    @Test
    void noScopeAsksNone() {
        assertThat(Authenticator.merged(" ")).isEmpty();
        assertThat(Authenticator.merged("registry:catalog:*")).containsExactly("registry:catalog:*");
    }
}

package io.edgefusion.platform.yaml;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DidYouMeanTest {
    @Test
    void suggestsTyposButNotStrangers() {
        List<String> keys = List.of("platform", "modules", "stage", "services");
        assertThat(DidYouMean.suggest("modles", keys)).contains("modules");
        assertThat(DidYouMean.suggest("plaftorm", keys)).contains("platform");
        assertThat(DidYouMean.suggest("stagee", keys)).contains("stage");
        assertThat(DidYouMean.suggest("banana", keys)).isEmpty();
        assertThat(DidYouMean.distance("ab", "ba")).isEqualTo(1);
    }
}

package io.edgefusion.platform.profile;

import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.testing.TestCatalog;
import io.edgefusion.platform.yaml.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profile corpus: every good profile (the repository's sample boards included) validates; every bad one
 * yields exactly the problems listed in its {@code expect.txt} entry — message, line and column.
 */
class ProfileCorpusTest {
    private final ProfileValidator validator = new ProfileValidator(TestCatalog.withHalStandIns(),
            CoreContract.builtIn());

    static Path corpus(String kind) throws URISyntaxException {
        return Path.of(ProfileCorpusTest.class.getResource("/profiles/" + kind).toURI());
    }

    static Stream<Path> good() throws IOException, URISyntaxException {
        Stream<Path> samples = Files.list(Path.of("..", "profiles")).filter(p -> p.toString().endsWith(".yaml"));
        return Stream.concat(Files.list(corpus("good")), samples).sorted();
    }

    static Stream<Path> bad() throws IOException, URISyntaxException {
        return Files.list(corpus("bad")).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    @ParameterizedTest
    @MethodSource("good")
    void goodProfilesValidate(Path file) throws IOException {
        ProfileCheck c = validator.validate(file);
        assertThat(c.problems()).isEmpty();
        assertThat(c.profile()).isPresent();
    }

    @ParameterizedTest
    @MethodSource("bad")
    void badProfilesSayExactlyWhatAndWhere(Path file) throws IOException, URISyntaxException {
        List<String> expected = Files.readAllLines(corpus("bad").resolve("expect.txt")).stream()
                .filter(l -> l.startsWith(file.getFileName() + ":")).toList();
        ProfileCheck c = validator.validate(file);
        List<String> actual = c.problems().stream().map(Problem::toString)
                .map(s -> s.substring(s.lastIndexOf('/') + 1)).toList();
        assertThat(expected).as("expect.txt has entries for " + file.getFileName()).isNotEmpty();
        assertThat(actual).isEqualTo(expected);
        assertThat(c.ok()).isFalse();
    }
}

package io.edgefusion.platform.contract;

import io.edgefusion.platform.yaml.InputFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The versioned core contract: the rules no profile can trim. Read from {@code contract/core-contract.yaml}
 * (shipped inside the platform jar too); every part is data so a stage's permissions change in the file.
 */
public record CoreContract(String name, ContractVersion version, NetworkRules network, HalRules hal,
                           LoggingRules logging, Map<String, Set<String>> coreModules, Map<Stage, StageRules> stages,
                           String source) {

    /** Resource path of the contract the platform ships. */
    public static final String RESOURCE = "/io/edgefusion/platform/contract/core-contract.yaml";

    private static volatile CoreContract builtIn;

    /** The contract shipped with this platform build. */
    public static CoreContract builtIn() {
        CoreContract c = builtIn;
        if (c == null) {
            try (InputStream in = CoreContract.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the platform jar has no " + RESOURCE);
                }
                c = ContractLoader.load("core-contract.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            builtIn = c;
        }
        return c;
    }

    /** A contract file given by path (a newer contract than the shipped one, or a test's). */
    public static CoreContract load(Path file) throws IOException {
        try {
            return ContractLoader.load(file.toString(), InputFile.read(file, InputFile.DOCUMENT_LIMIT, "contract"));
        } catch (InputFile.InputRefused e) {
            throw new ContractException(List.of(e.problem()));
        }
    }

    public StageRules stage(Stage s) {
        return stages.get(s);
    }

    /** {@code edgefusion-core 2.3}. */
    public String label() {
        return name + " " + version;
    }
}

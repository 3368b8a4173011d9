package io.edgefusion.platform.contract;

import io.edgefusion.platform.hal.CryptoProvider;
import io.edgefusion.platform.hal.DeviceChannel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.reflect.AccessFlag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shipped contract: its data, and that it cannot drift from the HAL interfaces it describes. */
class CoreContractTest {
    private final CoreContract c = CoreContract.builtIn();

    @Test
    void versionAndRulesAreData() {
        assertThat(c.label()).isEqualTo("edgefusion-core 2.3");
        assertThat(c.network().listen()).extracting(Object::toString).containsExactly("0.0.0.0:8080", "0.0.0.0:9000");
        assertThat(c.coreModules().keySet()).containsExactlyInAnyOrder("logging", "audit", "tls", "hal.crypto");
        StageRules prod = c.stage(Stage.PRODUCTION);
        assertThat(prod.trim()).isEqualTo(StageRules.Trim.FROZEN);
        assertThat(prod.signedProfile()).isTrue();
        assertThat(prod.runtime()).isEqualTo(StageRules.Runtime.FULL);
        assertThat(prod.intervalSeconds()).isEqualTo(30);
        assertThat(c.stage(Stage.PRE_RELEASE).runtime()).isEqualTo(StageRules.Runtime.HEARTBEAT);
        assertThat(c.stage(Stage.DEVELOPMENT).trim()).isEqualTo(StageRules.Trim.ANY);
        assertThat(c.hal().layouts().get("serial_frame").size()).isEqualTo(32);
    }

    @Test
    void theRepositoryCopyIsTheShippedCopy() throws IOException {
        try (InputStream in = CoreContract.class.getResourceAsStream(CoreContract.RESOURCE)) {
            assertThat(new String(in.readAllBytes())).isEqualTo(Files.readString(Path.of("..", "contract",
                    "core-contract.yaml")));
        }
    }

    @Test
    void halMethodListsEqualTheInterfaces() throws IOException {
        for (Class<?> hal : List.of(CryptoProvider.class, DeviceChannel.class)) {
            String res = "/" + hal.getName().replace('.', '/') + ".class";
            try (InputStream in = hal.getResourceAsStream(res)) {
                Set<String> abstractMethods = ClassFile.of().parse(in.readAllBytes()).methods().stream()
                        .filter(m -> m.flags().has(AccessFlag.ABSTRACT))
                        .map(m -> m.methodName().stringValue() + m.methodType().stringValue())
                        .collect(Collectors.toSet());
                var spec = c.hal().interfaces().values().stream()
                        .filter(i -> i.type().equals(hal.getName().replace('.', '/'))).findFirst().orElseThrow();
                assertThat(spec.methods().stream().map(m -> m.name() + m.descriptor()).collect(Collectors.toSet()))
                        .as(hal.getSimpleName()).isEqualTo(abstractMethods);
            }
        }
    }

    @Test
    void providersOfTheSameMajorAndNoNewerMinorAreAccepted() {
        ContractVersion v = ContractVersion.parse("2.3");
        assertThat(v.accepts(ContractVersion.parse("2.0"))).isTrue();
        assertThat(v.accepts(ContractVersion.parse("2.3"))).isTrue();
        assertThat(v.accepts(ContractVersion.parse("2.4"))).isFalse();
        assertThat(v.accepts(ContractVersion.parse("1.4"))).isFalse();
        assertThatThrownBy(() -> ContractVersion.parse("two")).hasMessageContaining("MAJOR.MINOR");
    }

    @Test
    void aBrokenContractSaysWhere() {
        assertThatThrownBy(() -> ContractLoader.load("c.yaml", """
                contract: edgefusion-core
                version: "2.3"
                network: {rule: network.listen, listen: [nonsense]}
                hal: {}
                logging: {}
                stages: {development: {trim: some}, pre-release: {}, production: {}}
                """)).isInstanceOf(ContractException.class)
                .hasMessageStartingWith("invalid contract: c.yaml:3:42: endpoint must be HOST:PORT, got 'nonsense'");
    }
}

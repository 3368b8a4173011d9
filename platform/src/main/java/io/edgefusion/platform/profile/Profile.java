package io.edgefusion.platform.profile;

import io.edgefusion.platform.contract.Stage;
import io.edgefusion.platform.hal.Algorithm;
import io.edgefusion.platform.hal.DeviceSpec;
import io.edgefusion.platform.hal.Mode;
import io.edgefusion.platform.yaml.SourceMark;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A trim profile: which board it is for, its lifecycle stage, which platform modules it enables (and which
 * features and components inside them), its HAL choices, service ports and JVM options. {@code marks} keeps
 * where each setting was written (by dotted path, e.g. {@code modules.audit.enabled}) so stage rules can
 * point at the exact line.
 */
public record Profile(String file, String platform, String arch, Stage stage, Optional<String> contractVersion,
                      Hal hal, Map<String, Integer> servicePorts, List<String> jvmOptions,
                      Map<String, ModuleChoice> modules, Map<String, SourceMark> marks, byte[] source) {

    /**
     * HAL choices: the crypto backend (none on a board without crypto), the cipher modes business code may use (empty: every mode the stage
     * allows), and the devices.
     */
    public record Hal(Optional<Algorithm> crypto, Set<Mode> modes, List<DeviceSpec> devices) {
        /** The modes business code gets: those listed, or all but the ones the stage forbids. */
        public Set<Mode> effectiveModes(io.edgefusion.platform.contract.StageRules stage) {
            if (!modes.isEmpty()) {
                return modes;
            }
            java.util.EnumSet<Mode> all = java.util.EnumSet.allOf(Mode.class);
            all.removeIf(m -> stage.forbiddenModes().contains(m.name()));
            return all;
        }
    }

    /** One platform module's trim. {@code features} empty means all of the module's features. */
    public record ModuleChoice(String name, boolean enabled, List<String> features, List<String> disabledComponents) {
        public boolean allFeatures() {
            return features.isEmpty();
        }

        /** Whether a feature is on, given the module's known features. */
        public boolean hasFeature(String feature) {
            return enabled && (features.isEmpty() || features.contains(feature));
        }
    }

    public boolean enabled(String module) {
        ModuleChoice m = modules.get(module);
        return m != null && m.enabled();
    }

    public Set<String> enabledModules() {
        return modules.values().stream().filter(ModuleChoice::enabled).map(ModuleChoice::name)
                .collect(java.util.stream.Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    /** Where a setting was written; the top of the file when it was not written at all. */
    public SourceMark mark(String path) {
        SourceMark m = marks.get(path);
        if (m != null) {
            return m;
        }
        int dot = path.lastIndexOf('.');
        return dot > 0 ? mark(path.substring(0, dot)) : new SourceMark(file, 1, 1);
    }

    @Override
    public byte[] source() {
        return source.clone();
    }
}

package io.edgefusion.platform.contract;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The lifecycle stages a profile is written for; their rules are data in the contract ({@link StageRules}). */
public enum Stage {
    DEVELOPMENT("development"), PRE_RELEASE("pre-release"), PRODUCTION("production");

    private final String id;

    Stage(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<Stage> of(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Stage::id).toList();
    }

    @Override
    public String toString() {
        return id;
    }
}

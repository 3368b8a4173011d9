package io.edgefusion.platform.module;

import java.util.Set;

/**
 * The descriptor half of a {@link PlatformModule} as data, so a module class only says what is its own: how it
 * starts, and any components, device kinds or services it adds.
 */
public abstract class ModuleBase implements PlatformModule {
    private final String name;
    private final String description;
    private final Set<String> features;

    protected ModuleBase(String name, String description, String... features) {
        this.name = name;
        this.description = description;
        this.features = Set.of(features);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final Set<String> features() {
        return features;
    }
}

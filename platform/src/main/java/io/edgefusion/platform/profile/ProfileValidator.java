package io.edgefusion.platform.profile;

import io.edgefusion.platform.contract.ContractVersion;
import io.edgefusion.platform.contract.CoreContract;
import io.edgefusion.platform.contract.NetworkRules.Endpoint;
import io.edgefusion.platform.contract.StageRules;
import io.edgefusion.platform.hal.DeviceSpec;
import io.edgefusion.platform.hal.Mode;
import io.edgefusion.platform.module.ModuleCatalog;
import io.edgefusion.platform.module.PlatformModule;
import io.edgefusion.platform.profile.Profile.ModuleChoice;
import io.edgefusion.platform.yaml.InputFile;
import io.edgefusion.platform.yaml.SourceMark;
import io.edgefusion.platform.yaml.YamlDoc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Validates a trim profile: its schema ({@link ProfileParser}), then against the platform modules installed
 * (unknown modules, features, components, device kinds, services) and the core contract (contract ports, the
 * stage's trim rules, the signature a frozen stage needs). Used by {@code profile validate}, {@code profile
 * build} and node start, so all three refuse the same profiles with the same messages.
 */
public final class ProfileValidator {
    private final ModuleCatalog catalog;
    private final CoreContract contract;
    private final Optional<PublicKey> trustedKey;

    public ProfileValidator(ModuleCatalog catalog, CoreContract contract, Optional<PublicKey> trustedKey) {
        this.catalog = catalog;
        this.contract = contract;
        this.trustedKey = trustedKey;
    }

    public ProfileValidator(ModuleCatalog catalog, CoreContract contract) {
        this(catalog, contract, Optional.empty());
    }

    /**
     * Reads and validates a profile file; its signature, if any, is {@code FILE.sig} beside it. A file over
     * {@link InputFile#DOCUMENT_LIMIT} is refused on its size without being read.
     */
    public ProfileCheck validate(Path file) throws IOException {
        Path sig = file.resolveSibling(file.getFileName() + ".sig");
        YamlDoc.ReadResult read = YamlDoc.read(file, InputFile.DOCUMENT_LIMIT, "profile");
        try {
            Optional<String> signature = Files.isRegularFile(sig)
                    ? Optional.of(InputFile.read(sig, InputFile.KEY_LIMIT, "signature")) : Optional.empty();
            return validate(read.doc(), read.text(), signature);
        } catch (InputFile.InputRefused e) {
            return new ProfileCheck(Optional.empty(), List.of(e.problem()));
        }
    }

    public ProfileCheck validate(String file, String text, Optional<String> signature) {
        return validate(YamlDoc.parse(file, text), text, signature);
    }

    private ProfileCheck validate(YamlDoc doc, String text, Optional<String> signature) {
        Optional<Profile> parsed = ProfileParser.parse(doc, text);
        parsed.ifPresent(p -> semantics(doc, p, signature));
        return new ProfileCheck(doc.problems().isEmpty() ? parsed : Optional.empty(), doc.problems());
    }

    private void semantics(YamlDoc doc, Profile p, Optional<String> signature) {
        p.contractVersion().ifPresent(v -> {
            try {
                if (!contract.version().accepts(ContractVersion.parse(v))) {
                    doc.problem(p.mark("contract"), "profile is written for contract " + v + "; this platform enforces "
                            + contract.label());
                }
            } catch (IllegalArgumentException e) {
                doc.problem(p.mark("contract"), e.getMessage());
            }
        });
        for (ModuleChoice m : p.modules().values()) {
            Optional<PlatformModule> pm = catalog.get(m.name());
            if (pm.isEmpty()) {
                doc.problem(p.mark("modules." + m.name()), "unknown module '" + m.name() + "'"
                        + hintOrList(m.name(), catalog.names()));
                continue;
            }
            for (String f : m.features()) {
                if (!pm.get().features().contains(f)) {
                    doc.problem(p.mark("modules." + m.name() + ".features." + f), "module '" + m.name()
                            + "' has no feature '" + f + "'" + hintOrList(f, pm.get().features()));
                }
            }
            for (String c : m.disabledComponents()) {
                if (!pm.get().components().contains(c)) {
                    doc.problem(p.mark("modules." + m.name() + ".disabled_components." + c), "module '" + m.name()
                            + "' has no component '" + c + "'" + hintOrList(c, pm.get().components()));
                }
            }
        }
        p.hal().crypto().map(a -> a.id()).ifPresent(crypto -> {
            if (!p.enabled("hal.crypto") || !p.modules().get("hal.crypto").hasFeature(crypto)) {
                doc.problem(p.mark("hal.crypto"), "crypto '" + crypto + "' needs module 'hal.crypto' enabled with"
                        + " feature '" + crypto + "'");
            }
        });
        for (DeviceSpec d : p.hal().devices()) {
            SourceMark at = p.mark("hal.devices." + d.name() + ".kind");
            Set<String> kinds = catalog.all().stream().flatMap(m -> m.deviceKinds().stream())
                    .collect(Collectors.toCollection(TreeSet::new));
            catalog.forDeviceKind(d.kind()).ifPresentOrElse(m -> {
                if (!p.enabled(m.name())) {
                    doc.problem(at, "device '" + d.name() + "' needs module '" + m.name() + "' enabled");
                }
            }, () -> doc.problem(at, "no platform module serves device kind '" + d.kind() + "'"
                    + hintOrList(d.kind(), kinds)));
        }
        for (var e : p.servicePorts().entrySet()) {
            String service = e.getKey();
            Set<String> services = catalog.all().stream().flatMap(m -> m.services().stream())
                    .collect(Collectors.toCollection(TreeSet::new));
            Optional<PlatformModule> owner = catalog.forService(service);
            if (owner.isEmpty()) {
                doc.problem(p.mark("services." + service), "unknown service '" + service + "'"
                        + hintOrList(service, services));
                continue;
            }
            if (!p.enabled(owner.get().name())) {
                doc.problem(p.mark("services." + service), "service '" + service + "' needs module '"
                        + owner.get().name() + "' enabled");
            }
            if (!contract.network().allows(new Endpoint("0.0.0.0", e.getValue()))) {
                doc.problem(p.mark("services." + service + ".port"), "port " + e.getValue()
                        + " is not a contract port (" + contract.label() + " allows " + contract.network().listen()
                        .stream().map(Endpoint::toString).collect(Collectors.joining(", ")) + ")",
                        contract.network().rule());
            }
        }
        stage(doc, p, signature);
    }

    /** The stage's rules, all read from the contract. */
    private void stage(YamlDoc doc, Profile p, Optional<String> signature) {
        StageRules rules = contract.stage(p.stage());
        String st = "stage " + p.stage().id();
        for (String required : new TreeSet<>(rules.requiredModules())) {
            if (!p.enabled(required)) {
                doc.problem(p.mark("modules." + required + ".enabled"), st + " requires module '" + required
                        + "' enabled", rules.rule());
            }
        }
        if (rules.trim() != StageRules.Trim.ANY) {
            for (var core : new java.util.TreeMap<>(contract.coreModules()).entrySet()) {
                String name = core.getKey();
                ModuleChoice m = p.modules().get(name);
                if (m == null || !m.enabled()) {
                    if (!rules.requiredModules().contains(name)) {
                        doc.problem(p.mark("modules." + name + ".enabled"), st + " forbids disabling core module '"
                                + name + "'", rules.rule());
                    }
                    continue;
                }
                for (String f : new TreeSet<>(core.getValue())) {
                    if (!m.hasFeature(f)) {
                        doc.problem(p.mark("modules." + name + ".features"), st + " forbids trimming feature '" + f
                                + "' of core module '" + name + "'", rules.rule());
                    }
                }
                for (String c : m.disabledComponents()) {
                    doc.problem(p.mark("modules." + name + ".disabled_components." + c), st
                            + " forbids disabling component '" + c + "' of core module '" + name + "'", rules.rule());
                }
            }
        }
        for (Mode mode : p.hal().modes()) {
            if (rules.forbiddenModes().contains(mode.name())) {
                doc.problem(p.mark("hal.modes." + mode.name()), st + " forbids cipher mode " + mode
                        + " (a downgrade)", rules.rule());
            }
        }
        if (rules.signedProfile()) {
            SourceMark at = p.mark("stage");
            if (signature.isEmpty()) {
                doc.problem(at, st + " runs only a signed profile: no " + Path.of(p.file()).getFileName()
                        + ".sig beside it (sign it with 'edgefusion profile sign')", rules.rule());
            } else if (trustedKey.isEmpty()) {
                doc.problem(at, st + " runs only a signed profile: no trusted key to verify it with (--trusted-key FILE;"
                        + " the node also reads " + TrustAnchor.INSTALLED + ")", rules.rule());
            } else if (!ProfileSignature.verify(p.source(), signature.get(), trustedKey.get())) {
                doc.problem(at, st + " runs only a signed profile: the signature does not match (the profile"
                        + " changed since it was signed, or another key signed it)", rules.rule());
            }
        }
    }

    private static String hintOrList(String word, Set<String> known) {
        return ProfileParser.hintOrList(word, List.copyOf(new TreeSet<>(known)));
    }
}

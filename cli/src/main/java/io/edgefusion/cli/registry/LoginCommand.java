package io.edgefusion.cli.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgefusion.cli.Caller;
import io.edgefusion.image.oci.OciJson;
import io.edgefusion.image.ImageException;
import io.edgefusion.image.registry.Credentials;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code edgefusion login REGISTRY -u USER --password-stdin}. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Log in to a registry: checks the credentials against it (the /v2/ ping and a catalog"
                + " request, answering basic or bearer challenges) and stores them, 0600, in"
                + " DIR/registry/config.json (docker's config.json shape; skopeo reads it with --authfile)."},
        footer = {"", "Examples:",
                "  printf %%s \"$PASS\" | edgefusion login 127.0.0.1:5000 -u alice --password-stdin",
                "  edgefusion login --json 127.0.0.1:5000 -u alice --password-stdin < pass.txt",
                "  edgefusion logout 127.0.0.1:5000",
                "", "--json schema: edgefusion.login/v1 (docs/json/login.md)."})
public final class LoginCommand extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "REGISTRY", description = "host[:port] of the registry.")
    String registry;

    @Option(names = {"-u", "--username"}, required = true, paramLabel = "USER", description = "User name.")
    String user;

    @Option(names = "--password-stdin", required = true, description = "Read the password from stdin (one line).")
    boolean passwordStdin;

    @Option(names = "--ca-file", paramLabel = "FILE", description = "PEM CA file to trust for this registry's TLS.")
    Path caFile;

    @Option(names = "--insecure", description = "Plain HTTP or unverified TLS (loopback or listed registries only).")
    boolean insecure;

    @Option(names = "--json", description = "Print one JSON document (schema edgefusion.login/v1).")
    boolean json;

    @Override
    void run() {
        String password;
        try {
            password = new String(Caller.current().in().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (password.isEmpty()) {
            throw new ImageException("login " + registry + ": no password on stdin");
        }
        Credentials.Login login = new Credentials.Login(user, password);
        try (var client = registries(caFile, insecure).connect(registry, login)) {
            client.checkLogin();
        }
        credentials().put(registry, login);
        if (json) {
            ObjectNode n = OciJson.MAPPER.createObjectNode();
            n.put("schema", "edgefusion.login/v1");
            n.put("registry", registry);
            n.put("username", user);
            n.put("credentialsFile", credentials().file().toString());
            out().println(n.toPrettyString());
            return;
        }
        out().println("Login Succeeded (" + registry + ", stored in " + credentials().file() + ")");
    }
}

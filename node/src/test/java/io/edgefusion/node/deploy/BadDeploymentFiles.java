package io.edgefusion.node.deploy;

import io.edgefusion.sandbox.LimitRules;

import java.util.ArrayList;
import java.util.List;

/**
 * One bad deployment file per validation rule, each with the exact line it must give ({@code FILE} stands for the
 * file's name). Shared by the parser's test and the service's, which also checks that nothing was stored.
 */
final class BadDeploymentFiles {
    record Case(String rule, String yaml, String line) {
        String expected(String file) {
            return line.replace("FILE", file);
        }

        @Override
        public String toString() {
            return rule;
        }
    }

    private BadDeploymentFiles() {
    }

    /** A valid file with one workload whose body lines follow (indented four spaces). */
    static String one(String... body) {
        StringBuilder b = new StringBuilder("name: line-monitor\nworkloads:\n  - name: api\n");
        for (String l : body) {
            b.append("    ").append(l).append('\n');
        }
        return b.toString();
    }

    static List<Case> all() {
        int tooMany = LimitRules.onlineCpus() + 1;
        List<Case> c = new ArrayList<>();
        c.add(new Case("bad port", one("image: demo/api:1", "network: bridge", "ports: [\"8080:80\", \"80\"]"),
                "FILE:6:24: 'workloads[0].ports': -p 80: expected [IP:]HOST:CONTAINER[/tcp|udp]"));
        c.add(new Case("port protocol", one("image: demo/api:1", "network: bridge", "ports: [\"8080:80/sctp\"]"),
                "FILE:6:13: 'workloads[0].ports': -p 8080:80/sctp: protocol 'sctp' is not tcp or udp"));
        c.add(new Case("ports without network", one("image: demo/api:1", "ports: [\"8080:80\"]"),
                "FILE:5:5: 'workloads[0].ports' needs 'network' (bridge or a network's name)"));
        c.add(new Case("ports on network none", one("image: demo/api:1", "network: none", "ports: [\"8080:80\"]"),
                "FILE:5:14: 'workloads[0].network': -p 8080:80: needs a bridge network (--network bridge or a"
                        + " network's name), not --network none"));
        c.add(new Case("network name", one("image: demo/api:1", "network: bad/x"),
                "FILE:5:14: 'workloads[0].network': --network bad/x: expected none, host, bridge or a network's"
                        + " name"));
        c.add(new Case("misspelt key", one("image: demo/api:1", "restart: {polcy: always}"),
                "FILE:5:15: unknown key 'workloads[0].restart.polcy' (did you mean 'policy'?)"));
        c.add(new Case("misspelt restart policy", one("image: demo/api:1", "restart: {policy: allways}"),
                "FILE:5:23: 'workloads[0].restart.policy' must be one of no, on-failure, always, got 'allways'"
                        + " (did you mean 'always'?)"));
        c.add(new Case("misspelt top-level key", "name: line-monitor\nworkload:\n  - name: api\n",
                "FILE:2:1: unknown key 'workload' (did you mean 'workloads'?)"));
        c.add(new Case("deployment name", "name: Line_Monitor\nworkloads:\n  - {name: api, image: demo/api:1}\n",
                "FILE:1:7: 'name' must be a DNS label (1 to 50 of a-z, 0-9 and '-', starting and ending with a"
                        + " letter or digit), got 'Line_Monitor'"));
        c.add(new Case("deployment name too long", "name: " + "a".repeat(51) + "\nworkloads:\n"
                + "  - {name: api, image: demo/api:1}\n", "FILE:1:7: 'name' must be a DNS label (1 to 50 of a-z, 0-9"
                + " and '-', starting and ending with a letter or digit), got '" + "a".repeat(51) + "'"));
        c.add(new Case("workload name", "name: line-monitor\nworkloads:\n  - {name: api-, image: demo/api:1}\n",
                "FILE:3:12: 'workloads[0].name' must be a DNS label (1 to 50 of a-z, 0-9 and '-', starting and ending"
                        + " with a letter or digit), got 'api-'"));
        c.add(new Case("duplicate workload", "name: line-monitor\nworkloads:\n  - {name: api, image: demo/api:1}\n"
                + "  - {name: api, image: demo/api:2}\n", "FILE:4:12: duplicate workload name 'api' (first at line 3)"));
        c.add(new Case("no workloads", "name: line-monitor\nworkloads: []\n",
                "FILE:2:12: 'workloads' must list at least one workload"));
        c.add(new Case("missing name", "workloads:\n  - {name: api, image: demo/api:1}\n",
                "FILE:1:1: missing required key 'name'"));
        c.add(new Case("after names no workload", "name: line-monitor\nworkloads:\n"
                + "  - {name: api, image: demo/api:1, after: [dbb]}\n  - {name: db, image: demo/db:1}\n",
                "FILE:3:44: 'workloads[0].after' names 'dbb', which is not a workload of this deployment"
                        + " (did you mean 'db'?)"));
        c.add(new Case("after itself", "name: line-monitor\nworkloads:\n"
                + "  - {name: api, image: demo/api:1, after: [api]}\n",
                "FILE:3:44: 'workloads[0].after': a workload cannot start after itself"));
        c.add(new Case("after cycle", "name: line-monitor\nworkloads:\n"
                + "  - {name: api, image: demo/api:1, after: [db]}\n"
                + "  - {name: db, image: demo/db:1, after: [cache]}\n"
                + "  - {name: cache, image: demo/cache:1, after: [api]}\n",
                "FILE:5:48: 'workloads[2].after': start order has a cycle: api after db after cache after api"));
        c.add(new Case("image and rootfs", one("image: demo/api:1", "rootfs: /", "command: [/bin/true]"),
                "FILE:5:5: 'workloads[0]' must have exactly one of 'image' or 'rootfs', got both"));
        c.add(new Case("neither image nor rootfs", one("command: [/bin/true]"),
                "FILE:3:5: 'workloads[0]' must have exactly one of 'image' or 'rootfs', got neither"));
        c.add(new Case("image reference", one("image: Demo/API:1"),
                "FILE:4:12: 'workloads[0].image': invalid image name 'Demo/API' (lowercase letters, digits, '.', '_',"
                        + " '-', separated by '/')"));
        c.add(new Case("rootfs needs a command", one("rootfs: /"),
                "FILE:3:5: 'workloads[0].command' is required with 'rootfs' (a directory has no image config to"
                        + " take the command from)"));
        c.add(new Case("empty command", one("image: demo/api:1", "command: []"),
                "FILE:5:14: 'workloads[0].command' must not be empty (leave it out to run the image's entrypoint"
                        + " and cmd)"));
        c.add(new Case("env name", one("image: demo/api:1", "env: {\"A=B\": x}"),
                "FILE:5:11: 'workloads[0].env': 'A=B' is not a variable name (it must be non-empty, without '=')"));
        c.add(new Case("env value", one("image: demo/api:1", "env: {MODE: }"),
                "FILE:5:16: 'workloads[0].env.MODE' must be a string, got nothing"));
        c.add(new Case("resources not a mapping", one("image: demo/api:1", "resources: 64m"),
                "FILE:5:16: 'workloads[0].resources' must be a mapping, got '64m'"));
        c.add(new Case("memory syntax", one("image: demo/api:1", "resources: {memory: 64q}"),
                "FILE:5:25: 'workloads[0].resources.memory' 64q: expected a size like 512, 64k, 128m or 1g"));
        c.add(new Case("memory minimum", one("image: demo/api:1", "resources: {memory: 1k}"),
                "FILE:5:25: 'workloads[0].resources.memory' 1k: below the minimum 6m"));
        c.add(new Case("cpus zero", one("image: demo/api:1", "resources: {cpus: 0}"),
                "FILE:5:23: 'workloads[0].resources.cpus' 0: must be a positive number of CPUs"));
        c.add(new Case("cpus above the host", one("image: demo/api:1", "resources: {cpus: " + tooMany + "}"),
                "FILE:5:23: 'workloads[0].resources.cpus' " + tooMany + ": the host has only " + (tooMany - 1)
                        + (tooMany - 1 == 1 ? " CPU" : " CPUs")));
        c.add(new Case("cpus not a number", one("image: demo/api:1", "resources: {cpus: half}"),
                "FILE:5:23: 'workloads[0].resources.cpus' must be a number, got 'half'"));
        c.add(new Case("pids zero", one("image: demo/api:1", "resources: {pids: 0}"),
                "FILE:5:23: 'workloads[0].resources.pids' must be at least 1, got 0"));
        c.add(new Case("duration syntax", one("image: demo/api:1", "restart: {backoff: {initial: 10x}}"),
                "FILE:5:34: 'workloads[0].restart.backoff.initial' 10x: expected a duration like 100ms, 1s or 2m"));
        c.add(new Case("bare number duration", one("image: demo/api:1", "health: {tcp: 80, interval: 5}"),
                "FILE:5:33: 'workloads[0].health.interval' 5: expected a duration like 100ms, 1s or 2m"));
        c.add(new Case("backoff initial above max", one("image: demo/api:1",
                "restart: {backoff: {initial: 20s, max: 10s}}"),
                "FILE:5:34: 'workloads[0].restart.backoff.initial' 20s is above 'max' 10s"));
        c.add(new Case("two probes", one("image: demo/api:1", "health: {exec: [true], tcp: 80}"),
                "FILE:5:28: 'workloads[0].health' must have exactly one of 'exec', 'http' or 'tcp', got exec and tcp"));
        c.add(new Case("no probe", one("image: demo/api:1", "health: {interval: 1s}"),
                "FILE:5:13: 'workloads[0].health' must have exactly one of 'exec', 'http' or 'tcp', got none"));
        c.add(new Case("empty exec probe", one("image: demo/api:1", "health: {exec: []}"),
                "FILE:5:20: 'workloads[0].health.exec' must name a command to run"));
        c.add(new Case("timeout not below interval", one("image: demo/api:1",
                "health: {tcp: 80, interval: 1s, timeout: 1s}"),
                "FILE:5:46: 'workloads[0].health.timeout' 1s must be shorter than 'interval' 1s"));
        c.add(new Case("timeout not below the default interval", one("image: demo/api:1",
                "health: {tcp: 80, timeout: 1m}"),
                "FILE:5:32: 'workloads[0].health.timeout' 1m must be shorter than 'interval' 5s (the default)"));
        c.add(new Case("retries zero", one("image: demo/api:1", "health: {tcp: 80, retries: 0}"),
                "FILE:5:32: 'workloads[0].health.retries' must be at least 1, got 0"));
        c.add(new Case("tcp port range", one("image: demo/api:1", "health: {tcp: 70000}"),
                "FILE:5:19: 'workloads[0].health.tcp' port must be 1..65535, got 70000"));
        c.add(new Case("tcp host without port", one("image: demo/api:1", "health: {tcp: \"db:\"}"),
                "FILE:5:19: 'workloads[0].health.tcp' must be a port (1..65535) or HOST:PORT, got 'db:'"));
        c.add(new Case("http scheme", one("image: demo/api:1", "health: {http: \"https://127.0.0.1/\"}"),
                "FILE:5:20: 'workloads[0].health.http' must be an http:// URL with a host, like"
                        + " http://127.0.0.1:8080/health, got 'https://127.0.0.1/'"));
        c.add(new Case("YAML syntax", "name: line-monitor\nworkloads:\n  - {name: api, image: demo/api:1\n",
                "FILE:4:1: YAML syntax: expected ',' or '}', but got <stream end> (while parsing a flow mapping"
                        + " that starts at line 3)"));
        c.add(new Case("not a mapping", "- name: api\n", "FILE:1:1: expected a mapping at the top level"));
        return c;
    }
}

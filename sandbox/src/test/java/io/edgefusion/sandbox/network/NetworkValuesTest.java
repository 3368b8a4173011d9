package io.edgefusion.sandbox.network;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pure parts of networking: -p, --add-host, subnets, hosts and resolv.conf texts, results, requests, store. */
class NetworkValuesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void portsInDockersSyntax() {
        assertThat(PortMapping.parse("8080:80")).isEqualTo(new PortMapping("", 8080, 80, "tcp"));
        assertThat(PortMapping.parse("127.0.0.1:18080:80/udp")).isEqualTo(new PortMapping("127.0.0.1", 18080, 80,
                "udp"));
        assertThat(PortMapping.parse("[::1]:53:53/UDP")).isEqualTo(new PortMapping("::1", 53, 53, "udp"));
        assertThat(PortMapping.parse("127.0.0.1:18080:80").toString()).isEqualTo("127.0.0.1:18080->80/tcp");
        assertThat(PortMapping.parse("8080:80").toCni().toString())
                .isEqualTo("{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"}");
        assertThat(PortMapping.parse("1.2.3.4:1:2").toCni().path("hostIP").asText()).isEqualTo("1.2.3.4");
        Map<String, String> bad = Map.of(
                "80", "-p 80: expected [IP:]HOST:CONTAINER[/tcp|udp]",
                "8080:80/sctp", "-p 8080:80/sctp: protocol 'sctp' is not tcp or udp",
                "0:80", "-p 0:80: host port 0 is outside 1-65535",
                "8080:70000", "-p 8080:70000: container port 70000 is outside 1-65535",
                "http:80", "-p http:80: host port 'http' is not a number",
                "1.2.3:8080:80", "-p 1.2.3:8080:80: '1.2.3' is not an IP address",
                ":80", "-p :80: host port is missing (expected [IP:]HOST:CONTAINER[/tcp|udp])",
                "::1:8080:80", "-p ::1:8080:80: expected [IP:]HOST:CONTAINER[/tcp|udp]");
        bad.forEach((spec, msg) -> assertThatThrownBy(() -> PortMapping.parse(spec)).as(spec).hasMessage(msg));
    }

    @Test
    void addHostAndItsErrors() {
        assertThat(HostEntry.parse("db:10.0.0.5")).isEqualTo(new HostEntry("10.0.0.5", "db"));
        assertThat(HostEntry.parse("v6=fd00::1")).isEqualTo(new HostEntry("fd00::1", "v6"));
        assertThat(HostEntry.parse("v6:fd00::1")).isEqualTo(new HostEntry("fd00::1", "v6"));
        assertThatThrownBy(() -> HostEntry.parse("db")).hasMessage("--add-host db: expected HOST:IP");
        assertThatThrownBy(() -> HostEntry.parse("db:example.com"))
                .hasMessage("--add-host db:example.com: 'example.com' is not an IP address");
        assertThatThrownBy(() -> HostEntry.parse("a b:1.2.3.4")).hasMessageStartingWith("--add-host a b:1.2.3.4: host");
    }

    @Test
    void subnetsParseRefuseAndSkipRoutedOnes() {
        Ipv4Net n = Ipv4Net.parseSubnet("10.89.0.0/24");
        assertThat(n.contains(Ipv4Net.parseIp("x", "10.89.0.200"))).isTrue();
        assertThat(n.contains(Ipv4Net.parseIp("x", "10.89.1.1"))).isFalse();
        assertThat(Ipv4Net.dotted(n.firstHost())).isEqualTo("10.89.0.1");
        assertThat(n.next()).hasToString("10.89.1.0/24");
        assertThatThrownBy(() -> Ipv4Net.parseSubnet("10.89.0.5/24"))
                .hasMessage("--subnet 10.89.0.5/24: host bits are set (the network is 10.89.0.0/24)");
        assertThatThrownBy(() -> Ipv4Net.parseSubnet("10.89.0.0/31")).hasMessageStartingWith(
                "--subnet 10.89.0.0/31: prefix /31 is outside /8-/30");
        assertThatThrownBy(() -> Ipv4Net.parseSubnet("10.300.0.0/16"))
                .hasMessage("--subnet 10.300.0.0/16: '10.300.0.0' is not an IPv4 address");
        assertThatThrownBy(() -> Ipv4Net.parseSubnet("10.89.0.0")).hasMessage(
                "--subnet 10.89.0.0: expected CIDR like 10.89.5.0/24");
        // /proc/net/route as the kernel prints it: a default route, 10.89.0.0/16 on eth1, 192.0.2.0/24 on eth0.
        String route = """
                Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
                eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0
                eth1\t0000590A\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
                eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
                """;
        assertThat(Ipv4Net.routed(route)).extracting(Ipv4Net::toString).containsExactly("10.89.0.0/16",
                "192.0.2.0/24");
        assertThat(Ipv4Net.firstFree(NetworkStore.DEFAULT_START, Ipv4Net.routed(route))).hasToString("10.90.0.0/24");
    }

    @Test
    void storeMakesTheDefaultOnFirstUseMovesPastCollisionsAndRefusesBadInput(@TempDir Path root) throws Exception {
        NetworkStore store = new NetworkStore(root, () -> List.of(Ipv4Net.parseSubnet("10.89.0.0/24")));
        NamedNetwork def = store.get(NetworkStore.DEFAULT);
        assertThat(def.subnet()).as("10.89.0.0/24 is routed on the host").isEqualTo("10.89.1.0/24");
        assertThat(def.gateway()).isEqualTo("10.89.1.1");
        assertThat(def.bridge()).isEqualTo("edgefusion0");
        assertThat(def.plugins()).containsExactly("bridge", "portmap", "firewall", "loopback");
        assertThat(Files.getPosixFilePermissions(def.file())).isEqualTo(PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(def.file()).isEqualTo(root.resolve("networks/edgefusion0.conflist"));
        NamedNetwork mine = store.create("backend", Optional.empty(), Optional.empty());
        assertThat(mine.subnet()).isEqualTo("10.89.2.0/24");
        assertThat(mine.bridge()).isEqualTo("ef-backend");
        assertThat(NetworkStore.bridgeOf("A_very.long-network-name")).hasSize(15).startsWith("ef-");
        assertThat(store.list()).extracting(NamedNetwork::name).containsExactly("backend", "edgefusion0");
        assertThatThrownBy(() -> store.create("backend", Optional.empty(), Optional.empty()))
                .hasMessage("network backend already exists");
        assertThatThrownBy(() -> store.create("-x", Optional.empty(), Optional.empty()))
                .hasMessageStartingWith("network name '-x': use letters");
        assertThatThrownBy(() -> store.create("x", Optional.of("10.89.2.0/25"), Optional.empty()))
                .hasMessage("--subnet 10.89.2.0/25: overlaps network backend (10.89.2.0/24)");
        assertThatThrownBy(() -> store.create("x", Optional.of("10.89.0.0/16"), Optional.empty()))
                .hasMessage("--subnet 10.89.0.0/16: overlaps network backend (10.89.2.0/24)");
        assertThatThrownBy(() -> store.create("x", Optional.of("10.89.0.0/24"), Optional.empty()))
                .hasMessage("--subnet 10.89.0.0/24: overlaps the host's route to 10.89.0.0/24");
        assertThatThrownBy(() -> store.create("x", Optional.of("10.99.0.0/24"), Optional.of("10.99.1.1")))
                .hasMessage("--gateway 10.99.1.1: not a host address of 10.99.0.0/24");
        assertThat(store.list()).hasSize(2);
        assertThatThrownBy(() -> store.get("nope")).hasMessage("network nope: no such network (edgefusion network ls)");
        assertThatThrownBy(() -> store.remove("backend", n -> List.of("web"))).hasMessage(
                "network backend is in use by web: remove those sandboxes first");
        store.remove("backend", n -> List.of());
        assertThat(store.find("backend")).isEmpty();
    }

    @Test
    void requestsFollowTheSpecsDerivation() throws Exception {
        ObjectNode list = (ObjectNode) JSON.readTree("""
                {"cniVersion": "1.0.0", "name": "n", "plugins": [
                  {"type": "portmap", "capabilities": {"portMappings": true, "bandwidth": true}, "snat": true},
                  {"type": "firewall"}]}""");
        ObjectNode prev = (ObjectNode) JSON.readTree("{\"cniVersion\":\"1.0.0\",\"ips\":[]}");
        var caps = NetworkAttachment.capabilities(List.of(PortMapping.parse("80:8080")));
        ObjectNode req = CniInvoker.request(list, list.path("plugins").get(0), prev, caps);
        assertThat(req.toString()).isEqualTo("{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"type\":\"portmap\","
                + "\"snat\":true,\"runtimeConfig\":{\"portMappings\":[{\"hostPort\":80,\"containerPort\":8080,"
                + "\"protocol\":\"tcp\"}]},\"prevResult\":{\"cniVersion\":\"1.0.0\",\"ips\":[]}}");
        ObjectNode first = CniInvoker.request(list, list.path("plugins").get(1), null, caps);
        assertThat(first.has("prevResult")).isFalse();
        assertThat(first.has("runtimeConfig")).as("firewall declares no capability").isFalse();
    }

    @Test
    void resultsAndErrorsParse() throws Exception {
        CniResult r = CniResult.parse(JSON.readTree("""
                {"cniVersion": "1.0.0", "interfaces": [{"name": "br0", "mac": "aa:bb"}, {"name": "veth1"},
                  {"name": "eth0", "mac": "cc:dd", "sandbox": "/run/netns/x"}],
                 "ips": [{"interface": 2, "address": "10.89.0.2/24", "gateway": "10.89.0.1"}],
                 "routes": [{"dst": "0.0.0.0/0"}], "dns": {"nameservers": ["10.89.0.1"], "search": ["lan"]},
                 "future": 1}"""));
        assertThat(r.sandboxIps()).singleElement().extracting(CniResult.Ip::ip).isEqualTo("10.89.0.2");
        assertThat(r.gateway()).isEqualTo("10.89.0.1");
        assertThat(r.hostInterfaces()).extracting(CniResult.Interface::name).containsExactly("br0", "veth1");
        assertThat(r.routes()).containsExactly(new CniResult.Route("0.0.0.0/0", ""));
        assertThat(r.dns().nameservers()).containsExactly("10.89.0.1");
        assertThat(r.raw().path("future").asInt()).as("unknown fields pass through").isEqualTo(1);
        CniException e = CniInvoker.failure("n", "host-local", "ADD", 1,
                "{\"code\": 7, \"msg\": \"invalid range\", \"details\": \"10.0.0.0/31\\ntoo small\"}", "log line");
        assertThat(e.code()).isEqualTo(7);
        assertThat(e.getMessage()).isEqualTo("network n: host-local ADD: invalid range: 10.0.0.0/31 too small (CNI error 7)");
        CniException crash = CniInvoker.failure("n", "bridge", "DEL", 2, "", "panic: boom\ngoroutine 1");
        assertThat(crash.code()).isEqualTo(CniException.NO_CODE);
        assertThat(crash.getMessage()).isEqualTo("network n: bridge DEL: exited with 2: panic: boom");
        assertThatThrownBy(() -> new CniInvoker(List.of(Path.of("/nonexistent")), List.of()).versions("bridge"))
                .hasMessage("network -: bridge VERSION: plugin not found in /nonexistent: apt-get install"
                        + " containernetworking-plugins");
    }

    @Test
    void hostsFileOrdersExtraHostsFirstThenSelfThenPeers() {
        String hosts = HostsFile.render("web", List.of("10.89.0.3"), List.of(new HostEntry("10.0.0.9", "db")),
                List.of(new HostEntry("10.89.0.4", "zeta"), new HostEntry("10.89.0.2", "api"),
                        new HostEntry("10.89.0.3", "web")));
        assertThat(hosts).isEqualTo("""
                127.0.0.1\tlocalhost
                ::1\tlocalhost ip6-localhost ip6-loopback
                10.0.0.9\tdb
                10.89.0.3\tweb
                10.89.0.2\tapi
                10.89.0.4\tzeta
                """);
    }

    @Test
    void resolvConfDropsLoopbackResolversAndFallsBackInOrder() {
        String host = "# comment\nnameserver 127.0.0.53\nnameserver 192.0.2.53\nsearch corp.example\noptions edns0\n";
        assertThat(ResolvConf.render(host, "", List.of(), CniResult.Dns.NONE)).isEqualTo("""
                # written by edgefusion from the host's /etc/resolv.conf
                search corp.example
                nameserver 192.0.2.53
                options edns0
                """);
        assertThat(ResolvConf.render(host, "", List.of("1.1.1.1"), CniResult.Dns.NONE))
                .contains("nameserver 1.1.1.1\n").doesNotContain("192.0.2.53");
        String stubOnly = "nameserver 127.0.0.53\noptions trust-ad\n";
        assertThat(ResolvConf.render(stubOnly, "nameserver 198.51.100.1\n", List.of(), CniResult.Dns.NONE))
                .contains("nameserver 198.51.100.1\n").doesNotContain("127.0.0.53");
        assertThat(ResolvConf.render("nameserver ::1\n", "", List.of(), CniResult.Dns.NONE))
                .contains("nameserver 8.8.8.8\nnameserver 8.8.4.4\n");
        var net = new CniResult.Dns(List.of("10.89.0.1"), "svc", List.of(), List.of("ndots:2"));
        assertThat(ResolvConf.render(host, "", List.of(), net)).contains("search svc corp.example\n")
                .contains("nameserver 10.89.0.1\n").contains("options edns0 ndots:2\n");
    }
}

package io.edgefusion.platform.node.core;

import io.edgefusion.platform.module.ModuleBase;
import io.edgefusion.platform.module.NodeContext;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.util.Arrays;

/**
 * TLS for the node's services. At start it proves the runtime can actually speak TLS 1.3 — a jlink image that
 * lost a needed module fails here, at start, not at the first client.
 */
public final class TlsModule extends ModuleBase {
    public TlsModule() {
        super("tls", "TLS 1.3 for node services (mutual TLS optional)", "tls13", "mtls");
    }

    @Override
    public AutoCloseable start(NodeContext context) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLSv1.3");
        // Empty key and trust managers: the node's own keys and peers' trust live in its state directory and are
        // loaded when a service needs them. Passing null would parse the JDK's 150-certificate cacerts store at
        // every start (a quarter of a second here) for a server that never verifies public CAs.
        tls.init(new KeyManager[0], new TrustManager[0], null);
        if (!Arrays.asList(tls.getSupportedSSLParameters().getProtocols()).contains("TLSv1.3")) {
            throw new IllegalStateException("this runtime cannot speak TLSv1.3");
        }
        return () -> { };
    }
}

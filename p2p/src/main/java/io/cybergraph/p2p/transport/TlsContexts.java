package io.cybergraph.p2p.transport;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import javax.net.ssl.SSLException;

/**
 * TLS 1.3 with mutual authentication, on the JDK's TLS implementation. Every certificate is
 * accepted during the handshake on purpose: identity is checked afterwards by comparing the
 * certificate's key with the node ID (see {@link NodeCertificate#peerId}).
 */
public final class TlsContexts {

  private static final String TLS_1_3 = "TLSv1.3";

  private final SslContext server;
  private final SslContext client;

  private TlsContexts(SslContext server, SslContext client) {
    this.server = server;
    this.client = client;
  }

  public static TlsContexts create(NodeCertificate certificate) {
    try {
      SslContext server =
          SslContextBuilder.forServer(certificate.privateKey(), certificate.certificate())
              .sslProvider(SslProvider.JDK)
              .protocols(TLS_1_3)
              .clientAuth(ClientAuth.REQUIRE)
              .trustManager(InsecureTrustManagerFactory.INSTANCE)
              .build();
      SslContext client =
          SslContextBuilder.forClient()
              .sslProvider(SslProvider.JDK)
              .protocols(TLS_1_3)
              .keyManager(certificate.privateKey(), certificate.certificate())
              .trustManager(InsecureTrustManagerFactory.INSTANCE)
              .build();
      return new TlsContexts(server, client);
    } catch (SSLException e) {
      throw new IllegalStateException("cannot set up TLS 1.3: " + e.getMessage(), e);
    }
  }

  /** For connections this node accepted. */
  public SslContext server() {
    return server;
  }

  /** For connections this node dialled. */
  public SslContext client() {
    return client;
  }
}

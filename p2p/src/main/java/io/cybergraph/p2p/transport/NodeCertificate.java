package io.cybergraph.p2p.transport;

import io.cybergraph.p2p.NodeId;
import io.cybergraph.p2p.NodeKey;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcEdECContentSignerBuilder;

/**
 * The self-signed X.509 certificate that carries the node key into TLS, made fresh at every
 * start. Peers do not trust it through any CA: the TLS handshake proves the other side holds
 * the certificate's private key, and the node then compares that key with the node ID it
 * expected ({@link #peerId}).
 *
 * <p>The certificate is signed with Bouncy Castle's lightweight API; no JCA provider is
 * registered (the JDK's TLS 1.3 fails to pick an Ed25519 scheme when Bouncy Castle is the
 * first provider). The private key is handed to the JDK's own Ed25519 implementation.
 */
public final class NodeCertificate {

  private static final AlgorithmIdentifier ED25519 =
      new AlgorithmIdentifier(EdECObjectIdentifiers.id_Ed25519);

  private final PrivateKey privateKey;
  private final X509Certificate certificate;

  private NodeCertificate(PrivateKey privateKey, X509Certificate certificate) {
    this.privateKey = privateKey;
    this.certificate = certificate;
  }

  /** A self-signed certificate for the node key, named after the node ID. */
  public static NodeCertificate create(NodeKey key) {
    Ed25519PrivateKeyParameters bcKey = new Ed25519PrivateKeyParameters(key.privateSeed());
    try {
      X500Name name = new X500Name("CN=" + key.id());
      Instant now = Instant.now();
      X509v3CertificateBuilder builder =
          new X509v3CertificateBuilder(
              name,
              BigInteger.valueOf(now.toEpochMilli()),
              Date.from(now.minus(Duration.ofDays(1))),
              Date.from(now.plus(Duration.ofDays(3650))),
              name,
              SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(bcKey.generatePublicKey()));
      X509CertificateHolder holder =
          builder.build(new BcEdECContentSignerBuilder(ED25519).build(bcKey));
      X509Certificate certificate =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
      byte[] pkcs8 = PrivateKeyInfoFactory.createPrivateKeyInfo(bcKey).getEncoded();
      PrivateKey jdkKey =
          KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      return new NodeCertificate(jdkKey, certificate);
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(
          "cannot make the node's TLS certificate: " + e.getMessage(), e);
    }
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /**
   * The node ID of the other side of a completed TLS session: derived from the Ed25519 public
   * key of its certificate.
   *
   * @throws SSLPeerUnverifiedException if the peer sent no certificate or not an Ed25519 one
   */
  public static NodeId peerId(SSLSession session) throws SSLPeerUnverifiedException {
    Certificate[] chain = session.getPeerCertificates();
    if (chain.length == 0) {
      throw new SSLPeerUnverifiedException("peer sent no certificate");
    }
    SubjectPublicKeyInfo keyInfo =
        SubjectPublicKeyInfo.getInstance(chain[0].getPublicKey().getEncoded());
    if (!ED25519.getAlgorithm().equals(keyInfo.getAlgorithm().getAlgorithm())) {
      throw new SSLPeerUnverifiedException(
          "peer certificate key is " + chain[0].getPublicKey().getAlgorithm() + ", not Ed25519");
    }
    return NodeId.ofPublicKey(keyInfo.getPublicKeyData().getOctets());
  }
}

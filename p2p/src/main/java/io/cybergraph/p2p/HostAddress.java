package io.cybergraph.p2p;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** What one host usually holds: an IPv4 address, or an IPv6 address's /64 prefix. */
public final class HostAddress {
  private HostAddress() {}

  /** The address itself, or for IPv6 its /64 prefix. */
  public static InetAddress of(InetAddress address) {
    if (!(address instanceof Inet6Address)) {
      return address;
    }
    byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
    Arrays.fill(prefix, 8, 16, (byte) 0);
    try {
      return InetAddress.getByAddress(prefix);
    } catch (UnknownHostException cannotHappenFor16Bytes) {
      throw new IllegalStateException(cannotHappenFor16Bytes);
    }
  }
}

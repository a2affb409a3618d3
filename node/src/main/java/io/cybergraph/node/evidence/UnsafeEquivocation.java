package io.cybergraph.node.evidence;

import java.util.Locale;
import java.util.Map;

/**
 * The gate of the test-only {@code cyber start --unsafe-equivocate}: a validator that signs
 * conflicting votes gets itself reported (and, once slashing exists, punished), so the flag is
 * refused unless the chain id names a test chain ({@code test}, {@code dev}, {@code local} in
 * it) or the environment sets {@code CYBER_UNSAFE_EQUIVOCATE=1}.
 */
public final class UnsafeEquivocation {
  public static final String ENV = "CYBER_UNSAFE_EQUIVOCATE";

  private UnsafeEquivocation() {}

  /** Null when allowed, else why not. */
  public static String refusal(String chainId, Map<String, String> env) {
    String id = chainId.toLowerCase(Locale.ROOT);
    if (id.contains("test") || id.contains("dev") || id.contains("local")
        || "1".equals(env.get(ENV))) {
      return null;
    }
    return "--unsafe-equivocate makes this validator sign conflicting votes; it is refused on"
        + " chain \"" + chainId + "\" (allowed when the chain id contains test, dev or local, or"
        + " with " + ENV + "=1)";
  }
}

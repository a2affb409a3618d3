package io.cybergraph.node.cli;

import picocli.CommandLine;

/** Reports the version baked into the jar manifest (or "dev" when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = CyberCommand.class.getPackage().getImplementationVersion();
    return new String[] {"cyber " + (v == null ? "dev" : v)};
  }
}

package dev.sluice.cli;

import picocli.CommandLine.IVersionProvider;

/** The version comes from the jar manifest; a build from the IDE says "development". */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"sluice " + (v == null ? "development" : v)};
  }
}

package io.egressfed.hub;

import picocli.CommandLine;

/** The hub's version, from the jar manifest when packaged. */
public final class Versions implements CommandLine.IVersionProvider {

    /**
     * The running version.
     *
     * @return the implementation version of the package, or "dev" when run from classes
     */
    public static String version() {
        String version = HubMain.class.getPackage().getImplementationVersion();
        return version != null ? version : "0.1.0-dev";
    }

    @Override
    public String[] getVersion() {
        return new String[] {"egressfed-hub " + version()};
    }
}

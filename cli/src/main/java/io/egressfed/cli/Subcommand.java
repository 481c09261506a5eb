package io.egressfed.cli;

import io.egressfed.api.manifest.ManifestCodec;
import java.io.PrintWriter;
import java.time.Instant;

/** What every egressctl command reaches through its root command. */
abstract class Subcommand {

    /** The root command (for nested commands, found through their parent). */
    abstract EgressCtl root();

    final AdminClient client() {
        return root().client();
    }

    final ManifestCodec codec() {
        return root().codec();
    }

    final PrintWriter out() {
        return root().context().out();
    }

    final PrintWriter err() {
        return root().context().err();
    }

    final Instant now() {
        return Instant.now();
    }
}

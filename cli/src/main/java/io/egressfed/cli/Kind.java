package io.egressfed.cli;

import com.google.protobuf.Message;
import io.egressfed.api.v1alpha1.EgressIPPool;
import io.egressfed.api.v1alpha1.EgressIntent;
import io.egressfed.api.v1alpha1.MemberCluster;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The resource kinds egressctl handles, with the names users type for them and their REST path. */
enum Kind {
    POOL("EgressIPPool", "pools", EgressIPPool.getDefaultInstance(), "pool", "egressippool", "egressippools"),
    CLUSTER("MemberCluster", "clusters", MemberCluster.getDefaultInstance(), "cluster", "membercluster",
            "memberclusters", "mc"),
    INTENT("EgressIntent", "intents", EgressIntent.getDefaultInstance(), "intent", "egressintent", "egressintents",
            "ei");

    private final String kindName;
    private final String plural;
    private final Message prototype;
    private final List<String> aliases;

    Kind(String kindName, String plural, Message prototype, String... aliases) {
        this.kindName = kindName;
        this.plural = plural;
        this.prototype = prototype;
        this.aliases = List.of(aliases);
    }

    /** The manifest kind, e.g. {@code EgressIntent}. */
    String kindName() {
        return kindName;
    }

    /** The REST collection, e.g. {@code intents}. */
    String plural() {
        return plural;
    }

    /** The REST path of the collection. */
    String path() {
        return AdminClient.API + plural;
    }

    boolean isInstance(Message object) {
        return object.getDescriptorForType() == prototype.getDescriptorForType();
    }

    /** Parses what the user typed: {@code pools}, {@code pool}, {@code EgressIPPool}... (any case). */
    static Kind parse(String typed) {
        String lower = typed.toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(kind -> kind.plural.equals(lower) || kind.kindName.toLowerCase(Locale.ROOT).equals(lower)
                        || kind.aliases.contains(lower))
                .findFirst()
                .orElseThrow(() -> new UsageFailure("unknown resource type \"" + typed
                        + "\"; known: pools, clusters, intents"));
    }

    /** The kind of a decoded object. */
    static Optional<Kind> of(Message object) {
        return Arrays.stream(values()).filter(kind -> kind.isInstance(object)).findFirst();
    }
}

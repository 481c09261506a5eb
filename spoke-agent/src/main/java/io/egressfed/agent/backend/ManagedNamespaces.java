package io.egressfed.agent.backend;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The namespaces whose Services and pods the agent may read and write ({@code --managed-namespace}).
 * None given means every namespace, which needs cluster-wide Service and pod permissions; a list lets
 * the agent run with one Role per namespace instead.
 *
 * @param names the namespaces, sorted; empty for every namespace
 */
public record ManagedNamespaces(SortedSet<String> names) {

    /** The flag that sets the list, named in refusals. */
    public static final String FLAG = "--managed-namespace";

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /** Checks every name is a namespace name and copies the set. */
    public ManagedNamespaces {
        for (String name : names) {
            if (name == null || !DNS_LABEL.matcher(name).matches()) {
                throw new IllegalArgumentException(FLAG + ": '" + name
                        + "' is not a namespace name (a DNS label: lower-case letters, digits and '-', at most 63)");
            }
        }
        names = new TreeSet<>(names);
    }

    /** @return every namespace, the default without the flag */
    public static ManagedNamespaces all() {
        return new ManagedNamespaces(new TreeSet<>());
    }

    /**
     * Only the given namespaces; none given means every namespace.
     *
     * @param names namespace names
     * @return the scope
     * @throws IllegalArgumentException naming the first name that is not a DNS label
     */
    public static ManagedNamespaces of(Set<String> names) {
        return new ManagedNamespaces(new TreeSet<>(names));
    }

    /** @return whether every namespace is managed (no list given) */
    public boolean everyNamespace() {
        return names.isEmpty();
    }

    /**
     * Whether the agent may read and write in a namespace.
     *
     * @param namespace a namespace name
     * @return true for every namespace when no list is given
     */
    public boolean manages(String namespace) {
        return names.isEmpty() || names.contains(namespace);
    }

    /**
     * This scope with one more namespace, unless it already spans every namespace.
     *
     * @param namespace the namespace to add
     * @return the widened scope
     */
    public ManagedNamespaces plus(String namespace) {
        if (names.isEmpty()) {
            return this;
        }
        SortedSet<String> widened = new TreeSet<>(names);
        widened.add(namespace);
        return new ManagedNamespaces(widened);
    }

    /**
     * Why a namespace is out of reach, for a refusal.
     *
     * @param namespace the namespace that is not managed
     * @return a sentence naming the namespace and the flag
     */
    public String notManaged(String namespace) {
        return "the workload's namespace " + namespace + " is not managed by this agent (" + FLAG + ": "
                + String.join(", ", names) + ")";
    }

    @Override
    public String toString() {
        return names.isEmpty() ? "every namespace" : String.join(", ", names);
    }
}

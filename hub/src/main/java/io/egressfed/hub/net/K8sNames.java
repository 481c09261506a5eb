package io.egressfed.hub.net;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes name rules (apimachinery validation) as reasons rather than booleans, so that callers can
 * say why a name is refused. Each method returns empty when the text is valid.
 */
public final class K8sNames {
    /** Longest DNS-1123 label and longest label value / name part of a qualified name. */
    public static final int MAX_LABEL_LENGTH = 63;
    /** Longest DNS-1123 subdomain (the prefix of a qualified name). */
    public static final int MAX_SUBDOMAIN_LENGTH = 253;

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern QUALIFIED_NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

    private K8sNames() {
    }

    /** Checks a DNS-1123 label: at most 63 characters of [a-z0-9-], starting and ending alphanumeric. */
    public static Optional<String> dnsLabelProblem(String name) {
        if (name.isEmpty()) {
            return Optional.of("required");
        }
        if (name.length() > MAX_LABEL_LENGTH) {
            return Optional.of("\"" + name + "\" is longer than " + MAX_LABEL_LENGTH + " characters");
        }
        if (!DNS_LABEL.matcher(name).matches()) {
            return Optional.of("\"" + name + "\" is not a DNS-1123 label: lower-case letters, digits and '-',"
                    + " starting and ending with a letter or digit");
        }
        return Optional.empty();
    }

    /** Checks a DNS-1123 subdomain: dot-separated labels, at most 253 characters. */
    public static Optional<String> dnsSubdomainProblem(String name) {
        if (name.isEmpty()) {
            return Optional.of("required");
        }
        if (name.length() > MAX_SUBDOMAIN_LENGTH) {
            return Optional.of("\"" + name + "\" is longer than " + MAX_SUBDOMAIN_LENGTH + " characters");
        }
        if (!DNS_SUBDOMAIN.matcher(name).matches()) {
            return Optional.of("\"" + name + "\" is not a DNS-1123 subdomain: lower-case letters, digits, '-' and '.'");
        }
        return Optional.empty();
    }

    /**
     * Checks a qualified name, the syntax of label and annotation keys: an optional DNS-1123 subdomain
     * prefix and '/', then at most 63 characters of [A-Za-z0-9-_.] starting and ending alphanumeric.
     */
    public static Optional<String> qualifiedNameProblem(String key) {
        if (key.isEmpty()) {
            return Optional.of("key is empty");
        }
        int slash = key.indexOf('/');
        String name = key;
        if (slash >= 0) {
            if (key.indexOf('/', slash + 1) >= 0) {
                return Optional.of("key \"" + key + "\" has more than one '/'");
            }
            String prefix = key.substring(0, slash);
            Optional<String> prefixProblem = dnsSubdomainProblem(prefix);
            if (prefixProblem.isPresent()) {
                return Optional.of("prefix of key \"" + key + "\": " + prefixProblem.get());
            }
            name = key.substring(slash + 1);
        }
        if (name.isEmpty()) {
            return Optional.of("key \"" + key + "\" has an empty name part");
        }
        if (name.length() > MAX_LABEL_LENGTH) {
            return Optional.of("name part of key \"" + key + "\" is longer than " + MAX_LABEL_LENGTH + " characters");
        }
        if (!QUALIFIED_NAME_PART.matcher(name).matches()) {
            return Optional.of("key \"" + key + "\" is not a qualified name: letters, digits, '-', '_' and '.',"
                    + " starting and ending with a letter or digit, with an optional DNS subdomain prefix and '/'");
        }
        return Optional.empty();
    }

    /** Checks a label value: empty, or at most 63 characters of [A-Za-z0-9-_.] starting and ending alphanumeric. */
    public static Optional<String> labelValueProblem(String value) {
        if (value.length() > MAX_LABEL_LENGTH) {
            return Optional.of("value \"" + value + "\" is longer than " + MAX_LABEL_LENGTH + " characters");
        }
        if (!value.isEmpty() && !QUALIFIED_NAME_PART.matcher(value).matches()) {
            return Optional.of("value \"" + value + "\" is not a label value: letters, digits, '-', '_' and '.',"
                    + " starting and ending with a letter or digit");
        }
        return Optional.empty();
    }
}

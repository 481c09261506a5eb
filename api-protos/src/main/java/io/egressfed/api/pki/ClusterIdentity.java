package io.egressfed.api.pki;

import java.net.URI;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * The identity of a member cluster on the spoke link, as carried by its client certificate.
 *
 * <p><b>Source of truth:</b> the subject alternative name URI {@code spiffe://egressfed/cluster/<name>}.
 * The subject CN carries the same name for humans and tools that only show the subject; it is never
 * used on its own, but a certificate whose CN names another cluster is refused as inconsistent.
 *
 * @param name the cluster name, an RFC 1123 DNS label
 */
public record ClusterIdentity(String name) {

    /** Prefix of the identity URI; the cluster name follows it. */
    public static final String URI_PREFIX = "spiffe://egressfed/cluster/";

    private static final int SAN_TYPE_URI = 6;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    /**
     * Validates the name.
     *
     * @throws IllegalArgumentException when the name is not a DNS label
     */
    public ClusterIdentity {
        requireClusterName(name);
    }

    /**
     * Checks that a cluster name is an RFC 1123 DNS label (lower-case letters, digits and '-', at most
     * 63 characters, starting and ending with a letter or digit).
     *
     * @param name the name
     * @return the same name
     * @throws IllegalArgumentException naming the reason otherwise
     */
    public static String requireClusterName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("cluster name: is empty");
        }
        if (!DNS_LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException("cluster name: \"" + name + "\" is not a DNS label"
                    + " (lower-case letters, digits and '-', 1-63 characters, alphanumeric at both ends)");
        }
        return name;
    }

    /**
     * Reads the identity from a client certificate that the TLS layer has already verified against the
     * hub CA. This method checks no signature; it only decides whom a verified certificate names.
     *
     * @param certificate the verified leaf certificate
     * @return the identity
     * @throws IllegalArgumentException when the certificate has no egressfed identity URI, several, one
     *     that does not hold a valid cluster name, or a CN that names another cluster
     */
    public static ClusterIdentity fromCertificate(X509Certificate certificate) {
        List<String> uris = identityUris(certificate);
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("client certificate has no subject alternative name URI "
                    + URI_PREFIX + "<cluster>");
        }
        if (uris.size() > 1) {
            throw new IllegalArgumentException("client certificate has " + uris.size()
                    + " egressfed identity URIs; exactly one is allowed");
        }
        String name = uris.get(0).substring(URI_PREFIX.length());
        ClusterIdentity identity;
        try {
            identity = new ClusterIdentity(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("client certificate identity URI: " + e.getMessage(), e);
        }
        for (String commonName : commonNames(certificate)) {
            if (!commonName.equals(name)) {
                throw new IllegalArgumentException("client certificate is inconsistent: subject CN="
                        + commonName + " but identity URI names cluster " + name);
            }
        }
        return identity;
    }

    /**
     * Returns the identity URI that the hub CA writes into the certificate of this cluster.
     *
     * @return {@code spiffe://egressfed/cluster/<name>}
     */
    public URI uri() {
        return URI.create(URI_PREFIX + name);
    }

    private static List<String> identityUris(X509Certificate certificate) {
        Collection<List<?>> names;
        try {
            names = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("client certificate has an unreadable subject alternative name"
                    + " extension", e);
        }
        List<String> uris = new ArrayList<>();
        if (names != null) {
            for (List<?> entry : names) {
                if (entry.size() == 2 && Integer.valueOf(SAN_TYPE_URI).equals(entry.get(0))
                        && entry.get(1) instanceof String uri && uri.startsWith(URI_PREFIX)) {
                    uris.add(uri);
                }
            }
        }
        return uris;
    }

    private static List<String> commonNames(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        List<String> values = new ArrayList<>();
        for (RDN rdn : subject.getRDNs(BCStyle.CN)) {
            ASN1Encodable value = rdn.getFirst().getValue();
            values.add(IETFUtils.valueToString(value));
        }
        return values;
    }
}

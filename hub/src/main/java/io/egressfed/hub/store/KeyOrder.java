package io.egressfed.hub.store;

import java.util.Comparator;

/**
 * etcd orders keys by their UTF-8 bytes, which is Unicode code point order; {@link String#compareTo}
 * compares UTF-16 units and disagrees for characters beyond the BMP.
 */
final class KeyOrder {

    /** Code point (= UTF-8 byte) order. */
    static final Comparator<String> CODE_POINT = KeyOrder::compare;

    private KeyOrder() {
    }

    private static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}

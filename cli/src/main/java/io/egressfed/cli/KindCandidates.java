package io.egressfed.cli;

import java.util.Iterator;
import java.util.List;

/** Shell completion of resource kinds. */
final class KindCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return List.of("pools", "clusters", "intents").iterator();
    }
}

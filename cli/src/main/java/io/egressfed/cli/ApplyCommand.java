package io.egressfed.cli;

import com.google.protobuf.Message;
import io.egressfed.api.v1alpha1.ApplyPlan;
import io.egressfed.api.v1alpha1.FieldViolation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code egressctl apply -f FILE|DIR|- [--dry-run] [--prune -l SELECTOR]}.
 *
 * <p>Every source is decoded, then the whole set is checked by the hub as if applied (pools, then
 * clusters, then intents, so that objects may refer to others in the set); only when all of it passes
 * is each object applied. A refused set therefore changes nothing, and applying the same set again
 * reports every object {@code unchanged}.
 */
@Command(name = "apply", description = "Create or update objects from manifests (idempotent).")
final class ApplyCommand extends TopLevelCommand implements Callable<Integer> {

    private static final Pattern ITEM_FIELD = Pattern.compile("^items\\[(\\d+)\\]\\.?(.*)$", Pattern.DOTALL);
    private static final Pattern ITEM_MESSAGE = Pattern.compile("^items\\[(\\d+)\\]: (.*)$", Pattern.DOTALL);

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE|DIR|-",
            description = "manifest file, directory of .yaml/.yml/.json files, or - for stdin (repeatable)")
    List<String> files;

    @Option(names = "--dry-run", description = "check everything and print what would change; write nothing")
    boolean dryRun;

    @Option(names = "--prune", description = "delete objects matching --selector that the manifests no longer hold")
    boolean prune;

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "label selector for --prune")
    String selector = "";

    @Override
    public Integer call() {
        if (prune && selector.isEmpty()) {
            throw new UsageFailure("--prune needs --selector (-l): it limits what may be deleted");
        }
        if (!prune && !selector.isEmpty()) {
            throw new UsageFailure("--selector applies to --prune only");
        }
        List<ManifestSources.Entry> entries = inApplyOrder(
                new ManifestSources(codec(), root.context().in()).read(files));
        requireUniqueNames(entries);
        AdminClient client = client();
        ApplyPlan plan = planned(client, entries);
        String suffix = dryRun ? " (dry run)" : "";
        for (int i = 0; i < entries.size(); i++) {
            ManifestSources.Entry entry = entries.get(i);
            String action = plan.getItems(i).getAction();
            if (!dryRun) {
                action = applied(client, entry);
            }
            out().println(entry.manifest().kind() + "/" + entry.manifest().name() + " " + action + suffix);
        }
        if (prune) {
            prune(client, entries, suffix);
        }
        return 0;
    }

    /** Pools, then clusters, then intents: what refers comes after what it refers to. */
    private static List<ManifestSources.Entry> inApplyOrder(List<ManifestSources.Entry> entries) {
        List<ManifestSources.Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(entry -> Kind.of(entry.manifest().object()).orElseThrow().ordinal()));
        return sorted;
    }

    private static void requireUniqueNames(List<ManifestSources.Entry> entries) {
        Map<String, ManifestSources.Entry> seen = new HashMap<>();
        for (ManifestSources.Entry entry : entries) {
            String key = entry.manifest().kind() + "/" + entry.manifest().name();
            ManifestSources.Entry first = seen.putIfAbsent(key, entry);
            if (first != null) {
                throw new CliFailure(entry.describe() + ": metadata.name: " + key + " is also declared in "
                        + first.describe());
            }
        }
    }

    private ApplyPlan planned(AdminClient client, List<ManifestSources.Entry> entries) {
        try {
            return client.plan(entries.stream().map(entry -> entry.manifest().object()).toList());
        } catch (ServerRefusal refused) {
            List<String> lines = locate(refused, entries);
            if (lines.isEmpty()) {
                throw refused;
            }
            throw new CliFailure("the hub refused the manifests (" + refused.body().getCode() + ", " + refused.status()
                    + "); nothing was applied:" + System.lineSeparator() + "  "
                    + String.join(System.lineSeparator() + "  ", lines));
        }
    }

    private String applied(AdminClient client, ManifestSources.Entry entry) {
        try {
            return client.apply(entry.manifest().object(), entry.manifest().name()).action();
        } catch (ServerRefusal refused) {
            throw new CliFailure(entry.describe() + ": " + refused.describe());
        }
    }

    /**
     * Names the document of every refused field, e.g. {@code pools.yaml: document 2 (EgressIPPool "x"):
     * spec.cidrs[0]: reason}; the hub names objects by their index in the planned set ({@code items[i]}).
     */
    private static List<String> locate(ServerRefusal refused, List<ManifestSources.Entry> entries) {
        List<String> lines = new ArrayList<>();
        for (FieldViolation detail : refused.body().getDetailsList()) {
            Matcher item = ITEM_FIELD.matcher(detail.getField());
            if (item.matches() && Integer.parseInt(item.group(1)) < entries.size()) {
                lines.add(entries.get(Integer.parseInt(item.group(1))).describe() + ": "
                        + (item.group(2).isEmpty() ? "" : item.group(2) + ": ") + detail.getReason());
            }
        }
        Matcher message = ITEM_MESSAGE.matcher(refused.body().getMessage());
        if (lines.isEmpty() && message.matches() && Integer.parseInt(message.group(1)) < entries.size()) {
            lines.add(entries.get(Integer.parseInt(message.group(1))).describe() + ": " + message.group(2));
        }
        return lines;
    }

    /** Deletes what matches the selector but is not in the set: intents first, pools last. */
    private void prune(AdminClient client, List<ManifestSources.Entry> entries, String suffix) {
        Set<String> kept = new HashSet<>();
        entries.forEach(entry -> kept.add(entry.manifest().kind() + "/" + entry.manifest().name()));
        List<Kind> order = List.of(Kind.INTENT, Kind.CLUSTER, Kind.POOL);
        for (Kind kind : order) {
            for (Message object : client.list(kind, selector)) {
                String name = nameOf(object);
                if (!kept.contains(kind.kindName() + "/" + name)) {
                    if (!dryRun) {
                        client.delete(kind, name, "");
                    }
                    out().println(kind.kindName() + "/" + name + " pruned" + suffix);
                }
            }
        }
    }

    private static String nameOf(Message object) {
        Message metadata = (Message) object.getField(object.getDescriptorForType().findFieldByName("metadata"));
        return (String) metadata.getField(metadata.getDescriptorForType().findFieldByName("name"));
    }
}

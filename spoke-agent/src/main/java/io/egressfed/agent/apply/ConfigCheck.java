package io.egressfed.agent.apply;

import io.egressfed.agent.backend.IpLiterals;
import io.egressfed.api.v1alpha1.AssignmentRole;
import io.egressfed.api.v1alpha1.Backend;
import io.egressfed.api.v1alpha1.ClusterConfig;
import io.egressfed.api.v1alpha1.ConfigAssignment;
import io.egressfed.api.v1alpha1.LabelSelector;
import io.egressfed.api.v1alpha1.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The agent's own check of a verified config before it touches the cluster. The hub validated the
 * resources already; this guards the cluster against a config that would make the API server reject
 * objects half-way, and names each problem by its field path.
 */
final class ConfigCheck {

    /**
     * What is wrong with a config.
     *
     * @param config      problems of the config as a whole
     * @param assignments problems by intent name (or {@code assignments[i]} when the intent is unusable)
     */
    record Problems(List<String> config, Map<String, String> assignments) {

        boolean none() {
            return config.isEmpty() && assignments.isEmpty();
        }

        String summary() {
            List<String> all = new ArrayList<>(config);
            all.addAll(assignments.values());
            return "invalid config: " + String.join("; ", all);
        }
    }

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]");
    private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");
    private static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

    private ConfigCheck() {
    }

    static Problems check(ClusterConfig config, String expectedCluster) {
        List<String> problems = new ArrayList<>();
        if (!config.getCluster().equals(expectedCluster)) {
            problems.add("cluster: the config is for \"" + config.getCluster() + "\", this agent serves \""
                    + expectedCluster + "\"");
        }
        if (config.getVersion() <= 0) {
            problems.add("version: must be positive");
        }
        if (config.getBackend() == Backend.BACKEND_UNSPECIFIED || config.getBackend() == Backend.UNRECOGNIZED) {
            problems.add("backend: must be cilium, kube-vip or cilium-vip");
        }
        selector(config.getGateway().getNodeSelector(), "gateway.node_selector", problems);

        Map<String, String> byAssignment = new LinkedHashMap<>();
        Set<String> intents = new HashSet<>();
        for (int i = 0; i < config.getAssignmentsCount(); i++) {
            ConfigAssignment assignment = config.getAssignments(i);
            String path = "assignments[" + i + "]";
            List<String> found = assignment(assignment, path);
            String intent = assignment.getIntent();
            boolean usableName = DNS_LABEL.matcher(intent).matches();
            if (usableName && !intents.add(intent)) {
                found.add(path + ".intent: \"" + intent + "\" appears more than once");
            }
            if (!found.isEmpty()) {
                byAssignment.merge(usableName ? intent : path, String.join("; ", found), (a, b) -> a + "; " + b);
            }
        }
        return new Problems(problems, byAssignment);
    }

    private static List<String> assignment(ConfigAssignment assignment, String path) {
        List<String> problems = new ArrayList<>();
        if (!DNS_LABEL.matcher(assignment.getIntent()).matches()) {
            problems.add(path + ".intent: \"" + assignment.getIntent() + "\" is not a DNS label");
        }
        Optional<byte[]> egressIp = IpLiterals.parse(assignment.getEgressIp());
        if (egressIp.isEmpty()) {
            problems.add(path + ".egress_ip: \"" + assignment.getEgressIp() + "\" is not an IP address");
        }
        int family = egressIp.map(bytes -> bytes.length).orElse(0);
        if (assignment.getDestinationCidrsCount() == 0) {
            problems.add(path + ".destination_cidrs: at least one is required");
        }
        cidrs(assignment.getDestinationCidrsList(), path + ".destination_cidrs", family, problems);
        cidrs(assignment.getExceptCidrsList(), path + ".except_cidrs", family, problems);
        for (int i = 0; i < assignment.getDestinationPortsCount(); i++) {
            String port = assignment.getDestinationPorts(i);
            if (!validPort(port)) {
                problems.add(path + ".destination_ports[" + i + "]: \"" + port
                        + "\" is not a port or port range (\"443\", \"8000-8080\")");
            }
        }
        AssignmentRole role = assignment.getRole();
        if (role == AssignmentRole.ASSIGNMENT_ROLE_UNSPECIFIED || role == AssignmentRole.UNRECOGNIZED) {
            problems.add(path + ".role: must be ACTIVE, FENCED or STANDBY");
        }
        selector(assignment.getWorkloads().getNamespaceSelector(), path + ".workloads.namespace_selector", problems);
        selector(assignment.getWorkloads().getPodSelector(), path + ".workloads.pod_selector", problems);
        return problems;
    }

    private static void cidrs(List<String> cidrs, String path, int family, List<String> problems) {
        for (int i = 0; i < cidrs.size(); i++) {
            Optional<Integer> cidrFamily = IpLiterals.cidrFamilyBytes(cidrs.get(i));
            if (cidrFamily.isEmpty()) {
                problems.add(path + "[" + i + "]: \"" + cidrs.get(i) + "\" is not a CIDR");
            } else if (family != 0 && cidrFamily.get() != family) {
                problems.add(path + "[" + i + "]: " + cidrs.get(i) + " is not of the egress address's family");
            }
        }
    }

    private static boolean validPort(String text) {
        String[] ends = text.split("-", -1);
        if (ends.length > 2) {
            return false;
        }
        int previous = 0;
        for (String end : ends) {
            if (!PORT.matcher(end).matches() || Integer.parseInt(end) > 65535 || Integer.parseInt(end) < previous) {
                return false;
            }
            previous = Integer.parseInt(end);
        }
        return true;
    }

    private static void selector(LabelSelector selector, String path, List<String> problems) {
        for (Map.Entry<String, String> label : selector.getMatchLabelsMap().entrySet()) {
            key(label.getKey(), path + ".match_labels", problems);
            if (!LABEL_VALUE.matcher(label.getValue()).matches()) {
                problems.add(path + ".match_labels[" + label.getKey() + "]: \"" + label.getValue()
                        + "\" is not a label value");
            }
        }
        for (int i = 0; i < selector.getMatchExpressionsCount(); i++) {
            LabelSelectorRequirement requirement = selector.getMatchExpressions(i);
            String at = path + ".match_expressions[" + i + "]";
            key(requirement.getKey(), at + ".key", problems);
            if (!OPERATORS.contains(requirement.getOperator())) {
                problems.add(at + ".operator: \"" + requirement.getOperator()
                        + "\" is not In, NotIn, Exists or DoesNotExist");
            } else {
                boolean takesValues = requirement.getOperator().equals("In") || requirement.getOperator().equals("NotIn");
                if (takesValues && requirement.getValuesCount() == 0) {
                    problems.add(at + ".values: " + requirement.getOperator() + " needs values");
                } else if (!takesValues && requirement.getValuesCount() > 0) {
                    problems.add(at + ".values: " + requirement.getOperator() + " takes no values");
                }
            }
            for (String value : requirement.getValuesList()) {
                if (!LABEL_VALUE.matcher(value).matches()) {
                    problems.add(at + ".values: \"" + value + "\" is not a label value");
                }
            }
        }
    }

    private static void key(String key, String path, List<String> problems) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? "" : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        boolean valid = LABEL_NAME.matcher(name).matches()
                && (slash < 0 || (prefix.length() <= 253 && DNS_SUBDOMAIN.matcher(prefix).matches()));
        if (!valid) {
            problems.add(path + ": \"" + key + "\" is not a label key");
        }
    }
}

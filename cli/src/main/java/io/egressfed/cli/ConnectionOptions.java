package io.egressfed.cli;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every command shares: where the hub is and how to authenticate. Each value comes from
 * the flag, else the environment ({@code EGRESSFED_SERVER}, {@code EGRESSFED_TOKEN},
 * {@code EGRESSFED_CA_FILE}), else the config file ({@code ~/.egressfed/config} or
 * {@code EGRESSFED_CONFIG}), a YAML map with the keys {@code server}, {@code token}, {@code caFile}
 * and {@code insecureSkipTlsVerify}.
 */
final class ConnectionOptions {

    static final String CONFIG_RELATIVE_PATH = ".egressfed/config";
    private static final Set<String> CONFIG_KEYS = Set.of("server", "token", "caFile", "insecureSkipTlsVerify");

    @Option(names = {"-s", "--server"}, paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Hub admin API URL, e.g. https://hub.example:8443 (env EGRESSFED_SERVER)")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
            description = "Bearer token (env EGRESSFED_TOKEN)")
    String token;

    @Option(names = "--ca-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "PEM file of the hub CA to trust (env EGRESSFED_CA_FILE)")
    Path caFile;

    @Option(names = "--insecure-skip-tls-verify", scope = ScopeType.INHERIT,
            description = "Do not verify the hub's certificate (development hubs only)")
    boolean insecureSkipTlsVerify;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "Config file (env EGRESSFED_CONFIG; default ~/" + CONFIG_RELATIVE_PATH + ")")
    Path config;

    /** Resolves the connection: flag, then environment, then config file. */
    Connection resolve(CliContext context) {
        Map<String, Object> file = configFile(context);
        String url = first(server, context.env("EGRESSFED_SERVER"), text(file, "server"))
                .orElseThrow(() -> new UsageFailure("no hub given: use --server URL, EGRESSFED_SERVER or \"server:\" in "
                        + configPath(context)));
        Optional<String> bearer = first(token, context.env("EGRESSFED_TOKEN"), text(file, "token"));
        Optional<Path> ca = first(caFile == null ? null : caFile.toString(), context.env("EGRESSFED_CA_FILE"),
                text(file, "caFile")).map(Path::of);
        boolean insecure = insecureSkipTlsVerify || Boolean.TRUE.equals(file.get("insecureSkipTlsVerify"));
        return new Connection(uri(url), bearer, ca, insecure);
    }

    private Path configPath(CliContext context) {
        if (config != null) {
            return config;
        }
        return context.env("EGRESSFED_CONFIG").map(Path::of).orElse(context.home().resolve(CONFIG_RELATIVE_PATH));
    }

    private Map<String, Object> configFile(CliContext context) {
        Path path = configPath(context);
        boolean explicit = config != null || context.env("EGRESSFED_CONFIG").isPresent();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            if (loaded == null) {
                return Map.of();
            }
            if (!(loaded instanceof Map<?, ?> map)) {
                throw new UsageFailure(path + ": must be a YAML map with the keys " + String.join(", ", CONFIG_KEYS));
            }
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!CONFIG_KEYS.contains(String.valueOf(entry.getKey()))) {
                    throw new UsageFailure(path + ": unknown key \"" + entry.getKey() + "\"; known: "
                            + String.join(", ", CONFIG_KEYS));
                }
            }
            Object insecure = map.get("insecureSkipTlsVerify");
            if (insecure != null && !(insecure instanceof Boolean)) {
                throw new UsageFailure(path + ": insecureSkipTlsVerify: must be true or false");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) map;
            return typed;
        } catch (NoSuchFileException absent) {
            if (explicit) {
                throw new UsageFailure("config file " + path + " does not exist");
            }
            return Map.of();
        } catch (IOException | YAMLException unreadable) {
            throw new UsageFailure("cannot read config file " + path + ": " + unreadable.getMessage());
        }
    }

    private static Optional<String> text(Map<String, Object> file, String key) {
        Object value = file.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String string)) {
            throw new UsageFailure("config file: " + key + ": must be a string");
        }
        return string.isEmpty() ? Optional.empty() : Optional.of(string);
    }

    @SafeVarargs
    private static Optional<String> first(String flag, Optional<String>... fallbacks) {
        if (flag != null && !flag.isEmpty()) {
            return Optional.of(flag);
        }
        for (Optional<String> fallback : fallbacks) {
            if (fallback.isPresent()) {
                return fallback;
            }
        }
        return Optional.empty();
    }

    private static URI uri(String url) {
        String withScheme = url.contains("://") ? url : "https://" + url;
        try {
            URI uri = new URI(withScheme.endsWith("/") ? withScheme.substring(0, withScheme.length() - 1) : withScheme);
            if (!uri.getScheme().equals("https") && !uri.getScheme().equals("http") || uri.getHost() == null) {
                throw new UsageFailure("server: \"" + url + "\" is not an http(s) URL with a host");
            }
            return uri;
        } catch (URISyntaxException malformed) {
            throw new UsageFailure("server: \"" + url + "\" is not a URL: " + malformed.getMessage());
        }
    }
}

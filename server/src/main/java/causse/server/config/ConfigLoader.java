package causse.server.config;

import causse.net.ShaperLimits;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads {@code causse.yml} into a {@link CausseConfig}. The YAML is composed into a node tree, never
 * constructed into Java objects (no tags, no classes), and every key is checked: an unknown key, a wrong type
 * or an out-of-range value stops start-up with {@code file:line:column}, the key and what is allowed.
 */
public final class ConfigLoader {
    private static final List<String> TOP_KEYS = List.of("hosts", "data_dir", "storage", "listeners", "auth", "limits",
            "metrics", "modules", "stream_management", "client_state");
    private static final List<String> CLIENT_STATE_KEYS = List.of("enabled", "max_held");
    private static final List<String> STREAM_MANAGEMENT_KEYS = List.of("enabled", "resume_timeout", "max_unacked");
    private static final List<String> HOST_KEYS = List.of("domain", "certificate", "private_key");
    private static final List<String> STORAGE_KEYS = List.of("url", "user", "password");
    private static final List<String> LISTENER_KEYS = List.of("type", "bind", "port", "starttls");
    private static final List<String> AUTH_KEYS = List.of("mechanisms", "allow_plain_without_tls", "legacy_auth", "scram_iterations");
    private static final List<String> METRICS_KEYS = List.of("enabled", "bind", "port", "path");
    private static final List<String> LIMITS_KEYS = List.of("max_stanza_size", "unauthenticated_timeout",
            "connections_per_ip", "connection_rate_per_ip", "exempt_loopback", "max_resources_per_account",
            "auth_free_failures", "auth_max_delay", "auth_lock_after", "auth_failure_window", "auth_lock_time",
            "idle_timeout", "ping_timeout", "max_outbound_queue", "slow_reader_timeout", "shaper_rate",
            "shaper_burst", "flood_timeout");

    private ConfigLoader() {
    }

    public static CausseConfig load(Path file) {
        String yaml;
        try {
            yaml = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file.toString(), 1, 1, "the file is not valid UTF-8");
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), 1, 1, "cannot read the configuration file: it does not exist");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), 1, 1, "cannot read the configuration file: " + e.getMessage());
        }
        return parse(yaml, file.toString());
    }

    /** Parses {@code yaml}; {@code sourceName} is what error messages call the file. */
    public static CausseConfig parse(String yaml, String sourceName) {
        YamlMapping top = composeMapping(yaml, sourceName, "");
        top.allowOnly(TOP_KEYS);
        CausseConfig defaults = CausseConfig.defaults();
        return new CausseConfig(
                hosts(top, defaults.hosts()),
                dataDir(top, defaults.dataDir()),
                storage(top.mapping("storage"), defaults.storage()),
                listeners(top, defaults.listeners()),
                auth(top.mapping("auth"), defaults.auth()),
                limits(top.mapping("limits"), defaults.limits()),
                modules(top, defaults.modules()),
                metrics(top.mapping("metrics"), defaults.metrics()),
                streamManagement(top.mapping("stream_management"), defaults.streamManagement()),
                clientState(top.mapping("client_state"), defaults.clientState()));
    }

    /** Composes one YAML document whose root must be a mapping; an empty document is an empty mapping. */
    static YamlMapping composeMapping(String yaml, String sourceName, String path) {
        LoadSettings settings = LoadSettings.builder().setLabel(sourceName).setSchema(new CoreSchema()).build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeString(yaml);
        } catch (MarkedYamlEngineException e) {
            throw YamlMapping.at(sourceName, e.getProblemMark().or(e::getContextMark),
                    "not valid YAML: " + (e.getContext() == null ? "" : e.getContext() + ", ") + e.getProblem());
        } catch (YamlEngineException e) {
            throw new ConfigException(sourceName, 1, 1, "not valid YAML: " + e.getMessage());
        }
        return YamlMapping.of(sourceName, path, root.orElse(null), Optional.empty());
    }

    private static List<HostConfig> hosts(YamlMapping top, List<HostConfig> defaults) {
        List<Node> items = top.sequence("hosts");
        if (items == null) {
            return defaults;
        }
        if (items.isEmpty()) {
            throw top.error("hosts", "at least one host is required");
        }
        List<HostConfig> hosts = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMapping host = top.item("hosts", i, items.get(i));
            host.allowOnly(HOST_KEYS);
            if (host.value("domain") == null) {
                throw host.error("domain", "missing; every host needs a domain");
            }
            String domain = host.string("domain", null).trim().toLowerCase(Locale.ROOT);
            String problem = domainProblem(domain);
            if (problem != null) {
                throw host.error("domain", "'" + domain + "' is not a valid domain name: " + problem);
            }
            Node first = seen.putIfAbsent(domain, host.value("domain"));
            if (first != null) {
                throw host.error("domain", "duplicate domain '" + domain + "' (first given at line " + YamlMapping.line(first) + ")");
            }
            Path certificate = path(host, "certificate");
            Path privateKey = path(host, "private_key");
            if ((certificate == null) != (privateKey == null)) {
                throw host.error(certificate == null ? "private_key" : "certificate",
                        "certificate and private_key go together: give both, or neither to use a generated"
                                + " self-signed certificate");
            }
            hosts.add(new HostConfig(domain, certificate, privateKey));
        }
        return hosts;
    }

    /** Null when {@code domain} (lower-case) is a usable DNS name, else what is wrong with it. */
    static String domainProblem(String domain) {
        if (domain.isEmpty()) {
            return "it is empty";
        }
        if (domain.length() > 253) {
            return "it is longer than 253 characters";
        }
        String[] labels = domain.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty()) {
                return "it has an empty label (a leading, trailing or double dot)";
            }
            if (label.length() > 63) {
                return "a label is longer than 63 characters";
            }
            if (!label.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return "only letters, digits, hyphens and dots are allowed (write an internationalised name in its"
                        + " xn-- form)";
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return "a label starts or ends with a hyphen";
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return "IP addresses cannot be XMPP domains here; use a DNS name";
        }
        return null;
    }

    private static Path dataDir(YamlMapping top, Path def) {
        Path dir = path(top, "data_dir");
        return dir == null ? def : dir;
    }

    private static Path path(YamlMapping mapping, String key) {
        String text = mapping.string(key, null);
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            throw mapping.error(key, "expected a file or directory path, found an empty string");
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw mapping.error(key, "not a valid path: " + e.getReason());
        }
    }

    private static StorageConfig storage(YamlMapping storage, StorageConfig def) {
        storage.allowOnly(STORAGE_KEYS);
        String url = storage.string("url", def.url());
        if (url != null && !url.startsWith("jdbc:")) {
            throw storage.error("url", "expected a JDBC URL starting with 'jdbc:', found '" + url
                    + "'; leave it null for the embedded H2 database");
        }
        return new StorageConfig(url, storage.string("user", def.user()), storage.string("password", def.password()));
    }

    private static List<ListenerConfig> listeners(YamlMapping top, List<ListenerConfig> defaults) {
        List<Node> items = top.sequence("listeners");
        if (items == null) {
            return defaults;
        }
        List<ListenerConfig> listeners = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            YamlMapping item = top.item("listeners", i, items.get(i));
            item.allowOnly(LISTENER_KEYS);
            if (item.value("type") == null) {
                throw item.error("type", "missing; allowed values: " + YamlMapping.allowedValues(ListenerType.class));
            }
            ListenerType type = item.choice("type", ListenerType.class, null);
            String bind = item.string("bind", "0.0.0.0").trim();
            if (bind.isEmpty()) {
                throw item.error("bind", "expected an address to listen on, such as 0.0.0.0, :: or 127.0.0.1");
            }
            int defaultPort = type == ListenerType.C2S ? ListenerConfig.DEFAULT_C2S_PORT : ListenerConfig.DEFAULT_C2S_DIRECT_TLS_PORT;
            int port = item.integer("port", defaultPort, 0, 65535);
            TlsPolicy starttls = item.choice("starttls", TlsPolicy.class, TlsPolicy.REQUIRED);
            if (type == ListenerType.C2S_DIRECT_TLS && starttls != TlsPolicy.REQUIRED) {
                throw item.error("starttls", "a c2s_direct_tls listener always uses TLS; remove this key");
            }
            // port 0 means "any free port", so several of them never collide
            Node first = port == 0 ? null : seen.putIfAbsent(bind + " " + port, itemNode(item, "port", items.get(i)));
            if (first != null) {
                throw item.error("port", "another listener already uses " + bind + " port " + port
                        + " (line " + YamlMapping.line(first) + ")");
            }
            listeners.add(new ListenerConfig(type, bind, port, starttls));
        }
        return listeners;
    }

    private static Node itemNode(YamlMapping item, String key, Node whole) {
        Node node = item.value(key);
        return node != null ? node : whole;
    }

    private static AuthConfig auth(YamlMapping auth, AuthConfig def) {
        auth.allowOnly(AUTH_KEYS);
        return new AuthConfig(
                mechanisms(auth, def.mechanisms()),
                auth.bool("allow_plain_without_tls", def.allowPlainWithoutTls()),
                auth.bool("legacy_auth", def.legacyAuth()),
                auth.integer("scram_iterations", def.scramIterations(), AuthConfig.MIN_SCRAM_ITERATIONS,
                        AuthConfig.MAX_SCRAM_ITERATIONS));
    }

    private static List<String> mechanisms(YamlMapping auth, List<String> def) {
        List<Node> items = auth.sequence("mechanisms");
        if (items == null) {
            return def;
        }
        if (items.isEmpty()) {
            throw auth.error("mechanisms", "at least one mechanism is required; allowed: "
                    + String.join(", ", AuthConfig.SUPPORTED_MECHANISMS));
        }
        Map<String, Node> seen = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = auth.qualified("mechanisms") + "[" + i + "]";
            String name = auth.text(items.get(i), itemPath).trim().toUpperCase(Locale.ROOT);
            if (!AuthConfig.SUPPORTED_MECHANISMS.contains(name)) {
                throw auth.errorAt(items.get(i), itemPath, "'" + name + "' is not supported; allowed: "
                        + String.join(", ", AuthConfig.SUPPORTED_MECHANISMS));
            }
            if (seen.putIfAbsent(name, items.get(i)) != null) {
                throw auth.errorAt(items.get(i), itemPath, name + " is listed twice");
            }
        }
        return List.copyOf(seen.keySet());
    }

    private static LimitsConfig limits(YamlMapping limits, LimitsConfig def) {
        limits.allowOnly(LIMITS_KEYS);
        int maxStanzaSize = limits.integer("max_stanza_size", def.maxStanzaSize(), LimitsConfig.MIN_STANZA_SIZE,
                LimitsConfig.MAX_STANZA_SIZE);
        Duration timeout = limits.duration("unauthenticated_timeout", def.unauthenticatedTimeout(),
                LimitsConfig.MIN_UNAUTHENTICATED_TIMEOUT, LimitsConfig.MAX_UNAUTHENTICATED_TIMEOUT);
        return new LimitsConfig(maxStanzaSize, timeout,
                limits.integer("connections_per_ip", def.connectionsPerIp(), 1, 1_000_000),
                limits.integer("connection_rate_per_ip", def.connectionRatePerIp(), 1, 1_000_000),
                limits.bool("exempt_loopback", def.exemptLoopback()),
                limits.integer("max_resources_per_account", def.maxResourcesPerAccount(), 1, 10_000),
                authFailures(limits, def.authFailures()),
                limits.duration("idle_timeout", def.idleTimeout(), Duration.ZERO, Duration.ofDays(1)),
                limits.duration("ping_timeout", def.pingTimeout(), Duration.ofSeconds(1), Duration.ofHours(1)),
                limits.integer("max_outbound_queue", (int) def.maxOutboundQueue(), 65_536, 1 << 30),
                limits.duration("slow_reader_timeout", def.slowReaderTimeout(), Duration.ZERO, Duration.ofHours(1)),
                new ShaperLimits(limits.integer("shaper_rate", (int) def.shaper().rate(), 1024, 1 << 30),
                        limits.integer("shaper_burst", (int) def.shaper().burst(), 1024, 1 << 30),
                        limits.duration("flood_timeout", def.shaper().floodTimeout(), Duration.ZERO,
                                Duration.ofHours(1))));
    }

    private static AuthFailureLimits authFailures(YamlMapping limits, AuthFailureLimits def) {
        return new AuthFailureLimits(limits.integer("auth_free_failures", def.freeFailures(), 0, 1000),
                limits.duration("auth_max_delay", def.maxDelay(), Duration.ZERO, Duration.ofMinutes(10)),
                limits.integer("auth_lock_after", def.lockAfter(), 1, 1_000_000),
                limits.duration("auth_failure_window", def.window(), Duration.ofSeconds(1), Duration.ofDays(1)),
                limits.duration("auth_lock_time", def.lockFor(), Duration.ZERO, Duration.ofDays(1)));
    }

    private static MetricsConfig metrics(YamlMapping metrics, MetricsConfig def) {
        metrics.allowOnly(METRICS_KEYS);
        String bind = metrics.string("bind", def.bind()).trim();
        if (bind.isEmpty()) {
            throw metrics.error("bind", "expected an address to listen on, such as 127.0.0.1 or ::1");
        }
        String path = metrics.string("path", def.path()).trim();
        if (!path.startsWith("/") || path.contains("?") || path.contains("#") || path.contains(" ")) {
            throw metrics.error("path", "expected a URL path starting with / (no query, fragment or spaces), found '"
                    + path + "'");
        }
        return new MetricsConfig(metrics.bool("enabled", def.enabled()), bind,
                metrics.integer("port", def.port(), 0, 65535), path);
    }

    private static StreamManagementConfig streamManagement(YamlMapping sm, StreamManagementConfig def) {
        sm.allowOnly(STREAM_MANAGEMENT_KEYS);
        return new StreamManagementConfig(sm.bool("enabled", def.enabled()),
                sm.duration("resume_timeout", def.resumeTimeout(), Duration.ZERO,
                        StreamManagementConfig.MAX_RESUME_TIMEOUT),
                sm.integer("max_unacked", def.maxUnacked(), 10, 1_000_000));
    }

    private static ClientStateConfig clientState(YamlMapping csi, ClientStateConfig def) {
        csi.allowOnly(CLIENT_STATE_KEYS);
        return new ClientStateConfig(csi.bool("enabled", def.enabled()),
                csi.integer("max_held", def.maxHeld(), 1, 10_000));
    }

    private static Map<String, ModuleOptions> modules(YamlMapping top, Map<String, ModuleOptions> defaults) {
        if (top.value("modules") == null) {
            return defaults;
        }
        YamlMapping modules = top.mapping("modules");
        Map<String, ModuleOptions> result = new LinkedHashMap<>();
        for (String name : modules.keys()) {
            ModuleOptions options = new ModuleOptions(name, modules.mapping(name));
            options.enabled(); // checked now so a typo fails start-up even for a module that reads nothing else
            result.put(name, options);
        }
        return result;
    }
}

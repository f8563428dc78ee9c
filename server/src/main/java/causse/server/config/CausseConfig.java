package causse.server.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole server configuration, immutable. {@link #defaults()} is exactly what the shipped
 * {@code conf/causse.yml} says; {@link ConfigLoader} produces one from a file, the withers adjust one in tests.
 */
public record CausseConfig(List<HostConfig> hosts, Path dataDir, StorageConfig storage, List<ListenerConfig> listeners,
                           AuthConfig auth, LimitsConfig limits, Map<String, ModuleOptions> modules,
                           MetricsConfig metrics, StreamManagementConfig streamManagement,
                           ClientStateConfig clientState) {

    public CausseConfig {
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(storage, "storage");
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(streamManagement, "streamManagement");
        Objects.requireNonNull(clientState, "clientState");
        // a LinkedHashMap keeps the file's order, which start-up logs follow
        modules = Collections.unmodifiableMap(new LinkedHashMap<>(modules));
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("at least one host is required");
        }
    }

    public static CausseConfig defaults() {
        return new CausseConfig(
                List.of(HostConfig.selfSigned("localhost")),
                Path.of("data"),
                StorageConfig.defaults(),
                List.of(ListenerConfig.c2s("0.0.0.0", ListenerConfig.DEFAULT_C2S_PORT, TlsPolicy.REQUIRED),
                        ListenerConfig.directTls("0.0.0.0", ListenerConfig.DEFAULT_C2S_DIRECT_TLS_PORT)),
                AuthConfig.defaults(),
                LimitsConfig.defaults(),
                Map.of("version", ModuleOptions.of("version", Map.of("name", "Causse", "show_os", false))),
                MetricsConfig.defaults(),
                StreamManagementConfig.defaults(),
                ClientStateConfig.defaults());
    }

    /** The host for {@code domain} (already lower-case), or null when this server does not host it. */
    public HostConfig host(String domain) {
        for (HostConfig host : hosts) {
            if (host.domain().equals(domain)) {
                return host;
            }
        }
        return null;
    }

    /** The options of module {@code name}; empty options (all defaults, enabled) when the file says nothing. */
    public ModuleOptions module(String name) {
        ModuleOptions options = modules.get(name);
        return options != null ? options : ModuleOptions.empty(name);
    }

    /** {@code storage.url}, or the embedded H2 file in the data directory, in AUTO_SERVER mode so admin commands can open it while the server runs. */
    public String jdbcUrl() {
        return storage.url() != null ? storage.url() : "jdbc:h2:file:" + dataDir.toAbsolutePath() + "/causse;AUTO_SERVER=TRUE";
    }

    public CausseConfig withHosts(List<HostConfig> newHosts) {
        return new CausseConfig(newHosts, dataDir, storage, listeners, auth, limits, modules, metrics,
                streamManagement, clientState);
    }

    public CausseConfig withDataDir(Path newDataDir) {
        return new CausseConfig(hosts, newDataDir, storage, listeners, auth, limits, modules, metrics,
                streamManagement, clientState);
    }

    public CausseConfig withStorage(StorageConfig newStorage) {
        return new CausseConfig(hosts, dataDir, newStorage, listeners, auth, limits, modules, metrics,
                streamManagement, clientState);
    }

    public CausseConfig withListeners(List<ListenerConfig> newListeners) {
        return new CausseConfig(hosts, dataDir, storage, newListeners, auth, limits, modules, metrics,
                streamManagement, clientState);
    }

    public CausseConfig withAuth(AuthConfig newAuth) {
        return new CausseConfig(hosts, dataDir, storage, listeners, newAuth, limits, modules, metrics,
                streamManagement, clientState);
    }

    public CausseConfig withLimits(LimitsConfig newLimits) {
        return new CausseConfig(hosts, dataDir, storage, listeners, auth, newLimits, modules, metrics,
                streamManagement, clientState);
    }

    public CausseConfig withMetrics(MetricsConfig newMetrics) {
        return new CausseConfig(hosts, dataDir, storage, listeners, auth, limits, modules, newMetrics,
                streamManagement, clientState);
    }

    public CausseConfig withModules(Map<String, ModuleOptions> newModules) {
        return new CausseConfig(hosts, dataDir, storage, listeners, auth, limits, newModules, metrics,
                streamManagement, clientState);
    }

    public CausseConfig withStreamManagement(StreamManagementConfig newStreamManagement) {
        return new CausseConfig(hosts, dataDir, storage, listeners, auth, limits, modules, metrics,
                newStreamManagement, clientState);
    }

    public CausseConfig withClientState(ClientStateConfig newClientState) {
        return new CausseConfig(hosts, dataDir, storage, listeners, auth, limits, modules, metrics,
                streamManagement, newClientState);
    }
}
